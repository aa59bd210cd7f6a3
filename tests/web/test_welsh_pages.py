"""The family's summary in Welsh (issue 22, point 3; ADR 0144): in the child's recorded language
by default, with GOV.UK's switch to the other, which each user's browser remembers."""

import re
import uuid

import httpx
from playwright.async_api import Page, expect

from tests.web.conftest import Site, on, post_form, screenshot, sign_in

FORMULATION = {
    "completed_on": "2026-04-20",
    "agencies": ["yjs", "education", "camhs"],
    "formulation_summary": "Internal: risk factors and protective factors discussed.",
    "agreed_actions": [{"action": "Rhys will go to rugby training on Tuesdays", "owner_agency": "yjs",
                        "owner_person": "Casey (case manager)", "due_on": "2026-05-20"}],
    "child_views": "Dw i eisiau aros yn fy ysgol.",
    "plain_language_summary": "We met to talk about what would help you.",
    "bias_reflection": {"aspects_considered": ["culture"], "colleague_consulted": True, "colleague_role": "supervisor"},
}


async def child(site: Site, first: str = "Rhys", language: str | None = None) -> str:
    """A child's referral order (made 27 March 2026 for 6 months), allocated to casey.worker."""
    pid = await site.ingest(defendant__first_name=first, defendant__last_name=f"Welsh{uuid.uuid4().hex[:6]}")
    await site.allocate(pid, "casey.worker", "bromley")
    if language is not None:
        r = await site.http.post(f"/v1/pathways/{pid}/steps/language_preference",
                                 json={"completed_on": "2026-04-01", "language": language},
                                 headers=site.token("caseworker", "casey.worker"))
        assert r.status_code == 200, r.text
        assert r.json()["language"] == language
    return pid


def html_lang(page_html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page_html)
    assert found, page_html[:200]
    return found.group(1)


async def test_a_child_whose_language_is_welsh_gets_their_summary_in_welsh_with_welsh_dates_and_a_switch_to_english(
    site: Site, page: Page
) -> None:
    pid = await child(site, language="cy")
    r = await site.http.post(f"/v1/pathways/{pid}/steps/case_formulation", json=FORMULATION,
                             headers=site.token("caseworker", "casey.worker"))
    assert r.status_code == 200, r.text

    await sign_in(page, "casey.worker", then=f"/cases/{pid}/summary")
    await expect(page.locator("html")).to_have_attribute("lang", "cy")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Eich cynllun: beth wnaethon ni gytuno arno a beth sy'n digwydd nesaf")
    main = page.locator("main")
    await expect(main).to_contain_text("Fersiwn 1 o'r cynllun, a gytunwyd ar 20 Ebrill 2026.")
    await expect(main).to_contain_text("Casey (case manager), Gwasanaeth cyfiawnder ieuenctid, erbyn 20 Mai 2026")
    await expect(main).to_contain_text("Roedd disgwyl i'r gorchymyn atgyfeirio ddod i ben ar 27 Medi 2026.")
    await expect(main).to_contain_text("Eich rheolwr achos yw casey.worker, yn nhîm cyfiawnder ieuenctid bromley.")
    await expect(main).to_contain_text("Dw i eisiau aros yn fy ysgol.")  # the child's own words, as written
    await expect(main).not_to_contain_text("What happens next")
    await expect(page.locator(".app-header")).to_contain_text("Gwasanaeth Cyfiawnder Ieuenctid")
    await expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()
    title = await page.title()
    assert title.startswith("Eich cynllun – Rhys Welsh") and title.endswith(" – Pathway – Gwasanaeth Cyfiawnder Ieuenctid")
    await screenshot(page, "family-summary-welsh")

    # GOV.UK's switch: the other language, named in itself, marked as that language.
    switch = page.get_by_role("link", name="Change the language to English")
    await expect(switch).to_have_attribute("lang", "en")
    await expect(switch).to_have_attribute("hreflang", "en")
    await switch.click()
    await expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your plan: what we agreed and what happens next")
    await expect(main).to_contain_text("Plan version 1, agreed on 20 April 2026.")
    await expect(main).to_contain_text("The referral order was due to end on 27 September 2026.")
    await expect(page.get_by_role("link", name="Newid yr iaith i’r Gymraeg")).to_be_visible()


async def test_the_switch_is_remembered_per_user_and_a_childs_recorded_language_comes_first(
    site: Site, page: Page, casey: httpx.AsyncClient
) -> None:
    first, second, welsh = await child(site, "Alex"), await child(site, "Jo"), await child(site, "Elin", "cy")
    english = await child(site, "Sam", "en")

    await sign_in(page, "casey.worker", then=f"/cases/{first}/summary")
    await expect(page.locator("html")).to_have_attribute("lang", "en-GB")  # nothing recorded, nothing asked
    await page.get_by_role("link", name="Newid yr iaith i’r Gymraeg").click()
    await expect(page.locator("html")).to_have_attribute("lang", "cy")
    await expect(page.locator("main")).to_contain_text("Ar gyfer Alex")

    # This user asked for Welsh: another child with no recorded language follows it...
    await page.goto(f"/cases/{second}/summary")
    await expect(page.locator("html")).to_have_attribute("lang", "cy")
    await expect(page.locator("main")).to_contain_text("Ar gyfer Jo")
    # ...but a child who asked for English gets English, with the switch to Welsh.
    await page.goto(f"/cases/{english}/summary")
    await expect(page.locator("html")).to_have_attribute("lang", "en-GB")

    # Another user (another browser) asked for nothing: English, unless the child asked for Welsh.
    async with httpx.AsyncClient(base_url=site.base) as other:
        other.cookies.set("pathway_session", site.session_cookie("supervisor", "sam.supervisor", "bromley"))
        assert html_lang((await other.get(f"/cases/{second}/summary")).text) == "en-GB"
        assert html_lang((await other.get(f"/cases/{welsh}/summary")).text) == "cy"
        # Asking on the page wins for this page, and an unknown language is ignored.
        assert html_lang((await other.get(f"/cases/{welsh}/summary?lang=en")).text) == "en-GB"
        assert html_lang((await other.get(f"/cases/{second}/summary?lang=fr")).text) == "en-GB"
        assert other.cookies.get("pathway_language") == "en"

    # The staff's own pages stay in English and offer no switch (only the family's are in Welsh).
    case = await casey.get(f"/cases/{welsh}")
    assert html_lang(case.text) == "en-GB" and "Newid yr iaith" not in case.text


async def test_a_caseworker_records_the_familys_language_on_the_case_and_the_summary_follows(
    site: Site, casey: httpx.AsyncClient
) -> None:
    pid = await child(site, "Gwen")
    case = await casey.get(f"/cases/{pid}")
    assert f"/cases/{pid}/record/language_preference\">Language for the child and family</a>" in case.text

    r = await post_form(casey, f"/cases/{pid}/record/language_preference", on(1, 4))
    assert r.status_code == 422 and "Select the language the child and family want" in r.text
    r = await post_form(casey, f"/cases/{pid}/record/language_preference", {"language": "cy", **on(1, 4)})
    assert r.status_code == 303, r.text
    summary = await casey.get(f"/cases/{pid}/summary")
    assert html_lang(summary.text) == "cy" and "Ar gyfer Gwen" in summary.text

    # Changed again later: the latest choice is the one kept.
    r = await post_form(casey, f"/cases/{pid}/record/language_preference", {"language": "en", **on(2, 4)})
    assert r.status_code == 303, r.text
    summary = await casey.get(f"/cases/{pid}/summary")
    assert html_lang(summary.text) == "en-GB" and "For Gwen" in summary.text
    timeline = (await site.http.get(f"/v1/pathways/{pid}", headers=site.token("caseworker", "casey.worker"))).json()
    assert timeline["language"] == "en"
    assert [e["details"]["language"] for e in timeline["timeline"] if e["kind"] == "language_preference"] == ["cy", "en"]


async def test_the_language_step_names_a_bad_language_and_no_feed_may_record_it(site: Site) -> None:
    pid = await child(site, "Dai")
    path = f"/v1/pathways/{pid}/steps/language_preference"
    r = await site.http.post(path, json={"completed_on": "2026-04-01", "language": "fr"},
                             headers=site.token("caseworker", "casey.worker"))
    assert r.status_code == 422 and "language" in r.text
    r = await site.http.post(path, json={"completed_on": "2026-04-01", "language": "cy"},
                             headers=site.token("integrator", "ingest.bot", None))
    assert r.status_code == 403, r.text
    r = await site.http.post(path, json={"completed_on": "2026-04-01", "language": "cy"},
                             headers=site.token("caseworker", "casey.worker", "croydon"))
    assert r.status_code == 404, r.text  # another team's child does not exist for them
