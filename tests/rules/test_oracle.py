"""The rules agree with an independent reading of DESIGN.md on thousands of random cases."""

import json
from dataclasses import asdict
from datetime import date

import pytest

from rules import evaluate
from rules.bench import bench_rules, differences, load_oracle, main
from rules.parameters import ParameterSet
from rules.random_facts import random_requests
from tests.rules import oracle


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
    assert cautions == {"domestic_abuse_safety_planning", "mother_will_not_attend"}
    never_unknown = {"age"}
    for programme, criterion, _ in outcomes:
        expected = {"met", "not_met"} | ({"unknown"} if criterion not in never_unknown else set())
        assert {o for p, c, o in outcomes if (p, c) == (programme, criterion)} == expected


def test_the_bench_loads_the_same_oracle() -> None:
    loaded = load_oracle()
    request = random_requests(1)[0]
    assert {k: asdict(v) for k, v in loaded.decide(request).items()} == {
        k: asdict(v) for k, v in oracle.decide(request).items()
    }


def test_the_bench_ends_with_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    result = bench_rules(count=300, seed=9)
    lines = capsys.readouterr().out.strip().splitlines()
    assert json.loads(lines[-1]) == result
    assert set(result) == {
        "decisions_per_s",
        "p99_ms",
        "reference_decisions_per_s",
        "disagreements",
    }
    assert result["disagreements"] == 0
    assert result["decisions_per_s"] > 0 and result["p99_ms"] > 0


def test_the_bench_command_exits_zero_when_the_rules_agree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--count", "100", "--seed", "3"]) == 0
    assert '"disagreements": 0' in capsys.readouterr().out
