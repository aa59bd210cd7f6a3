"""Shared helpers for the rules tests: requests for a child of a given age, and assertions."""

from datetime import date, timedelta
from typing import Any

from contracts.eligibility import EligibilityDecisions, ProgrammeDecision
from contracts.facts import AssessmentFacts, EligibilityRequest
from rules import evaluate

ON = date(2026, 6, 15)


def born_aged(age: int, on: date = ON) -> date:
    """A date of birth giving `age` on `on`, with the birthday 30 days before."""
    return on.replace(year=on.year - age) - timedelta(days=30)


def request(age: int = 12, on: date = ON, **facts: Any) -> EligibilityRequest:
    return EligibilityRequest(
        date_of_birth=born_aged(age, on), facts=AssessmentFacts(**facts), on=on
    )


def decide(programme: str, age: int = 12, on: date = ON, **facts: Any) -> ProgrammeDecision:
    decisions: EligibilityDecisions = evaluate(request(age, on, **facts))
    return getattr(decisions, programme)


def outcomes(decision: ProgrammeDecision) -> dict[str, str]:
    return {c.id: c.outcome.value for c in decision.criteria}


def check(decision: ProgrammeDecision, case: dict[str, Any]) -> None:
    """Assert a decision matches a table case: status, then the optional details."""
    assert decision.status.value == case["status"], outcomes(decision)
    for criterion, outcome in case.get("outcomes", {}).items():
        assert outcomes(decision)[criterion] == outcome, criterion
    if "missing" in case:
        assert decision.missing_facts == case["missing"]
    if "cautions" in case:
        assert [c.id for c in decision.cautions] == case["cautions"]
