"""Demo pathways, so a newcomer has a living service to look at (ADR 0143).

Two parts: the five named children of `samples.orders.DEMO_ORDERS`, in different states, and
a year of a small service (`commands.year_demo`: court orders and diversion pathways of two
teams, dated over the year that ended today). Loaded once: a marker in the data folder says
when, and a later start resumes the service without loading anything. Idempotent even without
the marker (the messages have fixed ids, and steps are recorded only on pathways this load
started).
"""

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from access import User
from commands.year_demo import DIVERSIONS, ORDERS, load_year
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


MARKER = "demo-loaded.json"


def marker(settings: Settings) -> Path:
    """The file that says the demo is loaded (in the data folder, beside the databases)."""
    return settings.data_dir / MARKER


async def load_demo(
    settings: Settings, *, orders: int = ORDERS, diversions: int = DIVERSIONS
) -> str:
    """Load the demo unless it is loaded already; return a summary.

    Args:
        settings: Where the dev server, the database and the data folder are.
        orders: The year's court orders (0: only the five named children).
        diversions: The year's police referrals to the joint decision panel.
    """
    done = marker(settings)
    if done.exists():
        loaded = json.loads(done.read_text())
        return (
            f"The demo was loaded on {loaded['loaded_on']} ({loaded['children']} children): "
            "resumed without reloading."
        )
    summary = await _load(settings, orders, diversions)
    return summary


async def _load(settings: Settings, orders: int, diversions: int) -> str:
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
    year_children = 0
    try:
        if orders or diversions:
            print(
                f"Loading a year of a small service: {orders} court orders and {diversions} "
                "diversion referrals (first start only)…",
                flush=True,
            )
            year = await load_year(
                client, service, today, orders=orders, diversions=diversions, out=sys.stdout
            )
            t = year.tally
            year_children = t.started + t.diversions
            lines.append(
                f"A year from {year.start}: {t.started} court orders and {t.diversions} "
                f"diversion pathways, {t.steps} steps and {t.facts_updates} facts updates "
                f"({t.refused} refused, as a real service's would be) in {year.wall_s} s"
            )
    finally:
        engine.dispose()
    children = len(plans) + year_children
    marker(settings).write_text(
        json.dumps({"loaded_on": today.isoformat(), "children": children}) + "\n"
    )
    return f"Demo pathways (team {TEAM}):\n" + "\n".join(lines)
