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
from contracts.breach import OrderChangeKind
from contracts.common import COURT_DISPOSALS, Programme
from contracts.diversion import DiversionSource, PanelOutcome
from contracts.offences import OffenceGroup
from contracts.referrals import GracesAspect
from contracts.reflections import ReflectionStage
from contracts.restorative import PanelKind
from contracts.steps import ClosureReason
from core.bank_holidays import england_and_wales
from reports.compliance import OUTCOMES, ROUTES
from reports.custody import DTO, CustodyReport, custody
from reports.disproportionality import DECISION_POINTS, RriReport, disproportionality
from reports.diversion_rri import OUTCOME_POINTS, DiversionRriReport, diversion_disproportionality
from reports.first_time_entrants import FirstTimeEntrants, first_time_entrants
from reports.groups import GROUPS
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


def _flat(value: Any, prefix: str = "") -> Figures:
    """A built report's numbers named by their path in its JSON; a list's items by their key.

    An item named by `key` (or `programme`) whose only number is `count` is that count, so
    `orders_by_disposal/referral_order`; other items keep their fields' names beneath.
    """
    found: Figures = {}
    if isinstance(value, dict):
        for name, item in value.items():
            found |= _flat(item, f"{prefix}{name}/")
    elif isinstance(value, list):
        for item in value:
            ident = item.get("key", item.get("programme"))
            rest = {k: v for k, v in item.items() if k not in ("key", "programme")}
            if set(rest) == {"count"}:
                found[f"{prefix}{ident}"] = rest["count"]
            else:
                found |= _flat(rest, f"{prefix}{ident}/")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found[prefix.removesuffix("/")] = value
    elif value is None:
        found[prefix.removesuffix("/")] = None
    return found


def _kpi_figures(report: KpiReport) -> Figures:
    dumped = report.model_dump(mode="json", exclude={"report", "cohort"})
    return {f"{name}/n": value for name, value in _flat(dumped).items()}


def _listed(values: Any) -> str:
    """Every value of an enumeration as rows of one column `key`, so a zero count shows."""
    return " UNION ALL ".join(f"SELECT '{getattr(v, 'value', v)}' AS key" for v in values)


_REFERRAL_COUNTS = ("made", "proposed", "overridden", "declined", "started", "completed",
                    "disengaged", "sessions_attended", "sessions_missed",
                    "sessions_missed_unexcused")  # fmt: skip


def _kpis_sql(dialect: str, c: Cohort) -> Sql:
    """Every KPI as one (figure, n) row, from one statement of CTEs over the cohort."""
    params: dict[str, Any] = {"today": AS_OF, "staff_until": min(c.until or AS_OF, AS_OF)}
    where = c.where(params)
    params["staff_since"], params["staff_team"] = c.since, c.team
    pg = dialect == "postgresql"
    as_date = "CAST({} AS DATE)" if pg else "{}"
    since, until = as_date.format(":staff_since"), as_date.format(":staff_until")
    team = "CAST(:staff_team AS VARCHAR)" if pg else ":staff_team"
    with_parent = (
        "r.participants::jsonb ?| ARRAY['parent_or_carer', 'mother']"
        if pg
        else "EXISTS (SELECT 1 FROM json_each(r.participants) "
        "WHERE value IN ('parent_or_carer', 'mother'))"
    )

    def share(part: str, whole: str) -> str:
        return f"CAST({part} AS FLOAT) / NULLIF({whole}, 0)"

    def n(condition: str) -> str:
        return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"

    referral_figures = "\n".join(
        f"UNION ALL SELECT 'referrals/' || programme || '/{f}', {f} FROM referrals"
        for f in (*_REFERRAL_COUNTS, "with_parent_or_carer")
    )
    sql = f"""
WITH RECURSIVE cohort AS (
  SELECT p.pathway_id, p.child_id, p.disposal, p.closure_reason, p.caseworker, p.made_on,
         p.case_manager_changes, p.has_victim, p.formulation_version,
         p.closed_without_formulation
  FROM rm_pathways p WHERE 1 = 1{where}
), pathways AS (
  SELECT COUNT(*) AS pathways,
         {n(f"disposal IN ({_COURT})")} AS court_orders,
         {n("disposal = 'diversion'")} AS diversion_pathways,
         {n("has_victim")} AS identified,
         {n("closure_reason IS NOT NULL")} AS closed,
         {n("closure_reason IS NOT NULL AND case_manager_changes = 0")} AS closed_kept_one,
         {n("caseworker IS NOT NULL")} AS allocated,
         {n("caseworker IS NOT NULL AND case_manager_changes = 0")} AS allocated_kept_one,
         {n("formulation_version <> 0")} AS with_formulation,
         {n("formulation_version >= 2")} AS revised,
         {n("closed_without_formulation")} AS closed_without_formulation,
         COUNT(DISTINCT child_id) AS children,
         COALESCE(SUM(case_manager_changes), 0) AS changes
  FROM cohort
), disposals AS (
  SELECT k.key, COUNT(c.pathway_id) AS n
  FROM ({_listed(COURT_DISPOSALS)}) k LEFT JOIN cohort c ON c.disposal = k.key GROUP BY k.key
), reasons AS (
  SELECT k.key, COUNT(c.pathway_id) AS n
  FROM ({_listed(ClosureReason)}) k LEFT JOIN cohort c ON c.closure_reason = k.key
  GROUP BY k.key
), victims AS (
  SELECT {n("v.details_received_on IS NOT NULL")} AS details_received,
         {n("v.stage = 'opted_out'")} AS opted_out,
         {n("v.consent IS NOT NULL")} AS contacted,
         {n("v.ever_consented OR v.consent = 'consented'")} AS consenting,
         {n("v.option IS NOT NULL")} AS taking_part,
         {n("v.stage = 'withdrawn'")} AS withdrew,
         {n("v.told_work_ended_on IS NOT NULL")} AS told_work_ended
  FROM rm_victims v JOIN cohort c ON c.pathway_id = v.pathway_id
), referrals AS (
  SELECT k.key AS programme, COUNT(r.pathway_id) AS made,
         {n("r.status = 'proposed'")} AS proposed,
         {n("r.override_reason IS NOT NULL")} AS overridden,
         {n("r.status = 'declined'")} AS declined,
         {n("r.started_on IS NOT NULL")} AS started,
         {n("r.status = 'completed'")} AS completed,
         {n("r.status = 'disengaged'")} AS disengaged,
         COALESCE(SUM(r.sessions_attended), 0) AS sessions_attended,
         COALESCE(SUM(r.sessions_missed), 0) AS sessions_missed,
         COALESCE(SUM(r.sessions_missed_unexcused), 0) AS sessions_missed_unexcused,
         {n(with_parent)} AS with_parent_or_carer
  FROM ({_listed(Programme)}) k
  LEFT JOIN (SELECT r.* FROM rm_referrals r JOIN cohort c ON c.pathway_id = r.pathway_id) r
    ON r.programme = k.key
  GROUP BY k.key
), tasks AS (
  SELECT t.step, {n("t.escalated")} AS escalated,
         {n("t.status = 'done'")} AS done, {n("t.not_done")} AS not_done
  FROM rm_tasks t JOIN cohort c ON c.pathway_id = t.pathway_id
  GROUP BY t.step
), escalated_pathways AS (
  SELECT COUNT(DISTINCT t.pathway_id) AS n
  FROM rm_tasks t JOIN cohort c ON c.pathway_id = t.pathway_id WHERE t.escalated
), offences AS (
  SELECT o.pathway_id, o.offence_group
  FROM rm_offences o JOIN cohort c ON c.pathway_id = o.pathway_id
  WHERE c.disposal IN ({_COURT})
), offence_groups AS (
  SELECT k.key, COUNT(DISTINCT o.pathway_id) AS orders, COUNT(o.pathway_id) AS offences
  FROM ({_listed(OffenceGroup)}) k LEFT JOIN offences o ON o.offence_group = k.key
  GROUP BY k.key
), allocated AS (
  SELECT child_id, caseworker,
         LAG(caseworker) OVER (PARTITION BY child_id ORDER BY made_on, pathway_id) AS previous
  FROM cohort WHERE caseworker IS NOT NULL
), several AS (
  SELECT COUNT(*) AS children, {n("one")} AS kept_one
  FROM (SELECT child_id, MIN(caseworker) = MAX(caseworker) AS one
        FROM allocated GROUP BY child_id HAVING COUNT(*) >= 2) s
), later AS (
  SELECT COUNT(previous) AS orders, {n("caseworker = previous")} AS same FROM allocated
), compliance AS (
  SELECT m.pathway_id, m.kind, m.reasonable_excuse, m.referred_to, m.outcome
  FROM rm_compliance m JOIN cohort c ON c.pathway_id = m.pathway_id
), breaches AS (
  SELECT COALESCE(referred_to, 'not_yet') AS route, COALESCE(outcome, 'open') AS outcome,
         pathway_id
  FROM compliance WHERE kind = 'breach'
), restorative AS (
  SELECT s.* FROM rm_restorative s JOIN cohort c ON c.pathway_id = s.pathway_id
), panels AS (
  SELECT * FROM restorative WHERE kind IN ({", ".join(f"'{k.value}'" for k in PanelKind)})
), diversions AS (
  SELECT d.* FROM rm_diversions d JOIN cohort c ON c.pathway_id = d.pathway_id
), diversion AS (
  SELECT COUNT(*) AS referrals, COUNT(outcome) AS decided, {n("outcome = 'charge'")} AS charged,
         COALESCE(SUM(conditions), 0) AS conditions,
         COALESCE(SUM(conditions_complied), 0) AS complied,
         COALESCE(SUM(conditions_not_complied), 0) AS not_complied,
         {n("conditions_not_complied <> 0")} AS with_not_complied,
         COUNT(plan_agreed_on) AS plans, COUNT(exit_plan_on) AS exit_plans
  FROM diversions
), members AS (
  SELECT id, joined_on, left_on FROM staff
  WHERE joined_on <= {until} AND ({team} IS NULL OR team = {team})
    AND ({since} IS NULL OR left_on IS NULL OR left_on >= {since})
), period AS (
  SELECT COALESCE({since}, (SELECT MIN(joined_on) FROM members), {until}) AS since
), chain AS (
  SELECT m.id AS staff_id, {_add_months(dialect, "m.joined_on", 1)} AS due,
         (SELECT s.supervised_on FROM staff_supervisions s
          WHERE s.staff_id = m.id AND s.supervised_on > m.joined_on
          ORDER BY s.supervised_on LIMIT 1) AS held_on,
         CASE WHEN m.left_on < {until} THEN m.left_on ELSE {until} END AS end_on
  FROM members m
  UNION ALL
  SELECT c.staff_id, {_add_months(dialect, "c.held_on", 1)},
         (SELECT s.supervised_on FROM staff_supervisions s
          WHERE s.staff_id = c.staff_id AND s.supervised_on > c.held_on
          ORDER BY s.supervised_on LIMIT 1),
         c.end_on
  FROM chain c WHERE c.held_on IS NOT NULL AND c.due <= c.end_on
), dues AS (
  SELECT staff_id, CASE WHEN held_on <= due THEN 1 ELSE 0 END AS on_time
  FROM chain WHERE due <= end_on AND due >= (SELECT since FROM period)
), staff_due AS (
  SELECT COUNT(*) AS staff, {n("late = 0")} AS all_on_time
  FROM (SELECT staff_id, SUM(1 - on_time) AS late FROM dues GROUP BY staff_id) s
), workforce AS (
  SELECT (SELECT COUNT(*) FROM members) AS in_post,
         (SELECT COUNT(*) FROM dues) AS due,
         (SELECT COALESCE(SUM(on_time), 0) FROM dues) AS on_time,
         (SELECT {n("m.left_on BETWEEN y.since AND " + until)} FROM members m, period y)
           AS leaving
)
SELECT 'pathways' AS figure, pathways AS n FROM pathways
UNION ALL SELECT 'court_orders', court_orders FROM pathways
UNION ALL SELECT 'diversion_pathways', diversion_pathways FROM pathways
UNION ALL SELECT 'victims/identified', identified FROM pathways
UNION ALL SELECT 'victims/details_received', details_received FROM victims
UNION ALL SELECT 'victims/opted_out', opted_out FROM victims
UNION ALL SELECT 'victims/contacted', contacted FROM victims
UNION ALL SELECT 'victims/consenting', consenting FROM victims
UNION ALL SELECT 'victims/taking_part', taking_part FROM victims
UNION ALL SELECT 'victims/consenting_share', {share("consenting", "contacted")} FROM victims
UNION ALL SELECT 'victims/taking_part_share', {share("taking_part", "consenting")} FROM victims
UNION ALL SELECT 'victims/withdrew', withdrew FROM victims
UNION ALL SELECT 'victims/told_work_ended', told_work_ended FROM victims
{referral_figures}
UNION ALL SELECT 'consistency/closed', closed FROM pathways
UNION ALL SELECT 'consistency/closed_kept_one', closed_kept_one FROM pathways
UNION ALL SELECT 'consistency/closed_share', {share("closed_kept_one", "closed")} FROM pathways
UNION ALL SELECT 'consistency/allocated', allocated FROM pathways
UNION ALL SELECT 'consistency/allocated_kept_one', allocated_kept_one FROM pathways
UNION ALL SELECT 'consistency/allocated_share', {share("allocated_kept_one", "allocated")}
  FROM pathways
UNION ALL SELECT 'orders_by_disposal/' || key, n FROM disposals
UNION ALL SELECT 'closures_by_reason/' || key, n FROM reasons
UNION ALL SELECT 'escalations/tasks', COALESCE(SUM(escalated), 0) FROM tasks
UNION ALL SELECT 'escalations/pathways', n FROM escalated_pathways
UNION ALL SELECT 'escalations/by_step/' || step, escalated FROM tasks WHERE escalated > 0
UNION ALL SELECT 'offences/orders_with_offences', COUNT(DISTINCT pathway_id) FROM offences
UNION ALL SELECT 'offences/by_group/' || key, orders FROM offence_groups
UNION ALL SELECT 'offences/unclassified_offences', offences FROM offence_groups
  WHERE key = 'unclassified'
UNION ALL SELECT 'across_orders/children_with_several_orders', children FROM several
UNION ALL SELECT 'across_orders/children_kept_one', kept_one FROM several
UNION ALL SELECT 'across_orders/children_share', {share("kept_one", "children")} FROM several
UNION ALL SELECT 'across_orders/later_orders', orders FROM later
UNION ALL SELECT 'across_orders/later_orders_same_case_manager', same FROM later
UNION ALL SELECT 'across_orders/later_orders_share', {share("same", "orders")} FROM later
UNION ALL SELECT 'compliance/failures', {n("kind = 'failure'")} FROM compliance
UNION ALL SELECT 'compliance/failures_excused', {n("kind = 'failure' AND reasonable_excuse")}
  FROM compliance
UNION ALL SELECT 'compliance/warnings', {n("kind = 'warning'")} FROM compliance
UNION ALL SELECT 'compliance/breaches', COUNT(*) FROM breaches
UNION ALL SELECT 'compliance/pathways_with_breach', COUNT(DISTINCT pathway_id) FROM breaches
UNION ALL SELECT 'compliance/breaches_by_route/' || k.key, COUNT(b.pathway_id)
  FROM ({_listed(ROUTES)}) k LEFT JOIN breaches b ON b.route = k.key GROUP BY k.key
UNION ALL SELECT 'compliance/breaches_by_outcome/' || k.key, COUNT(b.pathway_id)
  FROM ({_listed(OUTCOMES)}) k LEFT JOIN breaches b ON b.outcome = k.key GROUP BY k.key
UNION ALL SELECT 'compliance/court_decisions/' || k.key, COUNT(m.pathway_id)
  FROM ({_listed(OrderChangeKind)}) k
  LEFT JOIN compliance m ON m.kind = 'order_change' AND m.outcome = k.key GROUP BY k.key
UNION ALL SELECT 'workforce/staff_in_post', in_post FROM workforce
UNION ALL SELECT 'workforce/supervisions_due', due FROM workforce
UNION ALL SELECT 'workforce/supervisions_on_time', on_time FROM workforce
UNION ALL SELECT 'workforce/staff_with_supervision_due', staff FROM staff_due
UNION ALL SELECT 'workforce/staff_supervised_on_time', all_on_time FROM staff_due
UNION ALL SELECT 'workforce/staff_supervised_on_time_share', {share("all_on_time", "staff")}
  FROM staff_due
UNION ALL SELECT 'workforce/staff_leaving', leaving FROM workforce
UNION ALL SELECT 'workforce/staff_leaving_share', {share("leaving", "in_post")} FROM workforce
UNION ALL SELECT 'workforce/children', children FROM pathways
UNION ALL SELECT 'workforce/case_manager_changes', changes FROM pathways
UNION ALL SELECT 'workforce/case_manager_changes_per_child', {share("changes", "children")}
  FROM pathways
UNION ALL SELECT 'restorative/enquiries_done', {n("kind = 'enquiry' AND NOT not_done")}
  FROM restorative
UNION ALL SELECT 'restorative/enquiries_not_done', {n("kind = 'enquiry' AND not_done")}
  FROM restorative
UNION ALL SELECT 'restorative/ready',
  {n("kind = 'enquiry' AND NOT not_done AND choice = 'ready'")} FROM restorative
UNION ALL SELECT 'restorative/not_yet_ready',
  {n("kind = 'enquiry' AND NOT not_done AND choice = 'not_yet'")} FROM restorative
UNION ALL SELECT 'restorative/not_suitable',
  {n("kind = 'enquiry' AND NOT not_done AND choice = 'not_suitable'")} FROM restorative
UNION ALL SELECT 'restorative/parent_work_done', {n("kind = 'parent_work'")} FROM restorative
UNION ALL SELECT 'restorative/parent_work_cancelled', COALESCE(SUM(not_done), 0) FROM tasks
  WHERE step = 'parent_restorative_work'
UNION ALL SELECT 'restorative/parent_work_referring',
  {n("kind = 'parent_work' AND json_array_length(items) > 0")} FROM restorative
UNION ALL SELECT 'restorative/initial_panels', {n("kind = 'initial'")} FROM panels
UNION ALL SELECT 'restorative/progress_panels', {n("kind = 'progress'")} FROM panels
UNION ALL SELECT 'restorative/final_panels', {n("kind = 'final'")} FROM panels
UNION ALL SELECT 'restorative/panels_not_quorate', {n("NOT quorate")} FROM panels
UNION ALL SELECT 'restorative/panels_parent_attended', {n("parent_attended")} FROM panels
UNION ALL SELECT 'restorative/panels_parent_excused_by_court',
  {n("NOT COALESCE(parent_attended, FALSE) AND court_excused_parent")} FROM panels
UNION ALL SELECT 'formulation/with_formulation', with_formulation FROM pathways
UNION ALL SELECT 'formulation/revised', revised FROM pathways
UNION ALL SELECT 'formulation/closed', closed FROM pathways
UNION ALL SELECT 'formulation/closed_without_formulation', closed_without_formulation
  FROM pathways
UNION ALL SELECT 'diversion/referrals', referrals FROM diversion
UNION ALL SELECT 'diversion/by_source/' || k.key, COUNT(d.pathway_id)
  FROM ({_listed(DiversionSource)}) k LEFT JOIN diversions d ON d.source = k.key GROUP BY k.key
UNION ALL SELECT 'diversion/decided', decided FROM diversion
UNION ALL SELECT 'diversion/awaiting_decision', referrals - decided FROM diversion
UNION ALL SELECT 'diversion/by_outcome/' || k.key, COUNT(d.pathway_id)
  FROM ({_listed(PanelOutcome)}) k LEFT JOIN diversions d ON d.outcome = k.key GROUP BY k.key
UNION ALL SELECT 'diversion/diverted_share', {share("decided - charged", "decided")}
  FROM diversion
UNION ALL SELECT 'diversion/conditions', conditions FROM diversion
UNION ALL SELECT 'diversion/conditions_complied', complied FROM diversion
UNION ALL SELECT 'diversion/conditions_not_complied', not_complied FROM diversion
UNION ALL SELECT 'diversion/conditions_open', conditions - complied - not_complied
  FROM diversion
UNION ALL SELECT 'diversion/referrals_with_condition_not_complied', with_not_complied
  FROM diversion
UNION ALL SELECT 'diversion/sent_to_police', COALESCE(SUM(done), 0) FROM tasks
  WHERE step = 'noncompliance_to_police'
UNION ALL SELECT 'diversion/plans_agreed', plans FROM diversion
UNION ALL SELECT 'diversion/exit_plans', exit_plans FROM diversion
"""
    return Sql(sql, params, keys=1)


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


def _rri_figures(report: RriReport | DiversionRriReport) -> Figures:
    """Every RRI row's figures, by decision point and group (either RRI report)."""
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


def _reflection_figures(report: BiasReflectionReport) -> Figures:
    found: Figures = {}
    for line in report.lines:
        at = f"{line.stage.value}/{line.team}/{line.quarter}"
        found[f"{at}/reflections/n"] = line.reflections
        found[f"{at}/checked_with_colleague/n"] = line.checked_with_colleague
        found[f"{at}/checked_share/n"] = line.checked_share
        for a in line.aspects:
            found[f"{at}/{a.aspect.value}/n"] = a.count
    for beside in report.rri:
        r = beside.row
        for measure in ("events", "base", "rate", "reference_rate", "rri", "ci_low", "ci_high"):
            found[f"rri/{r.decision_point}/{r.group}/{measure}/n"] = getattr(r, measure)
    return found


def _reflections_sql(dialect: str, c: Cohort) -> Sql:
    """Lines by stage, team and quarter, and the RRI at each stage's decision points, long."""
    params: dict[str, Any] = {}
    where = c.where(params)
    pg = dialect == "postgresql"
    prefix = "SPLIT_PART(b.decision, ':', 1)" if pg else (
        "CASE WHEN INSTR(b.decision, ':') > 0 "
        "THEN SUBSTR(b.decision, 1, INSTR(b.decision, ':') - 1) ELSE b.decision END")  # fmt: skip
    stages = ", ".join(f"'{s.value}'" for s in ReflectionStage)
    quarter = (
        "TO_CHAR(b.\"on\", 'YYYY') || '-Q' || TO_CHAR(b.\"on\", 'Q')"
        if pg
        else "STRFTIME('%Y', b.\"on\") || '-Q' "
        "|| ((CAST(STRFTIME('%m', b.\"on\") AS INTEGER) + 2) / 3)"
    )
    explode = (
        "JSON_ARRAY_ELEMENTS_TEXT(r.aspects_considered) a(value)"
        if pg
        else "JSON_EACH(r.aspects_considered) a"
    )
    larger = "GREATEST" if pg else "MAX"
    court = ", ".join(f"'{k.value}'" for k in OrderChangeKind)

    def interval(a: str, n1: str, c_: str, n2: str, sign: str) -> str:
        ratio = f"(({a}) / ({n1})) / (({c_}) / ({n2}))"
        se = f"SQRT({larger}(0.0, 1.0 / ({a}) - 1.0 / ({n1}) + 1.0 / ({c_}) - 1.0 / ({n2})))"
        return f"EXP(LN({ratio}) {sign} 1.96 * {se})"

    ci = {
        sign_name: (
            "CASE WHEN rate IS NULL OR COALESCE(ref_rate, 0) = 0 OR grp = 'White' THEN NULL "
            "WHEN events = 0 THEN "
            + ("0.0" if sign_name == "ci_low" else interval(
                "events + 0.5", "base + 0.5", "ref_events + 0.5", "ref_base + 0.5", "+"))
            + " ELSE "
            + interval("CAST(events AS FLOAT)", "base", "CAST(ref_events AS FLOAT)", "ref_base",
                       "-" if sign_name == "ci_low" else "+")
            + " END"
        )
        for sign_name in ("ci_low", "ci_high")
    }  # fmt: skip
    groups = " UNION ALL ".join(f"SELECT '{g}' AS grp" for g in GROUPS["ethnicity"])
    aspects = " UNION ALL ".join(f"SELECT '{a.value}' AS aspect" for a in GracesAspect)
    ethnic = (
        "CASE UPPER(SUBSTR(TRIM(p.ethnicity), 1, 1)) WHEN 'W' THEN 'White' WHEN 'M' THEN 'Mixed' "
        "WHEN 'A' THEN 'Asian' WHEN 'B' THEN 'Black' WHEN 'O' THEN 'Other' ELSE 'Not stated' END"
    )
    sql = f"""
WITH reflections AS (
  SELECT b.pathway_id, b.seq, b.aspects_considered, b.colleague_consulted, p.team,
         {quarter} AS quarter,
         CASE WHEN {prefix} IN ('referral', 'programme_referral') THEN 'programme_referral'
              WHEN {prefix} IN ('panel', 'initial_panel') THEN 'panel_contract'
              WHEN {prefix} IN ('warning', 'warning_given') THEN 'compliance_warning'
              WHEN {prefix} IN ('transfer_requested', 'transfer_accepted', 'transfer_refused')
                THEN 'transfer'
              WHEN {prefix} = 'suitability' THEN 'restorative_suitability'
              WHEN {prefix} IN ({stages}) THEN {prefix}
              ELSE 'other' END AS stage
  FROM rm_bias_reflections b JOIN rm_pathways p ON p.pathway_id = b.pathway_id
  WHERE 1 = 1{where}
), lines AS (
  SELECT stage, team, quarter, COUNT(*) AS reflections,
         SUM(CASE WHEN colleague_consulted THEN 1 ELSE 0 END) AS checked
  FROM reflections GROUP BY stage, team, quarter
), considered AS (
  SELECT r.stage, r.team, r.quarter, a.value AS aspect,
         COUNT(DISTINCT r.pathway_id || ':' || r.seq) AS n
  FROM reflections r, {explode}
  GROUP BY r.stage, r.team, r.quarter, a.value
), cohort AS (
  SELECT p.pathway_id, {ethnic} AS grp FROM rm_pathways p WHERE 1 = 1{where}
), units AS (
  SELECT 'referral_' || d.programme AS point, c.grp,
         CASE WHEN r.pathway_id IS NULL THEN 0 ELSE 1 END AS event
  FROM rm_decisions d JOIN cohort c ON c.pathway_id = d.pathway_id
  LEFT JOIN rm_referrals r ON r.pathway_id = d.pathway_id AND r.programme = d.programme
  UNION ALL
  SELECT 'override', c.grp, CASE WHEN r.override_reason IS NULL THEN 0 ELSE 1 END
  FROM rm_referrals r JOIN cohort c ON c.pathway_id = r.pathway_id
  UNION ALL
  SELECT 'breach_return', c.grp,
         CASE WHEN EXISTS (SELECT 1 FROM rm_compliance m WHERE m.pathway_id = c.pathway_id
                             AND m.kind = 'breach'
                             AND (m.referred_to = 'court' OR m.outcome IN ({court})))
              THEN 1 ELSE 0 END
  FROM cohort c
  WHERE EXISTS (SELECT 1 FROM rm_compliance m
                WHERE m.pathway_id = c.pathway_id AND m.kind = 'failure')
), points AS (
  SELECT 'referral_{Programme.FFT.value}' AS point
  {"".join(f"UNION ALL SELECT 'referral_{p.value}' " for p in list(Programme)[1:])}
  UNION ALL SELECT 'override' UNION ALL SELECT 'breach_return'
), counted AS (
  SELECT k.point, g.grp, COALESCE(SUM(u.event), 0) AS events, COUNT(u.point) AS base
  FROM points k CROSS JOIN ({groups}) g
  LEFT JOIN units u ON u.point = k.point AND u.grp = g.grp
  GROUP BY k.point, g.grp
), rates AS (
  SELECT x.point, x.grp, x.events, x.base,
         CAST(x.events AS FLOAT) / NULLIF(x.base, 0) AS rate,
         CAST(w.events AS FLOAT) / NULLIF(w.base, 0) AS ref_rate,
         w.events AS ref_events, w.base AS ref_base
  FROM counted x JOIN counted w ON w.point = x.point AND w.grp = 'White'
), rri AS (
  SELECT point, grp, events, base, rate, ref_rate,
         CASE WHEN rate IS NULL OR COALESCE(ref_rate, 0) = 0 THEN NULL
              WHEN grp = 'White' THEN 1.0 ELSE rate / ref_rate END AS rri,
         {ci["ci_low"]} AS ci_low,
         {ci["ci_high"]} AS ci_high
  FROM rates
)
SELECT stage AS a, team AS b, quarter AS c, 'reflections' AS measure, reflections AS n
FROM lines
UNION ALL SELECT stage, team, quarter, 'checked_with_colleague', checked FROM lines
UNION ALL SELECT stage, team, quarter, 'checked_share', CAST(checked AS FLOAT) / reflections
FROM lines
UNION ALL SELECT l.stage, l.team, l.quarter, k.aspect, COALESCE(n.n, 0)
FROM lines l CROSS JOIN ({aspects}) k
LEFT JOIN considered n ON n.stage = l.stage AND n.quarter = l.quarter AND n.aspect = k.aspect
  AND (n.team = l.team OR (n.team IS NULL AND l.team IS NULL))
UNION ALL SELECT 'rri', point, grp, 'events', events FROM rri
UNION ALL SELECT 'rri', point, grp, 'base', base FROM rri
UNION ALL SELECT 'rri', point, grp, 'rate', rate FROM rri
UNION ALL SELECT 'rri', point, grp, 'reference_rate', ref_rate FROM rri
UNION ALL SELECT 'rri', point, grp, 'rri', rri FROM rri
UNION ALL SELECT 'rri', point, grp, 'ci_low', ci_low FROM rri
UNION ALL SELECT 'rri', point, grp, 'ci_high', ci_high FROM rri
"""
    return Sql(sql, params, keys=4)


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


def _rri_rows_sql(dialect: str, counts: str) -> str:
    """Every group's RRI row (`_rri_columns`) from a CTE `counts`.

    `counts` has (point, grp, events, base) for every decision point and group, the
    reference group's as `grp = 'White'`.
    """
    rri = _rri_columns(dialect, "k.events", "k.base", "r.events", "r.base", "k.grp = 'White'")
    return f"""
SELECT k.point, k.grp, {rri}
FROM {counts} k JOIN {counts} r ON r.point = k.point AND r.grp = 'White'
"""


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
  SELECT {_ethnic_group_sql("p.ethnicity")} AS grp, d.outcome
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
        "court orders' and diversion pathways' steps, each and all: tasks, done, on time, late, "
        "overdue, not done, the on-time share and the median working days from the order",
        _timeliness,
        _timeliness_figures,
        _timeliness_sql,
    ),
    BenchReport(
        "kpis",
        "every number of the KPIs' JSON (counts, shares, per programme, disposal, reason, step, "
        "offence group, route, outcome, source), each named by its path",
        _kpis,
        _kpi_figures,
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
        "every line's reflections, checked with a colleague, its share and each GRACES aspect's "
        "count (by stage, team, quarter); the RRI rows beside (events, base, rates, RRI, CI)",
        _reflections,
        _reflection_figures,
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
