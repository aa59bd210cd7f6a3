"""A supervisor in a browser sees a case manager's clinical supervision overdue on the
dashboard, records it (an error first, naming the field), and sees it on track."""

import uuid
from datetime import UTC, datetime

from playwright.async_api import Page, expect

from core.workdays import add_months, london_date
from tests.web.conftest import Site, screenshot, sign_in


async def test_a_supervisor_sees_supervision_overdue_on_the_dashboard_and_records_it(site: Site, page: Page) -> None:
    today = london_date(datetime.now(UTC))
    user = f"casey.{uuid.uuid4().hex[:6]}"
    r = await site.http.post(
        "/v1/staff",
        json={"user": user, "team": "bromley", "joined_on": add_months(today, -2).isoformat()},
        headers=site.token("supervisor"),
    )
    assert r.status_code == 201, r.text

    await sign_in(page, "sam.supervisor", then="/dashboard")
    row = page.locator(f'tr[data-staff="{user}"]')
    await expect(row).to_contain_text("Escalated")
    await expect(row).to_contain_text("Not yet")
    await expect(page.locator("#supervision ~ .app-stats")).to_contain_text("supervisions overdue")
    await row.scroll_into_view_if_needed()
    await screenshot(page, "supervisor-supervision-overdue-on-dashboard")

    await row.get_by_role("link", name=f"Record supervision of {user}").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Record clinical supervision")
    await page.fill("#supervised_on-day", str(today.day))
    await page.fill("#supervised_on-month", str(today.month))
    await page.fill("#supervised_on-year", str(today.year))
    await page.get_by_role("button", name="Record").click()
    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_contain_text("Select at least one theme")
    await expect(summary.get_by_role("link")).to_have_attribute("href", "#themes")

    await page.get_by_label("Wellbeing").check()
    await page.get_by_label("Caseload and workload").check()
    await page.get_by_role("button", name="Record").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Clinical supervision recorded.")
    row = page.locator(f'tr[data-staff="{user}"]')
    await expect(row).to_contain_text("On track")
    await expect(row).to_contain_text(f"{add_months(today, 1):%-d %b %Y}")
    history = await site.http.get(f"/v1/staff/{user}/supervisions", headers=site.token("supervisor"))
    assert [h["themes"] for h in history.json()] == [["wellbeing", "caseload"]]
