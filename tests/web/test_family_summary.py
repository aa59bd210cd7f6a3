"""The case formulation summary for the child and family: plain words, printable."""

import uuid

from playwright.async_api import Page, expect

from tests.web.conftest import Site, screenshot, sign_in


async def test_the_family_summary_says_what_we_agreed_what_happens_next_and_who_to_contact_and_prints_plainly(site: Site, page: Page) -> None:
    pid = await site.ingest(defendant__first_name="Sam", defendant__last_name=f"Family{uuid.uuid4().hex[:6]}")
    await site.allocate(pid, "casey.worker", "bromley")
    body = {
        "completed_on": "2026-04-20",
        "agencies": ["yjs", "education", "camhs"],
        "formulation_summary": "Internal: risk factors and protective factors discussed.",
        "agreed_actions": [{"action": "Sam will go to football training on Tuesdays", "owner_agency": "yjs",
                            "owner_person": "Sam, with Casey", "due_on": "2026-05-05"},
                           {"action": "We will help Sam's mum find a parenting group", "owner_agency": "yjs",
                            "owner_person": "Casey (case manager)", "due_on": "2026-05-20"}],
        "child_views": "I want to stay at my school and see my friends.",
        "family_views": "Mum: we want Sam to stay at his school.",
        "plain_language_summary": "We met to talk about what would help you.\nWe agreed to support you to stay at school.",
        "bias_reflection": {"aspects_considered": ["race", "class"], "colleague_consulted": True, "colleague_role": "supervisor"},
    }
    r = await site.http.post(f"/v1/pathways/{pid}/steps/case_formulation", json=body, headers=site.token("caseworker", "casey.worker"))
    assert r.status_code == 200, r.text

    await sign_in(page, "casey.worker", then=f"/cases/{pid}/summary")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your plan: what we agreed and what happens next")
    await expect(page.locator("main")).to_contain_text("I want to stay at my school and see my friends.")
    await expect(page.locator("main")).to_contain_text("Mum: we want Sam to stay at his school.")
    await expect(page.locator("main")).to_contain_text("Plan version 1, agreed on 20 April 2026")
    await expect(page.locator("main")).to_contain_text("Casey (case manager), Youth justice service, by 20 May 2026")
    await expect(page.locator("main")).to_contain_text("Your case manager is casey.worker")
    await expect(page.locator("main")).to_contain_text("Your first panel meeting, where you agree your contract")
    await expect(page.locator("main")).not_to_contain_text("Internal: risk factors")
    await expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    await page.emulate_media(media="print")
    await expect(page.locator(".app-header")).to_be_hidden()
    await screenshot(page, "family-summary-printed")
