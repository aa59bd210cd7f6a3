"""Synthetic court orders and workflow inputs for the benchmarks (no real person's data)."""

import random
import uuid
from datetime import date, timedelta
from typing import Any

from contracts.common import DisposalType, Gender
from contracts.pathway import ChildProfile, DeadlinePolicy, OrderDetails, PathwayInput
from contracts.referrals import BiasReflection, GracesAspect
from core.bank_holidays import england_and_wales

DISPOSALS = ("referral_order", "youth_rehabilitation_order", "detention_and_training_order")
# Roughly the mix of youth court orders in England and Wales: referral orders most common.
DISPOSAL_WEIGHTS = (0.55, 0.35, 0.10)
# 2001 census codes, roughly a London caseload (White, Black, Mixed, Asian, Other, unknown).
ETHNICITIES = ("W1", "W9", "B1", "B2", "M1", "M3", "A1", "A3", "O9", None)
ETHNICITY_WEIGHTS = (0.30, 0.08, 0.15, 0.12, 0.07, 0.05, 0.06, 0.05, 0.04, 0.08)

REFLECTION = BiasReflection(
    aspects_considered=[GracesAspect.RACE, GracesAspect.GENDER, GracesAspect.AGE],
    colleague_consulted=True,
    note="Checked against similar cases with a colleague.",
)


def canonical_outcome(
    rng: random.Random,
    made_on: date,
    *,
    victim_share: float = 0.5,
    disposal: str | None = None,
    length_months: int | None = None,
) -> dict[str, Any]:
    """Return a valid canonical court outcome for a new child, made on `made_on`."""
    tag = uuid.uuid4().hex[:12]
    age_days = rng.randint(365 * 10 + 30, 365 * 18 - 30)
    kind = disposal or rng.choices(DISPOSALS, DISPOSAL_WEIGHTS)[0]
    months = length_months or (
        rng.choice((4, 6, 8, 12)) if kind != DISPOSALS[1] else rng.choice((6, 12, 18))
    )
    return {
        "message_id": f"bench-{tag}",
        "source": "libra",
        "court": {"code": "B01LY00", "name": "Bench Youth Court"},
        "hearing_date": made_on.isoformat(),
        "case_urn": f"01LY{tag.upper()}",
        "defendant": {
            "defendant_id": f"def-{tag}",
            "first_name": "Bench",
            "last_name": f"Child{tag}",
            "date_of_birth": (made_on - timedelta(days=age_days)).isoformat(),
            "gender": rng.choices(("male", "female"), (0.82, 0.18))[0],
            "ethnicity": rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0],
        },
        "offences": [
            {
                "offence_code": "TH68010",
                "title": "Theft from a shop",
                "has_identified_victim": rng.random() < victim_share,
            }
        ],
        "disposal": {
            "type": kind,
            "length_months": months,
            "made_on": made_on.isoformat(),
            "requirements": [],
        },
    }


def pathway_input(
    made_on: date,
    *,
    disposal: DisposalType = DisposalType.REFERRAL_ORDER,
    length_months: int = 6,
    victim: bool = False,
    max_history_events: int = 2000,
) -> PathwayInput:
    """Return a workflow input as the intake builds it, for starting pathways directly."""
    tag = uuid.uuid4().hex[:16]
    return PathwayInput(
        pathway_id=f"pw-bench-{tag}",
        child=ChildProfile(
            child_id=f"ch-bench-{tag}", gender=Gender.MALE, ethnicity="W1", age_at_order=15
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
        calendar=england_and_wales(made_on.year, made_on.year + 5 + (length_months + 11) // 12),
        max_history_events=max_history_events,
    )
