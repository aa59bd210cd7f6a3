"""Victim details from the police: recorded on the matching pathway, held until it exists.

`POST /v1/victim-details` answers 200 `recorded` (the victim clock has started) or
`duplicate` (this message id was recorded already), 202 `held` (no pathway for that case and
defendant yet: kept, to be replayed once the court outcome is in), 409 when the pathway
refuses the step (with its reason), and 422 naming each bad field. A field beyond the
contract, such as a victim's name or contact details, is refused: they never reach Pathway.
"""

from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from temporalio.service import RPCError

from access import Act, User
from api.deps import ClientDep, IngestDep, SessionsDep
from api.guard import GuardedRoute, allowed, note
from api.params import HeldId
from api.routes.court_outcomes import read_json, temporal_unavailable
from api.routes.held_records import HeldResult, page_of
from contracts.court import FieldError
from core.errors import FieldProblem, InvalidInput, VictimDetailsRefused
from core.workdays import london_date
from ingest.canonical import field_errors
from ingest.held import VICTIM_KINDS, HeldPage
from ingest.victim_details import VictimDetailsMessage, VictimDetailsResult, VictimResultKind
from ingest.victim_service import VictimDetailsService

router = APIRouter(prefix="/v1/victim-details", tags=["victim details"], route_class=GuardedRoute)
MAX_BYTES = 64 * 1024
NO_PERSONAL_DATA = (
    "not accepted: victim details carry no names or contact details (fields: message_id, "
    "case_urn, defendant_id or pnc_id, received_on, enhanced, opted_out, police_reference, "
    "kind, under_18, organisation_name)"
)
RESPONSES: dict[int | str, dict[str, str]] = {
    202: {"description": "no pathway for that case and defendant yet: held, to replay"},
    409: {"description": "the pathway refused the step; `detail` says why"},
    422: {"description": "bad fields, each named"},
}


def _refuse(errors: list[FieldError]) -> InvalidInput:
    return InvalidInput(problems=[FieldProblem(e.field, e.reason) for e in errors])


def parse(value: object) -> VictimDetailsMessage:
    """Validate a message; 422 naming each bad field (and refusing any personal data)."""
    try:
        message = VictimDetailsMessage.model_validate(value)
    except ValidationError as invalid:
        extra = {
            ".".join(str(part) for part in e["loc"])
            for e in invalid.errors()
            if e["type"] == "extra_forbidden"
        }
        errors = [
            FieldError(field=e.field, reason=NO_PERSONAL_DATA) if e.field in extra else e
            for e in field_errors(invalid)
        ]
        raise _refuse(errors) from invalid
    today = london_date(datetime.now(UTC))
    if message.received_on > today:
        raise _refuse(
            [FieldError(field="received_on", reason=f"is in the future (today is {today})")]
        )
    return message


async def answer(
    request: Request,
    service: VictimDetailsService,
    user: User,
    act: Awaitable[VictimDetailsResult],
) -> JSONResponse:
    """Await the service's act and answer it: 200 for recorded or duplicate, 202 for held.

    The pathway is named only if `user` may see it; a pathway's refusal is a 409 (`refusal`),
    and Temporal not answering a 503.
    """
    try:
        result = await act
    except VictimDetailsRefused as refused:
        raise await refusal(service, user, refused) from refused
    except RPCError as err:
        raise temporal_unavailable(err) from err
    where = f"on {result.pathway_id}" if result.pathway_id else ""
    held = f"as held record {result.held_id}" if result.held_id else ""
    note(request, detail=" ".join(w for w in (result.result.value, where, held) if w))
    if not await service.visible(user, result.pathway_id):
        result = result.model_copy(update={"pathway_id": None})
    status = 202 if result.result == VictimResultKind.HELD else 200
    return JSONResponse(status_code=status, content=result.model_dump(mode="json"))


async def refusal(
    service: VictimDetailsService, user: User, refused: VictimDetailsRefused
) -> VictimDetailsRefused:
    """The pathway's refusal (a 409), naming the pathway only if `user` may see it."""
    shown = refused.pathway_id if await service.visible(user, refused.pathway_id) else None
    return VictimDetailsRefused(refused.reason, shown)


def service_of(ingest: IngestDep, client: ClientDep) -> VictimDetailsService:
    """The victim details service over the app's intake and Temporal client."""
    return VictimDetailsService(ingest.store, client)


Service = Annotated[VictimDetailsService, Depends(service_of)]


@router.post("", response_model=VictimDetailsResult, responses=RESPONSES)
async def post_victim_details(
    request: Request,
    user: Annotated[User, allowed(Act.RECEIVE_VICTIM_DETAILS, max_body=MAX_BYTES)],
    service: Service,
) -> JSONResponse:
    """Victim details received from the police (or the victim's objection to contact).

    The police's feed (an integrator) delivers to any pathway; a supervisor only to one of
    their own team or area: details for another team's pathway are held, as for none.
    """
    message = parse(await read_json(request, MAX_BYTES))
    note(request, detail=f"message {message.message_id}")
    return await answer(request, service, user, service.receive(message, user, sender=user))


@router.get("/held", response_model=HeldPage)
async def list_held_victim_details(
    user: Annotated[User, allowed(Act.LIST_HELD_RECORDS)],
    sessions: SessionsDep,
    resolved: Annotated[bool, Query(description="list resolved messages instead")] = False,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="continue after this id")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HeldPage:
    """Victim details messages held for want of a pathway (or refused on a replay)."""
    result: HeldResult = "held"
    return await page_of(sessions, user, VICTIM_KINDS, result, resolved, after, limit)


@router.post("/held/{held_id}/replay", response_model=VictimDetailsResult, responses=RESPONSES)
async def replay_held_victim_details(
    held_id: HeldId,
    request: Request,
    user: Annotated[User, allowed(Act.REPLAY_HELD_RECORD, max_body=MAX_BYTES)],
    service: Service,
) -> JSONResponse:
    """Replay held victim details: as stored, or the corrected message sent in the body."""
    note(request, detail=f"held record {held_id}")
    body = await read_json(request, MAX_BYTES, optional=True)
    corrected = None if body is None else parse(body)
    return await answer(request, service, user, service.replay(held_id, user, corrected, user))
