"""Turnaround eligibility (issue 20, point 3): each trigger, each age boundary, the 3-month
window either side, once only, each local exclusion, and unknown facts (ADR 0128)."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.common import Programme
from contracts.eligibility import EligibilityDecisions, ProgrammeDecision
from contracts.turnaround import (
    TURNAROUND_TRIGGERS,
    TurnaroundFacts,
    TurnaroundRequest,
    TurnaroundTrigger,
)
from core.workdays import add_months
from rules import evaluate_turnaround
from rules.parameters import (
    DEFAULT_2026_1,
    ParameterSet,
    register_parameter_set,
    unregister_parameter_set,
)
from rules.turnaround import months_to_referral
from tests.rules.helpers import check, outcomes

TRIGGER_DATE = date(2026, 3, 10)
REFERRED_ON = date(2026, 4, 20)
ELIGIBLE: dict[str, Any] = {
    "trigger": "no_further_action",
    "trigger_date": TRIGGER_DATE,
    "referred_on": REFERRED_ON,
    "previous_turnaround_referral_on": "none",
    "previous_statutory_order": False,
    "looked_after": False,
    "child_protection_plan": False,
}


def born_aged(age: int, on: date, days_after_birthday: int = 30) -> date:
    """A date of birth giving `age` on `on`, the birthday `days_after_birthday` before it."""
    return on.replace(year=on.year - age) - timedelta(days=days_after_birthday)


def turnaround(
    age: int = 14, on: date | None = None, dob: date | None = None, **changes: Any
) -> ProgrammeDecision:
    """Decide Turnaround for a child aged `age` on the trigger date (unless `dob` is given).

    A change of `...` leaves the fact out (unknown).
    """
    facts = {k: v for k, v in {**ELIGIBLE, **changes}.items() if v is not ...}
    trigger_date = facts.get("trigger_date") or TRIGGER_DATE
    return evaluate_turnaround(
        TurnaroundRequest(
            date_of_birth=dob or born_aged(age, trigger_date),
            facts=TurnaroundFacts(**facts),
            on=on or facts.get("referred_on") or REFERRED_ON,
        )
    )


# --- each trigger -----------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", [t.value for t in TURNAROUND_TRIGGERS])
def test_each_of_the_programmes_triggers_is_a_way_in(trigger: str) -> None:
    check(turnaround(trigger=trigger), {"status": "eligible", "outcomes": {"trigger": "met"}})


def test_the_trigger_list_is_the_programmes_nine() -> None:
    assert [t.value for t in TURNAROUND_TRIGGERS] == [
        "asb_warning_or_civil_order",
        "interview_under_caution",
        "no_further_action",
        "community_resolution",
        "first_youth_caution",
        "released_under_investigation_or_pre_charge_bail",
        "court_discharge",
        "court_acquittal",
        "court_fine",
    ]


@pytest.mark.parametrize("trigger", ["youth_conditional_caution", "other"])
def test_a_trigger_not_on_the_list_is_ineligible(trigger: str) -> None:
    check(turnaround(trigger=trigger), {"status": "ineligible", "outcomes": {"trigger": "not_met"}})


# --- each age boundary (the age on the trigger date) ------------------------------------------

AGES = [
    pytest.param({"age": 9}, {"status": "ineligible"}, id="9 at the trigger: too young"),
    pytest.param({"age": 10}, {"status": "eligible"}, id="10 at the trigger"),
    pytest.param({"age": 17}, {"status": "eligible"}, id="17 at the trigger"),
    pytest.param({"age": 18}, {"status": "ineligible"}, id="18 at the trigger: too old"),
    pytest.param(
        {"dob": date(2016, 3, 10)}, {"status": "eligible"}, id="10th birthday on the trigger date"
    ),
    pytest.param(
        {"dob": date(2016, 3, 11)},
        {"status": "ineligible"},
        id="10th birthday the day after the trigger",
    ),
    pytest.param(
        {"dob": date(2008, 3, 11)}, {"status": "eligible"}, id="18th birthday the day after"
    ),
    pytest.param(
        {"dob": date(2008, 3, 10)},
        {"status": "ineligible"},
        id="18th birthday on the trigger date",
    ),
    pytest.param(
        {"dob": date(2008, 4, 1)},
        {"status": "eligible"},
        id="17 at the trigger and 18 when referred: the age at the trigger counts",
    ),
]


@pytest.mark.parametrize(("child", "expected"), AGES)
def test_age_at_the_trigger(child: dict[str, Any], expected: dict[str, Any]) -> None:
    decision = turnaround(**child)
    status = expected["status"]
    check(decision, {**expected, "outcomes": {"age_at_trigger": _outcome(status)}})


def _outcome(status: str) -> str:
    return "met" if status == "eligible" else "not_met"


# --- the 3-month window, calendar months from the trigger, the last day included --------------

WINDOW = [
    pytest.param(date(2026, 1, 15), date(2026, 1, 15), "met", id="referred on the trigger date"),
    pytest.param(date(2026, 1, 15), date(2026, 4, 15), "met", id="15 Jan to 15 Apr: last day"),
    pytest.param(date(2026, 1, 15), date(2026, 4, 16), "not_met", id="15 Jan to 16 Apr: late"),
    pytest.param(date(2026, 1, 31), date(2026, 4, 30), "met", id="31 Jan to 30 Apr: last day"),
    pytest.param(date(2026, 1, 31), date(2026, 5, 1), "not_met", id="31 Jan to 1 May: late"),
    pytest.param(date(2025, 11, 30), date(2026, 2, 28), "met", id="30 Nov to 28 Feb: last day"),
    pytest.param(date(2025, 11, 30), date(2026, 3, 1), "not_met", id="30 Nov to 1 Mar: late"),
    pytest.param(date(2027, 11, 30), date(2028, 2, 29), "met", id="30 Nov to 29 Feb, leap year"),
    pytest.param(date(2026, 3, 31), date(2026, 6, 30), "met", id="31 Mar to 30 Jun: last day"),
    pytest.param(date(2026, 3, 31), date(2026, 7, 1), "not_met", id="31 Mar to 1 Jul: late"),
]


@pytest.mark.parametrize(("trigger_date", "referred_on", "outcome"), WINDOW)
def test_referred_within_three_calendar_months(
    trigger_date: date, referred_on: date, outcome: str
) -> None:
    decision = turnaround(trigger_date=trigger_date, referred_on=referred_on)
    status = "eligible" if outcome == "met" else "ineligible"
    check(decision, {"status": status, "outcomes": {"referred_within_window": outcome}})
    assert (referred_on <= add_months(trigger_date, 3)) is (outcome == "met")


@pytest.mark.parametrize(("trigger_date", "referred_on", "_"), [p.values for p in WINDOW])
def test_months_to_referral_agrees_with_add_months(
    trigger_date: date, referred_on: date, _: str
) -> None:
    months = months_to_referral(trigger_date, referred_on)
    assert referred_on <= add_months(trigger_date, months)
    assert months == 0 or referred_on > add_months(trigger_date, months - 1)


# --- once only --------------------------------------------------------------------------------


def test_a_second_referral_is_ineligible_and_names_the_date_of_the_first() -> None:
    decision = turnaround(previous_turnaround_referral_on=date(2025, 2, 3))
    check(decision, {"status": "ineligible", "outcomes": {"once_only": "met"}})
    (once,) = [c for c in decision.criteria if c.id == "once_only"]
    assert "The first referral was on 2025-02-03." in once.description


def test_a_child_never_referred_before_is_not_excluded() -> None:
    decision = turnaround(previous_turnaround_referral_on="none")
    check(decision, {"status": "eligible", "outcomes": {"once_only": "not_met"}})
    (once,) = [c for c in decision.criteria if c.id == "once_only"]
    assert "first referral was on" not in once.description


def test_a_previous_referral_after_this_one_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="previous_turnaround_referral_on"):
        TurnaroundFacts(referred_on=date(2026, 1, 1), previous_turnaround_referral_on="2026-02-01")


# --- no admission of guilt --------------------------------------------------------------------


def test_no_admission_of_guilt_is_needed() -> None:
    decision = turnaround(trigger="released_under_investigation_or_pre_charge_bail")
    assert decision.status.value == "eligible"
    read = {name for criterion in decision.criteria for name in criterion.facts}
    assert not any("admi" in name or "guilt" in name for name in read)


# --- each local exclusion, off by default and switched on by a service ------------------------

LOCAL = {
    "previous_statutory_order": "turnaround_exclude_previous_statutory_order",
    "looked_after": "turnaround_exclude_looked_after",
    "child_protection_plan": "turnaround_exclude_child_protection_plan",
}
LATER = date(2027, 1, 1)


@pytest.fixture
def local_exclusions() -> Iterator[ParameterSet]:
    """A service's rule set 2027.2 from 1 January 2027 that switches on every local exclusion."""
    added = DEFAULT_2026_1.derive(
        version="2027.2", effective_from=LATER, **dict.fromkeys(LOCAL.values(), 1)
    )
    register_parameter_set(added)
    yield added
    unregister_parameter_set("2027.2")


def test_the_local_exclusions_are_off_in_rule_set_2026_1() -> None:
    assert [DEFAULT_2026_1.value(switch) for switch in LOCAL.values()] == [0, 0, 0]


@pytest.mark.parametrize("fact", list(LOCAL))
def test_a_local_exclusion_switched_off_excludes_no_one_and_is_not_listed(fact: str) -> None:
    for value in (True, ...):
        decision = turnaround(**{fact: value})
        assert decision.status.value == "eligible"
        assert fact not in outcomes(decision)
        assert decision.missing_facts == []


@pytest.mark.parametrize("fact", list(LOCAL))
@pytest.mark.usefixtures("local_exclusions")
def test_a_local_exclusion_switched_on(fact: str) -> None:
    dates = {"trigger_date": date(2026, 12, 1), "referred_on": date(2027, 1, 5)}
    on = turnaround(**dates, **{fact: True})
    check(on, {"status": "ineligible", "outcomes": {fact: "met"}})
    assert on.ruleset_version == "2027.2"
    check(
        turnaround(**dates, **{fact: False}), {"status": "eligible", "outcomes": {fact: "not_met"}}
    )
    check(
        turnaround(**dates, **{fact: ...}),
        {"status": "needs_information", "outcomes": {fact: "unknown"}, "missing": [fact]},
    )


@pytest.mark.usefixtures("local_exclusions")
def test_a_local_exclusion_applies_from_the_versions_date() -> None:
    before = turnaround(looked_after=True, on=LATER - timedelta(days=1))
    check(before, {"status": "eligible"})
    assert before.ruleset_version == "2026.1"
    check(turnaround(looked_after=True, on=LATER), {"status": "ineligible"})


# --- unknown facts stay unknown and say what to collect ---------------------------------------

UNKNOWN = [
    pytest.param(
        {"trigger": ...},
        {"status": "needs_information", "outcomes": {"trigger": "unknown"}, "missing": ["trigger"]},
        id="trigger unknown",
    ),
    pytest.param(
        {"trigger_date": ...},
        {
            "status": "needs_information",
            "outcomes": {"age_at_trigger": "unknown", "referred_within_window": "unknown"},
            "missing": ["trigger_date"],
        },
        id="trigger date unknown: the age and the window",
    ),
    pytest.param(
        {"referred_on": ...},
        {
            "status": "needs_information",
            "outcomes": {"age_at_trigger": "met", "referred_within_window": "unknown"},
            "missing": ["referred_on"],
        },
        id="referral date unknown: only the window",
    ),
    pytest.param(
        {"previous_turnaround_referral_on": ...},
        {
            "status": "needs_information",
            "outcomes": {"once_only": "unknown"},
            "missing": ["previous_turnaround_referral_on"],
        },
        id="previous referral not checked",
    ),
    pytest.param(
        dict.fromkeys(ELIGIBLE, ...),
        {
            "status": "needs_information",
            "missing": [
                "trigger",
                "trigger_date",
                "referred_on",
                "previous_turnaround_referral_on",
            ],
        },
        id="nothing known: every fact to collect, in order",
    ),
    pytest.param(
        {"trigger": "other", "trigger_date": ..., "previous_turnaround_referral_on": ...},
        {"status": "ineligible", "outcomes": {"trigger": "not_met"}, "missing": []},
        id="a definite no decides, whatever is unknown",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), UNKNOWN)
def test_unknown_facts(changes: dict[str, Any], expected: dict[str, Any]) -> None:
    check(turnaround(**changes), expected)


# --- the request, and the court pathway ---------------------------------------------------------


def test_a_referral_before_its_trigger_is_refused_naming_the_fields() -> None:
    with pytest.raises(ValidationError, match="referred_on 2026-01-01 is before the trigger_date"):
        TurnaroundFacts(trigger_date=date(2026, 2, 1), referred_on=date(2026, 1, 1))


def test_a_trigger_before_birth_is_refused_naming_the_fields() -> None:
    with pytest.raises(ValidationError, match="facts.trigger_date"):
        TurnaroundRequest(
            date_of_birth=date(2015, 1, 1),
            facts=TurnaroundFacts(trigger_date=date(2014, 1, 1)),
            on=date(2026, 1, 1),
        )


def test_an_unknown_trigger_value_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="trigger"):
        TurnaroundFacts.model_validate({"trigger": "arrest"})


def test_the_decision_records_the_version_and_date() -> None:
    decision = turnaround()
    assert decision.programme.value == "turnaround"
    assert decision.ruleset_version == "2026.1"
    assert decision.evaluated_on == REFERRED_ON
    assert [c.id for c in decision.criteria] == [
        "age_at_trigger",
        "trigger",
        "referred_within_window",
        "once_only",
    ]


def test_turnaround_stays_out_of_the_court_pathways_decisions() -> None:
    assert "turnaround" not in {p.value for p in Programme}
    assert "turnaround" not in EligibilityDecisions.model_fields
    assert TurnaroundTrigger.OTHER not in TURNAROUND_TRIGGERS


def test_each_criterion_shows_the_recorded_dates_and_the_windows_last_day() -> None:
    decision = turnaround(trigger_date=date(2026, 1, 31), referred_on=date(2026, 5, 1))
    (window,) = [c for c in decision.criteria if c.id == "referred_within_window"]
    assert window.facts == {
        "months_to_referral": 4,
        "trigger_date": date(2026, 1, 31),
        "referred_on": date(2026, 5, 1),
        "window_ends": date(2026, 4, 30),
    }
    (age,) = [c for c in decision.criteria if c.id == "age_at_trigger"]
    assert age.facts == {"age_at_trigger": 14, "trigger_date": date(2026, 1, 31)}
