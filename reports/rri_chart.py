"""The Relative Rate Index as a chart: a point and its 95% interval per group, on a log scale.

A log scale makes "twice the rate" and "half the rate" the same distance from 1, the line of
equal rates. Every value is also written beside its point, so nothing depends on reading the
position or the colour, and suppressed groups say so instead of showing a point.
"""

import math

from reports.disproportionality import RriReport
from reports.rri import RriRow
from reports.svg import BLACK, BLUE, GREY, MID_GREY, Svg

_LABEL_W, _PLOT_W, _VALUE_W = 170.0, 380.0, 250.0
_HEAD_H, _ROW_H, _TOP = 44.0, 28.0, 30.0


def _domain(rows: list[RriRow]) -> tuple[float, float]:
    values = [v for r in rows for v in (r.rri, r.ci_low, r.ci_high) if v is not None and v > 0]
    lo, hi = min([0.1, *values]), max([10.0, *values])
    return 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))


def _ticks(lo: float, hi: float) -> list[float]:
    decades = range(round(math.log10(lo)), round(math.log10(hi)))
    steps = (1, 2, 5) if len(decades) <= 2 else (1, 3)
    return [m * 10**d for d in decades for m in steps] + [hi]


def _value(row: RriRow) -> str:
    if row.rri is None:
        return row.note or "no value"
    if row.note == "reference group":
        return "1.00 (reference)"
    if row.ci_low is None or row.ci_high is None:
        return f"{row.rri:.2f}"
    text = f"{row.rri:.2f} ({row.ci_low:.2f} to {row.ci_high:.2f})"
    if row.ci_low > 1:
        return text + " higher"
    return text + " lower" if row.ci_high < 1 else text


def _tick_label(v: float) -> str:
    return f"{v:g}"


def rri_chart(report: RriReport, *, id_prefix: str = "rri") -> str:
    """Return the RRI of each group at each decision point, with 95% intervals and a line at 1."""
    points = report.decision_points
    height = _TOP + len(points) * _HEAD_H + len(report.rows) * _ROW_H + 50
    said = [f"{r.decision_point}, {r.group}: {_value(r)}" for r in report.rows]
    svg = Svg(
        width=_LABEL_W + _PLOT_W + _VALUE_W,
        height=height,
        title=f"Relative Rate Index by {report.dimension.replace('_', ' ')}, "
        f"against {report.reference}",
        desc=f"RRI with 95% confidence intervals; 1 means the same rate as {report.reference}. "
        + "; ".join(said)
        + ".",
        id_prefix=id_prefix,
    )
    lo, hi = _domain(report.rows)

    def x(v: float) -> float:
        v = min(max(v, lo), hi)
        return _LABEL_W + _PLOT_W * math.log10(v / lo) / math.log10(hi / lo)

    bottom = height - 50
    for tick in _ticks(lo, hi):
        svg.line(x(tick), _TOP, x(tick), bottom, stroke=MID_GREY, dashed=True)
        svg.text(x(tick), bottom + 18, _tick_label(tick), anchor="middle", fill=GREY, size=12)
    svg.line(x(1), _TOP - 8, x(1), bottom, stroke=BLACK, width=2)
    svg.text(x(1), _TOP - 14, f"1 = same rate as {report.reference}", anchor="middle", size=12)
    svg.text(
        _LABEL_W + _PLOT_W / 2, bottom + 40, "RRI (log scale)", anchor="middle", fill=GREY, size=12
    )
    y = _TOP
    for point in points:
        svg.text(10, y + 20, point.label, bold=True)
        svg.text(10, y + 37, f"base: {point.base}", fill=GREY, size=12)
        y += _HEAD_H
        for row in (r for r in report.rows if r.decision_point == point.id):
            mid = y + _ROW_H / 2
            svg.text(_LABEL_W - 10, mid + 5, row.group, anchor="end")
            value_x = _LABEL_W + _PLOT_W + 10
            if row.rri is None:
                svg.text(value_x, mid + 5, _value(row), fill=GREY, size=13)
            else:
                if row.ci_low is not None and row.ci_high is not None:
                    left, right = x(row.ci_low), x(row.ci_high)
                    svg.line(left, mid, right, mid, stroke=BLUE, width=2)
                    for end, v in ((left, row.ci_low), (right, row.ci_high)):
                        if lo < v < hi:
                            svg.line(end, mid - 6, end, mid + 6, stroke=BLUE, width=2)
                svg.circle(x(row.rri), mid, 5, fill=BLACK if row.note else BLUE)
                svg.text(value_x, mid + 5, _value(row), size=13)
            y += _ROW_H
    return svg.render()
