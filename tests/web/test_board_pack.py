"""The outcomes page and the quarterly board pack in a browser, and the board pack's PDF printed
by Chromium, its text read back with pypdf and checked against the golden rows' figures: every
indicator (the four long-standing ones and the YJB's ten KPIs) with its name, its one-line
definition and its value, on one A4 page."""

import io
import re
import unicodedata
import uuid
from collections.abc import Iterator

import pypdf
import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from db.tables import AuditEvent
from reports.indicators import BY_ID, INDICATORS, Indicator
from tests.reports.outcome_seed import EXPECTED_Q4, seed_outcomes
from tests.web.conftest import CHROMIUM, SCREENSHOTS, Site, screenshot


def words(text: str) -> str:
    """Text with its ligatures undone (the PDF's font joins "fi", "ff"), its spaces single, and a
    word broken at the end of a line after its hyphen ("re- offender") joined again."""
    spaced = " ".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(r"(?<=\w)- (?=\w)", "-", spaced)


@pytest.fixture
def team(site: Site) -> Iterator[str]:
    """A team of its own with the golden rows, and its 10-17 population (as a service sets it)."""
    name, other = f"bp{uuid.uuid4().hex[:6]}", f"bq{uuid.uuid4().hex[:6]}"
    with site.sessions.begin() as s:
        seed_outcomes(s, name, other, name)
    site.settings.population[name] = {2023: 15_000}
    yield name
    del site.settings.population[name]


UNCONFIRMED = "Definition not yet confirmed against the YJB's guidance."


def direction(indicator: Indicator) -> str:
    """What the board pack says under an indicator's summary: which way is better, and whether
    its definition is still to be confirmed."""
    better = {None: "A measure of need.", True: "Higher is better.", False: "Lower is better."}
    said = better[indicator.higher_is_better]
    return said if indicator.confirmed else f"{said} {UNCONFIRMED}"


def short(value: str) -> str:
    """A value as the board pack's cells give it: the rate without "per 1,000", which its row's
    name says (`0.33 per 1,000` is `0.33`)."""
    return value.split(" per ")[0]


async def signed_in(page: Page, site: Site, role: str, team: str | None) -> None:
    cookie = site.session_cookie(role, f"{role}.{team}", team)
    await page.context.add_cookies([{"name": "pathway_session", "value": cookie, "url": site.base}])


async def test_the_outcomes_page_draws_each_indicators_trend_team_against_service(
    site: Site, page: Page, team: str
) -> None:
    await signed_in(page, site, "caseworker", team)
    await page.goto("/reports/outcomes?quarter=2023-Q4")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes by quarter")
    await expect(page.locator(".govuk-caption-l")).to_contain_text(f"Team {team} against the whole service")
    charts = page.locator(".app-chart svg[role=img]")
    assert len(INDICATORS) == 15
    await expect(charts).to_have_count(len(INDICATORS))
    await expect(page.locator("section[data-indicator]")).to_have_count(len(INDICATORS))
    contents = page.get_by_role("navigation", name="Indicators on this page").get_by_role("link")
    await expect(contents).to_have_text([i.name for i in INDICATORS])
    for indicator in INDICATORS:
        section = page.locator(f"section[data-indicator='{indicator.id}']")
        await expect(section.get_by_role("heading", level=2)).to_have_text(indicator.name)
        await expect(section.locator("svg title")).to_have_text(f"{indicator.name}, by quarter")
        team_value = EXPECTED_Q4[indicator.id][0]
        await expect(section.locator("svg desc")).to_contain_text(f"Team {team}: ")
        await expect(section.locator("svg desc")).to_contain_text(f"2023-Q4 {team_value}")
        row = section.locator("table tr", has_text="2023-Q4")
        await expect(row.locator("td").first).to_contain_text(team_value)
        await expect(section.locator(".app-definition")).to_have_text(indicator.definition)
        await expect(section.locator(".app-unconfirmed")).to_have_count(0 if indicator.confirmed else 1)
    need = page.locator("section[data-indicator='kpi4-mental-health'] .app-indicator__latest")
    await expect(need).to_contain_text("A measure of need: neither higher nor lower is better.")
    share = page.locator("section[data-indicator='custody-share']")
    await expect(share.locator(".app-gaps")).to_contain_text("2023-Q3")
    await expect(share.locator("table tr", has_text="2023-Q3").locator("td").first).to_have_text("suppressed")
    await expect(page.get_by_role("link", name=re.compile("Board pack"))).to_have_count(0)  # caseworker
    await screenshot(page, "outcomes-1-page")

    link = share.get_by_role("link", name="Download custodial sentences as a share of sentences (CSV)")
    response = await page.request.get(await link.get_attribute("href") or "")
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    summary = BY_ID["custody-share"].summary
    assert (f"custody-share,Custodial sentences as a share of sentences,share,false,true,{summary},"
            f"team,{team},2023-Q4") in await response.text()


async def test_the_board_pack_is_one_a4_page_and_its_pdf_has_every_indicator(
    site: Site, page: Page, team: str
) -> None:
    await signed_in(page, site, "supervisor", team)
    await page.goto("/reports/outcomes?quarter=2023-Q4")
    await page.get_by_role("link", name="Board pack for 2023 Q4").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Board pack: 2023 Q4")
    await expect(page.locator("tr[data-indicator]")).to_have_count(len(INDICATORS))
    for indicator in INDICATORS:
        block = page.locator(f"tr[data-indicator='{indicator.id}']")
        await expect(block.locator(".app-bp__label")).to_have_text(indicator.name)
        await expect(block.locator(".app-bp__value")).to_have_text(short(EXPECTED_Q4[indicator.id][0]))
        await expect(block.locator(".app-bp__spark svg[role=img]")).to_have_count(1)
        await expect(block.locator(".app-bp__definition")).to_have_text(indicator.summary)
        await expect(block.locator(".app-bp__muted")).to_have_text(direction(indicator))
    await screenshot(page, "board-pack-1-page")
    href = await page.get_by_role("link", name="Download the board pack (PDF)").get_attribute("href")
    await page.emulate_media(media="print")
    await expect(page.locator(".app-header")).to_be_hidden()
    await screenshot(page, "board-pack-2-print")
    await page.set_viewport_size({"width": 726, "height": 1050})  # A4's width less the margins
    await screenshot(page, "board-pack-3-print-a4")

    assert href == "/reports/board-pack.pdf?quarter=2023-Q4"
    response = await page.request.get(href)
    assert response.status == 200, await response.text()
    assert response.headers["content-type"] == "application/pdf"
    assert f"board-pack-{team}-2023-Q4.pdf" in response.headers["content-disposition"]
    (SCREENSHOTS / "board-pack-4.pdf").write_bytes(await response.body())  # for people to read
    pdf = pypdf.PdfReader(io.BytesIO(await response.body()))
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = words(pdf.pages[0].extract_text())
    assert "Board pack: 2023 Q4" in text and f"Team {team}" in text
    for indicator in INDICATORS:
        # In the order printed: the name, its one-line definition, which way is better, then
        # the team's value (the service's beside it counts other tests' teams too).
        value = short(EXPECTED_Q4[indicator.id][0])
        line = words(f"{indicator.name} {indicator.summary} {direction(indicator)} {value}")
        assert line in text, (indicator.id, line, text)
    assert text.count(UNCONFIRMED) == sum(1 for i in INDICATORS if not i.confirmed) == 4
    assert "full definition (numerator, denominator, cohort and source)" in text
    assert "Sign out" not in text  # the print CSS hides the header


async def test_the_board_pack_is_refused_as_other_reports_are(site: Site, page: Page, team: str) -> None:
    async def status(role: str, whose: str | None, path: str) -> int:
        await page.context.clear_cookies()
        if role:
            await signed_in(page, site, role, whose)
        response = await page.request.get(path, max_redirects=0)
        return response.status

    for path in ("/reports/board-pack?quarter=2023-Q4", "/reports/board-pack.pdf?quarter=2023-Q4"):
        assert await status("", None, path) == 303  # to sign in
        assert await status("integrator", None, path) == 403
        assert await status("caseworker", team, path) == 403
        assert await status("supervisor", team, path + "&team=bromley") == 403
        assert await status("supervisor", team, path.replace("2023-Q4", "2023-Q9")) == 422
    with site.sessions() as s:  # refused with its own status in the audit, not as a failure
        statuses = set(
            s.scalars(select(AuditEvent.status).where(AuditEvent.user == f"supervisor.{team}"))
        )
    assert statuses == {403, 422}
    assert await status("auditor", None, f"/reports/board-pack?quarter=2023-Q4&team={team}") == 200
    assert await status("auditor", None, "/reports/board-pack?quarter=2023-Q4&team=") == 200  # the service
    assert await status("auditor", None, "/reports/outcomes?quarter=2023-Q4") == 200
    assert await status("integrator", None, "/reports/outcomes") == 403
    assert await status("supervisor", team, "/reports/outcomes?team=bromley") == 403


async def test_a_pdf_that_cannot_be_printed_is_a_503_audited_with_the_reason(
    site: Site, page: Page, team: str
) -> None:
    await signed_in(page, site, "supervisor", team)
    site.settings.chromium_path = "/nonexistent/chromium"
    try:
        response = await page.request.get("/reports/board-pack.pdf?quarter=2023-Q4")
    finally:
        site.settings.chromium_path = CHROMIUM
    assert response.status == 503
    assert "print the board pack page from your browser instead" in await response.text()
    with site.sessions() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.team == team, AuditEvent.status == 503)
        ).one()
    assert event.action == "read_report:board-pack-pdf" and event.outcome == "failed"
    assert "quarter=2023-Q4" in (event.detail or "") and "cannot start" in (event.detail or "")
