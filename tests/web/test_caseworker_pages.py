"""A caseworker in a browser: their work, a case, a step recorded through its form, a step
out of order refused with the workflow's reason, and fields that need fixing."""

import re
import uuid

from playwright.async_api import Page, expect

from tests.web.conftest import Site, screenshot, sign_in


async def a_case_of_caseys(site: Site, first_name: str) -> tuple[str, str]:
    surname = f"Example{uuid.uuid4().hex[:6]}"
    pid = await site.ingest(defendant__first_name=first_name, defendant__last_name=surname)
    await site.allocate(pid, "casey.worker", "bromley")
    await site.until_listed("/v1/tasks/overdue?caseworker=casey.worker", site.token("caseworker", "casey.worker"),
                            lambda rows: any(r["pathway_id"] == pid and r["step"] == "first_contact" for r in rows))
    return pid, f"{first_name} {surname}"


async def test_a_caseworker_records_a_step_and_is_told_why_the_panel_cannot_come_before_the_enquiry(site: Site, page: Page) -> None:
    pid, child = await a_case_of_caseys(site, "Riley")

    await sign_in(page, "casey.worker")
    await expect(page).to_have_url(re.compile(r"/my-work$"))
    mine = page.locator("tr", has=page.get_by_role("link", name=child)).filter(has_text="First contact")
    await expect(mine).to_contain_text("Overdue")
    await screenshot(page, "caseworker-1-my-work")

    await page.get_by_role("link", name=child).first.click()
    await page.get_by_role("link", name="Record first contact with the child and family").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Record first contact with the child and family")
    await page.get_by_label("Notes (optional)").fill("Met Riley and their mum at home.")
    await screenshot(page, "caseworker-2-first-contact-form")
    await page.get_by_role("button", name="Record").click()

    await expect(page).to_have_url(re.compile(rf"/cases/{pid}\?recorded=first_contact$"))
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded: first contact with the child and family")
    done = page.locator("#tasks ~ table tr", has_text="First contact with the child and family")
    await expect(done.locator(".govuk-tag")).to_have_text("Done")
    await expect(page.locator(".app-timeline")).to_contain_text("Met Riley and their mum at home.")
    await screenshot(page, "caseworker-3-case-after-first-contact")

    # The panel before the restorative enquiry: the workflow refuses it, and the page says why.
    await page.get_by_role("link", name="Record initial youth offender panel").click()
    await page.get_by_role("button", name="Record").click()
    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_contain_text("There is a problem")
    await expect(summary).to_contain_text("The restorative enquiry with the child must be recorded before the initial panel")
    await expect(page).to_have_title(re.compile("^Error: "))
    await screenshot(page, "caseworker-4-panel-refused-before-enquiry")

    r = await site.http.get(f"/v1/pathways/{pid}", headers=site.token("caseworker", "casey.worker"))
    tasks = {t["step"]: t["status"] for t in r.json()["tasks"]}
    assert tasks["first_contact"] == "done" and tasks["initial_panel"] == "overdue"


async def test_a_form_sent_with_mistakes_names_each_field_to_fix_and_links_to_it(site: Site, page: Page) -> None:
    pid, _ = await a_case_of_caseys(site, "Sky")
    await sign_in(page, "casey.worker", then=f"/cases/{pid}/record/case_formulation")
    await page.locator("#completed_on-day").fill("31")
    await page.locator("#completed_on-month").fill("2")
    await page.get_by_label("Youth justice service", exact=True).check()
    await page.get_by_label("Education (school or college)", exact=True).check()
    await page.get_by_role("button", name="Record").click()

    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_contain_text("Enter a real date")
    await page.locator("#completed_on-day").fill("20")
    await page.locator("#completed_on-month").fill("4")
    await page.get_by_role("button", name="Record").click()
    for message in ("Enter the formulation summary",
                    "Enter at least one agreed action, who owns it and when it is due",
                    "Enter the child's own views", "Enter the summary for the child and family"):
        await expect(summary).to_contain_text(message)
    await expect(page.get_by_label("Education (school or college)", exact=True)).to_be_checked()
    await screenshot(page, "caseworker-5-form-with-field-errors")
    await summary.get_by_role("link", name="Enter the child's own views").click()
    await expect(page.get_by_label("The child's own views")).to_be_focused()
