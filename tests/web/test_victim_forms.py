"""Victims one by one through the pages over plain HTTP: two victims recorded, each named by
its id, a direct meeting refused before the suitability decision with the field named, the case
page's victim section, and nothing of the victims in the family's summary."""


import httpx

from tests.web.conftest import Site, on, post_form


async def test_two_victims_through_the_forms_and_a_direct_meeting_waits_for_suitability(
    site: Site, casey: httpx.AsyncClient
) -> None:
    pid = await site.ingest()
    await site.allocate(pid)
    record = f"/cases/{pid}/record"
    r = await post_form(
        casey,
        f"{record}/victim_details_received",
        {**on(1, 4), "kind": "person", "organisation_name": "Jo Bloggs"},
    )
    assert r.status_code == 422 and "never by name" in r.text
    r = await post_form(
        casey,
        f"{record}/victim_details_received",
        {**on(1, 4), "police_reference": "01YE-1-V1", "under_18": "yes"},
    )
    assert r.status_code == 303, r.text
    shop = {
        **on(1, 4),
        "kind": "organisation",
        "police_reference": "01YE-1-V2",
        "organisation_name": "Corner Shop Ltd",
    }
    r = await post_form(casey, f"{record}/victim_details_received", shop)
    assert r.status_code == 303, r.text

    r = await post_form(casey, f"{record}/victim_contact", {**on(2, 4), "consent": "consented"})
    assert r.status_code == 409, r.text
    # The refusal is shown on the field it names, linked from the summary.
    assert 'href="#victim_id"' in r.text
    assert "This order has 2 victims (v1, v2): say which" in r.text
    r = await post_form(
        casey, f"{record}/victim_contact", {**on(2, 4), "victim_id": "v2", "consent": "consented"}
    )
    assert r.status_code == 303, r.text
    meeting = {
        **on(3, 4),
        "victim_id": "v2",
        "options_offered": ["direct_conference", "letter_of_explanation"],
        "option": "direct_conference",
    }
    r = await post_form(casey, f"{record}/victim_restorative_option", meeting)
    assert r.status_code == 409
    assert 'href="#option"' in r.text
    assert "A direct meeting (direct conference) needs a restorative suitability" in r.text
    r = await post_form(
        casey,
        f"{record}/victim_suitability",
        {
            **on(3, 4),
            "victim_id": "v2",
            "suitable": "yes",
            "reason": "Both want it.",
            "risk": "low",
            # A decision stage: its bias reflection (`workflows.reflections`).
            "bias_reflection-aspects_considered": ["age"],
            "bias_reflection-colleague_consulted": "no",
        },
    )
    assert r.status_code == 303, r.text
    r = await post_form(casey, f"{record}/victim_restorative_option", meeting)
    assert r.status_code == 303, r.text

    case = (await casey.get(f"/cases/{pid}")).text
    section = case[case.index('id="victim"') : case.index('id="timeline"')]
    assert "Victim v1" in section and "under 18" in section
    assert "Victim v2: Corner Shop Ltd" in section and "Suitable (low risk)" in section
    summary = (await casey.get(f"/cases/{pid}/summary")).text
    summary = summary[summary.index("<main") : summary.index("</main>")]  # not the footer
    for word in ("victim", "Victim", "Corner Shop", "01YE-1-V", "suitab", "Direct conference"):
        assert word not in summary, f"{word!r} is in the family's summary"
