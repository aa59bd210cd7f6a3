"""A pathway: read it, and record its steps (through the command client, `core.pathways`)."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker

from access import Act, User
from api.deps import PathwaysDep, SessionsDep, SettingsDep
from api.guard import STEP_BODY_BYTES, GuardedRoute, allowed, note
from api.params import PathwayId
from contracts.common import Step
from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts
from contracts.pathway import PathwayState
from core.formulation import check_agencies
from core.pathways import step_body
from core.step_examples import STEP_EXAMPLES
from readmodel.queries import LinkedPathway, child_pathways
from readmodel.views import PathwayView

router = APIRouter(prefix="/v1/pathways", tags=["pathways"], route_class=GuardedRoute)
FACTS_BODY_BYTES = 16 * 1024
Reader = Annotated[User, allowed(Act.READ_PATHWAY)]


@router.get("/{pathway_id}", response_model=PathwayView)
async def get_pathway(
    pathway_id: PathwayId, pathways: PathwaysDep, sessions: SessionsDep, user: Reader
) -> PathwayView:
    """A pathway with its tasks, due dates, timeline and the child's other pathways you may see."""
    state = await pathways.load(pathway_id, user)
    others = await asyncio.to_thread(other_pathways, sessions, user, state)
    return PathwayView.of(state, others)


def other_pathways(
    sessions: sessionmaker[Session], user: User, state: PathwayState
) -> list[LinkedPathway]:
    """The child's other pathways `user` may see, from the read model (ADR 0114)."""
    with sessions() as session:
        return child_pathways(session, user, state.child.child_id, but=state.pathway_id)


@router.post(
    "/{pathway_id}/steps/{step}",
    response_model=PathwayView,
    responses={409: {"description": "the step is not allowed now; `detail` says why"}},
)
async def record_step(
    request: Request,
    pathway_id: PathwayId,
    step: Step,
    pathways: PathwaysDep,
    user: Annotated[User, allowed(Act.RECORD_STEP, max_body=STEP_BODY_BYTES)],
    background: BackgroundTasks,
    settings: SettingsDep,
    body: Annotated[dict[str, Any], Body(openapi_examples=STEP_EXAMPLES)],
) -> PathwayView:
    """Record a step, e.g. `{"completed_on": "2026-11-20"}` plus the step's own fields.

    The examples show each step's fields where its body model gives one (`json_schema_extra`).
    """
    note(request, action=f"record_step:{step.value}")
    parsed = step_body(step.value, body)
    check_agencies(parsed, settings.formulation_agencies)  # the service's list (issue 18)
    # The read model is written from the returned state after the answer has gone (ADR 0070).
    state = await pathways.record_step(pathway_id, user, parsed, later=background)
    return PathwayView.of(state)


@router.put(
    "/{pathway_id}/facts",
    response_model=EligibilityDecisions,
    responses={409: {"description": "the facts cannot be recorded now; `detail` says why"}},
)
async def put_facts(
    pathway_id: PathwayId,
    facts: AssessmentFacts,
    pathways: PathwaysDep,
    user: Annotated[User, allowed(Act.RECORD_FACTS, max_body=FACTS_BODY_BYTES)],
    background: BackgroundTasks,
) -> EligibilityDecisions:
    """Replace the assessment facts (a fact left out is unknown); answers the new eligibility."""
    state = await pathways.record_facts(pathway_id, user, facts, later=background)
    assert state.eligibility is not None
    return state.eligibility


@router.get("/{pathway_id}/eligibility", response_model=EligibilityDecisions)
async def get_eligibility(
    pathway_id: PathwayId,
    pathways: PathwaysDep,
    user: Annotated[User, allowed(Act.READ_ELIGIBILITY)],
) -> EligibilityDecisions:
    """The latest eligibility decisions for FFT, NVR and DV groups, with their reasons."""
    state = await pathways.load(pathway_id, user)
    if state.eligibility is None:
        raise HTTPException(
            409, "eligibility has not been decided yet: record assessment facts first"
        )
    return state.eligibility
