"""Outcome data in a browser (issue 21): the step's form recorded at the start, the same point
refused again on its field, and closure asking a supervisor's reason while the end's is missing."""

import re
import uuid

from playwright.async_api import Page, expect

from tests.web.conftest import Site, screenshot, sign_in

YES_NO = {
    "accommodation_suitable": "no",
    "ete_suitable": "yes",
    "send_identified": "yes",
    "send_formal_plan": "no",
    "mental_health_need": "yes",
    "mental_health_offered": "yes",
    "mental_health_attended": "no",
    "substance_use_need": "no",
    "substance_use_offered": "no",
    "substance_use_attended": "no",
    "looked_after": "no",
    "child_protection_plan": "no",
    "child_in_need": "yes",
    "early_help": "no",
}


async def fill(page: Page) -> None:
    await page.get_by_label("At the start of the order").check()
    await page.locator("#completed_on-day").fill("21")
    await page.locator("#completed_on-month").fill("4")
    await page.locator("#completed_on-year").fill("2026")
    await page.get_by_label("Temporary (bed and breakfast, a hostel, sofa-surfing)").check()
    await page.get_by_label("School", exact=True).check()
    await page.get_by_label("Hours a week offered").fill("25")
    await page.get_by_label("Hours a week attended").fill("18")
    for name, answer in YES_NO.items():
        await page.locator(f'input[name="{name}"][value="{answer}"]').check()


async def test_the_start_is_recorded_through_the_form_and_closure_asks_a_supervisor_why(
    site: Site, page: Page
) -> None:
    surname = f"Outcome{uuid.uuid4().hex[:6]}"
    pid = await site.ingest(defendant__first_name="Kai", defendant__last_name=surname)
    await site.allocate(pid, "casey.worker", "bromley")

    await sign_in(page, "casey.worker", then=f"/cases/{pid}/record/outcome_data")
    await fill(page)
    # More hours attended than offered: refused on the field, nothing recorded.
    await page.get_by_label("Hours a week attended").fill("30")
    await page.get_by_role("button", name="Record").click()
    await expect(page.locator(".govuk-error-summary")).to_contain_text("30 hours attended")
    await page.get_by_label("Hours a week attended").fill("18")
    await screenshot(page, "outcome-data-form")
    await page.get_by_role("button", name="Record").click()
    await expect(page).to_have_url(re.compile(rf"/cases/{pid}\?recorded=outcome_data$"))

    r = await site.http.get(f"/v1/pathways/{pid}", headers=site.token("supervisor"))
    start = r.json()["outcome_start"]
    assert (start["accommodation"], start["ete_hours_offered"], start["ete_hours_attended"]) == (
        "temporary",
        25,
        18,
    )
    assert start["by"] == "casey.worker" and start["child_in_need"] is True

    # The start again: refused on its field, saying when it was recorded.
    await page.goto(f"/cases/{pid}/record/outcome_data")
    await fill(page)
    await page.get_by_role("button", name="Record").click()
    await expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The outcome data at the start was recorded on 2026-04-21"
    )

    # A supervisor's closure form asks why the case closes without the end's outcome data.
    await page.context.clear_cookies()
    await sign_in(page, "sam.supervisor", then=f"/cases/{pid}/record/closure")
    await expect(
        page.get_by_label("Why the case is closed without its outcome data (supervisors only)")
    ).to_be_visible()


async def test_a_board_meeting_recorded_on_its_page_shows_in_the_yjb_kpis_report(
    site: Site, page: Page
) -> None:
    team = f"board{uuid.uuid4().hex[:4]}"
    cookie = site.session_cookie("supervisor", "sam.supervisor", team)
    await page.context.add_cookies([{"name": "pathway_session", "value": cookie, "url": site.base}])
    await page.goto("/board-meetings")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Management board meetings")
    await page.get_by_role("button", name="Record").click()  # no date: refused on the field
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    await page.locator("#met_on-day").fill("18")
    await page.locator("#met_on-month").fill("11")
    await page.locator("#met_on-year").fill("2026")
    for partner in ("Police", "Education", "Health"):
        await page.get_by_label(partner, exact=True).check()
    await screenshot(page, "board-meeting-form")
    await page.get_by_role("button", name="Record").click()
    await expect(page).to_have_url(re.compile(r"/board-meetings\?recorded=yes$"))
    row = page.locator(".app-board-meetings tbody tr")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("Police, Education, Health")
    await expect(row).to_contain_text("3 of 5")

    await page.goto("/reports")
    section = page.locator("section", has=page.locator("#yjb-kpis"))
    kpi7 = section.locator("tr", has_text="Partner places filled")
    await expect(kpi7).to_contain_text("3 of 5 partner places")
    await expect(kpi7).to_contain_text("60%")
    # No order of the team has ended: nothing to hide (ADR 0150), nothing to count either.
    await expect(section.locator("tr", has_text="Suitable at the end")).to_contain_text("0 of 0")
    await expect(section.locator("tr", has_text="Suitable at the end")).to_contain_text("no children in the cohort")
