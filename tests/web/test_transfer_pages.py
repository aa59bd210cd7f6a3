"""Transfers and the child's other orders on the pages, over plain HTTP (GOV.UK forms, no script):
a supervisor asks, the receiving team's supervisor sees it on the dashboard and refuses or
accepts it; a second order shows the case manager it was offered to and the child's other order."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.factories import canonical_outcome
from tests.web.conftest import Site
from tests.web.test_forms_over_http import TODAY, post_form


@pytest.fixture
async def sam(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=site.base) as http:
        http.cookies.set(
            "pathway_session", site.session_cookie("supervisor", "sam.supervisor", "bromley")
        )
        yield http


@pytest.fixture
async def cal(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=site.base) as http:
        http.cookies.set(
            "pathway_session", site.session_cookie("supervisor", "cal.supervisor", "croydon")
        )
        yield http


REFLECTION = {
    "bias_reflection-aspects_considered": ["culture", "class"],
    "bias_reflection-colleague_consulted": "no",
}
ASK = {
    **TODAY,
    "to_team": "croydon",
    "reason": "The child now lives in Croydon with their aunt.",
    **REFLECTION,
}


async def test_a_transfer_is_asked_for_refused_then_accepted_through_the_pages(
    site: Site, sam: httpx.AsyncClient, cal: httpx.AsyncClient
) -> None:
    pid = await site.ingest(defendant__first_name="Morgan")
    await site.allocate(pid)
    case = await sam.get(f"/cases/{pid}")
    assert f"/cases/{pid}/record/transfer_requested" in case.text

    r = await post_form(sam, f"/cases/{pid}/record/transfer_requested", ASK)
    assert r.status_code == 303, r.text
    case = await sam.get(r.headers["location"])
    assert "Waiting for team croydon" in case.text and "deadlines keep running" in case.text
    # Asking again while it is pending: the form shows the workflow's reason.
    r = await post_form(sam, f"/cases/{pid}/record/transfer_requested", ASK)
    assert r.status_code == 409 and "is pending since" in r.text

    dashboard = await cal.get("/dashboard")
    assert "Transfers waiting for your decision" in dashboard.text
    assert f"/cases/{pid}#transfer" in dashboard.text and "Morgan" in dashboard.text
    case = await cal.get(f"/cases/{pid}")
    assert "Accept the transfer" in case.text and "Refuse the transfer" in case.text
    assert f"/cases/{pid}/record/first_contact" not in case.text  # to decide, nothing else
    assert "Change case manager" not in case.text

    r = await post_form(
        cal,
        f"/cases/{pid}/record/transfer_refused",
        {**TODAY, "reason": "Not settled yet.", **REFLECTION},
    )
    assert r.status_code == 303 and r.headers["location"] == "/dashboard?transfer=refused"
    dashboard = await cal.get(r.headers["location"])
    assert "Transfer refused: the case stays with the team that asked." in dashboard.text
    assert f"/cases/{pid}#transfer" not in dashboard.text
    assert (await cal.get(f"/cases/{pid}")).status_code == 404

    r = await post_form(sam, f"/cases/{pid}/record/transfer_requested", ASK)
    assert r.status_code == 303
    # Accepting is a decision stage too: refused without its bias reflection, saying why.
    r = await post_form(cal, f"/cases/{pid}/record/transfer_accepted", TODAY)
    assert r.status_code == 409 and "a transfer decision needs a bias reflection" in r.text
    r = await post_form(cal, f"/cases/{pid}/record/transfer_accepted", {**TODAY, **REFLECTION})
    assert (
        r.status_code == 303 and r.headers["location"] == f"/cases/{pid}?recorded=transfer_accepted"
    )
    case = await cal.get(r.headers["location"])
    assert "Transfer accepted: the case is now team croydon" in case.text
    assert "Not allocated" in case.text and "Allocate" in case.text
    assert (await sam.get(f"/cases/{pid}")).status_code == 404


async def test_a_second_order_shows_its_suggested_case_manager_and_the_childs_other_order(
    site: Site, sam: httpx.AsyncClient
) -> None:
    first = canonical_outcome(defendant__first_name="Riley")
    r = await site.http.post(
        "/v1/court-outcomes", json=first, headers=site.token("integrator", "bot", None)
    )
    old = r.json()["results"][0]["pathway_id"]
    await site.allocate(old, caseworker="robin.worker")
    await site.until_listed(
        "/v1/caseload?caseworker=robin.worker",
        site.token("supervisor"),
        lambda rows: any(row["pathway_id"] == old for row in rows),
    )
    second = canonical_outcome(
        defendant=first["defendant"] | {"defendant_id": "other"},
        disposal__type="youth_rehabilitation_order",
    )
    r = await site.http.post(
        "/v1/court-outcomes", json=second, headers=site.token("integrator", "bot", None)
    )
    new = r.json()["results"][0]["pathway_id"]

    case = await sam.get(f"/cases/{new}")

    assert "Suggested: <strong>robin.worker</strong>" in case.text
    assert re.search(r'name="caseworker"[^>]*value="robin.worker"', case.text), (
        "the form is filled in"
    )
    assert "The child&#39;s other orders" in case.text or "The child's other orders" in case.text
    assert f'href="/cases/{old}"' in case.text
