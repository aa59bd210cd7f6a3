"""Demo pathways in different states, so a newcomer has something to look at.

Idempotent: the messages have fixed ids, so loading twice starts nothing new, and steps are
recorded only on pathways this call started. The children are the invented ones of
`samples.orders.DEMO_ORDERS`.
"""

from datetime import UTC, date, datetime

from access import User
from contracts.court import IngestResultKind
from contracts.steps import (
    AllocationBody,
    FirstContactBody,
    StepBody,
    VictimContactBody,
    VictimDetailsReceivedBody,
)
from core.clients import connect_temporal
from core.pathways import Pathways
from core.settings import Settings
from core.workdays import london_date
from db.session import make_engine, make_sessions
from ingest.service import IngestService
from ingest.store import IntakeStore
from samples import restorative
from samples.orders import CASEWORKER_USER, DEMO_ORDERS, SUPERVISOR_USER, TEAM, demo_outcome


def _steps(today: date) -> dict[int, list[tuple[User, StepBody]]]:
    """What has been done on each demo child's pathway, by their number in `DEMO_ORDERS`."""
    supervisor, caseworker = SUPERVISOR_USER, CASEWORKER_USER
    allocate = AllocationBody(completed_on=today, caseworker=caseworker.name, team=TEAM)
    return {
        1: [],
        2: [
            (supervisor, allocate),
            (caseworker, FirstContactBody(completed_on=today)),
            (caseworker, VictimDetailsReceivedBody(completed_on=today)),
            (caseworker, VictimContactBody(completed_on=today, consent="consented")),
        ],
        3: [(supervisor, allocate)],
        4: [(supervisor, allocate)],
        5: [(supervisor, allocate), (caseworker, restorative.enquiry(today))],
    }


async def load_demo(settings: Settings) -> str:
    """Ingest the demo outcomes and walk some of them forward; return a summary."""
    today = london_date(datetime.now(UTC))
    done = _steps(today)
    plans = [(demo_outcome(order, today), done[order.n]) for order in DEMO_ORDERS]
    client = await connect_temporal(settings)
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    service = IngestService(IntakeStore(sessions), client, settings)
    pathways = Pathways(client, sessions)
    area = settings.area_of_team(TEAM)
    lines = []
    for record, steps in plans:
        (result,) = await service.ingest([record])
        lines.append(
            f"  {record['message_id']}: {result.result.value} {result.pathway_id or result.reason}"
        )
        if result.result != IngestResultKind.STARTED or result.pathway_id is None:
            continue
        for user, body in steps:
            by = user.model_copy(update={"area": area})
            await pathways.record_step(result.pathway_id, by, body)
    engine.dispose()
    return f"Demo pathways (team {TEAM}):\n" + "\n".join(lines)
