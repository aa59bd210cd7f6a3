"""Referrals for diversion in tests: a valid police referral, posting, counting claims."""

import uuid
from typing import Any

from sqlalchemy import func, select

from db.tables import DiversionReferralRecord, HeldRecord
from tests.api.conftest import Api
from tests.conftest import sessions_for


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


async def post_referrals(
    api: Api, body: Any, role: str = "integrator", user: str = "sam", team: str | None = "bromley"
) -> tuple[int, dict[str, Any]]:
    r = await api.http.post(
        "/v1/diversion-referrals", json=body, headers=api.token(role, user, team)
    )
    return r.status_code, r.json()


def referral_claims(url: str) -> int:
    with sessions_for(url) as sessions, sessions() as session:
        return session.scalar(select(func.count()).select_from(DiversionReferralRecord)) or 0


def held_referrals(url: str) -> list[HeldRecord]:
    with sessions_for(url) as sessions, sessions() as session:
        return list(
            session.scalars(
                select(HeldRecord)
                .where(HeldRecord.kind == "diversion_referral")
                .order_by(HeldRecord.id)
            )
        )
