"""Random eligibility requests for `pathway bench rules` and the oracle tests.

The fact sets cover every value of every fact, unknown included (some sets leaning towards
the values that make a child eligible, so every status is common), and put the child's age
on both sides of every age threshold, with birthdays on, just before and just after the
evaluation date (29 February included), and return-home weeks either side of 12.
"""

import random
from datetime import date, timedelta

from contracts.facts import AssessmentFacts, DvRiskLevel, EligibilityRequest, Placement
from contracts.offences import OffenceGroup
from contracts.turnaround import TurnaroundFacts, TurnaroundRequest, TurnaroundTrigger

THRESHOLD_AGES: tuple[int, ...] = (3, 4, 9, 10, 11, 12, 17, 18)
"""Ages either side of each age band of rule set 2026.1."""

_WEEKS: tuple[int, ...] = (0, 1, 11, 12, 13, 26, 52, 520)
_LEAP_YEARS: tuple[int, ...] = (2008, 2012, 2016, 2020)
_FIRST_DAY = date(2026, 1, 1)
_DAYS = 2 * 365


def _birth_date(rng: random.Random, on: date) -> date:
    age = rng.choice(THRESHOLD_AGES) if rng.random() < 0.6 else rng.randint(0, 21)
    try:
        anniversary = on.replace(year=on.year - age)
    except ValueError:
        anniversary = date(on.year - age, 2, 28)
    offset = rng.choice((0, 0, 1, -1, rng.randint(-364, 364)))
    return min(anniversary + timedelta(days=offset), on)


_FAVOURABLE: dict[str, object] = {
    "lives_with_caregiver": True,
    "caregiver_willing_to_engage": True,
    "placement": Placement.HOME,
    "acute_psychiatric_illness": False,
    "sex_offending_only": False,
    "child_to_parent_violence": True,
    "parent_commits_to_programme": True,
    "parent_capacity_concern": False,
    "dv_exposure": True,
    "perpetrator_in_household": False,
    "dv_risk_level": DvRiskLevel.STANDARD,
    "mother_will_attend": True,
    "family_in_crisis": False,
    "needs_other_therapy_first": False,
    "index_offence_group": OffenceGroup.VIOLENCE_AGAINST_THE_PERSON,
    "serious_violence_risk": True,
}


def _facts(rng: random.Random) -> AssessmentFacts:
    unknown = 0.0 if rng.random() < 0.3 else rng.choice((0.05, 0.2, 0.5))
    favourable = rng.choice((0.0, 0.7, 0.9))

    def pick(name: str, *values: object) -> object:
        if rng.random() < unknown:
            return None
        if name in _FAVOURABLE and rng.random() < favourable:
            return _FAVOURABLE[name]
        return rng.choice(values)

    values: dict[str, object] = {}
    for name, field in AssessmentFacts.model_fields.items():
        if name == "placement":
            values[name] = pick(name, *Placement)
        elif name == "dv_risk_level":
            values[name] = pick(name, *DvRiskLevel)
        elif name == "index_offence_group":
            values[name] = pick(name, *OffenceGroup)
        elif name == "expected_return_home_weeks":
            values[name] = pick(name, *_WEEKS, rng.randint(0, 520))
        else:
            assert field.annotation == bool | None, name
            values[name] = pick(name, True, False)
    return AssessmentFacts.model_validate(values)


def random_requests(count: int, seed: int = 1) -> list[EligibilityRequest]:
    """Return `count` random requests, the same ones for the same seed.

    Args:
        count: How many requests.
        seed: The random seed.

    Returns:
        Requests evaluated on dates in 2026 and 2027.
    """
    rng = random.Random(seed)
    requests = []
    for _ in range(count):
        if rng.random() < 0.03:  # born on 29 February, evaluated around 1 March
            on = date(rng.choice((2026, 2027)), 3, 1) + timedelta(days=rng.choice((-2, -1, 0)))
            born = date(rng.choice(_LEAP_YEARS), 2, 29)
        else:
            on = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
            born = _birth_date(rng, on)
        requests.append(EligibilityRequest(date_of_birth=born, facts=_facts(rng), on=on))
    return requests


def random_turnaround_requests(count: int, seed: int = 1) -> list[TurnaroundRequest]:
    """Return `count` random Turnaround requests, the same ones for the same seed.

    Triggers on month ends (31st, 30th, 29 February) as well as any day, referrals either side
    of the 3-month window's last day, ages either side of 10 and 17 on the trigger date, and
    every fact sometimes unknown.

    Args:
        count: How many requests.
        seed: The random seed.

    Returns:
        Requests evaluated on their referral date (or the trigger date), in 2026 and 2027.
    """
    rng = random.Random(seed)
    requests = []
    for _ in range(count):
        unknown = 0.0 if rng.random() < 0.4 else rng.choice((0.1, 0.3))

        def maybe(value: object, chance: float = unknown) -> object:
            return None if rng.random() < chance else value

        if rng.random() < 0.3:  # a month end: the window's last day is clamped
            trigger_date = rng.choice(
                (date(2026, 1, 31), date(2026, 3, 31), date(2026, 11, 30), date(2027, 11, 30))
            )
        else:
            trigger_date = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS - 120))
        referred_on = trigger_date + timedelta(days=rng.choice((0, 1, 88, 89, 90, 91, 92, 93, 200)))
        trigger = rng.choice((*TurnaroundTrigger, TurnaroundTrigger.NO_FURTHER_ACTION))
        previous = rng.choice(("none", "none", "none", trigger_date - timedelta(days=400)))
        born = _birth_date(rng, trigger_date)
        facts = TurnaroundFacts.model_validate(
            {
                "trigger": maybe(trigger),
                "trigger_date": maybe(trigger_date),
                "referred_on": maybe(referred_on),
                "previous_turnaround_referral_on": maybe(previous),
                "previous_statutory_order": maybe(rng.random() < 0.2),
                "looked_after": maybe(rng.random() < 0.2),
                "child_protection_plan": maybe(rng.random() < 0.2),
            }
        )
        requests.append(TurnaroundRequest(date_of_birth=born, facts=facts, on=referred_on))
    return requests
