"""Demo pathways in different states, so a newcomer has something to look at.

Idempotent: the messages have fixed ids, so loading twice starts nothing new, and steps are
recorded only on pathways this call started. The children are the invented ones of
`samples.orders.DEMO_ORDERS`.
"""

from datetime import UTC, date, datetime

from contracts.court import IngestResultKind
from contracts.steps import (
    Actor,
    AllocationBody,
    FirstContactBody,
    RestorativeEnquiryBody,
    StepBody,
    StepCommand,
    VictimContactBody,
    VictimDetailsReceivedBody,
)
from core.clients import connect_temporal
from core.settings import Settings
from core.workdays import london_date
from db.session import make_engine, make_sessions
from ingest.service import IngestService
from ingest.store import IntakeStore
from samples.orders import CASEWORKER, DEMO_ORDERS, SUPERVISOR, TEAM, demo_outcome
from workflows.pathway import PathwayWorkflow


def _steps(today: date) -> dict[int, list[tuple[Actor, StepBody]]]:
    """What has been done on each demo child's pathway, by their number in `DEMO_ORDERS`."""
    allocate = AllocationBody(completed_on=today, caseworker=CASEWORKER.user, team=TEAM)
    return {
        1: [],
        2: [
            (SUPERVISOR, allocate),
            (CASEWORKER, FirstContactBody(completed_on=today)),
            (CASEWORKER, VictimDetailsReceivedBody(completed_on=today)),
            (CASEWORKER, VictimContactBody(completed_on=today, consent="consented")),
        ],
        3: [(SUPERVISOR, allocate)],
        4: [(SUPERVISOR, allocate)],
        5: [(SUPERVISOR, allocate), (CASEWORKER, RestorativeEnquiryBody(completed_on=today))],
    }


async def load_demo(settings: Settings) -> str:
    """Ingest the demo outcomes and walk some of them forward; return a summary."""
    today = london_date(datetime.now(UTC))
    done = _steps(today)
    plans = [(demo_outcome(order, today), done[order.n]) for order in DEMO_ORDERS]
    client = await connect_temporal(settings)
    engine = make_engine(settings.sqlalchemy_url)
    service = IngestService(IntakeStore(make_sessions(engine)), client, settings)
    lines = []
    for record, steps in plans:
        (result,) = await service.ingest([record])
        lines.append(
            f"  {record['message_id']}: {result.result.value} {result.pathway_id or result.reason}"
        )
        if result.result != IngestResultKind.STARTED or result.pathway_id is None:
            continue
        handle = client.get_workflow_handle_for(PathwayWorkflow.run, result.pathway_id)
        for actor, body in steps:
            await handle.execute_update(
                PathwayWorkflow.record_step, StepCommand(actor=actor, body=body)
            )
    engine.dispose()
    return f"Demo pathways (team {TEAM}):\n" + "\n".join(lines)
