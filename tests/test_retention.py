"""Closed pathways are anonymised after the retention period by a Temporal schedule."""

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from db.readmodel import PathwayRow
from db.tables import Child, CourtRecord, PathwayIndex
from schedules import ensure_retention_schedule
from settings import Settings
from tests.conftest import sessions_for
from tests.workflows.harness import fresh_queue
from worker import running_worker
from workflows.retention import SCHEDULE_ID

NOW = datetime.now(UTC)
TODAY = date.today()


def seed(url: str, n: int, closed_on: date | None) -> None:
    with sessions_for(url) as sessions, sessions.begin() as s:
        s.add(Child(child_id=f"ch-{n}", pnc_id=f"PNC{n}", identity_key=f"k{n}", first_name="Ariadne",
                    last_name=f"Keepsake{n}", date_of_birth=date(2008, 7, 9), gender="female", created_at=NOW))
        s.add(PathwayIndex(pathway_id=f"pw-{n}", child_id=f"ch-{n}", disposal="referral_order",
                           made_on=date(2018, 1, 1), created_at=NOW))
        s.add(CourtRecord(message_id=f"m{n}", business_key=f"b{n}", source="libra", pathway_id=f"pw-{n}",
                          child_id=f"ch-{n}", state="started", payload={"defendant": {"last_name": "Keepsake"}},
                          received_at=NOW))
        s.add(PathwayRow(pathway_id=f"pw-{n}", child_id=f"ch-{n}", disposal="referral_order",
                         status="closed" if closed_on else "open", caseworker="c", team="t",
                         made_on=date(2018, 1, 1), order_starts_on=date(2018, 1, 1), order_ends_on=date(2018, 7, 1),
                         closure_reason="completed" if closed_on else None, closed_on=closed_on,
                         case_manager_changes=0, gender="female", ethnicity="B1", age_at_order=15,
                         has_victim=False, version=1, updated_at=NOW))


async def test_the_daily_schedule_anonymises_pathways_closed_before_the_retention_period(
    dev_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    seed(sqlite_url, 1, TODAY - timedelta(days=800))  # closed long ago: anonymised
    seed(sqlite_url, 2, TODAY - timedelta(days=100))  # closed recently: kept
    seed(sqlite_url, 3, None)  # open: kept
    settings = Settings(database_url=sqlite_url, temporal_task_queue=fresh_queue(), retention_days=365)
    async with running_worker(dev_env.client, settings):
        await ensure_retention_schedule(dev_env.client, settings)
        await ensure_retention_schedule(dev_env.client, settings)  # a second worker start is harmless
        handle = dev_env.client.get_schedule_handle(SCHEDULE_ID)
        await handle.trigger()
        with sessions_for(sqlite_url) as sessions:
            for _ in range(100):
                with sessions() as s:
                    if s.get(PathwayRow, "pw-1").anonymised_on is not None:  # type: ignore[union-attr]
                        break
                await asyncio.sleep(0.1)
            with sessions() as s:
                children = {c.child_id: c for c in s.scalars(select(Child))}
                rows = {p.pathway_id: p for p in s.scalars(select(PathwayRow))}
                payloads = {r.pathway_id: r.payload for r in s.scalars(select(CourtRecord))}
        await handle.delete()
    assert rows["pw-1"].anonymised_on == TODAY
    assert (children["ch-1"].first_name, children["ch-1"].last_name, children["ch-1"].pnc_id) == ("anonymised", "anonymised", None)
    assert children["ch-1"].date_of_birth == date(2008, 1, 1)
    assert payloads["pw-1"] == {"anonymised": True}
    # The figures reports need are kept.
    assert (rows["pw-1"].gender, rows["pw-1"].ethnicity, rows["pw-1"].age_at_order) == ("female", "B1", 15)
    for kept in ("2", "3"):
        assert children[f"ch-{kept}"].last_name == f"Keepsake{kept}"
        assert rows[f"pw-{kept}"].anonymised_on is None


def test_held_and_rejected_records_lose_their_payload_after_the_retention_period(
    database_url: str,
) -> None:
    """A held record names a person; once its last event is past the period, that goes."""
    import uuid

    from activities.retention import HELD_MARK, RetentionActivities
    from contracts.retention import RetentionRequest
    from db.tables import HeldRecord

    run = uuid.uuid4().hex[:8]  # the PostgreSQL database is shared: this test's rows only
    long_ago, recently = NOW - timedelta(days=800), NOW - timedelta(days=10)
    person = {"defendant": {"first_name": "Ariadne", "last_name": "Keepsake"}}
    with sessions_for(database_url) as sessions:
        with sessions.begin() as s:
            for n, (received, resolved) in enumerate(
                [(long_ago, None), (long_ago, long_ago), (long_ago, recently), (recently, None)]
            ):
                s.add(HeldRecord(result="held", message_id=f"{run}-held-{n}", reason="aged 21",
                                 errors=[{"field": "defendant.date_of_birth", "reason": "an adult"}],
                                 payload=person, received_at=received, resolved_at=resolved,
                                 resolution="replayed" if resolved else None))
        request = RetentionRequest(closed_before=TODAY - timedelta(days=365), today=TODAY)
        result = RetentionActivities(sessions).anonymise_closed_pathways(request)
        again = RetentionActivities(sessions).anonymise_closed_pathways(request)
        with sessions() as s:
            mine = select(HeldRecord).where(HeldRecord.message_id.like(f"{run}-%"))
            rows = {r.message_id.removeprefix(f"{run}-"): r for r in s.scalars(mine)}
    assert result.held_records >= 2 and again.held_records == 0, "idempotent"
    for gone in ("held-0", "held-1"):
        assert rows[gone].payload == {"anonymised": True}
        assert rows[gone].resolution is not None and rows[gone].resolution.endswith(HELD_MARK)
        assert rows[gone].resolved_at is not None, "an unresolved one is settled"
        assert rows[gone].errors and rows[gone].reason == "aged 21", "reasons stay"
    assert rows["held-1"].resolution == f"replayed; {HELD_MARK}"
    for kept in ("held-2", "held-3"):  # resolved or received inside the period
        assert rows[kept].payload == person
