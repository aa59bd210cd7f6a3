"""`pathway bench reports`: every report at national scale, against a single SQL query each.

A synthetic national read model (`benchmarks.reports.synthetic`: by default 150 services over
5 years, about 76,000 court orders, 101,000 diversion pathways and 1.2 million tasks, with
re-offending) is loaded into a fresh PostgreSQL database of its own (created, then dropped),
and one service's 5 years (the largest service's) into a temporary SQLite file, both migrated
by the project's own `db.session.migrate`. Then each report of `benchmarks.reports.registry`
is built as the API builds it:

- one service's year (team and one calendar year), on each database, for each of the five
  years, `--rounds` times: p50 and p95;
- the whole nation (no team, no period) on PostgreSQL, `--national-runs` times;

and beside each, the registry's hand-written SQL query of the report's headline figure, the
same number of times. Each figure must equal the report's (else the benchmark fails); the ratio
is the report's p50 over the query's. Targets (issue 21): a service's year under 1 s at p95 on
either database, the nation under 5 s on PostgreSQL, each at most 2x its query.

The last stdout line is one JSON object: the row counts, load times, and per report
`{"sqlite_year_p95_s", "postgres_year_p95_s", "national_p95_s", "ratio_sqlite_year",
"ratio_postgres_year", "ratio_national"}`, with `"targets_met"`.
"""

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.reports.load import load
from benchmarks.reports.registry import REPORTS, BenchReport, Cohort, Figures, Sql
from benchmarks.reports.synthetic import (
    COLUMNS,
    FIRST_DAY,
    YEARS,
    ServiceGenerator,
    service_sizes,
    services,
)
from benchmarks.reports.synthetic import team_name as team_of
from benchmarks.rig.cli import at_least
from benchmarks.rig.output import emit, note, say
from benchmarks.rig.stats import percentile
from db.session import make_engine, make_sessions, migrate

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
YEAR_P95_S, NATIONAL_P95_S, MAX_RATIO = 1.0, 5.0, 2.0


def _seconds(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _differences(report: Figures, query: Figures) -> list[str]:
    """Where the report's figures and the query's disagree, the first few, readably."""
    found = [f"{k}: report {report.get(k)}, SQL {query.get(k)}"
             for k in sorted(report.keys() | query.keys())
             if k not in report or k not in query or not _same(report[k], query[k])]  # fmt: skip
    return found[:5] + ([f"... and {len(found) - 5} more"] if len(found) > 5 else [])


def _figures(sql: Sql, labels: list[str], rows: list[Any]) -> Figures:
    """The query's rows as named figures: leading key columns name each later column's value."""
    figures: Figures = {}
    for row in rows:
        names = [str(k) for k in row[: sql.keys]]
        for label, value in zip(labels[sql.keys :], row[sql.keys :], strict=True):
            name = "/".join([*names, label])
            if name in figures:
                raise AssertionError(f"the query gives {name} twice: its keys are not a row's")
            figures[name] = None if value is None else float(value)
    return figures


class Timer:
    """Times one report and its query over cohorts on one database, checking they agree."""

    def __init__(self, sessions: sessionmaker[Session], dialect: str) -> None:
        self.sessions, self.dialect = sessions, dialect

    def report(self, entry: BenchReport, cohort: Cohort) -> tuple[float, Figures]:
        """Build the report in a fresh session: seconds taken, and its figures."""
        with self.sessions() as session:
            seconds, built = _seconds(lambda: entry.build(session, cohort))
        figures = entry.figures(built)
        return seconds, {k: None if v is None else float(v) for k, v in figures.items()}

    def query(self, entry: BenchReport, cohort: Cohort) -> tuple[float, Figures]:
        """Run the hand-written query in a fresh session: seconds taken (rows read), figures."""
        sql = entry.sql(self.dialect, cohort)
        params = sql.params
        if self.dialect == "sqlite":  # SQLite keeps dates as ISO text
            params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        with self.sessions() as session:

            def run() -> tuple[list[str], list[Any]]:
                result = session.execute(text(sql.statement), params)
                return list(result.keys()), list(result.all())

            seconds, (labels, rows) = _seconds(run)
        return seconds, _figures(sql, labels, rows)

    def compare(
        self, entry: BenchReport, cohorts: list[Cohort], rounds: int
    ) -> tuple[list[float], list[float]]:
        """Time report and query, alternating, over every cohort `rounds` times."""
        reports: list[float] = []
        queries: list[float] = []
        for cohort in cohorts[:1]:  # warm-up: first compilation and caches, untimed
            self.report(entry, cohort)
            self.query(entry, cohort)
        for _ in range(rounds):
            for cohort in cohorts:
                r_s, figures = self.report(entry, cohort)
                q_s, expected = self.query(entry, cohort)
                wrong = _differences(figures, expected)
                if wrong:
                    raise AssertionError(
                        f"{entry.name} on {self.dialect}, {cohort}: the report's figures and the "
                        f"SQL's differ: " + "; ".join(wrong)
                    )
                reports.append(r_s)
                queries.append(q_s)
        return reports, queries


def _fresh_postgres(base: str) -> tuple[str, Callable[[], None]]:
    """Create a database of the benchmark's own; return its URL and how to drop it."""
    name = f"bench_reports_{uuid.uuid4().hex[:8]}"
    admin = make_engine(f"{base}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{base}/{name}", drop


def _load(engine: Engine, label: str, rows: Any) -> tuple[dict[str, int], float]:
    seconds, counts = _seconds(lambda: load(engine, rows))
    shown = ", ".join(f"{t.removeprefix('rm_')} {n:,}" for t, n in counts.items())
    say(f"{label}: loaded in {seconds:.1f} s: {shown}")
    return counts, seconds


def _line(name: str, where: str, reports: list[float], queries: list[float]) -> dict[str, float]:
    r50, r95 = percentile(reports, 50, 6), percentile(reports, 95, 6)
    q50 = percentile(queries, 50, 6)
    ratio = round(r50 / q50, 2) if q50 else 0.0
    say(
        f"  {name:<20} {where:<22} report p50 {r50:7.3f} s  p95 {r95:7.3f} s   "
        f"SQL p50 {q50:7.3f} s   ratio {ratio:5.2f}"
    )
    return {"p50_s": r50, "p95_s": r95, "sql_p50_s": q50, "ratio": ratio}


def bench_reports(
    *,
    services_n: int,
    scale: float,
    seed: int,
    rounds: int,
    national_runs: int,
    postgres: str,
    database: str | None = None,
    keep: bool = False,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """Load, time every report (or `only` those named) and its query, print the figures."""
    chosen = [e for e in REPORTS if not only or e.name in only]
    sizes = service_sizes(services_n, seed)
    largest = max(range(services_n), key=lambda s: sizes[s])
    team = team_of(largest)
    years = [FIRST_DAY.year + n for n in range(YEARS)]
    year_cohorts = [Cohort(team, date(y, 1, 1), date(y, 12, 31)) for y in years]
    nation = [Cohort(None, None, None)]
    figures: dict[str, Any] = {"services": services_n, "scale": scale, "team": team}
    figures["load_average_before"] = round(os.getloadavg()[0], 1)  # a shared machine's noise
    results: dict[str, dict[str, Any]] = {e.name: {} for e in chosen}
    if database is None:
        url, drop = _fresh_postgres(postgres)
    else:
        url, drop = f"{postgres}/{database}", lambda: None
    try:
        engine = make_engine(url)
        if database is None:
            migrate(url)
            counts, figures["postgres_load_s"] = _load(
                engine, "PostgreSQL, the nation", services(services_n, seed, scale)
            )
        else:
            with engine.connect() as c:
                counts = {
                    t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in COLUMNS
                }
            say(f"PostgreSQL, the nation: {database} as loaded before ({services_n} services, "
                f"scale {scale}, seed {seed} assumed)")  # fmt: skip
        figures["rows"] = counts
        with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
            lite_url = f"sqlite:///{Path(folder) / 'service.db'}"
            migrate(lite_url)
            lite = make_engine(lite_url)
            one = ServiceGenerator(largest, sizes[largest], seed, scale).generate()
            lite_counts, figures["sqlite_load_s"] = _load(lite, f"SQLite, {team} alone", [one])
            figures["sqlite_rows"] = lite_counts
            say(f"One service's year: {team} (the largest), each of {years[0]}-{years[-1]}, "
                f"{rounds} round(s); the nation: {national_runs} run(s)")  # fmt: skip
            for label, sessions, dialect in (
                ("sqlite", make_sessions(lite), "sqlite"),
                ("postgres", make_sessions(engine), "postgresql"),
            ):
                timer = Timer(sessions, dialect)
                for entry in chosen:
                    reports, queries = timer.compare(entry, year_cohorts, rounds)
                    results[entry.name][f"{label}_year"] = _line(
                        entry.name, f"{label} service-year", reports, queries
                    )
            lite.dispose()
        timer = Timer(make_sessions(engine), "postgresql")
        for entry in chosen:
            reports, queries = timer.compare(entry, nation, national_runs)
            results[entry.name]["national"] = _line(entry.name, "postgres nation", reports, queries)
        engine.dispose()
    finally:
        if keep:
            say(f"PostgreSQL database kept: {url.rsplit('/', 1)[1]} (--database to reuse it)")
        else:
            drop()
    met = True
    for entry in chosen:
        mine = results[entry.name]
        for where, limit in (("sqlite_year", YEAR_P95_S), ("postgres_year", YEAR_P95_S),
                             ("national", NATIONAL_P95_S)):  # fmt: skip
            ok = mine[where]["p95_s"] < limit and mine[where]["ratio"] <= MAX_RATIO
            met = met and ok
            if not ok:
                timed = mine[where]
                say(
                    f"  MISSED: {entry.name} {where}: p95 {timed['p95_s']} s (target {limit} s), "
                    f"ratio {timed['ratio']} (target {MAX_RATIO})"
                )
    figures["reports"] = results
    figures["targets_met"] = met
    figures["load_average_after"] = round(os.getloadavg()[0], 1)
    say(
        f"Load average (1 min) {figures['load_average_before']} before, "
        f"{figures['load_average_after']} after, on {os.cpu_count()} CPUs"
    )
    say("Targets (a service's year < 1 s p95 on both, the nation < 5 s, ratio <= 2): "
        + ("all met" if met else "some missed"))  # fmt: skip
    return figures


def main(argv: list[str]) -> int:
    """`pathway bench reports [--small] [--services N] [--scale X] [--rounds N] ...`."""
    parser = argparse.ArgumentParser(prog="pathway bench reports", description=__doc__)
    parser.add_argument("--services", type=at_least(1), default=150)
    parser.add_argument("--scale", type=float, default=1.0, help="children per service, x")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=at_least(1), default=2, help="over the 5 years")
    parser.add_argument("--national-runs", type=at_least(1), default=3)
    parser.add_argument("--postgres", default=POSTGRES, help="server URL, no database")
    parser.add_argument("--database", help="reuse a database --keep left (already loaded)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--only", action="append", choices=[e.name for e in REPORTS], help="this report (again)"
    )
    parser.add_argument(
        "--small", action="store_true", help="4 services at a twentieth: for the tests"
    )
    args = parser.parse_args(argv)
    if args.small:
        args.services, args.scale, args.rounds, args.national_runs = 4, 0.05, 1, 1
    note(f"bench reports: {args.services} services, scale {args.scale}, seed {args.seed}")
    figures = bench_reports(
        services_n=args.services,
        scale=args.scale,
        seed=args.seed,
        rounds=args.rounds,
        national_runs=args.national_runs,
        postgres=args.postgres,
        database=args.database,
        keep=args.keep or args.database is not None,
        only=args.only,
    )
    emit(figures)
    return 0
