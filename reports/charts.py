"""Charts of the reports as inline SVG: timeliness by step, KPI counts, and the RRI.

Each function takes a report and returns one `<svg>` element as a string, to be placed in a
page as it is (it is already escaped). `id_prefix` keeps the ids of the title and description
unique when a page shows more than one chart of a kind.
"""

from reports.kpis import KpiReport
from reports.rri_chart import rri_chart
from reports.svg import BLUE, GREY, LIGHT_GREY, MID_GREY, Svg, percent
from reports.timeliness import STEP_LABELS, TimelinessReport

__all__ = ["kpi_chart", "rri_chart", "timeliness_chart"]

_LABEL_W, _BAR_W, _VALUE_W, _ROW_H, _TOP = 250.0, 400.0, 170.0, 34.0, 20.0


def timeliness_chart(report: TimelinessReport, *, id_prefix: str = "timeliness") -> str:
    """Return horizontal bars of the share of tasks done on time, per step, on a 0-100% axis."""
    lines = [*report.steps, report.overall]
    said = [
        f"{STEP_LABELS.get(s.step, s.step)}: "
        + (
            f"{percent(s.on_time)} of {s.tasks} tasks on time"
            if s.on_time is not None
            else "no tasks"
        )
        for s in lines
    ]
    height = _TOP + _ROW_H * len(lines) + 50
    svg = Svg(
        width=_LABEL_W + _BAR_W + _VALUE_W,
        height=height,
        title="Share of tasks done on time, by step",
        desc="; ".join(said) + ".",
        id_prefix=id_prefix,
    )
    axis_y = _TOP + _ROW_H * len(lines)
    for tick in (0, 25, 50, 75, 100):
        x = _LABEL_W + _BAR_W * tick / 100
        svg.line(x, _TOP - 6, x, axis_y, stroke=MID_GREY if tick < 100 else GREY, dashed=tick < 100)
        svg.text(x, axis_y + 20, f"{tick}%", anchor="middle", fill=GREY)
    svg.text(_LABEL_W + _BAR_W / 2, axis_y + 42, "done on time", anchor="middle", fill=GREY)
    for i, s in enumerate(lines):
        y = _TOP + _ROW_H * i
        last = s is report.overall
        svg.text(_LABEL_W - 10, y + 22, STEP_LABELS.get(s.step, s.step), anchor="end", bold=last)
        svg.rect(_LABEL_W, y + 6, _BAR_W, _ROW_H - 12, fill=LIGHT_GREY)
        if s.on_time is None:
            svg.text(_LABEL_W + _BAR_W + 10, y + 22, "no tasks", fill=GREY)
            continue
        svg.rect(_LABEL_W, y + 6, _BAR_W * s.on_time, _ROW_H - 12, fill=BLUE)
        value = f"{percent(s.on_time)} ({s.done_on_time} of {s.tasks})"
        svg.text(_LABEL_W + _BAR_W + 10, y + 22, value, bold=last)
    return svg.render()


def _kpi_sections(report: KpiReport) -> list[tuple[str, list[tuple[str, int]]]]:
    v = report.victims
    sections = [
        (
            "Victims",
            [
                ("with an identified victim", v.identified),
                ("details received", v.details_received),
                ("opted out of contact", v.opted_out),
                ("contacted", v.contacted),
                ("consenting", v.consenting),
                ("taking part in restorative justice", v.taking_part),
            ],
        )
    ]
    names = {
        "fft": "FFT",
        "nvr": "NVR",
        "dv_groups": "DV groups",
        "violence_reduction": "violence reduction groups",
    }
    for r in report.referrals:
        counts = [("made", r.made), ("started", r.started), ("completed", r.completed)]
        sections.append((f"Referrals to {names[r.programme.value]}", counts))
    c = report.consistency
    sections.append(("Case manager", [("closed cases", c.closed), ("kept one", c.closed_kept_one)]))
    return sections


def kpi_chart(report: KpiReport, *, id_prefix: str = "kpis") -> str:
    """Return horizontal bars of the KPI counts: victims, referrals, consistency."""
    sections = _kpi_sections(report)
    rows = sum(len(items) + 1 for _, items in sections)
    biggest = max([1] + [n for _, items in sections for _, n in items])
    said = [
        f"{head}: " + ", ".join(f"{label} {n}" for label, n in items) for head, items in sections
    ]
    svg = Svg(
        width=_LABEL_W + _BAR_W + _VALUE_W,
        height=_TOP + rows * _ROW_H,
        title="Key performance indicators: counts",
        desc="; ".join(said) + ".",
        id_prefix=id_prefix,
    )
    y = _TOP
    for head, items in sections:
        svg.text(10, y + 22, head, bold=True)
        y += _ROW_H
        for label, n in items:
            svg.text(_LABEL_W - 10, y + 22, label, anchor="end")
            svg.rect(_LABEL_W, y + 6, _BAR_W * n / biggest, _ROW_H - 12, fill=BLUE)
            svg.text(_LABEL_W + _BAR_W * n / biggest + 8, y + 22, str(n))
            y += _ROW_H
    return svg.render()
