"""Referrals for diversion in tests: a valid police referral, posting, counting claims."""

from typing import Any

from sqlalchemy import func, select

from db.tables import DiversionReferralRecord, HeldRecord
from samples.referrals import police_referral
from tests.api.conftest import Api
from tests.conftest import sessions_for

__all__ = ["held_referrals", "police_referral", "post_referrals", "referral_claims"]


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
