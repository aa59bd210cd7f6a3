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
from benchmarks.reports.synthetic import population as synthetic_population
from contracts.common import COURT_DISPOSALS
from core.bank_holidays import england_and_wales
from reports.custody import DTO, CustodyReport, custody
from reports.disproportionality import RriReport, disproportionality
from reports.diversion_rri import OUTCOME_POINTS, DiversionRriReport, diversion_disproportionality
from reports.first_time_entrants import FirstTimeEntrants, first_time_entrants
from reports.kpis import KpiReport, kpis
from reports.population import Population
from reports.reflections import BiasReflectionReport, bias_reflections
from reports.reoffending import CAUTIONS, NON_CUSTODIAL, ReoffendingReport, quarter_of, reoffending
from reports.timeliness import TimelinessReport, timeliness
from reports.yjb_kpis import YjbKpiReport, yjb_kpis

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


def _timeliness_sql(_dialect: str, c: Cohort) -> Sql:
    params: dict[str, Any] = {}
    sql = (
        "SELECT CAST(SUM(CASE WHEN t.status = 'done' AND t.completed_on <= t.due_date "
        "THEN 1 ELSE 0 END) AS FLOAT) / NULLIF(COUNT(*), 0) AS headline "
        "FROM rm_tasks t JOIN rm_pathways p ON p.pathway_id = t.pathway_id "
        "WHERE t.status IN ('done', 'overdue') AND NOT t.not_done "
        "AND p.disposal <> 'diversion'" + c.where(params)
    )
    return Sql(sql, params)


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


def _rri_black_custody(report: RriReport) -> float | None:
    return next(r.rri for r in report.rows if r.decision_point == "custody" and r.group == "Black")


def _rri_sql(_dialect: str, c: Cohort) -> Sql:
    params: dict[str, Any] = {}
    group = "UPPER(SUBSTR(TRIM(p.ethnicity), 1, 1))"
    dto = f"CASE WHEN p.disposal = '{DTO}' THEN 1.0 ELSE 0.0 END"
    sql = (
        f"SELECT AVG(CASE WHEN {group} = 'B' THEN {dto} END) "
        f"/ NULLIF(AVG(CASE WHEN {group} = 'W' THEN {dto} END), 0) AS headline "
        f"FROM rm_pathways p WHERE p.disposal IN ({_COURT})" + c.where(params)
    )
    return Sql(sql, params)


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


def _binary_rate(report: ReoffendingReport) -> float | None:
    children = sum(k.children or 0 for k in report.cohorts)
    reoffenders = sum(k.reoffenders or 0 for k in report.cohorts)
    return reoffenders / children if children else None


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
    """Children of the period's quarterly cohorts, and those with a proven re-offence."""
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
    sql = f"""
WITH entries AS (
  SELECT p.child_id, d.decided_on AS entered_on, p.pathway_id
  FROM rm_pathways p JOIN rm_diversions d ON d.pathway_id = p.pathway_id
  WHERE d.outcome IN ({cautions}) AND d.decided_on IS NOT NULL{team}
  UNION ALL
  SELECT p.child_id,
         CASE WHEN p.disposal IN ({non_custodial}) AND p.resentenced_from IS NULL
              THEN p.made_on ELSE p.released_on END,
         p.pathway_id
  FROM rm_pathways p
  WHERE p.disposal IN ({_COURT}){team}
    AND ((p.disposal IN ({non_custodial}) AND p.resentenced_from IS NULL)
         OR p.released_on IS NOT NULL)
), members AS (
  SELECT child_id, entered_on, pathway_id FROM (
    SELECT child_id, entered_on, pathway_id, quarter,
           ROW_NUMBER() OVER (PARTITION BY quarter, child_id
                              ORDER BY entered_on, pathway_id) AS n
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
)
SELECT CAST(SUM(CASE WHEN EXISTS (
         SELECT 1 FROM proven r
         WHERE r.child_id = m.child_id AND r.pathway_id <> m.pathway_id
           AND r.committed_on > m.entered_on
           AND r.committed_on <= {_add_months(dialect, "m.entered_on", 12)}
           AND r.proven_on <= {_add_months(dialect, "m.entered_on", 18)}
           AND r.proven_on <= :as_of)
       THEN 1 ELSE 0 END) AS FLOAT) / NULLIF(COUNT(*), 0) AS headline
FROM members m
"""
    return Sql(sql, params)


def _custody(session: Session, c: Cohort) -> CustodyReport:
    return custody(
        session,
        population=Population(),
        min_count=MIN_COUNT,
        team=c.team,
        since=c.since,
        until=c.until,
    )


def _custody_share(report: CustodyReport) -> float | None:
    sentences = sum(q.sentences or 0 for q in report.quarters)
    return sum(q.custodial or 0 for q in report.quarters) / sentences if sentences else None


def _custody_sql(_dialect: str, c: Cohort) -> Sql:
    params: dict[str, Any] = {}
    sql = (
        f"SELECT AVG(CASE WHEN p.disposal = '{DTO}' THEN 1.0 ELSE 0.0 END) AS headline "
        f"FROM rm_pathways p WHERE p.disposal IN ({_COURT})" + c.where(params)
    )
    return Sql(sql, params)


def _period(column: str, c: Cohort, params: dict[str, Any]) -> str:
    """The cohort's team (on `rm_pathways p`) and period (on `column`), ` AND ` before each."""
    sql = ""
    if c.team is not None:
        sql += " AND p.team = :team"
        params["team"] = c.team
    if c.since is not None:
        sql += f" AND {column} >= :since"
        params["since"] = c.since
    if c.until is not None:
        sql += f" AND {column} <= :until"
        params["until"] = c.until
    return sql


def _first_time_entrants(session: Session, c: Cohort) -> FirstTimeEntrants:
    return first_time_entrants(session, team=c.team, since=c.since, until=c.until)


def _fte_figures(report: FirstTimeEntrants) -> Figures:
    figures: Figures = {"all//all/n": report.first_time_entrants}
    figures.update({f"all//{k.kind.value}/n": k.count for k in report.by_kind})
    for q in report.by_quarter:
        figures[f"quarter/{q.quarter}/all/n"] = q.first_time_entrants
        figures.update({f"quarter/{q.quarter}/{k.kind.value}/n": k.count for k in q.by_kind})
    for a in report.by_area:
        figures[f"area/{a.area or ''}/{a.team or ''}/n"] = a.first_time_entrants
    return figures


_CAUTIONS = "'youth_caution', 'youth_conditional_caution'"


def _fte_sql(dialect: str, c: Cohort) -> Sql:
    """Each child's first caution or conviction: an event of the cohort with none before it.

    An event is ordered by its day, then a caution before a conditional caution before a
    conviction, then its pathway; only the cohort's events are looked at, and for each the
    child's other pathways (by `child_id`) for an earlier one.
    """
    params: dict[str, Any] = {}
    if dialect == "postgresql":
        quarter = "TO_CHAR(entered_on, 'YYYY\"-Q\"Q')"
    else:
        quarter = (
            "STRFTIME('%Y', entered_on) || '-Q' || "
            "((CAST(STRFTIME('%m', entered_on) AS INTEGER) + 2) / 3)"
        )
    rank = (
        "CASE {d}.outcome WHEN 'youth_caution' THEN 0 "
        "WHEN 'youth_conditional_caution' THEN 1 ELSE 2 END"
    )
    conviction = "{p}.disposal IN (" + _COURT + ") AND {p}.resentenced_from IS NULL"
    sql = f"""
WITH events AS (
  SELECT p.child_id, p.pathway_id, p.team, p.area,
         COALESCE(d.outcome, 'conviction') AS kind,
         CASE WHEN d.outcome IS NULL THEN p.made_on ELSE d.decided_on END AS entered_on,
         {rank.format(d="d")} AS rank
  FROM rm_pathways p LEFT JOIN rm_diversions d
    ON d.pathway_id = p.pathway_id AND d.outcome IN ({_CAUTIONS}) AND d.decided_on IS NOT NULL
  WHERE (d.pathway_id IS NOT NULL OR ({conviction.format(p="p")}))
), mine AS (
  SELECT * FROM events p WHERE 1 = 1{_period("p.entered_on", c, params)}
), firsts AS (
  SELECT {quarter} AS quarter, kind, area, team FROM mine e
  WHERE NOT EXISTS (
    SELECT 1 FROM rm_pathways q LEFT JOIN rm_diversions dq
      ON dq.pathway_id = q.pathway_id AND dq.outcome IN ({_CAUTIONS})
         AND dq.decided_on IS NOT NULL
    WHERE q.child_id = e.child_id
      AND ((dq.pathway_id IS NOT NULL
            AND (dq.decided_on, {rank.format(d="dq")}, q.pathway_id)
                < (e.entered_on, e.rank, e.pathway_id))
        OR ({conviction.format(p="q")}
            AND (q.made_on, 2, q.pathway_id) < (e.entered_on, e.rank, e.pathway_id))))
), kinds (kind) AS (
  VALUES ('youth_caution'), ('youth_conditional_caution'), ('conviction')
), counted AS (
  SELECT quarter, kind, COUNT(*) AS n FROM firsts GROUP BY quarter, kind
)
SELECT 'all' AS part, '' AS name, 'all' AS detail, COUNT(*) AS n FROM firsts
UNION ALL
SELECT 'all', '', k.kind, COALESCE(SUM(c.n), 0)
FROM kinds k LEFT JOIN counted c ON c.kind = k.kind GROUP BY k.kind
UNION ALL
SELECT 'quarter', quarter, 'all', SUM(n) FROM counted GROUP BY quarter
UNION ALL
SELECT 'quarter', q.quarter, k.kind, COALESCE(c.n, 0)
FROM (SELECT DISTINCT quarter FROM counted) q CROSS JOIN kinds k
LEFT JOIN counted c ON c.quarter = q.quarter AND c.kind = k.kind
UNION ALL
SELECT 'area', COALESCE(area, ''), COALESCE(team, ''), COUNT(*) FROM firsts GROUP BY area, team
"""
    return Sql(sql, params, keys=3)


def _diversion_rri(session: Session, c: Cohort) -> DiversionRriReport:
    return diversion_disproportionality(
        session,
        dimension="ethnicity",
        reference=None,
        min_count=MIN_COUNT,
        team=c.team,
        since=c.since,
        until=c.until,
    )


_RRI_FIELDS = ("events", "base", "rate", "reference_rate", "rri", "ci_low", "ci_high")


def _rri_figures(report: RriReport) -> Figures:
    return {
        f"{r.decision_point}/{r.group}/{name}": getattr(r, name)
        for r in report.rows
        for name in _RRI_FIELDS
    }


def _rri_rows_sql(dialect: str, counts: str) -> str:
    """Rate, reference rate, RRI and its 95% interval (`reports.rri`) from a CTE `counts`.

    `counts` has (point, grp, events, base) for every decision point and group, the
    reference group's as `grp = 'White'`.
    """
    most = "GREATEST" if dialect == "postgresql" else "MAX"

    def interval(a: str, n1: str, c: str, n2: str, sign: str) -> str:
        ratio = f"(({a}) / ({n1})) / (({c}) / ({n2}))"
        se = f"SQRT({most}(0.0, 1.0 / ({a}) - 1.0 / ({n1}) + 1.0 / ({c}) - 1.0 / ({n2})))"
        return f"EXP(LN({ratio}) {sign} 1.96 * {se})"

    a, n1 = "CAST(k.events AS FLOAT)", "CAST(k.base AS FLOAT)"
    c, n2 = "CAST(r.events AS FLOAT)", "CAST(r.base AS FLOAT)"
    defined = "k.base > 0 AND r.base > 0 AND r.events > 0"
    half = [f"{x} + 0.5" for x in (a, n1, c, n2)]  # Haldane-Anscombe, as `reports.rri`
    return f"""
SELECT k.point, k.grp, k.events, k.base,
  CASE WHEN k.base > 0 THEN {a} / {n1} END AS rate,
  CASE WHEN r.base > 0 THEN {c} / {n2} END AS reference_rate,
  CASE WHEN NOT ({defined}) THEN NULL WHEN k.grp = 'White' THEN 1.0
       ELSE ({a} / {n1}) / ({c} / {n2}) END AS rri,
  CASE WHEN NOT ({defined}) OR k.grp = 'White' THEN NULL WHEN k.events = 0 THEN 0.0
       ELSE {interval(a, n1, c, n2, "-")} END AS ci_low,
  CASE WHEN NOT ({defined}) OR k.grp = 'White' THEN NULL
       WHEN k.events = 0 THEN {interval(half[0], half[1], half[2], half[3], "+")}
       ELSE {interval(a, n1, c, n2, "+")} END AS ci_high
FROM {counts} k JOIN {counts} r ON r.point = k.point AND r.grp = 'White'
"""


_ETHNIC_GROUP = (
    "CASE UPPER(SUBSTR(TRIM(p.ethnicity), 1, 1)) WHEN 'W' THEN 'White' WHEN 'M' THEN 'Mixed' "
    "WHEN 'A' THEN 'Asian' WHEN 'B' THEN 'Black' WHEN 'O' THEN 'Other' ELSE 'Not stated' END"
)


def _diversion_rri_sql(dialect: str, c: Cohort) -> Sql:
    """Decided referrals by ethnic group: charged of decided, each outcome of those not charged."""
    params: dict[str, Any] = {}
    groups = " UNION ALL ".join(
        f"SELECT '{g}'" for g in ("White", "Mixed", "Asian", "Black", "Other", "Not stated")
    )
    outcomes = " UNION ALL ".join(
        f"SELECT '{point.id}', '{o}'" for point, chosen in OUTCOME_POINTS for o in sorted(chosen)
    )
    sql = f"""
WITH decided AS (
  SELECT {_ETHNIC_GROUP} AS grp, d.outcome
  FROM rm_diversions d JOIN rm_pathways p ON p.pathway_id = d.pathway_id
  WHERE d.outcome IS NOT NULL AND d.decided_on IS NOT NULL{_period("d.decided_on", c, params)}
), by_group AS (
  SELECT grp, outcome, COUNT(*) AS n FROM decided GROUP BY grp, outcome
), groups (grp) AS ({groups}
), chosen (point, outcome) AS ({outcomes}
), points (point) AS (SELECT DISTINCT point FROM chosen
), counts AS (
  SELECT 'divert_or_charge' AS point, g.grp,
         COALESCE(SUM(CASE WHEN b.outcome = 'charge' THEN b.n END), 0) AS events,
         COALESCE(SUM(b.n), 0) AS base
  FROM groups g LEFT JOIN by_group b ON b.grp = g.grp GROUP BY g.grp
  UNION ALL
  SELECT pt.point, g.grp,
         COALESCE(SUM(CASE WHEN ch.outcome IS NOT NULL THEN b.n END), 0),
         COALESCE(SUM(b.n), 0)
  FROM points pt CROSS JOIN groups g
  LEFT JOIN by_group b ON b.grp = g.grp AND b.outcome <> 'charge'
  LEFT JOIN chosen ch ON ch.point = pt.point AND ch.outcome = b.outcome
  GROUP BY pt.point, g.grp
){_rri_rows_sql(dialect, "counts")}"""
    return Sql(sql, params, keys=2)


POPULATION = Population(by_team=synthetic_population())
"""The synthetic services' children aged 10 to 17, for KPI 9's rate (as `PATHWAY_POPULATION`)."""


def _yjb_kpis(session: Session, c: Cohort) -> YjbKpiReport:
    return yjb_kpis(
        session, min_count=MIN_COUNT, population=POPULATION, team=c.team, since=c.since,
        until=c.until,
    )  # fmt: skip


_COHORT_COUNTS = ("children", "not_recorded", "closed_without_outcome_data",
                  "ended_before_outcome_data")  # fmt: skip


def _yjb_figures(report: YjbKpiReport) -> Figures:
    """Each KPI's measures, and the cohort's counts as the CSV gives them (a numerator alone)."""
    figures: Figures = {}
    for k in report.kpis:
        for m in k.measures:
            figures[f"kpi{k.kpi}/{m.name}/numerator"] = m.numerator
            figures[f"kpi{k.kpi}/{m.name}/denominator"] = m.denominator
            figures[f"kpi{k.kpi}/{m.name}/share"] = m.share
    for name in _COHORT_COUNTS:
        figures[f"cohort/{name}/numerator"] = getattr(report, name)
        figures[f"cohort/{name}/denominator"] = None
        figures[f"cohort/{name}/share"] = None
    return figures


# KPIs 1-5 and 8 over the cohort's outcome data (`s` at the start, `e` at the end): each
# measure's name, what it counts, and among whom (None: every child of the cohort).
_NEED, _OFFERED = "{p}.{a}_need", "{p}.{a}_offered"
_OUTCOME_MEASURES: tuple[tuple[int, str, str, str | None], ...] = (
    (1, "suitable at the end", "e.accommodation_suitable", None),
    (1, "suitable at the start", "s.accommodation_suitable", None),
    (2, "suitable ETE at the end", "e.ete_suitable", None),
    (2, "suitable ETE at the start", "s.ete_suitable", None),
    (3, "identified need", "e.send_identified", None),
    (3, "formal plan, of those with a need", "e.send_formal_plan", "e.send_identified"),
    (3, "in suitable ETE, of those with a need", "e.ete_suitable", "e.send_identified"),
    *(
        measure
        for kpi, area in ((4, "mental_health"), (5, "substance_use"))
        for measure in (
            (kpi, "screened or identified need at the end", f"e.{area}_need", None),
            (kpi, "intervention planned or offered, of those with a need", f"e.{area}_offered",
             f"e.{area}_need"),
            (kpi, "attended, of those offered", f"e.{area}_attended", f"e.{area}_offered"),
        )
    ),
    (8, "known to any wider service",
     "(e.looked_after OR e.child_protection_plan OR e.child_in_need OR e.early_help)", None),
    (8, "looked after", "e.looked_after", None),
    (8, "child protection plan", "e.child_protection_plan", None),
    (8, "child in need", "e.child_in_need", None),
    (8, "early help", "e.early_help", None),
)  # fmt: skip


def _share(numerator: str, denominator: str) -> str:
    return f"CASE WHEN {denominator} > 0 THEN CAST({numerator} AS FLOAT) / {denominator} END"


def _row(kpi: str, measure: str, numerator: str, denominator: str | None, source: str = "sums",
         share: str | None = None) -> str:  # fmt: skip
    """One measure's row of the KPI query: no denominator, no share (the cohort's counts)."""
    num = f"COALESCE({numerator}, 0)"
    den = "NULL" if denominator is None else f"COALESCE({denominator}, 0)"
    if share is None:
        share = "NULL" if denominator is None else _share(num, den)
    return (f"SELECT {kpi} AS kpi, {measure} AS measure, {num} AS numerator, "
            f"{den} AS denominator, {share} AS share FROM {source}")  # fmt: skip


def _yjb_kpis_sql(dialect: str, c: Cohort) -> Sql:
    """Every KPI's numerator, denominator and share, and the cohort's counts, as rows.

    The cohort: the pathways closed in the period (a diversion referral closed at the joint
    decision aside), each child's last, that take outcome data; KPI 6 the out-of-court
    disposal interventions closed in the period, KPI 7 the board's meetings held in it, KPI 9
    the serious violence proven in it (from January of this year when no start is given), KPI
    10 the victims of the orders made in it.
    """
    params: dict[str, Any] = {}
    sums, rows = [], []
    for n, (kpi, name, counted, among) in enumerate(_OUTCOME_MEASURES):
        # Every sum is of the children whose pathway takes outcome data (`l.rules`).
        if among is None:
            sums += [f"SUM(CASE WHEN l.rules AND {counted} THEN 1 ELSE 0 END) AS num{n}",
                     f"SUM(CASE WHEN l.rules THEN 1 ELSE 0 END) AS den{n}"]  # fmt: skip
        else:
            sums += [
                f"SUM(CASE WHEN l.rules AND {among} AND {counted} THEN 1 ELSE 0 END) AS num{n}",
                f"SUM(CASE WHEN l.rules AND {among} THEN 1 ELSE 0 END) AS den{n}",
            ]
        rows.append(_row(f"'kpi{kpi}'", f"'{name}'", f"num{n}", f"den{n}"))
    rows.append(_row("'kpi2'", "'hours attended of hours offered at the end'", "attended",
                     "offered"))  # fmt: skip
    rows += [_row("'cohort'", f"'{name}'", name, None) for name in _COHORT_COUNTS]
    closed = _period("p.closed_on", c, params)
    # KPI 6 and 9 take their period as `reports.yjb_kpis` gives it to `reports.oocd`.
    kpi9_since = c.since or date(c.until.year if c.until else date.today().year, 1, 1)
    params["kpi9_since"] = kpi9_since
    proven = "" if c.until is None else " AND {day} <= :until"
    team = "" if c.team is None else " AND p.team = :team"
    people = POPULATION.of(c.team, kpi9_since.year)
    per = "NULL" if not people else f"CAST(COUNT(*) AS FLOAT) * 10000 / {people} / 10000"
    serious = "'violence_against_the_person', 'robbery', 'drugs'"
    if dialect == "postgresql":
        places = (
            "FROM board_meetings m CROSS JOIN LATERAL json_array_elements_text(m.expected) "
            "AS e(partner)"
        )
        went = (
            "SELECT 1 FROM json_array_elements_text(m.attended) AS a(partner) "
            "WHERE a.partner = e.partner"
        )
    else:
        places = "FROM board_meetings m, json_each(m.expected) AS e"
        went = "SELECT 1 FROM json_each(m.attended) AS a WHERE a.value = e.value"
    partner = "e.partner" if dialect == "postgresql" else "e.value"
    rows += [
        _row("'kpi6'", "'interventions completed'", "SUM(done)", "COUNT(*)", "oocd"),
        _row("'kpi7'", "'partner places filled'", "SUM(went)", "COUNT(*)", "places"),
        _row(
            "'kpi7'",
            "partner || ': meetings attended'",
            "SUM(went)",
            "COUNT(*)",
            "places GROUP BY partner",
        ),  # fmt: skip
        _row(
            "'kpi9'",
            "'children with a proven serious violence offence, of the population'",
            "COUNT(*)",
            str(people) if people else None,
            "serious",
            per,
        ),  # fmt: skip
        _row(
            "'kpi10'",
            "'victims engaged in restorative justice'",
            "taking_part",
            "consenting",
            "victims",
        ),  # fmt: skip
    ]
    meetings = "" if c.team is None else " AND m.team = :team"
    meetings += "" if c.since is None else " AND m.met_on >= :since"
    meetings += "" if c.until is None else " AND m.met_on <= :until"
    sql = f"""
WITH ended AS (
  SELECT p.pathway_id, p.outcome_data_rules AS rules, p.closed_without_outcome_data AS waived,
         ROW_NUMBER() OVER (PARTITION BY p.child_id
                            ORDER BY p.closed_on DESC, p.pathway_id DESC) AS n
  FROM rm_pathways p LEFT JOIN rm_diversions d ON d.pathway_id = p.pathway_id
  WHERE p.closed_on IS NOT NULL{closed}
    AND (d.pathway_id IS NULL OR d.outcome NOT IN ('no_further_action', 'charge'))
), sums AS (
  SELECT SUM(CASE WHEN l.rules THEN 1 ELSE 0 END) AS children,
         SUM(CASE WHEN l.rules AND e.pathway_id IS NULL THEN 1 ELSE 0 END) AS not_recorded,
         SUM(CASE WHEN l.rules AND l.waived THEN 1 ELSE 0 END) AS closed_without_outcome_data,
         SUM(CASE WHEN l.rules THEN 0 ELSE 1 END) AS ended_before_outcome_data,
         SUM(CASE WHEN l.rules THEN e.ete_hours_attended END) AS attended,
         SUM(CASE WHEN l.rules THEN e.ete_hours_offered END) AS offered,
         {", ".join(sums)}
  FROM ended l
  LEFT JOIN rm_outcome_data s ON s.pathway_id = l.pathway_id AND s.point = 'start'
  LEFT JOIN rm_outcome_data e ON e.pathway_id = l.pathway_id AND e.point = 'end'
  WHERE l.n = 1
), oocd AS (
  SELECT MAX(CASE WHEN p.closure_reason = 'completed' THEN 1 ELSE 0 END) AS done
  FROM rm_pathways p JOIN rm_diversions d ON d.pathway_id = p.pathway_id
  WHERE d.outcome IN ('community_resolution', 'youth_caution', 'youth_conditional_caution')
    AND p.status = 'closed'{closed}
  GROUP BY p.child_id
), places AS (
  SELECT {partner} AS partner, CASE WHEN EXISTS ({went}) THEN 1 ELSE 0 END AS went
  {places}
  WHERE 1 = 1{meetings}
), serious AS (
  SELECT p.child_id FROM rm_pathways p
  WHERE p.disposal <> 'diversion' AND p.resentenced_from IS NULL
    AND p.made_on >= :kpi9_since{proven.format(day="p.made_on")}{team}
    AND EXISTS (SELECT 1 FROM rm_offences o
                WHERE o.pathway_id = p.pathway_id AND o.offence_group IN ({serious}))
  UNION
  SELECT p.child_id FROM rm_pathways p JOIN rm_diversions d ON d.pathway_id = p.pathway_id
  WHERE d.offence_group IN ({serious}) AND d.outcome IN ({_CAUTIONS})
    AND d.decided_on >= :kpi9_since{proven.format(day="d.decided_on")}{team}
), victims AS (
  SELECT SUM(CASE WHEN v.option IS NOT NULL THEN 1 ELSE 0 END) AS taking_part,
         SUM(CASE WHEN v.ever_consented OR v.consent = 'consented' THEN 1 ELSE 0 END)
           AS consenting
  FROM rm_victims v JOIN rm_pathways p ON p.pathway_id = v.pathway_id
  WHERE 1 = 1{c.where(params)}
)
{" UNION ALL ".join(rows)}
"""
    return Sql(sql, params, keys=2)


REPORTS: list[BenchReport] = [
    BenchReport(
        "timeliness",
        "court orders' tasks done on time / (done + overdue)",
        _timeliness,
        headline(lambda r: r.overall.on_time),
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
        "RRI of custody, Black children against White",
        _rri,
        headline(_rri_black_custody),
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
        "proven re-offenders / children, the period's cohorts together",
        _reoffending,
        headline(_binary_rate),
        _reoffending_sql,
    ),
    BenchReport(
        "custody",
        "custodial sentences / court orders",
        _custody,
        headline(_custody_share),
        _custody_sql,
    ),
    BenchReport(
        "first-time-entrants",
        "first-time entrants: in all, by kind, by quarter (in all and by kind), by area and team",
        _first_time_entrants,
        _fte_figures,
        _fte_sql,
    ),
    BenchReport(
        "diversion-disproportionality",
        "by ethnic group at the decision to charge and at each outcome chosen: events, base, "
        "rate, reference rate, RRI and its 95% interval (not the notes or suppressed flags: "
        "nothing is suppressed)",
        _diversion_rri,
        _rri_figures,
        _diversion_rri_sql,
    ),
    BenchReport(
        "yjb-kpis",
        "every KPI's measures (numerator, denominator, share) and the cohort's four counts",
        _yjb_kpis,
        _yjb_figures,
        _yjb_kpis_sql,
    ),
]
"""Every report the benchmark times, in the order it prints them."""
