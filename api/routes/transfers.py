"""Transfers between services: the pathways another team asks the caller's team to take on.

Asking, accepting and refusing are steps (`POST /v1/pathways/{id}/steps/transfer_requested`,
`transfer_accepted`, `transfer_refused`); this lists what waits for a decision (ADR 0113).
"""

import asyncio
from typing import Annotated

from fastapi import APIRouter

from access import Act, User
from api.deps import SessionsDep, scope_of
from api.guard import GuardedRoute, allowed
from readmodel.queries import incoming_transfers
from readmodel.views import IncomingTransferView

router = APIRouter(prefix="/v1", tags=["transfers"], route_class=GuardedRoute)


@router.get("/transfers/incoming", response_model=list[IncomingTransferView])
async def get_incoming_transfers(
    user: Annotated[User, allowed(Act.LIST_TRANSFERS)], sessions: SessionsDep
) -> list[IncomingTransferView]:
    """Transfers your team is asked to accept or refuse (auditors: every team's)."""

    def query() -> list[IncomingTransferView]:
        with sessions() as session:
            lines = incoming_transfers(session, scope_of(user))
        return [IncomingTransferView.of(line) for line in lines]

    return await asyncio.to_thread(query)
