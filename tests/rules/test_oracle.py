"""The rules agree with an independent reading of the rule set on thousands of random cases."""

from datetime import date

import pytest

from rules import evaluate, evaluate_turnaround
from rules.parameters import (
    DEFAULT_2026_1,
    ParameterSet,
    register_parameter_set,
    unregister_parameter_set,
)
from samples import eligibility_oracle as oracle
from samples.eligibility_oracle import differences
from samples.random_facts import random_requests, random_turnaround_requests


@pytest.mark.parametrize(
    "seed", [pytest.param(s, id=f"random fact sets, seed {s}") for s in (2, 3, 4)]
)
def test_the_rules_agree_with_the_oracle_on_random_fact_sets(seed: int) -> None:
    disagreements = []
    for request in random_requests(2_000, seed=seed):
        found = differences(evaluate(request), oracle.decide(request))
        if found:
            disagreements.append((request, found))
    assert disagreements == []


def test_the_rules_agree_with_the_oracle_under_another_version(
    version_2027: ParameterSet,
) -> None:
    thresholds = version_2027.values()
    later = [r for r in random_requests(3_000, seed=5) if r.on >= date(2027, 4, 1)]
    assert len(later) > 500
    for request in later:
        assert differences(evaluate(request), oracle.decide(request, thresholds)) == []


def test_the_random_fact_sets_cover_every_status_and_outcome() -> None:
    statuses, outcomes, cautions = set(), set(), set()
    for request in random_requests(2_000, seed=6):
        for decision in evaluate(request).by_programme().values():
            statuses.add(decision.status.value)
            outcomes |= {
                (decision.programme.value, c.id, c.outcome.value) for c in decision.criteria
            }
            cautions |= {c.id for c in decision.cautions}
    assert statuses == {"eligible", "ineligible", "needs_information"}
    assert cautions == {
        "domestic_abuse_safety_planning",
        "mother_will_not_attend",
        "in_custody",
    }
    never_unknown = {"age"}
    for programme, criterion, _ in outcomes:
        expected = {"met", "not_met"} | ({"unknown"} if criterion not in never_unknown else set())
        assert {o for p, c, o in outcomes if (p, c) == (programme, criterion)} == expected


def test_the_rules_agree_with_the_oracle_with_a_dated_criterion_switched_on() -> None:
    added = DEFAULT_2026_1.derive(
        version="2027.4",
        effective_from=date(2027, 4, 1),
        vr_min_age=13,
        vr_exclude_sex_offending_only=1,
    )
    register_parameter_set(added)
    try:
        later = [r for r in random_requests(3_000, seed=6) if r.on >= date(2027, 4, 1)]
        assert len(later) > 500
        for request in later:
            assert differences(evaluate(request), oracle.decide(request, added.values())) == []
    finally:
        unregister_parameter_set("2027.4")


def test_turnaround_agrees_with_the_oracle_on_random_fact_sets() -> None:
    requests = random_turnaround_requests(3_000, seed=8)
    disagreements = []
    for request in requests:
        expected = oracle.decide_turnaround(request)
        found = oracle.turnaround_differences(evaluate_turnaround(request), expected)
        if found:
            disagreements.append((request, found))
    assert disagreements == []
    statuses = {evaluate_turnaround(r).status.value for r in requests[:500]}
    assert statuses == {"eligible", "ineligible", "needs_information"}


def test_turnaround_agrees_with_the_oracle_with_every_local_exclusion_on() -> None:
    added = DEFAULT_2026_1.derive(
        version="2027.5",
        effective_from=date(2027, 1, 1),
        turnaround_max_age=16,
        turnaround_exclude_previous_statutory_order=1,
        turnaround_exclude_looked_after=1,
        turnaround_exclude_child_protection_plan=1,
    )
    register_parameter_set(added)
    try:
        later = [r for r in random_turnaround_requests(3_000, seed=9) if r.on >= date(2027, 1, 1)]
        assert len(later) > 500
        for request in later:
            expected = oracle.decide_turnaround(request, added.values())
            assert oracle.turnaround_differences(evaluate_turnaround(request), expected) == []
    finally:
        unregister_parameter_set("2027.5")
