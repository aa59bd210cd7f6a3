"""Every page, checked in the browser with axe-core against the WCAG 2.2 A and AA rules, and a
step recorded with the keyboard alone (ADR 0138).

The pages are listed once, in `PAGES`: a new page is one more `Visit` (who looks, and at what
address, filled in from the cases `world` makes). Each step form the app has (`web.forms.FORMS`,
and the assessment facts) is checked twice: as it opens, and after it is sent with the date
left out, so the GOV.UK error summary and the fields' error messages are checked too. One
browser and one app server serve the whole file (the fixtures of `tests/web/conftest.py`).
"""

import re
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from fastapi import FastAPI
from fastapi.routing import APIRoute
from playwright.async_api import Browser, Page, expect

from contracts.common import Step
from core.workdays import add_months, london_date
from tests.eventually import eventually
from tests.web.conftest import Site
from web.forms import FORMS
from web.mount import mount

# axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Target size (2.5.8, WCAG 2.2 AA) is off in axe-core by default: it is asked for by name.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations", "incomplete"],
}
AXE = Axe()


@dataclass(frozen=True)
class Visit:
    """One page to check: its name, who looks (None: nobody signed in) and its address.

    The address is a format string over the `world` (`{case}`, `{seq}`, `{staff}`, ...).
    `errors`: also send the page's form spoilt (`spoil`: an input and the value put in it;
    by default the first date's day left out) and check the page with its errors.
    `status`: the page's expected HTTP status (an error page's is not 200).
    """

    name: str
    who: tuple[str, str, str | None] | None
    path: str
    errors: bool = False
    status: int = 200
    spoil: tuple[str, str] | None = ("main input[name$='-day']", "")


CASEY = ("caseworker", "casey.worker", "bromley")
SAM = ("supervisor", "sam.supervisor", "bromley")
AUDITOR = ("auditor", "ada.auditor", None)
CAL = ("supervisor", "cal.supervisor", "croydon")

PAGES: list[Visit] = [
    Visit("sign-in", None, "/sign-in", errors=True, spoil=None),
    Visit("sign-in, session expired", None, "/sign-in?notice=expired"),
    Visit("sign-out", CASEY, "/sign-out"),
    # Dashboards and lists: the worklists, the overdue list filtered, allocation.
    Visit("caseworker: your work", CASEY, "/my-work"),
    Visit("supervisor: team dashboard", SAM, "/dashboard"),
    Visit("supervisor: escalated tasks only", SAM, "/dashboard?escalated=yes"),
    Visit("supervisor: tasks of one step", SAM, "/dashboard?step=first_contact&caseworker=casey.worker"),
    Visit("supervisor: a transfer waiting to be accepted", CAL, "/dashboard"),
    Visit("supervisor: after an allocation (banner)", SAM, "/dashboard?allocated=casey.worker"),
    Visit("supervisor: after a supervision (banner)", SAM, "/dashboard?supervised=yes"),
    Visit("auditor: every team", AUDITOR, "/dashboard"),
    # The case page of a court pathway with tasks, victims, formulation, reflections, a breach.
    Visit("case page, the case manager's", CASEY, "/cases/{case}"),
    Visit("case page, a supervisor's (allocation form)", SAM, "/cases/{case}"),
    Visit("case page, after a step is recorded", CASEY, "/cases/{case}?recorded=first_contact"),
    Visit("case page, after the facts are updated", CASEY, "/cases/{case}?facts=updated"),
    Visit("case page, unallocated with a transfer asked", SAM, "/cases/{moving}"),
    Visit("case page, the receiving team's", CAL, "/cases/{moving}"),
    Visit("case page, in custody", CASEY, "/cases/{custody}"),
    Visit("family summary", CASEY, "/cases/{case}/summary"),
    # Reports: the page with every report, filtered, every team's, and a refused filter.
    Visit("reports", SAM, "/reports"),
    Visit("reports, one offence group and period", SAM, "/reports?since=2026-01-01&until=2026-12-31&offence_group=theft_and_handling"),
    Visit("reports, every team (auditor)", AUDITOR, "/reports"),
    Visit("reports, a filter refused", SAM, "/reports?since=yesterday", status=422),
    Visit("rule preview", SAM, "/reports/rule-preview"),
    Visit("rule preview, a change previewed", SAM, "/reports/rule-preview?version=2027.1&vr_min_age=13"),
    # Staff supervision and the queue of decisions to discuss.
    Visit("staff supervision form", SAM, "/staff/{staff}/supervision", errors=True),
    Visit("decisions to discuss", SAM, "/reflections"),
    Visit("decisions to discuss, after a discussion (banner)", SAM, "/reflections?discussed=yes"),
    Visit("discussion of a decision", SAM, "/reflections/{case}/{seq}", errors=True),
    Visit("outcomes", SAM, "/reports/outcomes"),
    Visit("board pack", SAM, "/reports/board-pack"),
    Visit("new prevention referral", CASEY, "/referrals/new", errors=True, spoil=None),
    Visit("joint decision panel", SAM, "/diversion/panel"),
    Visit("board meetings", SAM, "/board-meetings"),
    Visit("family summary in Welsh", CASEY, "/cases/{case}/summary?lang=cy"),
    Visit("page not found", CASEY, "/cases/{case}/record/no_such_step", status=404),
    Visit("assessment facts form", CASEY, "/cases/{case}/facts", errors=True,
          spoil=("#facts-expected_return_home_weeks", "many")),
    # Every step form the app has, for the case manager (allocation is on the case page).
    *(
        Visit(f"step form: {step.value}", CASEY, f"/cases/{{case}}/record/{step.value}", errors=True)
        for step in FORMS
        if step != Step.ALLOCATION
    ),
    # The forms only a supervisor sees in full (their supervisor-only questions).
    Visit("step form as a supervisor: closure", SAM, "/cases/{case}/record/closure", errors=True),
    # A step the workflow refuses: the form again, with the reason (409).
    Visit("step form, refused by the workflow", CASEY, "/cases/{custody}/record/warning_given", errors=True, spoil=None),
]

# Pages' routes that are not pages to check: where they lead is checked instead.
NOT_PAGES = {
    "/": "sends each user to their home page (a redirect)",
    "/reports/{name}.csv": "a CSV download",
    "/reports/outcomes/{indicator}.csv": "a CSV download",
    "/reports/board-pack.pdf": "a PDF download",
}


def report(violations: list[dict[str, Any]]) -> str:
    """Each violation's rule, impact, help and the elements it was found on."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


def undecided(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What axe-core could not decide ("needs review"), but for the charts' SVG text, whose
    contrast `tests/reports/test_chart_contrast.py` checks from the SVG itself."""
    left = [{**r, "nodes": [n for n in r["nodes"] if not n["html"].startswith("<text")]} for r in results]
    return [r for r in left if r["nodes"]]


async def check(page: Page, what: str) -> None:
    """Run axe-core on the page as it is now; fail naming every violation, and anything axe-core
    could not decide (so that zero violations means every rule was decided)."""
    results = (await AXE.run(page, options=AXE_OPTIONS)).response
    violations = results["violations"]
    assert not violations, f"{what} ({page.url}): {len(violations)} WCAG 2.2 A/AA violations\n{report(violations)}"
    unsure = undecided(results["incomplete"])
    assert not unsure, f"{what} ({page.url}): axe-core could not decide\n{report(unsure)}"


async def a_case_of_caseys(site: Site, **overrides: Any) -> str:
    pid = await site.ingest(defendant__last_name=f"Access{uuid.uuid4().hex[:6]}", **overrides)
    await site.allocate(pid, "casey.worker", "bromley")
    return pid


async def record(site: Site, pid: str, step: str, body: dict[str, Any], who: tuple[str, str, str | None] = CASEY) -> None:
    r = await site.http.post(f"/v1/pathways/{pid}/steps/{step}", json=body, headers=site.token(*who))
    assert r.status_code == 200, r.text


REFLECTION = {"aspects_considered": ["culture", "class"], "colleague_consulted": False}
FORMULATION = {
    "completed_on": "2026-04-20",
    "agencies": ["yjs", "education", "camhs"],
    "formulation_summary": "Risk and protective factors discussed.",
    "agreed_actions": [{"action": "Football training on Tuesdays", "owner_agency": "yjs",
                        "owner_person": "Casey", "due_on": "2026-05-05"}],
    "child_views": "I want to stay at my school.",
    "family_views": "We want them to stay at school.",
    "plain_language_summary": "We met to talk about what would help you.",
    "bias_reflection": REFLECTION,
}


@pytest.fixture(scope="module")
async def world(site: Site) -> dict[str, str]:
    """The cases and people the pages show, made through the API as the service would."""
    case = await a_case_of_caseys(site, defendant__first_name="Robin")
    await record(site, case, "first_contact", {"completed_on": "2026-04-01", "family_told_what_happens_next": True})
    await record(site, case, "victim_details_received", {"completed_on": "2026-04-01", "police_reference": "01YE-9-V1"})
    await record(site, case, "assessment", {"completed_on": "2026-04-10", "facts": {"lives_with_caregiver": True}})
    await record(site, case, "case_formulation", FORMULATION)
    await record(site, case, "intervention_referral", {
        "completed_on": "2026-04-21", "programme": "fft", "status": "proposed",
        "override_reason": "The family asked for FFT.", "bias_reflection": REFLECTION})
    await record(site, case, "compliance_failure", {
        "completed_on": "2026-05-02", "failed_on": "2026-05-01", "reasonable_excuse": False,
        "details": "Missed the session."})

    moving = await a_case_of_caseys(site, defendant__first_name="Morgan")
    await record(site, moving, "transfer_requested", {
        "completed_on": "2026-04-02", "to_team": "croydon", "reason": "The child moved to Croydon.",
        "bias_reflection": REFLECTION}, SAM)

    custody = await a_case_of_caseys(site, defendant__first_name="Kai", disposal={
        "type": "detention_and_training_order", "length_months": 8, "made_on": "2026-03-27"})

    today = london_date(datetime.now(UTC))
    staff = f"casey.{uuid.uuid4().hex[:6]}"
    r = await site.http.post("/v1/staff", json={
        "user": staff, "team": "bromley", "joined_on": add_months(today, -2).isoformat()}, headers=site.token("supervisor"))
    assert r.status_code == 201, r.text

    await site.until_listed("/v1/caseload", site.token("supervisor"),
                            lambda rows: {case, custody} <= {row["pathway_id"] for row in rows})

    async def queue() -> str:
        async with httpx.AsyncClient(base_url=site.base, cookies={"pathway_session": site.session_cookie(*SAM)}) as http:
            return (await http.get("/reflections")).text

    offered = await eventually(queue, lambda text: f"/reflections/{case}/" in text, what="the override offered to discuss")
    seq = re.search(rf'href="/reflections/{case}/(\d+)"', offered)
    assert seq, offered
    return {"case": case, "moving": moving, "custody": custody, "staff": staff, "seq": seq.group(1)}


@pytest.fixture(scope="module")
async def tab(browser: Browser, site: Site) -> AsyncIterator[Page]:
    """One tab for the whole file (a new context per page costs more than the check)."""
    context = await browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = await context.new_page()
    yield page
    await context.close()


async def as_who(site: Site, page: Page, who: tuple[str, str, str | None] | None) -> None:
    """Sign the tab in as `who` (a session of their own, as sign-in opens), or out."""
    await page.context.clear_cookies()
    if who:
        await page.context.add_cookies([{"name": "pathway_session", "value": site.session_cookie(*who), "url": site.base}])


@pytest.mark.parametrize("visit", PAGES, ids=[v.name for v in PAGES])
async def test_the_page_has_no_wcag_2_2_a_or_aa_violations(
    visit: Visit, site: Site, world: dict[str, str], tab: Page
) -> None:
    await as_who(site, tab, visit.who)
    response = await tab.goto(visit.path.format(**world))
    assert response is not None and response.status == visit.status, (visit.path, response and response.status)
    await check(tab, visit.name)
    if not visit.errors:
        return
    if visit.spoil:
        where, value = visit.spoil
        await tab.locator(where).first.fill(value)
    await tab.locator("main form[method=post] button[type=submit]").last.click()
    await expect(tab.locator(".govuk-error-summary")).to_be_visible()
    await expect(tab).to_have_title(re.compile("^Error: "))
    await check(tab, f"{visit.name}, with errors")


# Whether the focused element shows it: GOV.UK's focus state is a yellow outline or background
# with a shadow; a radio or checkbox (the input itself is invisible) shows it on its label's box.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {shown: false, what: "nothing"};
  const drawn = (s) => s.boxShadow !== "none" ||
    (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !/rgba\\(.*, 0\\)$|transparent/.test(s.outlineColor));
  const boxed = el.matches(".govuk-radios__input, .govuk-checkboxes__input");
  const style = boxed ? getComputedStyle(el.labels[0], "::before") : getComputedStyle(el);
  const what = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} ${(el.innerText || el.value || "").trim().slice(0, 60)}`;
  return {shown: el.matches(":focus-visible") && drawn(style), what, id: el.id, text: (el.textContent || "").trim()};
}"""


async def tab_to(page: Page, found: Any, *, backwards: bool = False, most: int = 80) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until the focused element is the one `found` picks; each stop
    on the way must show its focus."""
    for _ in range(most):
        await page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = await page.evaluate(FOCUS_SHOWN)
        assert focused["shown"], f"focus is not visible on {focused['what']} ({page.url})"
        if found(focused):
            return dict(focused)
    raise AssertionError(f"Tab never reached the element wanted on {page.url}")


async def test_a_caseworker_records_first_contact_from_the_case_page_with_the_keyboard_alone(
    site: Site, tab: Page
) -> None:
    pid = await a_case_of_caseys(site, defendant__first_name="Jesse")
    await as_who(site, tab, CASEY)
    await tab.goto(f"/cases/{pid}")

    # The first stop is the skip link, shown when focused, and it leads to the main content.
    skip = await tab_to(tab, lambda f: True)
    assert skip["text"] == "Skip to main content", skip
    await tab.keyboard.press("Enter")
    assert await tab.evaluate("document.activeElement.id") == "main-content"
    await tab_to(tab, lambda f: f["text"] == "Record first contact with the child and family")
    await tab.keyboard.press("Enter")
    await expect(tab).to_have_url(re.compile(rf"/cases/{pid}/record/first_contact$"))
    await expect(tab.get_by_role("heading", level=1)).to_have_text("Record first contact with the child and family")

    # The date, typed over what the form suggests (today).
    for part, value in (("day", "2"), ("month", "4"), ("year", "2026")):
        await tab_to(tab, lambda f, part=part: f["id"] == f"completed_on-{part}")
        await tab.keyboard.press("ControlOrMeta+A")
        await tab.keyboard.type(value)
    # The radios: Tab reaches the chosen one; the arrow keys move the choice, and back.
    await tab_to(tab, lambda f: f["id"].startswith("family_told_what_happens_next"))
    await tab.keyboard.press("ArrowRight")
    await expect(tab.get_by_role("radio", name="No")).to_be_checked()
    await tab.keyboard.press("ArrowLeft")
    await expect(tab.get_by_role("radio", name="Yes")).to_be_checked()
    await tab_to(tab, lambda f: f["id"] == "notes")
    await tab.keyboard.type("Met Jesse and their dad at the YOT office; told them what comes next.")
    # Past the button to Cancel, then back with Shift+Tab: the button is pressed with Space.
    await tab_to(tab, lambda f: f["text"] == "Cancel")
    await tab_to(tab, lambda f: f["text"] == "Record", backwards=True)
    await tab.keyboard.press("Space")

    await expect(tab).to_have_url(re.compile(rf"/cases/{pid}\?recorded=first_contact$"))
    await expect(tab.locator(".govuk-notification-banner")).to_contain_text("Recorded: first contact with the child and family")
    done = tab.locator("#tasks ~ table tr", has_text="First contact with the child and family")
    await expect(done.locator(".govuk-tag")).to_have_text("Done")
    await expect(done).to_contain_text("2 Apr 2026")
    await expect(tab.locator(".app-timeline")).to_contain_text("Met Jesse and their dad at the YOT office")


def pages_of(routes: Sequence[Any]) -> set[str]:
    """The paths of the pages' GET routes (FastAPI keeps an included router's routes inside it)."""
    found = set()
    for r in routes:
        if isinstance(r, APIRoute) and "GET" in r.methods and not r.include_in_schema:
            found.add(r.path)
        elif hasattr(r, "original_router"):
            found |= pages_of(r.original_router.routes)
    return found


def test_every_page_the_app_serves_is_in_the_list() -> None:
    """A new page fails here until its `Visit` is added to `PAGES` (or it is named in `NOT_PAGES`)."""
    app = FastAPI()
    mount(app)
    routes = pages_of(app.routes)
    assert "/cases/{pathway_id}" in routes, routes
    visited = [v.path.split("?")[0] for v in PAGES]
    missing = [
        path for path in sorted(routes - NOT_PAGES.keys())
        if not any(re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", path), v) for v in visited)
    ]
    assert not missing, f"pages with no Visit in PAGES (add one; see the module's docstring): {missing}"


async def test_every_form_the_case_pages_offer_is_in_the_list(site: Site, world: dict[str, str]) -> None:
    listed = {v.path.format(**world) for v in PAGES}
    offered = set()
    for who, case in ((CASEY, "case"), (SAM, "case"), (SAM, "moving"), (CAL, "moving"), (CASEY, "custody")):
        async with httpx.AsyncClient(base_url=site.base, cookies={"pathway_session": site.session_cookie(*who)}) as http:
            page = await http.get(f"/cases/{world[case]}")
        assert page.status_code == 200, page.text
        offered |= set(re.findall(r'href="(/cases/[^/"]+/(?:record/\w+|facts))"', page.text))
    forms = {re.sub(r"/cases/[^/]+/", "/cases/{case}/", path) for path in offered}
    assert {"/cases/{case}/record/compliance_failure", "/cases/{case}/facts"} <= forms, forms
    steps = {re.sub(r"/cases/[^/]+/", "/cases/{case}/", path) for path in listed}
    assert forms <= steps, f"forms the case pages offer that are not checked: {sorted(forms - steps)}"
