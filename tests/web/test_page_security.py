"""What protects the pages, checked over HTTP against the running site: sign-in, CSRF tokens,
security headers, escaping, who may see what, and the audit of every case read."""

import re
from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import pytest

from tests.eventually import eventually
from tests.web.conftest import Site


@pytest.fixture
async def browser_like(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    """A client with its own cookie jar, like one person's browser."""
    async with httpx.AsyncClient(base_url=site.base) as http:
        yield http


def signed_in_as(http: httpx.AsyncClient, site: Site, role: str, user: str, team: str | None) -> None:
    http.cookies.set("pathway_session", site.session_cookie(role, user, team))


async def csrf_token(http: httpx.AsyncClient, path: str) -> str:
    page = await http.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


async def test_pages_send_people_who_are_not_signed_in_to_sign_in_and_back(browser_like: httpx.AsyncClient) -> None:
    r = await browser_like.get("/dashboard?step=assessment")
    assert r.status_code == 303
    assert r.headers["location"] == "/sign-in?next=%2Fdashboard%3Fstep%3Dassessment"
    token = await csrf_token(browser_like, "/sign-in")
    r = await browser_like.post("/sign-in", data={"csrf_token": token, "who": "sam.supervisor", "next": "/dashboard?step=assessment"})
    assert r.status_code == 303 and r.headers["location"] == "/dashboard?step=assessment"
    cookie = r.headers.get_list("set-cookie")
    assert any(c.startswith("pathway_session=") and "HttpOnly" in c and "SameSite=lax" in c for c in cookie), cookie
    assert (await browser_like.get("/dashboard?step=assessment")).status_code == 200


async def test_sign_in_never_sends_anyone_off_the_site(browser_like: httpx.AsyncClient) -> None:
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        token = await csrf_token(browser_like, "/sign-in")  # a new one after each sign-in
        r = await browser_like.post("/sign-in", data={"csrf_token": token, "who": "casey.worker", "next": elsewhere})
        assert r.headers["location"] == "/", elsewhere


async def test_every_page_carries_security_headers_and_api_docs_keep_working(browser_like: httpx.AsyncClient) -> None:
    r = await browser_like.get("/sign-in")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'nonce="{nonce.group(1)}"' in r.text, "the one inline script carries the page's nonce"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    assert (await browser_like.get("/static/app.css")).headers["x-content-type-options"] == "nosniff"
    docs = await browser_like.get("/docs")
    # Swagger UI is served from Pathway's own files, under a policy that allows nothing else.
    assert docs.status_code == 200 and "script-src 'self'" in docs.headers["content-security-policy"]
    for asset in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        assert asset.startswith("/docs-assets/"), asset
        assert (await browser_like.get(asset)).status_code == 200, asset


async def test_a_form_posted_without_its_csrf_token_is_refused_and_records_nothing(site: Site, browser_like: httpx.AsyncClient) -> None:
    pid = await site.ingest()
    await site.allocate(pid, "casey.worker", "bromley")
    signed_in_as(browser_like, site, "caseworker", "casey.worker", "bromley")
    form = {"completed_on-day": "20", "completed_on-month": "4", "completed_on-year": "2026", "family_told_what_happens_next": "yes"}
    path = f"/cases/{pid}/record/first_contact"
    assert (await browser_like.post(path, data=form)).status_code == 400
    token = await csrf_token(browser_like, path)
    assert (await browser_like.post(path, data={**form, "csrf_token": token + "x"})).status_code == 400
    # A token from another browser's session is no good with this one's session.
    async with httpx.AsyncClient(base_url=site.base) as other:
        signed_in_as(other, site, "caseworker", "casey.worker", "bromley")
        assert (await other.post(path, data={**form, "csrf_token": token})).status_code == 400
    r = await site.http.get(f"/v1/pathways/{pid}", headers=site.token("caseworker", "casey.worker"))
    assert {t["step"]: t["status"] for t in r.json()["tasks"]}["first_contact"] == "overdue"
    r = await browser_like.post(path, data={**form, "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{pid}?recorded=first_contact"


async def test_integrators_are_told_the_pages_are_not_for_them(site: Site, browser_like: httpx.AsyncClient) -> None:
    signed_in_as(browser_like, site, "integrator", "ingest.bot", None)
    r = await browser_like.get("/dashboard")
    assert r.status_code == 403
    assert "These pages are not for integrators" in r.text and "Sign out" in r.text


async def test_free_text_is_escaped_wherever_a_page_shows_it(site: Site, browser_like: httpx.AsyncClient) -> None:
    pid = await site.ingest(defendant__first_name="<b>Bold</b>")
    await site.allocate(pid, "casey.worker", "bromley")
    r = await site.http.post(f"/v1/pathways/{pid}/steps/first_contact", json={"completed_on": "2026-04-20", "notes": "<script>alert('x')</script>"},
                             headers=site.token("caseworker", "casey.worker"))
    assert r.status_code == 200, r.text
    signed_in_as(browser_like, site, "caseworker", "casey.worker", "bromley")
    page = (await browser_like.get(f"/cases/{pid}")).text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page


async def test_a_case_is_shown_only_to_its_team_and_every_page_read_is_audited(site: Site, browser_like: httpx.AsyncClient) -> None:
    pid = await site.ingest()
    await site.allocate(pid, "casey.worker", "bromley")
    signed_in_as(browser_like, site, "caseworker", "robin.worker", "croydon")
    r = await browser_like.get(f"/cases/{pid}")
    assert r.status_code == 404 and "Page not found" in r.text
    signed_in_as(browser_like, site, "caseworker", "casey.worker", "bromley")
    assert (await browser_like.get(f"/cases/{pid}")).status_code == 200
    assert (await browser_like.get(f"/cases/{pid}/summary")).status_code == 200
    async def audited() -> set[tuple[str, str, str]]:
        r = await site.http.get(f"/v1/audit?pathway_id={pid}", headers=site.token("auditor", "alex.auditor", None))
        return {(e["user"], e["action"], e["detail"]) for e in r.json()}

    # The outcome of an act that was done is written just after its answer (ADR 0083).
    reads = await eventually(audited, lambda rows: ("casey.worker", "read_summary", "family summary") in rows,
                             what="the page reads in the audit log")
    assert ("casey.worker", "read_pathway", "case page") in reads
    assert ("casey.worker", "read_summary", "family summary") in reads


async def test_no_banner_text_is_taken_from_the_query_string(site: Site, browser_like: httpx.AsyncClient) -> None:
    lie = "Your account is locked: call 0800 000 000"
    q = quote(lie)
    pid = await site.ingest()
    await site.allocate(pid, "casey.worker", "bromley")
    for path in (f"/sign-in?notice={q}", f"/sign-in?signed_out={q}&banner={q}"):
        r = await browser_like.get(path)
        assert r.status_code == 200 and lie not in r.text and "govuk-notification-banner" not in r.text, path
    assert "You have signed out." in (await browser_like.get("/sign-in?notice=signed-out")).text
    assert "Your session has expired" in (await browser_like.get("/sign-in?notice=expired")).text
    signed_in_as(browser_like, site, "supervisor", "sam.supervisor", "bromley")
    r = await browser_like.get(f"/dashboard?allocated={q}")
    assert r.status_code == 200 and lie not in r.text and "Case allocated." in r.text
    assert "Case allocated to casey.worker." in (await browser_like.get("/dashboard?allocated=casey.worker")).text
    for query in (f"recorded={q}", f"facts={q}", "recorded=first_contact%20or%20call%20us"):
        r = await browser_like.get(f"/cases/{pid}?{query}")
        assert r.status_code == 200 and lie not in r.text and "govuk-notification-banner" not in r.text, query
    r = await browser_like.get(f"/cases/{pid}?recorded=first_contact")
    assert "Recorded: first contact" in r.text
