"""Invented children, their court orders and the people who record their steps.

One set for the tests, the demo (`pathway dev --demo`) and the benchmarks, so a change to the
canonical court outcome or to a workflow input is made once. Every name, date of birth and
case number here is invented; none is a real person's.

- `canonical_outcome(**overrides)`: a valid canonical court outcome as JSON, field by field
  overridable (nested keys with `__`, e.g. `defendant__date_of_birth`);
- `random_outcome(rng, made_on, ...)`: one of a caseload, drawn from a seeded generator, with
  roughly the mix of orders, ages, genders and ethnic groups of a London youth court;
- `demo_outcome(order, today)`: the demo's five children (`DEMO_ORDERS`);
- `pathway_input(made_on, ...)`: a workflow input as the intake builds it, for starting a
  pathway directly;
- `SUPERVISOR_USER`, `CASEWORKER_USER` (of the team `TEAM`) and `REFLECTION`: who records
  steps (as users; `SUPERVISOR` and `CASEWORKER` are the same people as a workflow command
  records them, `User.actor`), and the bias reflection that a decision carries.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from access import Role, User
from contracts.common import DisposalType, Gender
from contracts.diversion import DiversionDetails, DiversionSource
from contracts.pathway import ChildProfile, DeadlinePolicy, OrderDetails, PathwayInput
from contracts.referrals import BiasReflection, ColleagueRole, GracesAspect
from contracts.turnaround import TurnaroundTrigger
from core.bank_holidays import england_and_wales

TEAM = "bromley"
SUPERVISOR_USER = User(name="sam.supervisor", role=Role.SUPERVISOR, team=TEAM)
CASEWORKER_USER = User(name="casey.worker", role=Role.CASEWORKER, team=TEAM)
SUPERVISOR, CASEWORKER = SUPERVISOR_USER.actor, CASEWORKER_USER.actor
REFLECTION = BiasReflection(
    aspects_considered=[GracesAspect.RACE, GracesAspect.GENDER, GracesAspect.AGE],
    colleague_consulted=True,
    colleague_role=ColleagueRole.SUPERVISOR,
    note="Checked the decision against similar cases with a colleague.",
)

DISPOSALS = ("referral_order", "youth_rehabilitation_order", "detention_and_training_order")
# Roughly the mix of youth court orders in England and Wales: referral orders most common.
DISPOSAL_WEIGHTS = (0.55, 0.35, 0.10)
# 2001 census codes, roughly a London caseload (White, Black, Mixed, Asian, Other, unknown).
ETHNICITIES = ("W1", "W9", "B1", "B2", "M1", "M3", "A1", "A3", "O9", None)
ETHNICITY_WEIGHTS = (0.30, 0.08, 0.15, 0.12, 0.07, 0.05, 0.06, 0.05, 0.04, 0.08)
THEFT = {"offence_code": "TH68010", "title": "Theft from a shop"}
DTO_MIN_AGE_DAYS = 365 * 12 + 30  # safely past the 12th birthday, leap years or not


def canonical_outcome(**overrides: Any) -> dict[str, Any]:
    """A valid canonical court outcome as JSON; nested keys override with `__` in their names.

    Args:
        **overrides: Field values, e.g. `defendant__first_name="Jordan"`; `...` removes the
            field.

    Returns:
        A referral order of 6 months for Alex, born 2011-05-14, made on 2026-03-27, with an
        identified victim; the message id, case, defendant id and surname are new each call.
    """
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
        "offences": [THEFT | {"offence_date": "2026-02-01", "has_identified_victim": True}],
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


def random_outcome(
    rng: random.Random,
    made_on: date,
    *,
    victim_share: float = 0.5,
    disposal: str | None = None,
    length_months: int | None = None,
) -> dict[str, Any]:
    """A canonical court outcome for a new child of 10 to 17, made on `made_on`.

    Args:
        rng: The generator every varying value is drawn from, in a fixed order, so the same
            seed gives the same caseload.
        made_on: The day of the hearing and the order.
        victim_share: The chance that the offence has an identified victim.
        disposal: The order's type; drawn from `DISPOSAL_WEIGHTS` when None.
        length_months: The order's length; drawn from the lengths usual for its type when None.

    Returns:
        The outcome, with ids of its own.
    """
    age_days = rng.randint(365 * 10 + 30, 365 * 18 - 30)
    kind = disposal or rng.choices(DISPOSALS, DISPOSAL_WEIGHTS)[0]
    months = length_months or (
        rng.choice((4, 6, 8, 12)) if kind != DISPOSALS[1] else rng.choice((6, 12, 18))
    )
    if kind == DISPOSALS[2]:  # a DTO needs a child of at least 12 (Sentencing Act 2020, s. 234)
        age_days = max(age_days, DTO_MIN_AGE_DAYS)
    return canonical_outcome(
        hearing_date=made_on.isoformat(),
        defendant__date_of_birth=(made_on - timedelta(days=age_days)).isoformat(),
        defendant__gender=rng.choices(("male", "female"), (0.82, 0.18))[0],
        defendant__ethnicity=rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0],
        offences=[THEFT | {"has_identified_victim": rng.random() < victim_share}],
        disposal={
            "type": kind,
            "length_months": months,
            "made_on": made_on.isoformat(),
            "requirements": [],
        },
    )


@dataclass(frozen=True)
class DemoOrder:
    """One of the demo's children and their order, made `days_ago` days before today."""

    n: int
    first_name: str
    last_name: str
    date_of_birth: str
    disposal: str
    days_ago: int
    victim: bool
    length_months: int = 6


DEMO_ORDERS = (
    DemoOrder(1, "Jordan", "Demo", "2011-02-03", "referral_order", 0, True),
    DemoOrder(2, "Riley", "Example", "2010-07-19", "referral_order", 40, True),
    DemoOrder(3, "Casey", "Sample", "2009-11-30", "youth_rehabilitation_order", 10, False, 12),
    DemoOrder(
        4, "Morgan", "Placeholder", "2009-05-05", "detention_and_training_order", 120, False, 8
    ),
    DemoOrder(5, "Taylor", "Fictional", "2012-01-01", "referral_order", 3, False),
)
"""The demo's children: fixed message ids, so loading the demo twice starts nothing new."""


def demo_outcome(order: DemoOrder, today: date) -> dict[str, Any]:
    """The court outcome of one demo child, entered by hand (`source` manual)."""
    made = (today - timedelta(days=order.days_ago)).isoformat()
    return canonical_outcome(
        message_id=f"demo-{order.n}",
        source="manual",
        hearing_date=made,
        case_urn=f"01LYDEMO{order.n:03d}",
        defendant={
            "defendant_id": f"demo-def-{order.n}",
            "first_name": order.first_name,
            "last_name": order.last_name,
            "date_of_birth": order.date_of_birth,
            "gender": "male" if order.n % 2 else "female",
            "ethnicity": ["W1", "B1", "A1", "M3", "W2"][order.n % 5],
        },
        offences=[THEFT | {"has_identified_victim": order.victim}],
        disposal={"type": order.disposal, "length_months": order.length_months, "made_on": made},
    )


def diversion_input(
    referred_on: date,
    *,
    source: DiversionSource = DiversionSource.POLICE,
    trigger: TurnaroundTrigger | None = TurnaroundTrigger.INTERVIEW_UNDER_CAUTION,
    trigger_on: date | None = None,
    victim: bool = False,
    ethnicity: str = "W1",
) -> PathwayInput:
    """A diversion pathway's input as the intake builds it (`workflows.diversion`).

    A 14-year-old boy referred to the joint decision panel by the Metropolitan Police on
    `referred_on` (the trigger the same day unless `trigger_on` says otherwise), at Bromley.
    """
    details = DiversionDetails(
        referral_id=f"ref-{uuid.uuid4().hex[:12]}",
        source=source,
        referred_on=referred_on,
        force="01" if source == DiversionSource.POLICE else None,
        trigger=trigger,
        trigger_on=trigger_on or referred_on,
        has_identified_victim=victim,
    )
    deadlines = DeadlinePolicy()
    return PathwayInput(
        pathway_id=f"dv-sample-{uuid.uuid4().hex[:12]}",
        child=ChildProfile(
            child_id=f"ch-{uuid.uuid4().hex[:12]}",
            gender=Gender.MALE,
            ethnicity=ethnicity,
            age_at_order=14,
        ),
        order=OrderDetails.for_diversion(details, deadlines.diversion_months, None),
        deadlines=deadlines,
        calendar=england_and_wales(referred_on.year - 1, referred_on.year + 3),
        diversion=details,
    )


def pathway_input(
    made_on: date,
    disposal: DisposalType = DisposalType.REFERRAL_ORDER,
    *,
    length_months: int = 6,
    victim: bool = False,
    max_history_events: int = 2000,
) -> PathwayInput:
    """A workflow input as the intake builds it, for starting a pathway directly.

    Args:
        made_on: The day of the order (and of the hearing).
        disposal: The order's type.
        length_months: The order's length.
        victim: Whether the offence has an identified victim.
        max_history_events: The history length at which the pathway continues as new.

    Returns:
        A 15-year-old boy's order at Bromley, with new pathway and child ids and the bank
        holidays from the year before the order to five years after.
    """
    return PathwayInput(
        pathway_id=f"pw-sample-{uuid.uuid4().hex[:12]}",
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
