"""Builders of valid inputs for tests, overridable field by field."""

import uuid
from datetime import date
from typing import Any

from contracts.common import DisposalType, Gender
from contracts.pathway import ChildProfile, DeadlinePolicy, OrderDetails, PathwayInput
from contracts.referrals import BiasReflection
from contracts.steps import Actor
from core.bank_holidays import england_and_wales

SUPERVISOR = Actor(user="sam.supervisor", role="supervisor", team="bromley")
CASEWORKER = Actor(user="casey.worker", role="caseworker", team="bromley")


def pathway_input(
    made_on: date,
    disposal: DisposalType = DisposalType.REFERRAL_ORDER,
    *,
    length_months: int = 6,
    victim: bool = False,
    max_history_events: int = 2000,
) -> PathwayInput:
    return PathwayInput(
        pathway_id=f"pw-test-{uuid.uuid4().hex[:12]}",
        child=ChildProfile(
            child_id=f"ch-{uuid.uuid4().hex[:12]}",
            gender=Gender.MALE,
            ethnicity="W1",
            age_at_order=15,
        ),
        order=OrderDetails(
            disposal=disposal,
            length_months=length_months,
            made_on=made_on,
            hearing_date=made_on,
            court_code="B01LY00",
            has_identified_victim=victim,
        ),
        deadlines=DeadlinePolicy(),
        calendar=england_and_wales(made_on.year - 1, made_on.year + 5),
        max_history_events=max_history_events,
    )


def canonical_outcome(**overrides: Any) -> dict[str, Any]:
    """A valid canonical court outcome as JSON; nested keys override with dotted names."""
    record: dict[str, Any] = {
        "message_id": f"msg-{uuid.uuid4().hex}",
        "source": "libra",
        "court": {"code": "B01LY00", "name": "Bromley Youth Court"},
        "hearing_date": "2026-03-27",
        "case_urn": f"01LY{uuid.uuid4().hex[:7].upper()}",
        "defendant": {
            "defendant_id": f"def-{uuid.uuid4().hex[:8]}",
            "first_name": "Alex",
            "last_name": f"Testchild{uuid.uuid4().hex[:6]}",
            "date_of_birth": "2011-05-14",
            "gender": "male",
            "ethnicity": "B1",
        },
        "offences": [
            {
                "offence_code": "TH68010",
                "title": "Theft from a shop",
                "offence_date": "2026-02-01",
                "has_identified_victim": True,
            }
        ],
        "disposal": {
            "type": "referral_order",
            "length_months": 6,
            "made_on": "2026-03-27",
            "requirements": [],
        },
    }
    for key, value in overrides.items():
        target = record
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[part]
        if value is ...:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value
    return record


REFLECTION = BiasReflection(
    aspects_considered=["race", "gender", "age"],
    colleague_consulted=True,
    note="Checked the decision against similar cases with a colleague.",
)
