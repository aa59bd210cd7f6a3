"""`pathway bench overdue`: the supervisor's overdue list at 100,000 open tasks.

For each database present (a temporary SQLite file always; PostgreSQL in a throw-away schema
when it is reachable), the migrations are run and the read model is seeded straight into
`rm_pathways` and `rm_tasks`: many teams of several caseworkers, a share of every team's tasks
overdue, most of those escalated, a few pathways not yet allocated. Then requests of random
teams with random filters (none, team, team and caseworker, team and step) go through the
route's own code (`readmodel.queries.overdue_tasks` with a supervisor's `scope_of`, then the
conversion to `TaskLineView`) and through the plainest SQL returning the same rows, whose
results are compared. Readable figures come first; the last line is one JSON object:
`{"sqlite": {"open_tasks": ..., "p95_ms": ..., "raw_sql_p95_ms": ..., "ratio": ...}, ...}`.
"""

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session, sessionmaker

from api.auth import Role, User
from api.deps import scope_of
from benchmarks.rig import days
from benchmarks.rig.output import emit, note, say
from benchmarks.rig.stats import percentile
from contracts.common import Step
from core.workdays import add_working_days, working_days_between
from db.session import make_engine, make_sessions, migrate
from readmodel.queries import Filters, overdue_tasks
from readmodel.tables import PathwayRow, TaskRow
from readmodel.views import TaskLineView, task_line_views

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LIMIT = 200
KINDS = ("none", "team", "team+caseworker", "team+step")
VIEW = TypeAdapter(TaskLineView)
TARGET_P95_MS, TARGET_RATIO = 50.0, 2.0


@dataclass(frozen=True)
class World:
    """What was seeded: the teams with their caseworkers, and the counts."""

    teams: dict[str, list[str]]
    open_tasks: int
    overdue_tasks: int


# What every seeded pathway and task share; the rest varies.
PATHWAY: dict[str, Any] = dict(disposal="referral_order", status="open", closure_reason=None)
PATHWAY |= dict(closed_on=None, case_manager_changes=0, gender="male", ethnicity="W1")
PATHWAY |= dict(age_at_order=15, has_victim=False, version=1, updated_at=datetime.now(UTC))


def seed(engine: Engine, *, tasks: int, pathways: int, teams: int, rng: random.Random) -> World:
    """Insert pathways and their open tasks (a share overdue) in bulk; return what was made."""
    today = days.today()
    holidays = days.holidays(today, before=2, after=2)
    staff = {
        f"team-{n:03d}": [f"cw-{n:03d}-{k}" for k in range(rng.randint(3, 8))] for n in range(teams)
    }
    names, weights = list(staff), [rng.uniform(0.3, 3.0) for _ in staff]
    steps = [s.value for s in Step]
    p_rows: list[dict[str, Any]] = []
    t_rows: list[dict[str, Any]] = []
    for n in range(pathways):
        pid = f"pw-bench-{n:06d}"
        team = None if rng.random() < 0.01 else rng.choices(names, weights)[0]  # 1% unallocated
        who = dict(caseworker=rng.choice(staff[team]) if team else None, team=team)
        made_on = today - timedelta(days=rng.randint(20, 300))
        order = dict(
            made_on=made_on, order_starts_on=made_on, order_ends_on=made_on + timedelta(days=365)
        )
        p_rows.append(PATHWAY | who | order | dict(pathway_id=pid, child_id=f"ch-bench-{n:06d}"))
        for k in range(tasks // pathways + (1 if n < tasks % pathways else 0)):
            step = steps[(n + k) % len(steps)]
            due = today + timedelta(days=rng.randint(-30, 120))  # about a fifth overdue
            late = working_days_between(due, today, holidays)
            task = dict(
                pathway_id=pid, task_id=f"{step}-{k}", step=step, due_date=due, opened_on=made_on
            )
            task |= dict(
                status="overdue" if due < today else "open", completed_on=None, escalated=late >= 2
            )
            t_rows.append(task | who | dict(escalate_on=add_working_days(due, 2, holidays)))
    with engine.begin() as c:
        for table, rows in ((PathwayRow, p_rows), (TaskRow, t_rows)):
            for start in range(0, len(rows), 10_000):
                c.execute(insert(table), rows[start : start + 10_000])
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ANALYZE rm_pathways; ANALYZE rm_tasks"))  # as autovacuum would
    overdue = sum(1 for t in t_rows if t["status"] == "overdue")
    return World(staff, len(t_rows), overdue)


@dataclass(frozen=True)
class Request:
    """One overdue-list request: a supervisor of `team`, with filters."""

    kind: str
    team: str
    filters: Filters

    def raw_sql(self) -> tuple[str, dict[str, str]]:
        """Return the plainest SQL with the route's WHERE, ORDER BY and LIMIT, and its values."""
        where = ["status = 'overdue'", "(team IN (:scope_team) OR team IS NULL)"]
        params = {"scope_team": self.team}
        for column in ("team", "caseworker", "step"):
            value = getattr(self.filters, column)
            if value is not None:
                where.append(f"{column} = :{column}")
                params[column] = value
        sql = (
            "SELECT pathway_id, task_id, step, status, due_date, escalated, caseworker, team, "
            "owner_agency, owner_person "
            f"FROM rm_tasks WHERE {' AND '.join(where)} "
            f"ORDER BY due_date, pathway_id, task_id LIMIT {LIMIT}"
        )
        return sql, params


def random_request(world: World, rng: random.Random) -> Request:
    """Return a request of a random team's supervisor with a random kind of filter."""
    team = rng.choice(list(world.teams))
    kind = rng.choice(KINDS)
    filters = Filters(
        team=None if kind == "none" else team,
        caseworker=rng.choice(world.teams[team]) if kind == "team+caseworker" else None,
        step=rng.choice([s.value for s in Step]) if kind == "team+step" else None,
    )
    return Request(kind, team, filters)


Line = tuple[str, str, str, str, str, bool, str | None, str | None, str | None, str | None]


def through_api(
    sessions: sessionmaker[Session], request: Request, today: date, holidays: frozenset[date]
) -> list[TaskLineView]:
    """The route's code path: the query with a supervisor's scope, then the response models."""
    user = User(name="bench-supervisor", role=Role.SUPERVISOR, team=request.team)
    with sessions() as session:
        lines = overdue_tasks(
            session,
            scope=scope_of(user),
            filters=request.filters,
            today=today,
            holidays=holidays,
            limit=LIMIT,
        )
    return task_line_views(lines)


def through_sql(engine: Engine, request: Request) -> list[Any]:
    """The plainest SQL returning the same rows, fetched as tuples."""
    sql, params = request.raw_sql()
    with engine.connect() as c:
        return list(c.execute(text(sql), params).all())


def comparable(api: list[TaskLineView], sql: list[Any]) -> tuple[list[Line], list[Line]]:
    """Both answers in one shape (SQLite returns dates as text and booleans as integers)."""
    shown = [
        tuple(VIEW.dump_python(v, mode="json", exclude={"working_days_overdue"}).values())
        for v in api
    ]
    return shown, [
        (r[0], r[1], r[2], r[3], str(r[4]), bool(r[5]), r[6], r[7], r[8], r[9]) for r in sql
    ]


def _timed(call: Callable[[], list[Any]]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def measure(engine: Engine, world: World, *, requests: int, rng: random.Random) -> dict[str, Any]:
    """Time `requests` random requests both ways (in random order); compare their rows."""
    sessions = make_sessions(engine)
    today = days.today()
    holidays = days.holidays(today, before=4, after=2)
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in KINDS}
    sizes: list[int] = []
    mismatches = 0
    for n in range(requests + 20):  # the first 20 warm the caches and the pool
        request = random_request(world, rng)
        ways = [
            partial(through_api, sessions, request, today, holidays),
            partial(through_sql, engine, request),
        ]
        order = (0, 1) if rng.random() < 0.5 else (1, 0)
        timed = dict(zip(order, (_timed(ways[i]) for i in order), strict=True))
        (a_ms, a_rows), (s_ms, s_rows) = timed[0], timed[1]
        left, right = comparable(a_rows, s_rows)
        mismatches += left != right
        if n >= 20:
            times[request.kind].append((a_ms, s_ms))
            sizes.append(len(a_rows))
    api_ms = [a for pairs in times.values() for a, _ in pairs]
    sql_ms = [s for pairs in times.values() for _, s in pairs]

    def p(values: list[float], q: int) -> float:
        return percentile(values, q, digits=3)

    p95, raw95 = p(api_ms, 95), p(sql_ms, 95)
    return {
        "open_tasks": world.open_tasks,
        "overdue_tasks": world.overdue_tasks,
        "requests": requests,
        "mean_rows": round(statistics.fmean(sizes), 1),
        "p50_ms": p(api_ms, 50),
        "p95_ms": p95,
        "raw_sql_p50_ms": p(sql_ms, 50),
        "raw_sql_p95_ms": raw95,
        "ratio": round(p95 / raw95, 2),
        "mismatches": mismatches,
        "meets_targets": p95 < TARGET_P95_MS and p95 <= TARGET_RATIO * raw95,
        "p95_ms_by_filter": {
            kind: [p([a for a, _ in pairs], 95), p([s for _, s in pairs], 95)]
            for kind, pairs in times.items()
        },
    }


@contextmanager
def postgres_schema(url: str) -> Iterator[str | None]:
    """Yield the URL of a throw-away schema, dropped afterwards; None if PostgreSQL is absent."""
    admin, schema = make_engine(url), f"bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as absent:  # not running on this machine: SQLite alone
        note(f"PostgreSQL is not reachable ({type(absent).__name__}): skipped")
        admin.dispose()
        yield None
        return
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def run_one(url: str, args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    """Migrate, seed and measure one database."""
    migrate(url)
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        world = seed(engine, tasks=args.tasks, pathways=args.pathways, teams=args.teams, rng=rng)
        seeded = time.perf_counter() - started
        return measure(engine, world, requests=args.requests, rng=rng) | {
            "seconds_to_seed": round(seeded, 1)
        }
    finally:
        engine.dispose()


def _report(name: str, f: dict[str, Any], args: argparse.Namespace) -> str:
    by_filter = ", ".join(f"{k} {a:.2f}/{s:.2f}" for k, (a, s) in f["p95_ms_by_filter"].items())
    return (
        f"{name}: {f['open_tasks']:,} open tasks ({f['overdue_tasks']:,} overdue) in "
        f"{args.pathways:,} pathways, {args.teams} teams, seeded in {f['seconds_to_seed']} s\n"
        f"  overdue list, route's code: p50 {f['p50_ms']:.2f} ms, p95 {f['p95_ms']:.2f} ms "
        f"({f['requests']} requests, {f['mean_rows']} rows on average)\n"
        f"  plainest SQL, same rows:    p50 {f['raw_sql_p50_ms']:.2f} ms, "
        f"p95 {f['raw_sql_p95_ms']:.2f} ms\n"
        f"  p95 by filter, route / SQL (ms): {by_filter}\n"
        f"  ratio {f['ratio']:.2f}; rows differed in {f['mismatches']} requests; targets "
        f"(p95 < {TARGET_P95_MS:g} ms, ratio <= {TARGET_RATIO:g}) "
        f"{'met' if f['meets_targets'] else 'MISSED'}"
    )


def main(argv: list[str]) -> int:
    """Seed, measure and print the figures; exit 1 if the two ways ever disagreed."""
    p = argparse.ArgumentParser(prog="pathway bench overdue", description=__doc__.split("\n")[0])
    p.add_argument("--tasks", type=int, default=100_000, help="open tasks to seed")
    p.add_argument("--pathways", type=int, default=10_000)
    p.add_argument("--teams", type=int, default=150)
    p.add_argument("--requests", type=int, default=400, help="timed requests per database")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    p.add_argument("--postgres-url", default=POSTGRES_URL)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    wanted = args.databases.split(",")
    figures: dict[str, dict[str, Any]] = {}
    if "sqlite" in wanted:
        with tempfile.TemporaryDirectory(prefix="pathway-bench-") as folder:
            figures["sqlite"] = run_one(f"sqlite:///{Path(folder) / 'bench.db'}", args, rng)
        say(_report("sqlite", figures["sqlite"], args))
    if "postgresql" in wanted:
        with postgres_schema(args.postgres_url) as url:
            if url is not None:
                figures["postgresql"] = run_one(url, args, rng)
                say(_report("postgresql", figures["postgresql"], args))
    emit(figures)
    return 1 if any(f["mismatches"] for f in figures.values()) else 0
