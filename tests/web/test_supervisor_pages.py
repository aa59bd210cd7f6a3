"""A supervisor in a browser: the dashboard shows the team's overdue work, and cases are
allocated and reallocated from it and from the case page."""

import re
import uuid

from playwright.async_api import Page, expect

from tests.web.conftest import Site, screenshot, sign_in


async def test_a_supervisor_sees_an_overdue_task_on_the_dashboard_and_reallocates_its_case(site: Site, page: Page) -> None:
    surname = f"Overdue{uuid.uuid4().hex[:6]}"
    pid = await site.ingest(defendant__first_name="Jordan", defendant__last_name=surname)
    await site.until_listed("/v1/tasks/overdue", site.token("supervisor"), lambda rows: any(r["pathway_id"] == pid for r in rows))
    child = f"Jordan {surname}"

    await sign_in(page, "sam.supervisor", then="/dashboard", shot="supervisor-0-sign-in")
    await expect(page).to_have_url(re.compile(r"/dashboard$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Team bromley")
    waiting = page.locator("tr", has=page.get_by_role("link", name=child)).first
    await expect(waiting).to_contain_text("overdue")
    await screenshot(page, "supervisor-1-dashboard-with-unallocated-overdue-case")

    # Allocate from the dashboard: the case's overdue tasks move to the case manager's group.
    await waiting.get_by_label("Case manager").fill("casey.worker")
    await waiting.get_by_label("Team").fill("bromley")
    await waiting.get_by_role("button", name="Allocate").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Case allocated to casey.worker")
    group = page.locator("section.app-group", has=page.get_by_role("heading", name=re.compile("casey.worker")))
    case = group.locator("tr", has=page.get_by_role("link", name=child))
    await expect(case.locator(".app-task-list__item--overdue").first).to_contain_text("First contact with the child and family")
    await expect(case).not_to_contain_text("Allocation of a case manager")
    await expect(case).to_contain_text("8 overdue")  # with the outcome data at the start and end (issue 21)
    await expect(case).to_contain_text("Escalated")
    await screenshot(page, "supervisor-2-dashboard-after-allocation")

    # Filter by step: only that step's tasks remain.
    await page.get_by_label("Task", exact=True).select_option("initial_panel")
    await page.get_by_role("button", name="Apply filters").click()
    steps = await page.locator("section.app-group .app-task-list__name").all_inner_texts()
    assert steps and set(steps) == {"Initial youth offender panel"}

    # Reallocate from the case page.
    await page.get_by_role("link", name=child).first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(child)
    sidebar = page.locator("aside")
    await expect(sidebar).to_contain_text("casey.worker")
    await sidebar.get_by_label("Case manager").fill("robin.worker")
    await sidebar.get_by_role("button", name="Change case manager").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Case manager is now robin.worker (team bromley)")
    await expect(sidebar).to_contain_text("changed 1 time")
    await expect(page.locator("#timeline")).to_be_visible()
    await screenshot(page, "supervisor-3-case-page-after-reallocation")
