"""Closed pathways are anonymised after the retention period by a Temporal schedule."""

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from temporalio.client import (
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleSpec,
)
from temporalio.testing import WorkflowEnvironment

from activities.retention import HELD_MARK, RetentionActivities
from contracts.retention import RetentionInput, RetentionRequest
from core.schedules import ensure_retention_schedule
from core.settings import Settings
from db.tables import AuditEvent, Child, CourtRecord, HeldRecord, PathwayIndex
from readmodel.tables import PathwayRow
from tests.conftest import sessions_for
from tests.eventually import eventually
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

            def anonymised() -> bool:
                with sessions() as s:
                    return s.get(PathwayRow, "pw-1").anonymised_on is not None  # type: ignore[union-attr]

            await eventually(anonymised, what="pw-1 anonymised by the scheduled run", every=0.1)
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


def test_held_and_rejected_records_lose_their_payload_message_id_and_case_after_the_retention_period(
    database_url: str,
) -> None:
    """A held record names a person; once its last event is past the period, that goes."""
    long_ago, recently = NOW - timedelta(days=800), NOW - timedelta(days=10)
    person = {"case_urn": "01LY7654321", "defendant": {"first_name": "Ariadne", "last_name": "Keepsake"}}
    with sessions_for(database_url) as sessions:
        with sessions.begin() as s:
            rows = [
                HeldRecord(result="held", message_id=f"held-{n}", reason="aged 21 (case 01LY7654321)",
                           errors=[{"field": "defendant.date_of_birth", "reason": "an adult"}],
                           payload=person, received_at=received, resolved_at=resolved,
                           resolution="replayed" if resolved else None, case_urn="01LY7654321")
                for n, (received, resolved) in enumerate(
                    [(long_ago, None), (long_ago, long_ago), (long_ago, recently), (recently, None)]
                )
            ]
            s.add_all(rows)
            s.flush()
            ids = [r.id for r in rows]
        request = RetentionRequest(closed_before=TODAY - timedelta(days=365), today=TODAY)
        result = RetentionActivities(sessions).anonymise_closed_pathways(request)
        again = RetentionActivities(sessions).anonymise_closed_pathways(request)
        with sessions() as s:
            held = [s.get_one(HeldRecord, i) for i in ids]
    assert (result.held_records, again.held_records) == (2, 0), "idempotent"
    for gone in held[:2]:
        assert (gone.payload, gone.message_id, gone.case_urn) == ({"anonymised": True}, None, None)
        assert gone.resolution is not None and gone.resolution.endswith(HELD_MARK)
        assert gone.resolved_at is not None, "an unresolved one is settled"
        assert gone.errors == [{"field": "defendant.date_of_birth", "reason": "an adult"}], "reasons stay"
        assert gone.reason == "aged 21 (case (anonymised))", "without the case they quoted"
    assert held[1].resolution == f"replayed; {HELD_MARK}"
    for n, kept in enumerate(held[2:], start=2):  # resolved or received inside the period
        assert (kept.payload, kept.message_id, kept.case_urn) == (person, f"held-{n}", "01LY7654321")


def audit_rows(url: str, ages_in_days: list[float]) -> None:
    with sessions_for(url) as sessions, sessions.begin() as s:
        for age in ages_in_days:
            s.add(AuditEvent(at=NOW - timedelta(days=age), user="casey", role="caseworker",
                             team="bromley", action="read_pathway", pathway_id="pw-1",
                             detail=f"{age} days"))


def test_audit_rows_past_their_retention_are_purged_and_younger_ones_kept(database_url: str) -> None:
    audit_rows(database_url, [100.01, 150, 200, 300, 400, 500, 2600] + [99.99, 50, 0])
    request = RetentionRequest(closed_before=TODAY - timedelta(days=365), today=TODAY,
                               audit_before=NOW - timedelta(days=100))
    with sessions_for(database_url) as sessions:
        # Batches of three: seven rows past the period take three transactions.
        retention = RetentionActivities(sessions, audit_batch=3)
        result = retention.anonymise_closed_pathways(request)
        again = retention.anonymise_closed_pathways(request)
        no_period = retention.anonymise_closed_pathways(request.model_copy(update={"audit_before": None}))
        with sessions() as s:
            left = sorted(s.scalars(select(AuditEvent.detail)))
    assert (result.audit_events, again.audit_events, no_period.audit_events) == (7, 0, 0)
    assert left == ["0 days", "50 days", "99.99 days"]


async def test_changing_retention_days_updates_the_running_schedule(
    dev_env: WorkflowEnvironment, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A schedule created by the earlier code (no audit period) is brought up to date."""
    client, queue = dev_env.client, fresh_queue()
    handle = await client.create_schedule(SCHEDULE_ID, Schedule(
        action=ScheduleActionStartWorkflow(
            "RetentionWorkflow", {"retention_days": 365}, id=SCHEDULE_ID, task_queue=queue
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
    ))

    async def running_input() -> RetentionInput:
        action = (await handle.describe()).schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        (found,) = await client.data_converter.decode(action.args, [RetentionInput])
        return found

    audit_rows(sqlite_url, [200, 50])
    settings = Settings(database_url=sqlite_url, temporal_task_queue=queue, retention_days=730,
                        audit_retention_days=100)
    try:
        with caplog.at_level(logging.INFO, logger="core.schedules"):
            await ensure_retention_schedule(client, settings)
            assert await running_input() == RetentionInput(retention_days=730, audit_retention_days=100)
            await ensure_retention_schedule(client, settings)  # the next worker start: no change
            changed = settings.model_copy(update={"retention_days": 900})
            await ensure_retention_schedule(client, changed)
            assert await running_input() == RetentionInput(retention_days=900, audit_retention_days=100)
        updates = [r.getMessage() for r in caplog.records if "updated the retention schedule" in r.getMessage()]
        assert updates == [
            "updated the retention schedule: pathways 365 days, audit rows kept for ever, "
            f"task queue {queue}, now pathways 730 days, audit rows 100 days, task queue {queue}",
            "updated the retention schedule: pathways 730 days, audit rows 100 days, "
            f"task queue {queue}, now pathways 900 days, audit rows 100 days, task queue {queue}",
        ]
        spec = (await handle.describe()).schedule.spec
        assert [i.every for i in spec.intervals] == [timedelta(days=1)], "its timing is left alone"

        # The updated input reaches the workflow: the run it starts deletes the old audit row.
        async with running_worker(client, changed):
            await handle.trigger()
            with sessions_for(sqlite_url) as sessions:

                def audit_left() -> list[str | None]:
                    with sessions() as s:
                        return sorted(s.scalars(select(AuditEvent.detail)))  # type: ignore[type-var]

                left = await eventually(audit_left, lambda left: left == ["50 days"],
                                        what="the old audit row deleted by the updated run", every=0.1)
        assert left == ["50 days"]
    finally:
        await handle.delete()
