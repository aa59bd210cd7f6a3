"""Compliance and breach through the pages over plain HTTP: a failure, a warning, breach action,
each step out of turn refused with the workflow's reason, and the case page's breach section."""

import re

import httpx

from tests.web.conftest import Site, on, post_form

YRO = {
    "type": "youth_rehabilitation_order",
    "length_months": 12,
    "made_on": "2026-03-27",
    "requirements": [],
}








async def test_a_failure_a_warning_and_a_breach_are_recorded_through_their_forms_and_shown_on_the_case(
    site: Site, casey: httpx.AsyncClient
) -> None:
    pid = await site.ingest(disposal=YRO)
    await site.allocate(pid)
    case = (await casey.get(f"/cases/{pid}")).text
    assert f"/cases/{pid}/record/compliance_failure" in case, (
        "a failure to comply is offered on every open case"
    )

    r = await post_form(casey, f"/cases/{pid}/record/warning_given", on(1, 5))
    assert r.status_code == 409 and "No failure to comply is awaiting a warning" in r.text

    r = await post_form(casey, f"/cases/{pid}/record/compliance_failure", on(1, 5))
    assert r.status_code == 422
    for message in (
        "Enter the date of the failure",
        "Select yes if the child had a reasonable excuse",
        "Enter what happened",
    ):
        assert message in r.text
    failure = {
        **on(1, 5),
        **on(30, 4, "failed_on"),
        "reasonable_excuse": "no",
        "details": "Missed the session.",
    }
    r = await post_form(casey, f"/cases/{pid}/record/compliance_failure", failure)
    assert r.status_code == 303, r.text
    reflection = {
        "bias_reflection-aspects_considered": ["race", "age"],
        "bias_reflection-colleague_consulted": "yes",
        "bias_reflection-colleague_role": "supervisor",
    }
    # A warning is a decision stage: without its bias reflection it is refused, saying why.
    r = await post_form(casey, f"/cases/{pid}/record/warning_given", on(4, 5))
    assert r.status_code == 409 and "a compliance warning needs a bias reflection" in r.text
    r = await post_form(casey, f"/cases/{pid}/record/warning_given", {**on(4, 5), **reflection})
    assert r.status_code == 303, r.text
    again = {**failure, **on(1, 6), **on(1, 6, "failed_on")}
    r = await post_form(casey, f"/cases/{pid}/record/compliance_failure", again)
    assert r.status_code == 303, r.text

    r = await post_form(
        casey, f"/cases/{pid}/record/breach_action", {**on(2, 6), "referred_to": "panel"}
    )
    assert r.status_code == 422 and "Select at least one aspect you considered" in r.text
    r = await post_form(
        casey,
        f"/cases/{pid}/record/breach_action",
        {**on(2, 6), "referred_to": "panel", **reflection},
    )
    assert r.status_code == 409 and "goes to the court" in r.text
    r = await post_form(
        casey,
        f"/cases/{pid}/record/breach_action",
        {**on(2, 6), "referred_to": "court", **reflection},
    )
    assert r.status_code == 303, r.text

    case = (await casey.get(f"/cases/{pid}")).text
    section = case[case.index('id="compliance"') : case.index('id="timeline"')]
    assert "Failures to comply, 1 warning given" in section
    assert "Warned" in section and "Breach" in section and "Awaiting the court" in section
    assert f"/cases/{pid}/record/court_outcome_awaited" not in case, (
        "the court's decision comes from the court feed"
    )
    assert "Court&#39;s decision awaited" in case or "Court's decision awaited" in case
    timeline = case[case.index('id="timeline"') :]
    assert (
        "Warning given" in timeline
        and "Failure to comply" in timeline
        and "Breach action" in timeline
    )


async def test_the_reports_page_counts_warnings_and_breaches(site: Site) -> None:
    async with httpx.AsyncClient(base_url=site.base) as sam:
        sam.cookies.set(
            "pathway_session", site.session_cookie("supervisor", "sam.supervisor", "bromley")
        )
        page = await sam.get("/reports")
    assert page.status_code == 200, page.text
    assert "Breaches by where they went and how they ended" in page.text
    assert re.search(
        r"\d+ failures to comply \(\d+ with a reasonable excuse\), \d+ warnings given", page.text
    )
