"""Demo pathways in different states, so a newcomer has something to look at.

Idempotent: the messages have fixed ids, so loading twice starts nothing new, and steps are
recorded only on pathways this call started. All names are invented.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from access import Role, User
from contracts.court import IngestResultKind
from contracts.steps import (
    AllocationBody,
    FirstContactBody,
    RestorativeEnquiryBody,
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

SUPERVISOR = User(name="sam.supervisor", role=Role.SUPERVISOR, team="bromley")
CASEWORKER = User(name="casey.worker", role=Role.CASEWORKER, team="bromley")


def _outcome(
    n: int,
    name: tuple[str, str],
    born: str,
    disposal: str,
    made: date,
    victim: bool,
    months: int = 6,
) -> dict[str, Any]:
    return {
        "message_id": f"demo-{n}",
        "source": "manual",
        "court": {"code": "B01LY00", "name": "Bromley Youth Court"},
        "hearing_date": made.isoformat(),
        "case_urn": f"01LYDEMO{n:03d}",
        "defendant": {
            "defendant_id": f"demo-def-{n}",
            "first_name": name[0],
            "last_name": name[1],
            "date_of_birth": born,
            "gender": "male" if n % 2 else "female",
            "ethnicity": ["W1", "B1", "A1", "M3", "W2"][n % 5],
        },
        "offences": [
            {
                "offence_code": "TH68010",
                "title": "Theft from a shop",
                "has_identified_victim": victim,
            }
        ],
        "disposal": {"type": disposal, "length_months": months, "made_on": made.isoformat()},
    }


async def load_demo(settings: Settings) -> str:
    """Ingest the demo outcomes and walk some of them forward; return a summary."""
    today = london_date(datetime.now(UTC))
    allocate = AllocationBody(completed_on=today, caseworker="casey.worker", team="bromley")
    plans: list[tuple[dict[str, Any], list[tuple[User, StepBody]]]] = [
        (_outcome(1, ("Jordan", "Demo"), "2011-02-03", "referral_order", today, True), []),
        (
            _outcome(
                2,
                ("Riley", "Example"),
                "2010-07-19",
                "referral_order",
                today - timedelta(days=40),
                True,
            ),
            [
                (SUPERVISOR, allocate),
                (CASEWORKER, FirstContactBody(completed_on=today)),
                (CASEWORKER, VictimDetailsReceivedBody(completed_on=today)),
                (CASEWORKER, VictimContactBody(completed_on=today, consent="consented")),
            ],
        ),
        (
            _outcome(
                3,
                ("Casey", "Sample"),
                "2009-11-30",
                "youth_rehabilitation_order",
                today - timedelta(days=10),
                False,
                12,
            ),
            [(SUPERVISOR, allocate)],
        ),
        (
            _outcome(
                4,
                ("Morgan", "Placeholder"),
                "2009-05-05",
                "detention_and_training_order",
                today - timedelta(days=120),
                False,
                8,
            ),
            [(SUPERVISOR, allocate)],
        ),
        (
            _outcome(
                5,
                ("Taylor", "Fictional"),
                "2012-01-01",
                "referral_order",
                today - timedelta(days=3),
                False,
            ),
            [(SUPERVISOR, allocate), (CASEWORKER, RestorativeEnquiryBody(completed_on=today))],
        ),
    ]
    client = await connect_temporal(settings)
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    service = IngestService(IntakeStore(sessions), client, settings)
    pathways = Pathways(client, sessions)
    area = settings.area_of_team("bromley")
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
    return "Demo pathways (team bromley):\n" + "\n".join(lines)
