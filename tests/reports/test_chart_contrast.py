"""The charts' colours against the page's white, by WCAG 2.2's formula (ADR 0138).

axe-core cannot tell what lies behind an SVG's text (it reports it as "needs review"), so the
contrast of the charts is checked here from the SVG itself: text at least 4.5:1 (1.4.3), the
marks that carry a value (bars, points, interval lines, the line at 1) at least 3:1 (1.4.11).
The chart's white background, the light grey track behind a bar and the dashed grid lines
carry no value (every value is written beside its bar, and in the table beside the chart), so
1.4.11 does not ask it of them.
"""

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.charts import kpi_chart, rri_chart, timeliness_chart
from reports.disproportionality import disproportionality
from reports.kpis import kpis
from reports.svg import LIGHT_GREY, MID_GREY
from reports.timeliness import timeliness
from tests.reports.seed import HOLIDAYS, seed_caseload

SVG = "{http://www.w3.org/2000/svg}"
WHITE = "#ffffff"
DECORATIVE = {LIGHT_GREY, MID_GREY, WHITE}  # WHITE: the chart's own background


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour `#rrggbb` (WCAG 2.2, 'relative luminance')."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_the_known_ratios() -> None:
    assert round(contrast("#000000", WHITE), 2) == 21.0
    assert round(contrast("#505a5f", WHITE), 1) == 7.1  # GOV.UK's secondary text colour
    assert contrast(WHITE, WHITE) == 1.0


@pytest.fixture
def charts(sessions: sessionmaker[Session]) -> list[ET.Element]:
    with sessions.begin() as s:
        seed_caseload(s)
    with sessions() as s:
        svgs = [
            timeliness_chart(timeliness(s, holidays=HOLIDAYS)),
            kpi_chart(kpis(s)),
            *(rri_chart(disproportionality(s, dimension=d)) for d in ("ethnicity", "gender")),
        ]
    return [ET.fromstring(svg) for svg in svgs]


def test_every_text_in_the_charts_is_at_least_4_5_to_1_against_white(charts: list[ET.Element]) -> None:
    fills = {t.get("fill", "#0b0c0c") for chart in charts for t in chart.iter(f"{SVG}text")}
    assert fills, "the charts have no text"
    assert {f: round(contrast(f, WHITE), 2) for f in fills if contrast(f, WHITE) < 4.5} == {}


def test_every_mark_that_carries_a_value_is_at_least_3_to_1_against_white(charts: list[ET.Element]) -> None:
    marks = {
        colour
        for chart in charts
        for shape in ("rect", "circle", "line")
        for e in chart.iter(f"{SVG}{shape}")
        if (colour := e.get("fill") or e.get("stroke")) and colour not in DECORATIVE
    }
    assert marks, "the charts have no marks"
    assert {m: round(contrast(m, WHITE), 2) for m in marks if contrast(m, WHITE) < 3} == {}
