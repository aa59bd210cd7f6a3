"""Invented referrals for diversion or prevention, for the tests and the ingest bench.

Every name and date of birth here is invented. `police_referral(**overrides)` is one valid
police referral as JSON, field by field overridable (nested keys with `__`, `...` removes a
field); `random_referral(rng, referred_on)` is one of many, drawn from a seeded generator.
"""

import random
import uuid
from datetime import date, timedelta
from typing import Any

from samples.orders import ETHNICITIES, ETHNICITY_WEIGHTS

TRIGGERS = (
    "interview_under_caution",
    "released_under_investigation_or_pre_charge_bail",
    "community_resolution",
    "no_further_action",
)
OFFENCES = (
    {"offence_code": "TH68010", "title": "Theft from a shop"},
    {"offence_code": "CD71001", "title": "Criminal damage"},
    {"offence_code": "PU86003", "title": "Threatening behaviour"},
)


def police_referral(**overrides: Any) -> dict[str, Any]:
    """A valid police referral as JSON; nested keys override with `__` (`...` removes one).

    Alex, born 2011-05-14 (14 on the referral), referred by the Met on 2026-04-02 after an
    interview under caution about a theft from a shop; ids and surname new each call.
    """
    record: dict[str, Any] = {
        "referral_id": f"MPS-{uuid.uuid4().hex[:12].upper()}",
        "referred_on": "2026-04-02",
        "source": "police",
        "force": "MPS",
        "child": {
            "first_name": "Alex",
            "last_name": f"Testchild{uuid.uuid4().hex[:6]}",
            "date_of_birth": "2011-05-14",
            "gender": "male",
            "ethnicity": "B1",
        },
        "trigger": "interview_under_caution",
        "trigger_on": "2026-03-28",
        "offence": {
            "offence_code": "TH68010",
            "title": "Theft from a shop",
            "offence_date": "2026-03-27",
        },
        "has_identified_victim": True,
    }
    for key, value in overrides.items():
        target = record
        *parents, last = key.split("__")
        for part in parents:
            target = target[part]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return record


def random_referral(rng: random.Random, referred_on: date) -> dict[str, Any]:
    """A police referral for a new child of 10 to 17, referred on `referred_on`.

    Args:
        rng: The generator every varying value is drawn from, in a fixed order.
        referred_on: The day of the referral; the trigger and offence a few days before.
    """
    age_days = rng.randint(365 * 10 + 30, 365 * 18 - 30)
    trigger_on = referred_on - timedelta(days=rng.randint(0, 20))
    return police_referral(
        referred_on=referred_on.isoformat(),
        child__date_of_birth=(referred_on - timedelta(days=age_days)).isoformat(),
        child__gender=rng.choices(("male", "female"), (0.8, 0.2))[0],
        child__ethnicity=rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0],
        trigger=rng.choice(TRIGGERS),
        trigger_on=trigger_on.isoformat(),
        offence=rng.choice(OFFENCES) | {"offence_date": trigger_on.isoformat()},
        has_identified_victim=rng.random() < 0.5,
    )
