"""CSV exports of the reports: one row per line item, with a header row.

Numbers are written plainly (shares as decimals to four places), an empty cell is a value that
is null in the JSON (no tasks, suppressed), and every text cell that a spreadsheet could read
as a formula is prefixed with a quote (see `defused`).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from functools import singledispatch

from pydantic import BaseModel

from contracts.referrals import GracesAspect
from reports.custody import CustodyReport
from reports.disproportionality import RriReport
from reports.first_time_entrants import FirstTimeEntrants
from reports.kpis import KpiReport
from reports.reflections import BiasReflectionReport
from reports.reoffending import ReoffendingReport
from reports.timeliness import StepTimeliness, TimelinessReport

Cell = str | int | float | bool | None

# Spreadsheets start a formula at = + - @, and some read the full-width forms (U+FF1D, U+FF0B,
# U+FF0D, U+FF20) as the same signs; a tab or carriage return opening a cell is stripped by some.
_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_CONTROL_START = ("\t", "\r")
# A line break or tab inside a cell starts a new cell or row when the text is pasted or read by
# a tool that ignores CSV quoting: what follows one must be defused too.
_BREAK = re.compile(r"([\r\n\t])")


def _signed(text: str) -> bool:
    """Whether text opens with a formula sign, once leading whitespace is skipped."""
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in _SIGNS


def defused(text: str) -> str:
    """Return a text cell that no spreadsheet reads as a formula (OWASP's CSV injection advice).

    A cell opening with a formula sign (after any whitespace, full-width signs included) or
    with a tab or carriage return gets a leading quote; so does any cell with a part after a
    line break or tab that opens with a sign, and that part gets a quote of its own.
    """
    parts = _BREAK.split(text)  # text, break, text, break, ...
    risky = text.startswith(_CONTROL_START) or _signed(parts[0])
    for i in range(2, len(parts), 2):
        if _signed(parts[i]):
            parts[i] = "'" + parts[i]
            risky = True
    return "'" + "".join(parts) if risky else text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    if isinstance(value, int):
        return str(value)
    return defused(value)


def _write(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


@singledispatch
def to_csv(report: object) -> str:
    """Return a report as CSV text (RFC 4180: comma-separated, CRLF line ends).

    Args:
        report: a `TimelinessReport`, `KpiReport`, `RriReport` (the joint decision panel's
            too), `BiasReflectionReport` or `FirstTimeEntrants`.

    Raises:
        TypeError: `report` is not one of the reports.
    """
    raise TypeError(f"no CSV form for {type(report).__name__}")


def _timeliness_line(s: StepTimeliness) -> list[Cell]:
    return [
        s.step,
        s.tasks,
        s.done,
        s.done_on_time,
        s.done_late,
        s.overdue,
        s.not_done,
        s.on_time,
        s.median_working_days_from_order,
    ]


@to_csv.register
def _(report: TimelinessReport) -> str:
    header = [
        "pathways",
        "step",
        "tasks",
        "done",
        "done_on_time",
        "done_late",
        "overdue",
        "not_done",
        "on_time",
        "median_working_days_from_order",
    ]
    court = [["court", *_timeliness_line(s)] for s in [*report.steps, report.overall]]
    overall = [report.diversion_overall] if report.diversion_overall else []
    diversion = [["diversion", *_timeliness_line(s)] for s in [*report.diversion_steps, *overall]]
    return _write(header, [*court, *diversion])


@to_csv.register
def _(report: KpiReport) -> str:
    rows: list[list[Cell]] = [["pathways", "pathways", report.pathways]]
    rows += [
        ["pathways", "court_orders", report.court_orders],
        ["pathways", "diversion_pathways", report.diversion_pathways],
    ]
    rows += [["victims", k, v] for k, v in report.victims.model_dump().items()]
    for r in report.referrals:
        items = r.model_dump(exclude={"programme"}).items()
        rows += [[f"referrals:{r.programme.value}", k, v] for k, v in items]
    rows += [["consistency", k, v] for k, v in report.consistency.model_dump().items()]
    rows += [["across_orders", k, v] for k, v in report.across_orders.model_dump().items()]
    rows += [["orders_by_disposal", c.key, c.count] for c in report.orders_by_disposal]
    rows += [["closures_by_reason", c.key, c.count] for c in report.closures_by_reason]
    rows += [
        ["escalations", "tasks", report.escalations.tasks],
        ["escalations", "pathways", report.escalations.pathways],
    ]
    rows += [["escalations_by_step", c.key, c.count] for c in report.escalations.by_step]
    offences = report.offences
    rows += [
        ["offences", "orders_with_offences", offences.orders_with_offences],
        ["offences", "unclassified_offences", offences.unclassified_offences],
    ]
    rows += [["orders_by_offence_group", c.key, c.count] for c in offences.by_group]
    kept = report.compliance
    rows += [["compliance", k, v] for k, v in kept.model_dump().items() if isinstance(v, int)]
    rows += [["breaches_by_route", c.key, c.count] for c in kept.breaches_by_route]
    rows += [["breaches_by_outcome", c.key, c.count] for c in kept.breaches_by_outcome]
    rows += [["court_decisions", c.key, c.count] for c in kept.court_decisions]
    rows += [["workforce", k, v] for k, v in report.workforce.model_dump().items()]
    rows += [["restorative", k, v] for k, v in report.restorative.model_dump().items()]
    rows += [["formulation", k, v] for k, v in report.formulation.model_dump().items()]
    d = report.diversion
    rows += [["diversion", k, v] for k, v in d.model_dump().items() if not isinstance(v, list)]
    rows += [["diversion_by_source", c.key, c.count] for c in d.by_source]
    rows += [["diversion_by_outcome", c.key, c.count] for c in d.by_outcome]
    return _write(["section", "item", "value"], rows)


@to_csv.register
def _(report: RriReport) -> str:
    bases = {p.id: p.base for p in report.decision_points}
    header = [
        "dimension",
        "decision_point",
        "base_definition",
        "group",
        "reference_group",
        "events",
        "base",
        "rate",
        "reference_rate",
        "rri",
        "ci_low",
        "ci_high",
        "suppressed",
        "note",
    ]
    rows = (
        [
            report.dimension,
            r.decision_point,
            bases[r.decision_point],
            r.group,
            report.reference,
            r.events,
            r.base,
            r.rate,
            r.reference_rate,
            r.rri,
            r.ci_low,
            r.ci_high,
            r.suppressed,
            r.note,
        ]
        for r in report.rows
    )
    return _write(header, rows)


@to_csv.register
def _(report: BiasReflectionReport) -> str:
    aspects = [a.value for a in GracesAspect]
    header = [
        "stage",
        "team",
        "quarter",
        "reflections",
        "checked_with_colleague",
        "checked_share",
        *(f"aspect:{a}" for a in aspects),
        "suppressed",
        "note",
    ]
    rows = []
    for line in report.lines:
        counts = {c.aspect.value: c.count for c in line.aspects}
        rows.append(
            [
                line.stage.value,
                line.team,
                line.quarter,
                line.reflections,
                line.checked_with_colleague,
                line.checked_share,
                *(counts.get(a) for a in aspects),
                line.suppressed,
                line.note,
            ]
        )
    return _write(header, rows)


@to_csv.register
def _(report: ReoffendingReport) -> str:
    header = [
        "period_start",
        "period_end",
        "children",
        "cautions",
        "non_custodial",
        "releases",
        "reoffenders",
        "reoffences",
        "binary_rate",
        "frequency_per_child",
        "frequency_per_reoffender",
        "provisional",
        "follow_up_months",
        "final_on",
        "suppressed",
    ]
    rows = (
        [
            c.period_start.isoformat(),
            c.period_end.isoformat(),
            c.children,
            c.by_entry.get("caution"),
            c.by_entry.get("non_custodial"),
            c.by_entry.get("release"),
            c.reoffenders,
            c.reoffences,
            c.binary_rate,
            c.frequency_per_child,
            c.frequency_per_reoffender,
            c.provisional,
            c.follow_up_months,
            c.final_on.isoformat(),
            c.suppressed,
        ]
        for c in report.cohorts
    )
    return _write(header, rows)


@to_csv.register
def _(report: CustodyReport) -> str:
    header = [
        "period_start",
        "period_end",
        "sentences",
        "custodial",
        "share_of_sentences",
        "population",
        "per_1000",
        "suppressed",
    ]
    rows = (
        [
            q.period_start.isoformat(),
            q.period_end.isoformat(),
            q.sentences,
            q.custodial,
            q.share_of_sentences,
            q.population,
            q.per_1000,
            q.suppressed,
        ]
        for q in report.quarters
    )
    return _write(header, rows)


@to_csv.register
def _(report: FirstTimeEntrants) -> str:
    rows: list[list[Cell]] = [["total", "", "", "first_time_entrants", report.first_time_entrants]]
    rows += [["total", "", "", c.kind.value, c.count] for c in report.by_kind]
    for q in report.by_quarter:
        rows.append(["quarter", q.quarter, "", "first_time_entrants", q.first_time_entrants])
        rows += [["quarter", q.quarter, "", c.kind.value, c.count] for c in q.by_kind]
    rows += [
        ["area", a.area, a.team, "first_time_entrants", a.first_time_entrants]
        for a in report.by_area
    ]
    return _write(["section", "period_or_area", "team", "item", "value"], rows)


def rows_csv(rows: Sequence[BaseModel]) -> str:
    """Rows of one model as CSV, a column per field (an evaluation extract's rows)."""
    if not rows:
        return _write([], [])
    header = list(type(rows[0]).model_fields)
    return _write(header, ([getattr(r, name) for name in header] for r in rows))
