"""The pages of the diversion intake (issue 20, ADRs 0131 and 0132), over plain HTTP.

A caseworker opens a prevention referral from its GOV.UK form: a bad field is a 422 naming it
on the form, a good one goes through the diversion intake and lands on the new pathway's page,
on the team's lists; the same form sent twice opens one pathway. The case pages of a diversion
pathway closed by a decision to charge and of the court order that followed link to each other.
"""

import re
from typing import Any

import httpx

from readmodel.tables import DiversionRow
from tests.eventually import eventually
from tests.factories import REFLECTION, canonical_outcome
from tests.ingest.referrals import police_referral
from tests.web.conftest import Site, on, post_form

CHILD = {"child-first_name": "Jamie", "child-gender": "female", "source": "school"}


def referral_form(last_name: str, born: str = "2012-09-01") -> dict[str, str]:
    year, month, day = born.split("-")
    return {
        **CHILD,
        "child-last_name": last_name,
        **on(2, 4, "referred_on"),
        "child-date_of_birth-day": day,
        "child-date_of_birth-month": month,
        "child-date_of_birth-year": year,
    }


async def test_a_prevention_referral_opened_from_its_form_starts_one_pathway_on_the_team_lists(
    site: Site, casey: httpx.AsyncClient
) -> None:
    form = await casey.get("/referrals/new")
    assert form.status_code == 200 and "Open a prevention referral" in form.text
    referral_id = re.search(r'name="referral_id" value="([^"]+)"', form.text)
    assert referral_id and referral_id.group(1).startswith("PREV-")
    # A field left out: 422, the form shows the field's own message.
    missing = referral_form("Formtest") | {"child-first_name": "", "referral_id": "PREV-T1"}
    r = await post_form(casey, "/referrals/new", missing)
    assert r.status_code == 422 and "Enter the child&#39;s first name" in r.text, r.text
    # Too young on the day of the referral: 422 on the date of birth, nothing started.
    young = referral_form("Formtest", born="2017-01-01") | {"referral_id": "PREV-T1"}
    r = await post_form(casey, "/referrals/new", young)
    assert r.status_code == 422 and "below the age of criminal responsibility" in r.text
    assert 'href="#child-date_of_birth-day"' in r.text  # the summary links to the field
    # A good referral: the new pathway's page; sent again (a double submit), the same one.
    page = await casey.get("/referrals/new")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    shown = re.search(r'name="referral_id" value="([^"]+)"', page.text)
    assert token and shown
    data = referral_form("Formtest") | {"csrf_token": token.group(1), "referral_id": shown.group(1)}
    first = await casey.post("/referrals/new", data=data)
    assert first.status_code == 303, first.text
    again = await casey.post("/referrals/new", data=data)
    assert again.headers["location"] == first.headers["location"]
    pid = first.headers["location"].removeprefix("/cases/").split("?")[0]
    case = await casey.get(first.headers["location"])
    assert case.status_code == 200 and "Jamie Formtest" in case.text
    # On the team's lists at once: the supervisor's caseload and the dashboard's team.
    lines = await site.until_listed(
        "/v1/caseload",
        site.token("supervisor"),
        lambda ls: any(line["pathway_id"] == pid for line in ls),
    )
    line = next(line for line in lines if line["pathway_id"] == pid)
    assert line["team"] == "bromley" and line["disposal"] == "diversion"
    api = await site.http.get(f"/v1/pathways/{pid}", headers=site.token("supervisor"))
    view = api.json()
    assert view["order"]["court_code"] == "school" and view["order"]["disposal"] == "diversion"
    # An auditor reads every team but opens no referral.
    async with httpx.AsyncClient(base_url=site.base) as auditor:
        auditor.cookies.set("pathway_session", site.session_cookie("auditor", "aud", None))
        assert (await auditor.get("/referrals/new")).status_code == 403


async def step(site: Site, pid: str, name: str, body: dict[str, Any]) -> None:
    r = await site.http.post(
        f"/v1/pathways/{pid}/steps/{name}", json=body, headers=site.token("supervisor")
    )
    assert r.status_code == 200, r.text


async def test_the_case_pages_of_a_decision_to_charge_and_the_order_after_link_each_other(
    site: Site, casey: httpx.AsyncClient
) -> None:
    referral = police_referral(child__pnc_id="2026/0000555P")
    bot = site.token("integrator", "bot", None)
    r = await site.http.post("/v1/diversion-referrals", json=referral, headers=bot)
    diversion = r.json()["results"][0]["pathway_id"]
    allocation = {"completed_on": "2026-04-02", "caseworker": "casey.worker", "team": "bromley"}
    await step(site, diversion, "allocation", allocation)
    panel = {
        "completed_on": "2026-04-10",
        "outcome": "charge",
        "police_attendee": "PS 1234",
        "yjs_attendee": "Youth justice practitioner",
        "rationale": "Denied and serious: the police charge.",
        "bias_reflection": REFLECTION.model_dump(mode="json"),
    }
    await step(site, diversion, "joint_decision_panel", panel)

    def outcome() -> str | None:
        with site.sessions() as session:
            found = session.get(DiversionRow, diversion)
            return None if found is None else found.outcome

    await eventually(outcome, lambda o: o == "charge", what="the decision in the read model")
    child = referral["child"]
    order = canonical_outcome(
        defendant__first_name=child["first_name"],
        defendant__last_name=child["last_name"],
        defendant__pnc_id=child["pnc_id"],
        hearing_date="2026-05-20",
        disposal__made_on="2026-05-20",
    )
    r = await site.http.post("/v1/court-outcomes", json=order, headers=bot)
    court = r.json()["results"][0]["pathway_id"]
    await step(site, court, "allocation", allocation | {"completed_on": "2026-05-20"})
    page = (await casey.get(f"/cases/{court}")).text
    assert "followed the joint decision panel's decision to charge" in page
    assert f'href="/cases/{diversion}"' in page
    await site.until_listed(
        f"/v1/pathways/{diversion}",
        site.token("supervisor"),
        lambda v: court in [p["pathway_id"] for p in v["other_pathways"]],
    )
    page = (await casey.get(f"/cases/{diversion}")).text
    assert "The decision to charge was followed by court order pathway" in page
    assert f'href="/cases/{court}"' in page
