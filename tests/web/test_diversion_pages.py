"""The diversion pathway's pages in a browser: the joint decision panel's week, recording a youth
conditional caution with its conditions through the form, and the case page with the plan in
the child's own words. Real workflows on the dev server, a real database, Debian's Chromium."""

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
from playwright.async_api import Page, expect
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType
from contracts.diversion import PanelOutcome
from core.workdays import london_date
from db.tables import Child, PathwayIndex
from readmodel.projection import write_projection
from tests.factories import diversion_input
from tests.reports.diversion_seed import child, court_state, diversion_state
from tests.web.conftest import Site, post_form, screenshot, sign_in
from workflows.diversion import DiversionWorkflow

TODAY = london_date(datetime.now(UTC))
MONDAY = TODAY - timedelta(days=TODAY.weekday())
BORN = date(TODAY.year - 14, 1, 15)


async def refer(site: Site, dev_env: WorkflowEnvironment, *, earlier_order: bool = False) -> tuple[str, str]:
    """Start a diversion pathway referred this Monday, allocated to bromley; return its ids."""
    inp = diversion_input(MONDAY)
    first = f"Dami{uuid.uuid4().hex[:4]}"
    with site.sessions.begin() as s:
        s.add(Child(child_id=inp.child.child_id, identity_key=inp.child.child_id, first_name=first,
                    last_name="Okafor", date_of_birth=BORN, gender="male", created_at=datetime.now(UTC)))
        s.flush()
        s.add(PathwayIndex(pathway_id=inp.pathway_id, child_id=inp.child.child_id, disposal="diversion",
                           made_on=MONDAY, created_at=datetime.now(UTC)))
        if earlier_order:  # a referral order two years before, as the read model holds it
            made = date(TODAY.year - 2, 6, 1)
            assert write_projection(s, court_state(f"pw-old-{uuid.uuid4().hex[:6]}", inp.child, made,
                                                   DisposalType.REFERRAL_ORDER))
    await dev_env.client.start_workflow(DiversionWorkflow.run, inp, id=inp.pathway_id,
                                        task_queue=site.settings.temporal_task_queue)
    r = await site.http.post(f"/v1/pathways/{inp.pathway_id}/steps/allocation",
                             json={"completed_on": MONDAY.isoformat(), "caseworker": "casey.worker",
                                   "team": "bromley"},
                             headers=site.token("supervisor"))
    assert r.status_code == 200, r.text
    await site.until_listed("/v1/caseload", site.token("supervisor"),
                            lambda body: inp.pathway_id in str(body))
    return inp.pathway_id, first


async def supervisor_get(site: Site, path: str) -> httpx.Response:
    cookie = site.session_cookie("supervisor", "sam.supervisor", "bromley")
    async with httpx.AsyncClient(base_url=site.base, cookies={"pathway_session": cookie}) as http:
        return await http.get(path)


async def test_the_panel_page_lists_the_weeks_referrals_with_what_the_panel_needs(
    site: Site, dev_env: WorkflowEnvironment, page: Page
) -> None:
    pid, first = await refer(site, dev_env, earlier_order=True)
    await sign_in(page, "sam.supervisor", "/diversion/panel")
    row = page.locator(f"#referral-{pid}")
    await expect(row).to_contain_text(f"{first} Okafor")
    await expect(row).to_contain_text("Interview under caution")  # the trigger
    await expect(row).to_contain_text("10-14")  # the age band
    await expect(row).to_contain_text("Referral order")  # the earlier pathway the panel needs
    await expect(row.locator(".app-turnaround")).to_contain_text("Eligible")  # Turnaround's rules
    await screenshot(page, "diversion-panel")
    await page.locator("#previous-week").click()  # referred this Monday: not waiting last week
    await expect(page.locator(f"#referral-{pid}")).to_have_count(0)
    await page.locator("#next-week").click()
    await expect(page.locator(f"#referral-{pid}")).to_have_count(1)


async def test_a_caseworker_may_not_open_the_panel_page(site: Site, casey: httpx.AsyncClient) -> None:
    r = await casey.get("/diversion/panel")
    assert r.status_code == 403
    r = await supervisor_get(site, "/diversion/panel?week=soon")
    assert r.status_code == 422 and "Week: not a date (YYYY-MM-DD)" in r.text


async def test_recording_a_youth_conditional_caution_with_its_conditions_through_the_form(
    site: Site, dev_env: WorkflowEnvironment, page: Page
) -> None:
    pid, _ = await refer(site, dev_env)
    await sign_in(page, "casey.worker", f"/cases/{pid}/record/joint_decision_panel")
    form = page.locator("#step-form")
    for part, value in (("day", TODAY.day), ("month", TODAY.month), ("year", TODAY.year)):
        await form.locator(f"#completed_on-{part}").fill(str(value))
    await form.get_by_label("Youth conditional caution", exact=True).check()
    due = TODAY + timedelta(days=30)
    await form.locator("#conditions-0-condition").fill("Write a letter of apology to the shop")
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        await form.locator(f"#conditions-0-due_on-{part}").fill(str(value))
    await form.locator("#conditions-1-condition").fill("Attend 4 sessions on consequences")
    await form.get_by_label("Police decision maker").fill("PS 1234")
    await form.get_by_label("Youth justice service decision maker").fill("Youth justice practitioner")
    await form.get_by_label("Why the panel decided this").fill("First offence, admitted.")
    await form.get_by_label("Race", exact=True).check()
    await form.locator("#bias_reflection-colleague_consulted").check()
    await form.get_by_label("If so, who (by role)?").select_option("supervisor")
    await form.get_by_role("button", name="Record").click()
    # The second condition has no date: the panel's decision is refused on the conditions.
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Condition 2: enter the date it is due by")
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        await form.locator(f"#conditions-1-due_on-{part}").fill(str(value))
    await form.get_by_role("button", name="Record").click()
    await page.wait_for_url(f"**/cases/{pid}?recorded=joint_decision_panel")
    decision = page.locator("#decision ~ dl").first
    await expect(decision).to_contain_text("Youth conditional caution")
    await expect(page.locator("#condition-c1")).to_contain_text("Write a letter of apology to the shop")
    await expect(page.locator("#condition-c2")).to_contain_text("Open")
    await screenshot(page, "diversion-case-conditions")
    # The panel's week now shows it decided.
    r = await supervisor_get(site, "/diversion/panel")
    assert r.status_code == 200 and f'id="decided-{pid}"' in r.text


async def test_the_case_page_shows_the_plan_in_the_childs_own_words(
    site: Site, dev_env: WorkflowEnvironment, casey: httpx.AsyncClient, page: Page
) -> None:
    pid, _ = await refer(site, dev_env)
    sup, today = site.token("supervisor"), TODAY.isoformat()
    for step, body in (
        ("joint_decision_panel", {"outcome": "youth_caution", "police_attendee": "PS 1", "yjs_attendee": "YJS",
                                  "rationale": "Admitted.", "bias_reflection": {"aspects_considered": ["age"],
                                                                                "colleague_consulted": False}}),
        ("assessment", {"facts": {}}),
    ):
        r = await site.http.post(f"/v1/pathways/{pid}/steps/{step}", json={"completed_on": today, **body}, headers=sup)
        assert r.status_code == 200, r.text
    words = "I want to stay out of trouble & get my GCSEs <3"
    day = {"completed_on-day": str(TODAY.day), "completed_on-month": str(TODAY.month),
           "completed_on-year": str(TODAY.year)}
    r = await post_form(casey, f"/cases/{pid}/record/diversion_plan", {
        **day, "plan_summary": "Weekly mentoring.", "goals": "Stay in school\nJoin the boxing club",
        "child_own_words": words})
    assert r.status_code == 303, r.text
    await sign_in(page, "casey.worker", f"/cases/{pid}")
    await expect(page.locator("#child-own-words")).to_have_text(words)
    await expect(page.locator("#plan ~ ul").first).to_contain_text("Join the boxing club")
    await screenshot(page, "diversion-case-own-words")


async def test_the_reports_page_shows_first_time_entrants_and_the_panels_rri_apart_from_orders(
    site: Site, page: Page
) -> None:
    team = f"fte{uuid.uuid4().hex[:4]}"
    with site.sessions.begin() as s:
        for i, (ethnicity, outcome) in enumerate([("W1", PanelOutcome.YOUTH_CAUTION)] * 3
                                                 + [("B1", PanelOutcome.CHARGE)] * 2
                                                 + [("B1", PanelOutcome.COMMUNITY_RESOLUTION)]):
            kid = child(f"ch-{team}-{i}", ethnicity)
            assert write_projection(s, diversion_state(f"pw-{team}-{i}", kid, MONDAY, outcome, MONDAY, team=team))
        assert write_projection(s, court_state(f"pw-{team}-c", child(f"ch-{team}-c", "W1"), MONDAY, team=team))
    await page.context.add_cookies([{"name": "pathway_session", "value": site.session_cookie(
        "supervisor", "sam.supervisor", team), "url": site.base}])
    await page.goto("/reports")
    section = page.locator("section", has=page.locator("#diversion"))
    # 3 youth cautions and a conviction: 4 first-time entrants; community resolutions and charges never count.
    await expect(section.locator(".app-stat", has_text="first youth caution")).to_contain_text("4")
    await expect(section.locator("#diversion-kpis")).to_contain_text("6")  # referrals received
    await page.get_by_text("The panel's RRI as a table").click()
    charged = section.locator("tbody", has_text="Charged at the joint decision panel")
    await expect(charged.locator("tr", has_text="Black")).to_contain_text("suppressed")  # 2 of 3: too few
    await screenshot(page, "reports-diversion")
    link = page.get_by_role("link", name="Download first-time entrants (CSV)")
    response = await page.request.get(await link.get_attribute("href") or "")
    assert response.status == 200 and "total,,,first_time_entrants,4" in await response.text()


async def test_diversion_work_is_on_the_caseworkers_list_and_the_panel_page_keeps_to_the_team(
    site: Site, dev_env: WorkflowEnvironment, casey: httpx.AsyncClient
) -> None:
    pid, first = await refer(site, dev_env)
    mine = (await casey.get("/my-work")).text
    assert f"/cases/{pid}" in mine and "Joint decision panel" in mine and "Diversion or prevention" in mine
    cookie = site.session_cookie("supervisor", "cat.supervisor", "croydon")
    async with httpx.AsyncClient(base_url=site.base, cookies={"pathway_session": cookie}) as croydon:
        other = await croydon.get("/diversion/panel")
    assert other.status_code == 200 and pid not in other.text and first not in other.text
    assert pid in (await supervisor_get(site, "/diversion/panel")).text
    events = (await site.http.get("/v1/audit", headers=site.token("auditor", "ada", None))).json()
    assert any(e["action"] == "list_panel_referrals" and e["user"] == "sam.supervisor" for e in events)
