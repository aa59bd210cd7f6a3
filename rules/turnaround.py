"""Turnaround: the diversion pathway's prevention programme, decided by the rules engine.

Turnaround funds youth justice services to work with children on the cusp of the youth
justice system (Ministry of Justice, "Turnaround Programme", GOV.UK guidance, 2022, updated
2023; the Youth Justice Board administers the grant). Its eligibility, as the guidance lists
it and as `RULES` states it, criterion by criterion:

- aged 10 to 17 (`turnaround_min_age`, `turnaround_max_age`), taken at the trigger: the
  guidance is about the child the trigger brought to notice, and a child who turns 18 while
  the referral is made was still a child then;
- the trigger is one of the programme's list (`contracts.turnaround.TURNAROUND_TRIGGERS`);
- referred within 3 calendar months of the trigger (`turnaround_referral_window_months`),
  inclusive of the last day: a trigger on 31 January may be referred until 30 April; on 30
  November, until 28 February (`core.workdays.add_months`: a day the month lacks is clamped
  to its last day);
- once only: "once a child has received support through the Turnaround programme, they are
  not eligible for support funded through the programme again"; a previous referral excludes
  the child, and the decision names its date;
- no admission of guilt is needed: no criterion reads one, deliberately;
- a service's local exclusions (a previous statutory order, looked after, a child protection
  plan) are dated criteria, off in rule set 2026.1, that a service's version switches on.

The engine compares values but cannot add calendar months, so `record_of` derives what it
compares from the dates (the age on the trigger date; the calendar months from trigger to
referral), as the court pathway's programmes derive the age from the date of birth. An
unknown date leaves what it derives unknown, and the decision asks for the date.
"""

from datetime import date
from typing import Any

from contracts.turnaround import TURNAROUND_TRIGGERS, PreventionProgramme, TurnaroundRequest
from core.workdays import add_months
from rules.decision import age_on
from rules.logic import AtMost, InBand, IsTrue, OneOf
from rules.parameters import ParameterSet
from rules.programme import ProgrammeRules, dated_exclusion, exclusion, inclusion

RULES = ProgrammeRules(
    programme=PreventionProgramme.TURNAROUND,
    criteria=(
        inclusion(
            "age_at_trigger",
            "The child was aged {turnaround_min_age} to {turnaround_max_age} on the trigger date.",
            InBand("age_at_trigger", "turnaround_min_age", "turnaround_max_age"),
        ),
        inclusion(
            "trigger",
            "The trigger is one of the programme's: anti-social behaviour with a warning or "
            "civil order, an interview under caution, no further action, a community "
            "resolution, a first youth caution, release under investigation or on pre-charge "
            "bail, or a discharge, acquittal or fine at court.",
            OneOf("trigger", *TURNAROUND_TRIGGERS),
        ),
        inclusion(
            "referred_within_window",
            "The referral was made within {turnaround_referral_window_months} calendar months "
            "of the trigger date, the last day included.",
            AtMost("months_to_referral", "turnaround_referral_window_months"),
        ),
        exclusion(
            "once_only",
            "The child was referred to Turnaround before: the programme supports a child once.",
            IsTrue("previous_turnaround_referral"),
        ),
        dated_exclusion(
            "previous_statutory_order",
            "The child was on a statutory court order before (this service's local exclusion).",
            "turnaround_exclude_previous_statutory_order",
            IsTrue("previous_statutory_order"),
        ),
        dated_exclusion(
            "looked_after",
            "The child is looked after (this service's local exclusion).",
            "turnaround_exclude_looked_after",
            IsTrue("looked_after"),
        ),
        dated_exclusion(
            "child_protection_plan",
            "The child is on a child protection plan (this service's local exclusion).",
            "turnaround_exclude_child_protection_plan",
            IsTrue("child_protection_plan"),
        ),
    ),
)
"""Turnaround's rule set."""

COLLECT: dict[str, tuple[str, ...]] = {
    "trigger": ("trigger",),
    "age_at_trigger": ("trigger_date",),
    "months_to_referral": ("trigger_date", "referred_on"),
    "previous_turnaround_referral": ("previous_turnaround_referral_on",),
    "previous_statutory_order": ("previous_statutory_order",),
    "looked_after": ("looked_after",),
    "child_protection_plan": ("child_protection_plan",),
}
"""Each fact the engine reads mapped to the facts of `TurnaroundFacts` it comes from: what a
caseworker collects when it is unknown."""


def months_to_referral(trigger_date: date, referred_on: date) -> int:
    """Return the fewest calendar months from the trigger that reach the referral date.

    So a referral is within N months exactly when this is at most N: `referred_on` is on or
    before `add_months(trigger_date, N)` (31 Jan + 1 month = 28 Feb, the last day included).

    Args:
        trigger_date: The trigger's date.
        referred_on: The referral's date, not before the trigger.

    Returns:
        The smallest n with `referred_on <= add_months(trigger_date, n)`.
    """
    months = max(
        0, (referred_on.year - trigger_date.year) * 12 + referred_on.month - trigger_date.month - 1
    )
    while add_months(trigger_date, months) < referred_on:
        months += 1
    return months


def record_of(request: TurnaroundRequest, parameters: ParameterSet) -> dict[str, Any]:
    """Return what the engine reads for one request: facts, derived facts and thresholds.

    Args:
        request: The date of birth, the Turnaround facts and the evaluation date.
        parameters: The rule set version in force on the evaluation date.

    Returns:
        A record with every name of `rules.logic.TURNAROUND_FACT_NAMES` (None: unknown) and
        every parameter.
    """
    facts = request.facts
    previous = facts.previous_turnaround_referral_on
    record: dict[str, Any] = {
        "trigger": facts.trigger.value if facts.trigger else None,
        "age_at_trigger": (
            age_on(request.date_of_birth, facts.trigger_date) if facts.trigger_date else None
        ),
        "months_to_referral": (
            months_to_referral(facts.trigger_date, facts.referred_on)
            if facts.trigger_date and facts.referred_on
            else None
        ),
        "previous_turnaround_referral": None if previous is None else isinstance(previous, date),
        "previous_statutory_order": facts.previous_statutory_order,
        "looked_after": facts.looked_after,
        "child_protection_plan": facts.child_protection_plan,
    }
    record.update(parameters.items)
    return record


def explain(
    decision: dict[str, Any], request: TurnaroundRequest, parameters: ParameterSet
) -> dict[str, Any]:
    """Reword the engine's decision for Turnaround's facts: what to collect, and the dates.

    The engine names the facts it compared (an age, a count of months); a caseworker collects
    dates, so missing facts are named as `TurnaroundFacts` names them, only those unknown; a
    previous referral's criterion names the first referral's date; each criterion shows the
    recorded facts beside what the engine compared, and the window's last day.

    Args:
        decision: The fields of a `ProgrammeDecision` from `rules.decision.decide`.
        request: The request decided.
        parameters: The rule set version applied.

    Returns:
        The same fields, reworded.
    """
    facts = request.facts
    recorded = facts.model_dump()
    collect: list[str] = []
    for name in decision["missing_facts"]:
        for source in COLLECT[name]:
            if recorded[source] is None and source not in collect:
                collect.append(source)
    previous = facts.previous_turnaround_referral_on
    window_ends = (
        add_months(facts.trigger_date, parameters.value("turnaround_referral_window_months"))
        if facts.trigger_date
        else None
    )
    criteria = []
    for criterion in decision["criteria"]:
        # Beside what the engine compared, the facts a caseworker recorded (the dates).
        shown = dict(criterion["facts"])
        for name in criterion["facts"]:
            shown.update((source, recorded[source]) for source in COLLECT[name])
        criterion = {**criterion, "facts": shown}
        if criterion["id"] == "referred_within_window":
            shown["window_ends"] = window_ends
        if criterion["id"] == "once_only" and isinstance(previous, date):
            criterion["description"] = (
                f"{criterion['description']} The first referral was on {previous.isoformat()}."
            )
        criteria.append(criterion)
    return {**decision, "criteria": criteria, "missing_facts": collect}
