"""The step forms over plain HTTP (no browser, no JavaScript): assessment facts decide
eligibility, a referral needs its bias reflection, and an auditor reads but never writes."""

import re

import httpx

from tests.web.conftest import Site, post_form

TODAY = {"completed_on-day": "20", "completed_on-month": "4", "completed_on-year": "2026"}






async def test_an_assessment_recorded_through_its_form_decides_eligibility_and_names_what_is_not_known(site: Site, casey: httpx.AsyncClient) -> None:
    pid = await site.ingest()
    await site.allocate(pid)
    facts = {"facts-lives_with_caregiver": "yes", "facts-caregiver_willing_to_engage": "yes", "facts-placement": "home",
             "facts-acute_psychiatric_illness": "no", "facts-sex_offending_only": "no", "facts-child_to_parent_violence": "unknown"}
    r = await post_form(casey, f"/cases/{pid}/record/assessment", {**TODAY, **facts})
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{pid}?recorded=assessment"
    page = (await casey.get(r.headers["location"])).text
    fft = page[page.index("Functional Family Therapy (FFT)"):page.index("Non-Violent Resistance (NVR)")]
    assert "Eligible" in fft
    nvr = page[page.index("Non-Violent Resistance (NVR)"):page.index("DV Community Groups Programme")]
    assert "Needs information" in nvr and "Violence from the child towards a parent" in nvr

    r = await post_form(casey, f"/cases/{pid}/facts", {**facts, "facts-acute_psychiatric_illness": "yes"})
    assert r.status_code == 303
    page = (await casey.get(r.headers["location"])).text
    assert "eligibility has been decided again" in page
    fft = page[page.index("Functional Family Therapy (FFT)"):page.index("Non-Violent Resistance (NVR)")]
    assert "Not eligible" in fft


async def test_a_referral_without_its_bias_reflection_is_refused_with_the_reason_and_accepted_with_it(site: Site, casey: httpx.AsyncClient) -> None:
    pid = await site.ingest()
    await site.allocate(pid)
    r = await post_form(casey, f"/cases/{pid}/record/assessment", {**TODAY, "facts-lives_with_caregiver": "yes"})
    assert r.status_code == 303
    referral = {**TODAY, "programme": "fft", "status": "proposed"}
    r = await post_form(casey, f"/cases/{pid}/record/intervention_referral", referral)
    assert r.status_code == 409  # FFT still needs information: referring now goes against the rules
    assert "needs an override reason (professional judgement)" in r.text and "This step cannot be recorded now" in r.text
    referral["override_reason"] = "The family asked for FFT; the caregiver's willingness is being confirmed."
    r = await post_form(casey, f"/cases/{pid}/record/intervention_referral", referral)
    assert r.status_code == 409 and "needs a bias reflection" in r.text
    reflection = {"bias_reflection-aspects_considered": ["race", "class"], "bias_reflection-colleague_consulted": "yes",
                  "bias_reflection-colleague_role": "practice_lead"}
    r = await post_form(casey, f"/cases/{pid}/record/intervention_referral", {**referral, **reflection})
    assert r.status_code == 303, r.text
    api = await site.http.get(f"/v1/pathways/{pid}", headers=site.token("caseworker", "casey.worker"))
    (made,) = api.json()["referrals"]
    assert made["programme"] == "fft" and made["status"] == "proposed"
    assert api.json()["bias_reflections"][0]["aspects_considered"] == ["race", "class"]


async def test_an_auditor_reads_every_team_but_is_offered_no_forms_and_may_not_allocate(site: Site) -> None:
    pid = await site.ingest()
    async with httpx.AsyncClient(base_url=site.base) as auditor:
        auditor.cookies.set("pathway_session", site.session_cookie("auditor", "alex.auditor", None))
        dashboard = await auditor.get("/dashboard")
        assert dashboard.status_code == 200 and "All teams" in dashboard.text
        assert "Allocate" not in dashboard.text
        case = await auditor.get(f"/cases/{pid}")
        assert case.status_code == 200 and f"/cases/{pid}/record/" not in case.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', case.text)
        assert token
        r = await auditor.post(f"/cases/{pid}/allocation", data={"caseworker": "x", "team": "y", "csrf_token": token.group(1)})
        assert r.status_code == 403
