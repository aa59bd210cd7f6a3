"""The reports page in a browser: timeliness, KPIs and disproportionality as charts and tables,
and each report as a CSV download."""

import asyncio
import uuid

from playwright.async_api import Page, expect

from tests.factories import canonical_outcome
from tests.web.conftest import Site, screenshot


async def seed_a_caseload(site: Site, team: str) -> None:
    """Twenty orders in one team: White and Black children, with more custody for the second."""
    records = []
    for ethnicity, custody in (("W1", 5), ("B1", 8)):
        for i in range(10):
            disposal = "detention_and_training_order" if i < custody else "referral_order"
            records.append(canonical_outcome(defendant__ethnicity=ethnicity, disposal__type=disposal,
                                             defendant__last_name=f"Report{uuid.uuid4().hex[:6]}"))
    r = await site.http.post("/v1/court-outcomes", json=records, headers=site.token("integrator", "ingest.bot", None))
    pids = [res["pathway_id"] for res in r.json()["results"]]
    assert len(pids) == 20 and all(pids), r.text
    await asyncio.gather(*(site.allocate(pid, "casey.worker", team) for pid in pids))
    await site.until_listed("/v1/caseload", site.token("supervisor", team=team),
                            lambda rows: set(pids) <= {row["pathway_id"] for row in rows})


async def test_the_reports_page_shows_timeliness_kpis_and_disproportionality_with_csv_downloads(site: Site, page: Page) -> None:
    team = f"reports{uuid.uuid4().hex[:4]}"
    await seed_a_caseload(site, team)
    await page.context.add_cookies([{"name": "pathway_session", "value": site.session_cookie("supervisor", "sam.supervisor", team), "url": site.base}])

    await page.goto("/reports")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    await expect(page.locator(".govuk-caption-l")).to_have_text(f"Team {team}")
    charts = page.locator(".app-chart svg[role=img]")
    await expect(charts).to_have_count(6)  # and diversion's timeliness and panel RRI (issue 20)
    await expect(page.locator(".app-chart svg title").first).to_have_text("Share of tasks done on time, by step")
    await expect(page.get_by_role("heading", name="By ethnic group, against White")).to_be_visible()

    # Custody: 8 of 10 Black children against 5 of 10 White children, an RRI of 1.6.
    await page.get_by_text("By ethnic group as a table").click()
    table = page.locator("details", has_text="By ethnic group as a table").locator("table")
    custody = table.locator("tbody", has_text="Custody (detention and training order)")
    await expect(custody.locator("tr", has_text="Black")).to_contain_text("1.60")
    await expect(custody.locator("tr", has_text="Mixed")).to_contain_text("suppressed")
    await screenshot(page, "reports-1-page")

    link = page.get_by_role("link", name="Download by ethnic group (CSV)")
    response = await page.request.get(await link.get_attribute("href") or "")
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    lines = (await response.text()).splitlines()
    assert lines[0].startswith("dimension,decision_point,base_definition,group")
    assert any(line.startswith("ethnicity,custody,") and ",Black,White,8,10," in line for line in lines)
