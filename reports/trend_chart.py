"""An indicator's trend as SVG: the team's line against the service's, and a sparkline.

A suppressed or missing quarter is a gap in its line, never a zero (a zero would be a figure
nobody measured), and the description says which quarters are gaps and why. The team's line
is solid blue with round points and the service's dashed black with square ones, so the two
can be told apart without colour; every value is in the description and in the table beside.
"""

import math
from collections.abc import Sequence

from reports.indicators import Point, Unit, formatted
from reports.outcomes import IndicatorFigures
from reports.svg import BLACK, BLUE, GREY, MID_GREY, Svg

_LEFT, _RIGHT, _TOP, _BOTTOM = 80.0, 40.0, 40.0, 40.0
_WIDTH, _PLOT_H = 640.0, 180.0


def _ceiling(value: float, unit: Unit) -> float:
    """A round top for the axis, at or above `value` (a share tops out at 100%)."""
    if value <= 0:
        return 1.0 if unit != "per_1000" else 0.1
    step = 10.0 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= value:
            top = m * step
            return min(top, 1.0) if unit == "share" and value <= 1 else top
    return 10 * step  # pragma: no cover - the loop always ends by 10


def _tick(unit: Unit, value: float) -> str:
    if unit == "share":
        return f"{value * 100:g}%"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def said(points: Sequence[Point], unit: Unit) -> str:
    """The points in words: `2026-Q1 38%, 2026-Q2 suppressed, ...`."""
    words = []
    for p in points:
        if p.value is not None:
            words.append(f"{p.quarter} {formatted(unit, p.value)}")
        else:
            words.append(f"{p.quarter} {'suppressed' if p.suppressed else 'no data'}")
    return ", ".join(words)


def _segments(xs: list[float], ys: list[float | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points with values: a gap ends a run."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            runs.append([])
        else:
            runs[-1].append((x, y))
    return [r for r in runs if r]


def trend_chart(figures: IndicatorFigures, team: str | None, *, id_prefix: str) -> str:
    """Return the indicator's line by quarter: the team's (if any) and the whole service's."""
    lines: list[tuple[str, list[Point], str, bool]] = []
    if figures.team is not None:
        lines.append((f"Team {team}", figures.team, BLUE, False))
    lines.append(("The whole service", figures.service, BLACK, True))
    values = [p.value for _, pts, _, _ in lines for p in pts if p.value is not None]
    top = _ceiling(max(values, default=0.0), figures.unit)
    quarters = [p.quarter for p in figures.service]
    step = (_WIDTH - _LEFT - _RIGHT) / max(len(quarters) - 1, 1)
    xs = [_LEFT + step * i for i in range(len(quarters))]
    gaps = [
        f"{name}: {p.quarter} {p.note or 'no data'}"
        for name, pts, _, _ in lines
        for p in pts
        if p.value is None
    ]
    svg = Svg(
        width=_WIDTH,
        height=_TOP + _PLOT_H + _BOTTOM,
        title=f"{figures.name}, by quarter",
        desc="; ".join(f"{name}: {said(pts, figures.unit)}" for name, pts, _, _ in lines)
        + (". Gaps: " + "; ".join(gaps) if gaps else "")
        + ".",
        id_prefix=id_prefix,
    )
    base = _TOP + _PLOT_H
    for i in range(5):
        value = top * i / 4
        y = base - _PLOT_H * i / 4
        svg.line(_LEFT, y, _WIDTH - _RIGHT, y, stroke=MID_GREY if i else GREY, dashed=bool(i))
        svg.text(_LEFT - 8, y + 5, _tick(figures.unit, value), anchor="end", fill=GREY, size=12)
    for x, q in zip(xs, quarters, strict=True):
        svg.text(x, base + 20, q.replace("-", " "), anchor="middle", fill=GREY, size=12)
    legend_x = _LEFT
    for name, points, colour, dashed in lines:
        ys = [None if p.value is None else base - _PLOT_H * p.value / top for p in points]
        for run in _segments(xs, ys):
            for (x1, y1), (x2, y2) in zip(run, run[1:], strict=False):
                svg.line(x1, y1, x2, y2, stroke=colour, width=2 if dashed else 3, dashed=dashed)
            for x, y in run:
                if dashed:
                    svg.rect(x - 4, y - 4, 8, 8, fill=colour)
                else:
                    svg.circle(x, y, 4.5, fill=colour)
        svg.line(legend_x, 16, legend_x + 24, 16, stroke=colour, width=3, dashed=dashed)
        svg.text(legend_x + 30, 21, name, size=13)
        legend_x += 40 + 8 * len(name)
    return svg.render()


def sparkline(points: Sequence[Point], unit: Unit, *, name: str, id_prefix: str) -> str:
    """Return a small line of the points (a gap where suppressed), for the board pack."""
    width, height, pad = 160.0, 40.0, 6.0
    values = [p.value for p in points if p.value is not None]
    top = _ceiling(max(values, default=0.0), unit)
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    xs = [pad + step * i for i in range(len(points))]
    ys = [
        None if p.value is None else height - pad - (height - 2 * pad) * p.value / top
        for p in points
    ]
    svg = Svg(
        width=width,
        height=height,
        title=f"{name}: trend",
        desc=said(points, unit) + ".",
        id_prefix=id_prefix,
    )
    svg.line(pad, height - pad, width - pad, height - pad, stroke=MID_GREY)
    for run in _segments(xs, ys):
        for (x1, y1), (x2, y2) in zip(run, run[1:], strict=False):
            svg.line(x1, y1, x2, y2, stroke=BLUE, width=2)
        if len(run) == 1:
            svg.circle(run[0][0], run[0][1], 2.5, fill=BLUE)
    if ys and ys[-1] is not None:
        svg.circle(xs[-1], ys[-1], 3.5, fill=BLUE)
    return svg.render()
