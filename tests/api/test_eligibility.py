"""Facts, eligibility with reasons, referrals with overrides and bias reflections, over HTTP."""

from datetime import date
from typing import Any

from tests.api.conftest import Api
from tests.factories import canonical_outcome

FFT_READY = {"lives_with_caregiver": True, "caregiver_willing_to_engage": True, "placement": "home",
             "acute_psychiatric_illness": False, "sex_offending_only": False}
REFLECTION = {"aspects_considered": ["race", "class"], "colleague_consulted": True, "colleague_role": "supervisor"}


async def allocated_pathway(api: Api) -> str:
    today = date.today().isoformat()
    r = await api.http.post("/v1/court-outcomes", json=canonical_outcome(hearing_date=today, disposal__made_on=today),
                            headers=api.token("integrator"))
    pid = str(r.json()["results"][0]["pathway_id"])
    r = await api.http.post(f"/v1/pathways/{pid}/steps/allocation", headers=api.token("supervisor"),
                            json={"completed_on": today, "caseworker": "casey", "team": "bromley"})
    assert r.status_code == 200, r.text
    return pid


async def refer(api: Api, pid: str, **body: Any) -> Any:
    return await api.http.post(f"/v1/pathways/{pid}/steps/intervention_referral", headers=api.token("caseworker", "casey"),
                               json={"completed_on": date.today().isoformat(), **body})


async def test_facts_decide_eligibility_and_name_the_missing_facts(api: Api) -> None:
    pid = await allocated_pathway(api)
    r = await api.http.get(f"/v1/pathways/{pid}/eligibility", headers=api.token("caseworker"))
    assert r.status_code == 409 and "record assessment facts" in r.json()["detail"]
    r = await api.http.put(f"/v1/pathways/{pid}/facts", json={"lives_with_caregiver": True}, headers=api.token("caseworker"))
    assert r.status_code == 200, r.text
    fft = r.json()["fft"]
    assert fft["status"] == "needs_information"
    assert "caregiver_willing_to_engage" in fft["missing_facts"]
    assert fft["ruleset_version"] == "2026.1"
    assert {c["outcome"] for c in fft["criteria"]} >= {"met", "unknown"}
    r = await api.http.put(f"/v1/pathways/{pid}/facts", json=FFT_READY, headers=api.token("caseworker"))
    assert r.json()["fft"]["status"] == "eligible" and r.json()["fft"]["missing_facts"] == []
    r = await api.http.get(f"/v1/pathways/{pid}/eligibility", headers=api.token("caseworker"))
    assert r.json()["fft"]["status"] == "eligible"
    view = (await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker"))).json()
    task = next(t for t in view["tasks"] if t["step"] == "intervention_referral")
    assert task["status"] == "open", "the first decision opens the referral task"
    r = await api.http.put(f"/v1/pathways/{pid}/facts", json={"placement": "on the moon"}, headers=api.token("caseworker"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "placement"


async def test_a_referral_needs_a_bias_reflection_and_moves_through_its_states(api: Api) -> None:
    pid = await allocated_pathway(api)
    await api.http.put(f"/v1/pathways/{pid}/facts", json=FFT_READY, headers=api.token("caseworker"))
    r = await refer(api, pid, programme="fft", status="referred")
    assert r.status_code == 409 and "bias_reflection" in r.json()["detail"]
    r = await refer(api, pid, programme="fft", status="referred", bias_reflection=REFLECTION)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["referrals"][0]["status"] == "referred" and body["referrals"][0]["override_reason"] is None
    assert next(t for t in body["tasks"] if t["step"] == "intervention_referral")["status"] == "done"
    r = await refer(api, pid, programme="fft", status="completed")
    assert r.status_code == 409 and "can become accepted, declined, waitlisted" in r.json()["detail"]
    for status in ["waitlisted", "accepted", "started", "completed"]:
        r = await refer(api, pid, programme="fft", status=status)
        assert r.status_code == 200, r.text
    assert [e["status"] for e in r.json()["referrals"][0]["history"]] == ["referred", "waitlisted", "accepted", "started", "completed"]


async def test_a_referral_against_the_rules_needs_a_written_reason_recorded_with_who_made_it(api: Api) -> None:
    pid = await allocated_pathway(api)
    await api.http.put(f"/v1/pathways/{pid}/facts", json=FFT_READY, headers=api.token("caseworker"))
    r = await refer(api, pid, programme="nvr", status="proposed", bias_reflection=REFLECTION)
    assert r.status_code == 409 and "override_reason" in r.json()["detail"]
    r = await refer(api, pid, programme="nvr", status="proposed", bias_reflection=REFLECTION,
                    override_reason="Mother reports violence at home; NVR is the right first step.")
    assert r.status_code == 200, r.text
    nvr = r.json()["referrals"][0]
    assert nvr["overridden_by"] == "casey" and nvr["eligibility_at_referral"] == "needs_information"
    assert r.json()["bias_reflections"][0]["decision"] == "override:nvr"


async def test_a_referral_step_with_neither_programme_nor_reason_names_the_fields(api: Api) -> None:
    pid = await allocated_pathway(api)
    r = await refer(api, pid)
    assert r.status_code == 422 and "no_referral_reason" in r.json()["detail"]


async def test_closure_without_a_bias_reflection_is_refused(api: Api) -> None:
    pid = await allocated_pathway(api)
    r = await api.http.post(f"/v1/pathways/{pid}/steps/closure", headers=api.token("supervisor"),
                            json={"completed_on": date.today().isoformat(), "reason": "returned_to_court"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "bias_reflection"
