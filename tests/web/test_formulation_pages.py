"""Case formulation in a browser (issue 18): version 1, refused again until a review, version 2
with an agreed action that is overdue on the owner's team list after its due date, and the family
summary printing version 2."""

import re
import uuid

from playwright.async_api import Page, expect

from tests.web.conftest import Site, screenshot, sign_in


async def fill_formulation(
    page: Page, day: str, month: str, action: tuple[str, str, str, str], views: str
) -> None:
    await page.locator("#completed_on-day").fill(day)
    await page.locator("#completed_on-month").fill(month)
    await page.locator("#completed_on-year").fill("2026")
    for agency in (
        "Youth justice service",
        "Education (school or college)",
        "Child and adolescent mental health services (CAMHS)",
    ):
        await page.get_by_label(agency, exact=True).check()
    await page.get_by_label("Formulation summary").fill(
        "Offending linked to exclusion from school and low mood."
    )
    what, agency_id, person, due = action
    await page.locator("#agreed_actions-0-action").fill(what)
    await page.locator("#agreed_actions-0-owner_agency").select_option(agency_id)
    await page.locator("#agreed_actions-0-owner_person").fill(person)
    d, m, y = due.split("/")
    await page.locator("#agreed_actions-0-due_on-day").fill(d)
    await page.locator("#agreed_actions-0-due_on-month").fill(m)
    await page.locator("#agreed_actions-0-due_on-year").fill(y)
    await page.get_by_label("The child's own views").fill(views)
    await page.get_by_label("The family's views (optional)").fill(
        "We want Ari to feel better and go back to school."
    )
    await page.get_by_label("Summary for the child and family").fill(
        "We agreed to help you feel better and get back to school."
    )
    # The formulation is a decision stage: its bias reflection (`workflows.reflections`).
    await page.locator('input[name="bias_reflection-aspects_considered"][value="culture"]').check()
    await page.locator('input[name="bias_reflection-colleague_consulted"][value="no"]').check()


async def test_a_second_version_with_an_agreed_action_is_overdue_on_the_owners_list_and_printed_for_the_family(
    site: Site, page: Page
) -> None:
    surname = f"Formulation{uuid.uuid4().hex[:6]}"
    pid = await site.ingest(defendant__first_name="Ari", defendant__last_name=surname)
    await site.allocate(pid, "casey.worker", "bromley")
    child = f"Ari {surname}"

    # Version 1.
    await sign_in(page, "casey.worker", then=f"/cases/{pid}/record/case_formulation")
    await fill_formulation(
        page,
        "20",
        "4",
        ("Return-to-school meeting", "education", "Ms Patel", "15/5/2026"),
        "I want to go back to school.",
    )
    await screenshot(page, "formulation-1-form")
    await page.get_by_role("button", name="Record").click()
    await expect(page).to_have_url(re.compile(rf"/cases/{pid}\?recorded=case_formulation$"))
    panel = page.locator("#formulation + p")
    await expect(panel).to_contain_text("Version 1")

    # A second version before any review, breach or court decision is refused, saying why.
    await page.goto(f"/cases/{pid}/record/case_formulation")
    await fill_formulation(
        page, "1", "6", ("Book a CAMHS assessment", "camhs", "Dr Okafor", "19/6/2026"), "x"
    )
    await page.get_by_role("button", name="Record").click()
    await expect(page.locator(".app-refusal")).to_contain_text(
        "a new version follows a review, a breach or a court's decision"
    )

    # A review, then version 2, whose agreed action was due on 19 June 2026: overdue today.
    await page.goto(f"/cases/{pid}/record/review")
    await page.locator("#completed_on-day").fill("1")
    await page.locator("#completed_on-month").fill("6")
    await page.locator("#completed_on-year").fill("2026")
    await page.get_by_role("button", name="Record").click()
    await expect(page).to_have_url(re.compile(r"recorded=review$"))
    await page.get_by_role("link", name="Record a new version of the case formulation").click()
    await fill_formulation(
        page,
        "5",
        "6",
        ("Book a CAMHS assessment", "camhs", "Dr Okafor", "19/6/2026"),
        "I still want school, and help with feeling low.",
    )
    await page.get_by_role("button", name="Record").click()
    await expect(page).to_have_url(re.compile(r"recorded=case_formulation$"))
    await expect(page.locator("#formulation + p")).to_contain_text("Version 2")
    await expect(page.locator("#formulation + p")).to_contain_text("Revised after a review")
    await expect(page.locator("#action-v2-1")).to_contain_text(
        "Dr Okafor, Child and adolescent mental health services (CAMHS)"
    )
    await expect(page.locator("#action-v2-1")).to_contain_text("Overdue")
    await screenshot(page, "formulation-2-case-page-version-2")

    # The owner's team list: the agreed action is overdue, with its owner.
    await site.until_listed(
        "/v1/tasks/overdue?step=agreed_action",
        site.token("supervisor"),
        lambda rows: any(r["pathway_id"] == pid and r["owner_person"] == "Dr Okafor" for r in rows),
    )
    await page.goto("/my-work")
    row = page.locator("tr", has=page.get_by_role("link", name=child)).filter(
        has_text="Agreed action"
    )
    await expect(row).to_contain_text("Overdue")
    await expect(row).to_contain_text(
        "Owner: Dr Okafor, Child and adolescent mental health services (CAMHS)"
    )
    await screenshot(page, "formulation-3-overdue-on-the-list")

    # The family summary prints version 2: its action, the child's and the family's own words.
    await page.goto(f"/cases/{pid}/summary")
    main = page.locator("main")
    await expect(main).to_contain_text("Plan version 2, agreed on 5 June 2026")
    await expect(main).to_contain_text("Book a CAMHS assessment")
    await expect(main).not_to_contain_text("Return-to-school meeting")
    await expect(main).to_contain_text("I still want school, and help with feeling low.")
    await expect(main).to_contain_text("We want Ari to feel better and go back to school.")
    await page.emulate_media(media="print")
    await screenshot(page, "formulation-4-family-summary-version-2")
    await page.emulate_media(media="screen")

    # Its owner did it: recorded as done by the `agreed_action` step, from the case's tasks.
    await page.goto(f"/cases/{pid}")
    await page.locator("tr", has_text="Dr Okafor").get_by_role("link", name="Record").click()
    await page.get_by_label("Book a CAMHS assessment").check()
    await page.locator("#completed_on-day").fill("2")
    await page.locator("#completed_on-month").fill("7")
    await page.locator("#completed_on-year").fill("2026")
    await page.get_by_role("button", name="Record").click()
    await expect(page).to_have_url(re.compile(r"recorded=agreed_action$"))
    await expect(page.locator("#action-v2-1")).to_contain_text("Done")
