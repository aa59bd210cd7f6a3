"""The reports the benchmark times, each with one hand-written SQL query of the same figures.

An entry names the report, builds it for a cohort (a team and a period, or the nation: team
None) exactly as `api.routes.reports` does, reads its figures back from the built report, and
gives one SQL statement that computes the same figures straight from the read model. The
benchmark checks every figure agrees before it compares their times: the SQL is the floor a
report is measured against (at most twice its time), not a second implementation to trust.

Figures are named numbers (`Figures`). The statement's leading `Sql.keys` columns name a row
(a step, a group, a quarter); each later column is one figure, named by the row's keys and the
column's label joined with "/" (a statement with no keys gives one row: its labels are the
names). So a report of a table is compared cell by cell with a `GROUP BY`, and the query does
the same work the report does, not one `COUNT` of many.

To add a report, append a `BenchReport` to `REPORTS`: its `build`, its `figures`, and its
`sql(dialect, cohort)` (`Cohort.where` gives the usual cohort's conditions on `rm_pathways p`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from benchmarks.reports.synthetic import AS_OF
from contracts.breach import OrderChangeKind
from contracts.common import COURT_DISPOSALS, Programme
from core.bank_holidays import england_and_wales
from reports.custody import DTO, CustodyReport, custody
from reports.disproportionality import DECISION_POINTS, RriReport, disproportionality
from reports.kpis import KpiReport, kpis
from reports.population import WHOLE_SERVICE, Population
from reports.reflections import BiasReflectionReport, bias_reflections
from reports.reoffending import CAUTIONS, NON_CUSTODIAL, ReoffendingReport, quarter_of, reoffending
from reports.timeliness import (
    DIVERSION_TIMELINESS_STEPS,
    TIMELINESS_STEPS,
    TimelinessReport,
    timeliness,
)

HOLIDAYS = frozenset(england_and_wales(2020, AS_OF.year + 1).holidays)
MIN_COUNT = 0
"""Nothing suppressed, so every headline is a number to compare (suppression costs nothing)."""
_COURT = ", ".join(f"'{d.value}'" for d in COURT_DISPOSALS)


@dataclass(frozen=True)
class Cohort:
    """Whose report: a team (None: the nation) and a period of orders made."""

    team: str | None
    since: date | None
    until: date | None

    def where(self, params: dict[str, Any]) -> str:
        """The cohort's conditions on `rm_pathways p` (with ` AND ` before each), binding params."""
        sql = ""
        if self.team is not None:
            sql += " AND p.team = :team"
            params["team"] = self.team
        if self.since is not None:
            sql += " AND p.made_on >= :since"
            params["since"] = self.since
        if self.until is not None:
            sql += " AND p.made_on <= :until"
            params["until"] = self.until
        return sql


Figures = dict[str, float | None]
"""A report's numbers by name, as `Sql` names the query's (see the module's docstring)."""


@dataclass(frozen=True)
class Sql:
    """One statement, its parameters, and how many leading columns name a row's figures."""

    statement: str
    params: dict[str, Any]
    keys: int = 0


@dataclass(frozen=True)
class BenchReport:
    """A report, how to read its figures, and one SQL query of the same figures."""

    name: str
    figures_are: str
    build: Callable[[Session, Cohort], BaseModel]
    figures: Callable[[Any], Figures]
    sql: Callable[[str, Cohort], Sql]


def headline(read: Callable[[Any], float | None]) -> Callable[[Any], Figures]:
    """A report compared on one figure, which its query labels `headline`."""
    return lambda report: {"headline": read(report)}


def _timeliness(session: Session, c: Cohort) -> TimelinessReport:
    return timeliness(session, holidays=HOLIDAYS, team=c.team, since=c.since, until=c.until)


_TIMELINESS_FIGURES = (
    "tasks",
    "done",
    "done_on_time",
    "done_late",
    "overdue",
    "not_done",
    "on_time",
    "median_working_days_from_order",
)


def _timeliness_figures(report: TimelinessReport) -> Figures:
    lines = [("court", line) for line in (*report.steps, report.overall)]
    if report.diversion_overall is not None:
        lines += [("diversion", ln) for ln in (*report.diversion_steps, report.diversion_overall)]
    return {
        f"{kind}/{line.step}/{label}": getattr(line, label)
        for kind, line in lines
        for label in _TIMELINESS_FIGURES
    }


def _timeliness_sql(dialect: str, c: Cohort) -> Sql:
    """Each step's tasks by how they went, and the median working days from the order to done.

    Working days come from a calendar of the holiday table's years: each day's working-day
    number (weekdays that are not bank holidays, counted from its first day), so a task's
    working days are the difference of two numbers looked up (in an array on PostgreSQL, by a
    join on SQLite). Tasks are tallied by step and working days; each median is read from that
    frequency table by its running total. Every step the report lists is a row (zeros when it
    has no tasks), court orders' and diversion pathways' apart, and "all" for each.
    """
    params: dict[str, Any] = {}
    where = c.where(params)
    first, last = min(HOLIDAYS).replace(month=1, day=1), max(HOLIDAYS).replace(month=12, day=31)
    holidays = ", ".join(f"'{h.isoformat()}'" for h in sorted(HOLIDAYS))
    if dialect == "postgresql":
        # The calendar as an array of working-day numbers, read by the day's offset.
        calendar = (
            "SELECT array_agg(n ORDER BY day) AS n FROM (SELECT d AS day, "
            "SUM(CASE WHEN EXTRACT(ISODOW FROM d) < 6 "
            f"AND CAST(d AS DATE) NOT IN ({holidays}) THEN 1 ELSE 0 END) OVER (ORDER BY d) AS n "
            f"FROM generate_series(DATE '{first}', DATE '{last}', INTERVAL '1 day') d) days"
        )
        join = "CROSS JOIN calendar c"
        done_day, made_day = (
            f"c.n[{day} - DATE '{first}' + 1]" for day in ("t.completed_on", "p.made_on")
        )
    else:
        calendar = (
            "SELECT day, SUM(CASE WHEN STRFTIME('%w', day) NOT IN ('0', '6') "
            f"AND day NOT IN ({holidays}) THEN 1 ELSE 0 END) OVER (ORDER BY day) AS n "
            f"FROM (WITH RECURSIVE d(day) AS (SELECT '{first}' UNION ALL "
            f"SELECT DATE(day, '+1 day') FROM d WHERE day < '{last}') SELECT day FROM d)"
        )
        # SQLite keeps dates as ISO text in columns of numeric affinity; the calendar's days
        # have none, and a join on them is indexed only when neither side converts (unary +).
        join = (
            "LEFT JOIN calendar done_day ON done_day.day = +t.completed_on "
            "LEFT JOIN calendar made_day ON made_day.day = +p.made_on"
        )
        done_day, made_day = "done_day.n", "made_day.n"

    steps = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, '{step}' AS step"
        for kind, listed in (
            ("court", TIMELINESS_STEPS),
            ("diversion", DIVERSION_TIMELINESS_STEPS),
        )
        for step in (*(s.value for s in listed), "all")
    )
    sql = f"""
WITH calendar AS ({calendar}
), tallies AS (
  SELECT kind, step, days, SUM(done) AS done, SUM(on_time) AS on_time,
         SUM(overdue) AS overdue, SUM(not_done) AS not_done, COUNT(*) AS n
  FROM (
    SELECT CASE WHEN p.disposal = 'diversion' THEN 'diversion' ELSE 'court' END AS kind, t.step,
           CASE WHEN NOT t.not_done AND t.status = 'done' THEN 1 ELSE 0 END AS done,
           CASE WHEN NOT t.not_done AND t.status = 'done' AND t.completed_on <= t.due_date
                THEN 1 ELSE 0 END AS on_time,
           CASE WHEN NOT t.not_done AND t.status = 'overdue' THEN 1 ELSE 0 END AS overdue,
           CASE WHEN t.not_done THEN 1 ELSE 0 END AS not_done,
           CASE WHEN t.not_done OR t.status <> 'done' OR t.completed_on IS NULL THEN NULL
                WHEN t.completed_on > p.made_on THEN {done_day} - {made_day} ELSE 0 END AS days
    FROM rm_tasks t JOIN rm_pathways p ON p.pathway_id = t.pathway_id
    {join}
    WHERE (t.status IN ('done', 'overdue') OR t.not_done){where}
  ) tasks
  GROUP BY kind, step, days
), lines AS (
  SELECT kind, step, days, done, on_time, overdue, not_done, n FROM tallies
  UNION ALL
  SELECT kind, 'all', days, SUM(done), SUM(on_time), SUM(overdue), SUM(not_done), SUM(n)
  FROM tallies GROUP BY kind, days
), counted AS (
  SELECT kind, step, SUM(done) AS done, SUM(on_time) AS on_time, SUM(overdue) AS overdue,
         SUM(not_done) AS not_done
  FROM lines GROUP BY kind, step
), running AS (
  SELECT kind, step, days,
         SUM(n) OVER (PARTITION BY kind, step ORDER BY days) AS upto,
         SUM(n) OVER (PARTITION BY kind, step) AS total
  FROM lines WHERE days IS NOT NULL
), medians AS (
  SELECT kind, step, (MIN(CASE WHEN upto > (total - 1) / 2 THEN days END)
                      + MIN(CASE WHEN upto > total / 2 THEN days END)) / 2.0 AS median
  FROM running GROUP BY kind, step
), steps AS ({steps} UNION SELECT kind, step FROM counted)
SELECT s.kind, s.step, COALESCE(l.done + l.overdue, 0) AS tasks, COALESCE(l.done, 0) AS done,
       COALESCE(l.on_time, 0) AS done_on_time, COALESCE(l.done - l.on_time, 0) AS done_late,
       COALESCE(l.overdue, 0) AS overdue, COALESCE(l.not_done, 0) AS not_done,
       CAST(l.on_time AS DOUBLE PRECISION) / NULLIF(l.done + l.overdue, 0) AS on_time,
       m.median AS median_working_days_from_order
FROM steps s LEFT JOIN counted l ON l.kind = s.kind AND l.step = s.step
LEFT JOIN medians m ON m.kind = s.kind AND m.step = s.step
"""
    return Sql(sql, params, 2)


def _kpis(session: Session, c: Cohort) -> KpiReport:
    return kpis(session, today=AS_OF, team=c.team, since=c.since, until=c.until)


def _kpis_sql(_dialect: str, c: Cohort) -> Sql:
    params: dict[str, Any] = {}
    sql = (
        "SELECT AVG(CASE WHEN p.case_manager_changes = 0 THEN 1.0 ELSE 0.0 END) AS headline "
        "FROM rm_pathways p WHERE p.closure_reason IS NOT NULL" + c.where(params)
    )
    return Sql(sql, params)


def _rri(session: Session, c: Cohort) -> RriReport:
    return disproportionality(
        session,
        dimension="ethnicity",
        min_count=MIN_COUNT,
        team=c.team,
        since=c.since,
        until=c.until,
    )


_ETHNIC_GROUPS = ("White", "Mixed", "Asian", "Black", "Other", "Not stated")
"""`reports.groups.GROUPS["ethnicity"]`, the last for a missing or unknown code."""


def _ethnic_group_sql(code: str) -> str:
    """The 2001 census top-level group of an ethnicity code (`reports.groups.ethnic_group`)."""
    *named, other = _ETHNIC_GROUPS
    letters = " ".join(f"WHEN '{g[0]}' THEN '{g}'" for g in named)
    return f"CASE UPPER(SUBSTR(TRIM({code}), 1, 1)) {letters} ELSE '{other}' END"


def _groups_sql() -> str:
    """Every ethnic group as rows of a column `grp` (so that a group with no one still shows)."""
    return " UNION ALL ".join(f"SELECT '{g}' AS grp" for g in _ETHNIC_GROUPS)


_RRI_FIGURES = ("events", "base", "rate", "reference_rate", "rri", "ci_low", "ci_high")


def _rri_columns(dialect: str, a: str, n1: str, c: str, n2: str, reference: str) -> str:
    """A group's RRI columns (`_RRI_FIGURES`), from its events and base and the reference's.

    As `reports.rri.compare` with nothing suppressed: the log-method 95% interval, with 0.5
    added to each count when the group has no events.
    """

    def f(x: str) -> str:
        return f"CAST({x} AS DOUBLE PRECISION)"

    greatest = "GREATEST" if dialect == "postgresql" else "MAX"
    rate, ref_rate = f"{f(a)} / NULLIF({n1}, 0)", f"{f(c)} / NULLIF({n2}, 0)"
    defined = f"{n1} > 0 AND {c} > 0 AND NOT {reference}"

    def bound(sign: str, plus: str) -> str:
        a_, n1_, c_, n2_ = (f"({x} {plus})" for x in (f(a), f(n1), f(c), f(n2)))
        ratio = f"(({a_} / {n1_}) / ({c_} / {n2_}))"
        se = f"SQRT({greatest}(0.0, 1 / {a_} - 1 / {n1_} + 1 / {c_} - 1 / {n2_}))"
        return f"EXP(LN({ratio}) {sign} 1.96 * {se})"

    return (
        f"{a} AS events, {n1} AS base, {rate} AS rate, {ref_rate} AS reference_rate, "
        f"CASE WHEN {n1} = 0 OR {c} = 0 OR {n2} = 0 THEN NULL WHEN {reference} THEN 1.0 "
        f"ELSE ({rate}) / ({ref_rate}) END AS rri, "
        f"CASE WHEN {defined} THEN CASE WHEN {a} = 0 THEN 0.0 ELSE {bound('-', '+ 0')} END "
        f"END AS ci_low, "
        f"CASE WHEN {defined} THEN CASE WHEN {a} = 0 THEN {bound('+', '+ 0.5')} "
        f"ELSE {bound('+', '+ 0')} END END AS ci_high"
    )


def _rri_figures(report: RriReport) -> Figures:
    return {
        f"{row.decision_point}/{row.group}/{label}": getattr(row, label)
        for row in report.rows
        for label in _RRI_FIGURES
    }


def _rri_sql(dialect: str, c: Cohort) -> Sql:
    """Each decision point's events and base by ethnic group, and each group's RRI row."""
    params: dict[str, Any] = {}
    where = c.where(params)
    programmes = ", ".join(f"'{p.value}'" for p in Programme)
    courts = ", ".join(f"'{k.value}'" for k in OrderChangeKind)
    points = " UNION ALL ".join(f"SELECT '{p.id}' AS point" for p in DECISION_POINTS)
    rri = _rri_columns(dialect, "g.events", "g.base", "r.events", "r.base", "g.grp = 'White'")
    sql = f"""
WITH units AS (
  SELECT 'referral_' || d.programme AS point, p.ethnicity AS code,
         CASE WHEN r.pathway_id IS NULL THEN 0 ELSE 1 END AS event
  FROM rm_decisions d JOIN rm_pathways p ON p.pathway_id = d.pathway_id
  LEFT JOIN rm_referrals r ON r.pathway_id = d.pathway_id AND r.programme = d.programme
  WHERE d.programme IN ({programmes}){where}
  UNION ALL
  SELECT 'override', p.ethnicity, CASE WHEN r.override_reason IS NULL THEN 0 ELSE 1 END
  FROM rm_referrals r JOIN rm_pathways p ON p.pathway_id = r.pathway_id
  WHERE 1 = 1{where}
  UNION ALL
  SELECT 'breach_return', p.ethnicity,
         MAX(CASE WHEN c.kind = 'breach' AND (c.referred_to = 'court' OR c.outcome IN ({courts}))
                  THEN 1 ELSE 0 END)
  FROM rm_pathways p JOIN rm_compliance c ON c.pathway_id = p.pathway_id
  WHERE 1 = 1{where}
  GROUP BY p.pathway_id, p.ethnicity
  HAVING MAX(CASE WHEN c.kind = 'failure' THEN 1 ELSE 0 END) = 1
  UNION ALL
  SELECT 'custody', p.ethnicity, CASE WHEN p.disposal = '{DTO}' THEN 1 ELSE 0 END
  FROM rm_pathways p WHERE p.disposal IN ({_COURT}){where}
), counts AS (
  SELECT point, grp, SUM(event) AS events, COUNT(*) AS base
  FROM (SELECT point, {_ethnic_group_sql("code")} AS grp, event FROM units) u
  GROUP BY point, grp
), cells AS (
  SELECT pt.point, g.grp, COALESCE(n.events, 0) AS events, COALESCE(n.base, 0) AS base
  FROM ({points}) pt CROSS JOIN ({_groups_sql()}) g
  LEFT JOIN counts n ON n.point = pt.point AND n.grp = g.grp
)
SELECT g.point, g.grp, {rri}
FROM cells g JOIN cells r ON r.point = g.point AND r.grp = 'White'
"""
    return Sql(sql, params, 2)


def _reflections(session: Session, c: Cohort) -> BiasReflectionReport:
    return bias_reflections(session, min_count=MIN_COUNT, team=c.team, since=c.since, until=c.until)


def _reflections_sql(_dialect: str, c: Cohort) -> Sql:
    params: dict[str, Any] = {}
    sql = (
        "SELECT COALESCE(SUM(CASE WHEN b.colleague_consulted THEN 1 ELSE 0 END), 0) AS headline "
        "FROM rm_bias_reflections b JOIN rm_pathways p ON p.pathway_id = b.pathway_id "
        "WHERE 1 = 1" + c.where(params)
    )
    return Sql(sql, params)


def _checked(report: BiasReflectionReport) -> float:
    return float(sum(line.checked_with_colleague or 0 for line in report.lines))


def _reoffending(session: Session, c: Cohort) -> ReoffendingReport:
    return reoffending(
        session, as_of=AS_OF, min_count=MIN_COUNT, team=c.team, since=c.since, until=c.until
    )


_REOFFENDING_FIGURES = (
    "children",
    "caution",
    "non_custodial",
    "release",
    "reoffenders",
    "reoffences",
    "binary_rate",
    "frequency_per_child",
    "frequency_per_reoffender",
)


def _reoffending_figures(report: ReoffendingReport) -> Figures:
    figures: Figures = {}
    for k in report.cohorts:
        values = (
            k.children,
            *(k.by_entry[kind] for kind in ("caution", "non_custodial", "release")),
            k.reoffenders,
            k.reoffences,
            k.binary_rate,
            k.frequency_per_child,
            k.frequency_per_reoffender,
        )
        for label, value in zip(_REOFFENDING_FIGURES, values, strict=True):
            figures[f"{k.period_start.isoformat()}/{label}"] = value
    return figures


def _add_months(dialect: str, day: str, months: int) -> str:
    """`day` plus `months`, clamped to the month's end like `core.workdays.add_months`."""
    if dialect == "postgresql":
        return f"CAST({day} + INTERVAL '{months} months' AS DATE)"
    plain = f"DATE({day}, '+{months} months')"
    clamped = f"DATE({day}, 'start of month', '+{months + 1} months', '-1 day')"
    return (
        f"CASE WHEN STRFTIME('%d', {plain}) = STRFTIME('%d', {day}) THEN {plain} ELSE {clamped} END"
    )


def _quarter(dialect: str, day: str) -> str:
    if dialect == "postgresql":
        return f"CAST(DATE_TRUNC('quarter', {day}) AS DATE)"
    back = f"((CAST(STRFTIME('%m', {day}) AS INTEGER) - 1) % 3)"
    return f"DATE({day}, 'start of month', '-' || {back} || ' months')"


def _reoffending_sql(dialect: str, c: Cohort) -> Sql:
    """Each quarter's cohort by way in, its re-offenders and re-offences, and their rates."""
    params: dict[str, Any] = {"as_of": AS_OF, "breach": "breach_of_statutory_order"}
    team = ""
    if c.team is not None:
        team, params["team"] = " AND p.team = :team", c.team
    period = ""
    if c.since is not None:
        period += " AND quarter >= :q_since"
        params["q_since"] = quarter_of(c.since)[0]
    if c.until is not None:
        period += " AND quarter <= :until"
        params["until"] = c.until
    cautions = ", ".join(f"'{o}'" for o in sorted(CAUTIONS))
    non_custodial = ", ".join(f"'{d}'" for d in sorted(NON_CUSTODIAL))
    in_code_order = ' COLLATE "C"' if dialect == "postgresql" else ""  # as Python sorts
    sql = f"""
WITH entries AS (
  SELECT p.child_id, d.decided_on AS entered_on, p.pathway_id, 'caution' AS kind
  FROM rm_pathways p JOIN rm_diversions d ON d.pathway_id = p.pathway_id
  WHERE d.outcome IN ({cautions}) AND d.decided_on IS NOT NULL{team}
  UNION ALL
  SELECT p.child_id,
         CASE WHEN p.disposal IN ({non_custodial}) AND p.resentenced_from IS NULL
              THEN p.made_on ELSE p.released_on END,
         p.pathway_id,
         CASE WHEN p.disposal IN ({non_custodial}) AND p.resentenced_from IS NULL
              THEN 'non_custodial' ELSE 'release' END
  FROM rm_pathways p
  WHERE p.disposal IN ({_COURT}){team}
    AND ((p.disposal IN ({non_custodial}) AND p.resentenced_from IS NULL)
         OR p.released_on IS NOT NULL)
), members AS (
  SELECT child_id, entered_on, pathway_id, kind, quarter FROM (
    SELECT child_id, entered_on, pathway_id, kind, quarter,
           ROW_NUMBER() OVER (PARTITION BY quarter, child_id
                              ORDER BY entered_on, pathway_id{in_code_order}) AS n
    FROM (SELECT e.*, {_quarter(dialect, "e.entered_on")} AS quarter
          FROM entries e WHERE e.entered_on <= :as_of) dated
    WHERE 1 = 1{period}
  ) ranked WHERE n = 1
), proven AS (
  SELECT p.child_id, COALESCE(o.offence_date, p.made_on) AS committed_on,
         p.made_on AS proven_on, p.pathway_id
  FROM rm_pathways p LEFT JOIN rm_offences o ON o.pathway_id = p.pathway_id
  WHERE p.disposal IN ({_COURT}) AND p.resentenced_from IS NULL
    AND (o.offence_group IS NULL OR o.offence_group <> :breach)
  UNION ALL
  SELECT p.child_id, COALESCE(d.trigger_on, d.decided_on), d.decided_on, p.pathway_id
  FROM rm_pathways p JOIN rm_diversions d ON d.pathway_id = p.pathway_id
  WHERE d.outcome IN ({cautions}) AND d.decided_on IS NOT NULL
), scored AS (
  SELECT m.quarter, m.kind, COUNT(r.pathway_id) AS reoffences
  FROM members m LEFT JOIN proven r
    ON r.child_id = m.child_id AND r.pathway_id <> m.pathway_id
   AND r.committed_on > m.entered_on
   AND r.committed_on <= {_add_months(dialect, "m.entered_on", 12)}
   AND r.proven_on <= {_add_months(dialect, "m.entered_on", 18)}
   AND r.proven_on <= :as_of
  GROUP BY m.quarter, m.child_id, m.kind
)
SELECT CAST(quarter AS TEXT) AS quarter, COUNT(*) AS children,
       SUM(CASE WHEN kind = 'caution' THEN 1 ELSE 0 END) AS caution,
       SUM(CASE WHEN kind = 'non_custodial' THEN 1 ELSE 0 END) AS non_custodial,
       SUM(CASE WHEN kind = 'release' THEN 1 ELSE 0 END) AS release,
       SUM(CASE WHEN reoffences > 0 THEN 1 ELSE 0 END) AS reoffenders,
       SUM(reoffences) AS reoffences,
       CAST(SUM(CASE WHEN reoffences > 0 THEN 1 ELSE 0 END) AS DOUBLE PRECISION) / COUNT(*)
         AS binary_rate,
       CAST(SUM(reoffences) AS DOUBLE PRECISION) / COUNT(*) AS frequency_per_child,
       CAST(SUM(reoffences) AS DOUBLE PRECISION)
         / NULLIF(SUM(CASE WHEN reoffences > 0 THEN 1 ELSE 0 END), 0) AS frequency_per_reoffender
FROM scored GROUP BY quarter
"""
    return Sql(sql, params, 1)


def _custody(session: Session, c: Cohort) -> CustodyReport:
    return custody(
        session,
        population=Population(),
        min_count=MIN_COUNT,
        team=c.team,
        since=c.since,
        until=c.until,
    )


def _custody_figures(report: CustodyReport) -> Figures:
    figures: Figures = {}
    for q in report.quarters:
        key = f"quarter/{q.period_start.isoformat()}"
        values = (q.sentences, q.custodial, q.share_of_sentences, q.population, q.per_1000)
        for label, value in zip(_CUSTODY_QUARTER, values, strict=True):
            figures[f"{key}/{label}"] = value
        for label in _RRI_FIGURES:
            figures[f"{key}/{label}"] = None
    for row in report.rri:
        key = f"rri/{row.group}"
        for label in _CUSTODY_QUARTER:
            figures[f"{key}/{label}"] = None
        for label in _RRI_FIGURES:
            figures[f"{key}/{label}"] = getattr(row, label)
    return figures


_CUSTODY_QUARTER = ("sentences", "custodial", "share_of_sentences", "population", "per_1000")


def _custody_sql(dialect: str, c: Cohort) -> Sql:
    """Sentences and DTOs by quarter (with the rate per 1,000), and the RRI of custody by group.

    One row per quarter and one per ethnic group, with the same columns: a quarter's RRI
    columns and a group's quarter columns are null.
    """
    params: dict[str, Any] = {}
    where = c.where(params)
    years = Population().by_team.get(c.team or WHOLE_SERVICE) or {}
    population = (
        " UNION ALL ".join(
            f"SELECT {int(y)} AS year, {int(n)} AS children" for y, n in years.items()
        )
        or "SELECT 0 AS year, 0 AS children WHERE 1 = 0"
    )
    quarter = _quarter(dialect, "p.made_on")
    year = (
        "CAST(EXTRACT(YEAR FROM q.quarter) AS INTEGER)"
        if dialect == "postgresql"
        else "CAST(STRFTIME('%Y', q.quarter) AS INTEGER)"
    )
    people = (
        f"(SELECT n.children FROM population n WHERE n.year = "
        f"(SELECT MAX(m.year) FROM population m WHERE m.year <= {year}))"
    )
    nulls = ", ".join(f"NULL AS {label}" for label in _RRI_FIGURES)
    quarter_nulls = ", ".join(f"NULL AS {label}" for label in _CUSTODY_QUARTER)
    rri = _rri_columns(dialect, "g.events", "g.base", "r.events", "r.base", "g.grp = 'White'")
    sql = f"""
WITH orders AS (
  SELECT {quarter} AS quarter, {_ethnic_group_sql("p.ethnicity")} AS grp,
         CASE WHEN p.disposal = '{DTO}' THEN 1 ELSE 0 END AS custodial
  FROM rm_pathways p WHERE p.disposal IN ({_COURT}){where}
), population AS ({population}
), quarters AS (
  SELECT quarter, COUNT(*) AS sentences, SUM(custodial) AS custodial FROM orders GROUP BY quarter
), by_group AS (
  SELECT g.grp, COALESCE(SUM(o.custodial), 0) AS events, COUNT(o.grp) AS base
  FROM ({_groups_sql()}) g LEFT JOIN orders o ON o.grp = g.grp GROUP BY g.grp
)
SELECT 'quarter' AS section, CAST(q.quarter AS TEXT) AS name, q.sentences, q.custodial,
       CAST(q.custodial AS DOUBLE PRECISION) / q.sentences AS share_of_sentences,
       {people} AS population,
       q.custodial * 1000.0 / NULLIF({people}, 0) AS per_1000, {nulls}
FROM quarters q
UNION ALL
SELECT 'rri', g.grp, {quarter_nulls}, {rri}
FROM by_group g JOIN by_group r ON r.grp = 'White'
"""
    return Sql(sql, params, 2)


REPORTS: list[BenchReport] = [
    BenchReport(
        "timeliness",
        "court orders' and diversion pathways' steps, each and all: tasks, done, on time, late, "
        "overdue, not done, the on-time share and the median working days from the order",
        _timeliness,
        _timeliness_figures,
        _timeliness_sql,
    ),
    BenchReport(
        "kpis",
        "closed pathways that kept one case manager / closed",
        _kpis,
        headline(lambda r: r.consistency.closed_share),
        _kpis_sql,
    ),
    BenchReport(
        "disproportionality",
        "by decision point and ethnic group: the RRI row (events, base, rate, reference rate, "
        "RRI, 95% interval); suppression, notes and labels are presentation",
        _rri,
        _rri_figures,
        _rri_sql,
    ),
    BenchReport(
        "bias-reflections",
        "reflections checked with a colleague",
        _reflections,
        headline(_checked),
        _reflections_sql,
    ),
    BenchReport(
        "reoffending",
        "by quarter's cohort: children, by way in, re-offenders, re-offences and the three "
        "rates (the quarter's end, final day, follow-up months and provisional flag are "
        "calendar arithmetic on the quarter and today, not counted)",
        _reoffending,
        _reoffending_figures,
        _reoffending_sql,
    ),
    BenchReport(
        "custody",
        "by quarter: sentences, DTOs, their share, the population and DTOs per 1,000; by ethnic "
        "group: the RRI row (events, base, rates, RRI, 95% interval)",
        _custody,
        _custody_figures,
        _custody_sql,
    ),
]
"""Every report the benchmark times, in the order it prints them."""
