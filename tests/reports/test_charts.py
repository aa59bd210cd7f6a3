"""SVG charts: well-formed, labelled for screen readers, values in words, text escaped."""

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.charts import kpi_chart, rri_chart, timeliness_chart
from reports.disproportionality import RriReport, disproportionality
from reports.kpis import kpis
from reports.timeliness import timeliness
from tests.reports.seed import HOLIDAYS, seed_caseload

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        seed_caseload(s)
    return sessions


def parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and desc is not None and title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_the_timeliness_chart_is_an_accessible_svg_with_a_bar_and_a_value_per_step(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        root = parsed(timeliness_chart(timeliness(s, holidays=HOLIDAYS), id_prefix="t1"))
    assert root.findtext("svg:title", namespaces=NS) == "Share of tasks done on time, by step"
    words = texts(root)
    assert "Allocation of a case manager" in words and "88% (82 of 93)" in words
    assert {"0%", "50%", "100%"} <= set(words)
    # Only allocation, first contact and assessment have tasks; the other 15 steps (the four
    # compliance and breach steps with a deadline among them, issue 17) have none.
    assert words.count("no tasks") == 15
    assert "Allocation of a case manager: 88% of 93 tasks on time" in (root.findtext("svg:desc", namespaces=NS) or "")


def test_the_rri_chart_shows_intervals_a_line_at_one_and_says_suppressed(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        root = parsed(rri_chart(disproportionality(s, dimension="ethnicity")))
    words = texts(root)
    assert "Referral to FFT" in words and "base: pathways with an eligibility decision for FFT" in words
    assert "3.00 (1.03 to 8.72) higher" in words
    assert "2.00 (0.92 to 4.33)" in words  # custody: the interval includes 1
    assert "1 = same rate as White" in words
    assert "suppressed: fewer than 5 in the base" in words
    assert root.findtext("svg:title", namespaces=NS) == "Relative Rate Index by ethnicity, against White"


def test_the_kpi_chart_draws_the_victim_and_referral_counts(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        root = parsed(kpi_chart(kpis(s)))
    words = texts(root)
    assert {"Victims", "Referrals to FFT", "taking part in restorative justice"} <= set(words)


def test_text_in_a_chart_is_escaped(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = disproportionality(s, dimension="ethnicity")
    odd = RriReport.model_validate(
        report.model_dump() | {"reference": 'A & <B> "quoted"'}
    )
    root = parsed(rri_chart(odd, id_prefix='x"y'))
    assert '1 = same rate as A & <B> "quoted"' in texts(root)
