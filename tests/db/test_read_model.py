"""The read model: idempotent projections, agreement with the workflows, migrations."""

from datetime import date, timedelta

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from contracts.common import COURT_DISPOSALS, TaskStatus
from contracts.pathway import PathwayState
from contracts.steps import AllocationBody
from core.settings import Settings
from core.workdays import london_date
from db.session import make_engine, migrate
from readmodel.projection import write_projection
from readmodel.queries import Filters, Scope, TaskLine, overdue_tasks
from readmodel.tables import PathwayRow, TaskRow
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import SUPERVISOR, pathway_input
from tests.workflows.harness import Harness, fresh_queue
from worker import running_worker
from workflows.pathway import PathwayWorkflow


def rows(url: str, pathway_id: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sessions_for(url) as sessions, sessions() as s:
        p = [
            tuple(getattr(r, c.key) for c in inspect(PathwayRow).columns if c.key != "updated_at")
            for r in s.scalars(select(PathwayRow).where(PathwayRow.pathway_id == pathway_id))
        ]
        t = [
            tuple(getattr(r, c.key) for c in inspect(TaskRow).columns)
            for r in s.scalars(
                select(TaskRow).where(TaskRow.pathway_id == pathway_id).order_by(TaskRow.task_id)
            )
        ]
    return p, t


def a_state(version: int, caseworker: str | None) -> PathwayState:
    inp = pathway_input(date(2026, 3, 27), victim=True)
    return PathwayState(
        pathway_id="pw-fixed",
        child=inp.child,
        order=inp.order,
        order_starts_on=date(2026, 3, 27),
        order_ends_on=date(2026, 9, 27),
        caseworker=caseworker,
        team="bromley" if caseworker else None,
        version=version,
    )


def test_a_projection_replayed_twice_gives_the_same_rows_and_an_old_one_changes_nothing(
    database_url: str,
) -> None:
    with sessions_for(database_url) as sessions:
        check_projection(sessions, database_url)


def check_projection(sessions: sessionmaker[Session], database_url: str) -> None:
    newer, older = a_state(5, "casey"), a_state(3, None)
    with sessions.begin() as s:
        assert write_projection(s, newer)
    first = rows(database_url, "pw-fixed")
    with sessions.begin() as s:
        assert not write_projection(s, newer), "a retried projection is a no-op"
        assert not write_projection(s, older), "a stale projection never overwrites a newer one"
    assert rows(database_url, "pw-fixed") == first
    assert first[0][0][4] == "casey"


async def test_the_overdue_list_agrees_with_the_workflows_after_time_skipped_deadlines(
    time_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    queue = fresh_queue()
    async with running_worker(time_env.client, Settings(database_url=sqlite_url), task_queue=queue):
        ts = Harness(time_env.client, queue, sqlite_url)
        today = london_date(await time_env.get_current_time())
        handles = [await ts.start(pathway_input(today, d)) for d in COURT_DISPOSALS]
        await ts.step(
            handles[0],
            SUPERVISOR,
            AllocationBody(completed_on=today, caseworker="c", team="bromley"),
        )
        await time_env.sleep(timedelta(days=24))
        today = london_date(await time_env.get_current_time())
        states = [await h.query(PathwayWorkflow.state) for h in handles]
        expected = sorted(
            (s.pathway_id, t.task_id)
            for s in states
            for t in s.tasks
            if t.status == TaskStatus.OVERDUE
        )
        assert expected, "some tasks are overdue after 24 days"
        with sessions_for(sqlite_url) as sessions:

            def overdue() -> list[TaskLine]:
                with sessions() as s:
                    return overdue_tasks(
                        s, scope=Scope(None, True), filters=Filters(), today=today, holidays=set()
                    )

            lines = await eventually(
                overdue,
                lambda lines: sorted((x.pathway_id, x.task_id) for x in lines) == expected,
                what="the overdue list agreeing with the workflows",
                seconds=50,
                every=1,
                sleep=lambda s: time_env.sleep(timedelta(seconds=s)),
            )
        assert sorted((x.pathway_id, x.task_id) for x in lines) == expected
        await ts.terminate_all()


def test_migrations_upgrade_an_empty_database_and_the_previous_revision(
    database_url: str, tmp_path: object
) -> None:
    # The fixture already upgraded an empty database to head; now from the previous revision.
    url = f"sqlite:///{tmp_path}/previous.db"
    migrate(url, "0002")
    assert "audit_events" not in tables(url)
    migrate(url)
    assert {"audit_events", "rm_tasks", "court_records"} <= tables(url)
    assert {"audit_events", "rm_tasks", "court_records"} <= tables(database_url)


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return set(inspect(c).get_table_names())
    finally:
        engine.dispose()


def test_referrals_overrides_and_bias_reflections_reach_the_read_model(database_url: str) -> None:
    from contracts.common import Programme
    from contracts.referrals import BiasReflectionRecord, Referral, ReferralEvent
    from readmodel.tables import BiasReflectionRow, ReferralRow

    state = a_state(7, "casey")
    state.referrals = [Referral(programme=Programme.NVR, status="started", eligibility_at_referral="ineligible",
                                override_reason="judgement", overridden_by="casey",
                                history=[ReferralEvent(status="referred", on=date(2026, 4, 1), by="casey"),
                                         ReferralEvent(status="accepted", on=date(2026, 4, 8), by="casey"),
                                         ReferralEvent(status="started", on=date(2026, 4, 15), by="casey")])]
    state.bias_reflections = [BiasReflectionRecord(aspects_considered=["race"], colleague_consulted=False,
                                                   decision="override:nvr", on=date(2026, 4, 1), by="casey")]
    with sessions_for(database_url) as sessions:
        with sessions.begin() as s:
            write_projection(s, state)
        with sessions() as s:
            ref = s.scalars(select(ReferralRow)).one()
            refl = s.scalars(select(BiasReflectionRow)).one()
    assert (ref.programme, ref.status, ref.referred_on, ref.started_on, ref.overridden_by) == (
        "nvr", "started", date(2026, 4, 1), date(2026, 4, 15), "casey")
    assert refl.decision == "override:nvr" and refl.aspects_considered == ["race"]


def test_migration_0007_gives_held_victim_details_their_case(tmp_path: object) -> None:
    import json
    from datetime import UTC, datetime

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path}/held.db"
    migrate(url, "0006")
    engine = make_engine(url)
    try:
        with engine.begin() as c:
            for kind, payload in (
                ("victim_details", {"message_id": "p1", "case_urn": "01ly1234526"}),
                ("canonical", {"case_urn": "01LY7654321"}),
            ):
                c.execute(
                    text(
                        "INSERT INTO held_records (result, message_id, reason, errors, payload,"
                        " received_at, kind) VALUES ('held', :m, 'r', '[]', :p, :at, :k)"
                    ),
                    {"m": payload.get("message_id"), "p": json.dumps(payload),
                     "at": datetime.now(UTC).isoformat(), "k": kind},
                )
        migrate(url)
        with engine.connect() as c:
            cases = dict(c.execute(text("SELECT kind, case_urn FROM held_records")).all())
    finally:
        engine.dispose()
    assert cases == {"victim_details": "01LY1234526", "canonical": None}
