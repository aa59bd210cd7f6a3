"""A supervisor in a browser opens the supervision queue, sees an override offered with its
bias reflection, records the discussion (an error first, naming the field), and finds the
reflection on the case page; another caseworker of the team does not see it there."""

import httpx
from playwright.async_api import Page, expect

from tests.web.conftest import Site, screenshot, sign_in

REFLECTION = {"aspects_considered": ["culture", "class"], "colleague_consulted": False}


async def an_override(site: Site) -> str:
    pid = await site.ingest()
    await site.allocate(pid)
    casey = site.token("caseworker", "casey.worker")
    r = await site.http.post(f"/v1/pathways/{pid}/steps/assessment",
                             json={"completed_on": "2026-04-20", "facts": {"lives_with_caregiver": True}},
                             headers=casey)
    assert r.status_code == 200, r.text
    r = await site.http.post(f"/v1/pathways/{pid}/steps/intervention_referral", json={
        "completed_on": "2026-04-21", "programme": "fft", "status": "proposed",
        "override_reason": "The family asked for FFT.", "bias_reflection": REFLECTION}, headers=casey)
    assert r.status_code == 200, r.text
    return pid


async def test_a_supervisor_discusses_an_offered_override_and_reads_its_reflection_on_the_case(site: Site, page: Page) -> None:
    pid = await an_override(site)
    await sign_in(page, "sam.supervisor", then="/reflections")
    row = page.locator(f'tr[data-decision="{pid}:0"]')
    await expect(row).to_contain_text("Override of the rules")
    await expect(row).to_contain_text("Culture, Class")
    await expect(row).to_contain_text("No colleague asked")
    await expect(row).to_contain_text("Every override is discussed")
    await screenshot(page, "supervisor-supervision-queue")

    await row.get_by_role("link", name="Record the discussion").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Record the discussion of a decision")
    await page.fill("#discussed_on-day", "6")
    await page.fill("#discussed_on-month", "12")
    await page.fill("#discussed_on-year", "2026")
    await page.get_by_role("button", name="Record").click()
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Select what you concluded")
    await page.get_by_label("Learning for the team").check()
    await page.get_by_label("Note (optional)").fill("Culture was weighed; ask a colleague next time.")
    await page.get_by_role("button", name="Record").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Discussion recorded.")
    await expect(page.locator(f'tr[data-decision="{pid}:0"]')).to_have_count(0)
    discussed = page.locator(f'tr[data-discussed="{pid}:0"]')
    await expect(discussed).to_contain_text("Learning for the team")
    await expect(discussed).to_contain_text("sam.supervisor")

    await page.goto(f"/cases/{pid}")
    reflections = page.locator('tr[data-reflection="0"]')
    await expect(reflections).to_contain_text("Override of the rules")
    await expect(reflections).to_contain_text("Culture, Class")
    async with httpx.AsyncClient(base_url=site.base) as other:
        other.cookies.set("pathway_session", site.session_cookie("caseworker", "robin.worker", "bromley"))
        case = await other.get(f"/cases/{pid}")
        assert case.status_code == 200 and 'id="reflections"' not in case.text
    async with httpx.AsyncClient(base_url=site.base) as own:
        own.cookies.set("pathway_session", site.session_cookie("caseworker", "casey.worker", "bromley"))
        case = await own.get(f"/cases/{pid}")
        assert case.status_code == 200 and 'id="reflections"' in case.text
