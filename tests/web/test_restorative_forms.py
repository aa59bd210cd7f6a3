"""The restorative enquiry, parent work and panels through the pages over plain HTTP.

A refusal that names a field is shown on that field (GOV.UK's error pattern: the message beside
the field and a summary linking to it); the family's summary shows the contract agreed.
"""

import re

import httpx

from tests.web.conftest import Site, on, post_form

MEETING = {"youth_justice_members": "1", "community_panel_members": "2", "parent_attended": "yes"}


async def test_the_enquiry_and_panels_are_refused_on_the_field_named_and_then_recorded(
    site: Site, casey: httpx.AsyncClient
) -> None:
    pid = await site.ingest()
    await site.allocate(pid)
    record = f"/cases/{pid}/record"
    r = await post_form(casey, f"{record}/restorative_enquiry", on(14, 4))
    assert r.status_code == 409
    assert 'href="#harmed_parties"' in r.text and "Say who was harmed" in r.text
    enquiry = {
        **on(14, 4),
        "harmed_parties": ["direct_victim", "community"],
        "child_account": "I took the bike because I was angry.",
        "willing_to_do": "Say sorry and fix the bike.",
        "readiness": "ready",
    }
    r = await post_form(casey, f"{record}/restorative_enquiry", enquiry)
    assert r.status_code == 303, r.text

    # The initial panel with one community member and no reason: refused on that field.
    panel = {
        **on(20, 4),
        **MEETING,
        "community_panel_members": "1",
        "contract_elements": ["reparation_to_victim"],
        # The panel contract is a decision stage: its bias reflection (`workflows.reflections`).
        "bias_reflection-aspects_considered": ["age"],
        "bias_reflection-colleague_consulted": "yes",
        "bias_reflection-colleague_role": "practice_lead",
    }
    r = await post_form(casey, f"{record}/initial_panel", panel)
    assert r.status_code == 409
    assert 'href="#not_quorate_reason"' in r.text and "is not quorate" in r.text
    r = await post_form(
        casey,
        f"{record}/initial_panel",
        {**panel, "parent_attended": "no", "community_panel_members": "2"},
    )
    assert r.status_code == 409 and 'href="#parent_attended"' in r.text and "s. 90" in r.text
    r = await post_form(
        casey,
        f"{record}/initial_panel",
        {**panel, "community_panel_members": "2", "contract_terms": "Fix the bike."},
    )
    assert r.status_code == 303, r.text

    r = await post_form(casey, f"{record}/parent_restorative_work", on(21, 4))
    assert (
        r.status_code == 409 and 'href="#carer"' in r.text and "Say which parent or carer" in r.text
    )
    work = {
        **on(21, 4),
        "carer": "father",
        "harm_addressed": "Trust at home.",
        "next_steps": "Meet monthly.",
        "refer_to": ["nvr"],
    }
    r = await post_form(casey, f"{record}/parent_restorative_work", work)
    assert r.status_code == 303, r.text

    case = (await casey.get(f"/cases/{pid}")).text
    assert f"{record}/progress_panel" in case and f"{record}/intervention_referral" in case
    summary = (await casey.get(f"/cases/{pid}/summary")).text
    assert "Your contract with the panel" in summary and "Reparation to the victim" in summary
    assert (
        "Fix the bike." in summary and "A parent or carer comes to every panel meeting" in summary
    )


async def test_a_supervisor_records_a_declined_enquiry_and_the_case_shows_it_not_done(
    site: Site,
) -> None:
    pid = await site.ingest()
    await site.allocate(pid)
    async with httpx.AsyncClient(base_url=site.base) as sam:
        sam.cookies.set(
            "pathway_session", site.session_cookie("supervisor", "sam.supervisor", "bromley")
        )
        declined = {**on(14, 4), "not_done_reason": "The child declined to meet."}
        r = await post_form(sam, f"/cases/{pid}/record/restorative_enquiry", declined)
        assert r.status_code == 303, r.text
        case = (await sam.get(f"/cases/{pid}")).text
    assert case.count(">Not done<") == 2, re.findall(
        r".{120}Not done.{40}", case
    )  # the enquiry, and the parent work
