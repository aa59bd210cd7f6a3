"""Bias reflections over the API: an override made through the workflow is offered to the
team's supervisor, discussed once, and counted by the report (JSON and CSV)."""

from datetime import UTC, datetime

from core.workdays import london_date
from tests.api.conftest import Api
from tests.api.test_pathways import start, step

TODAY = london_date(datetime.now(UTC)).isoformat()
REFLECTION = {"aspects_considered": ["race", "class"], "colleague_consulted": True, "colleague_role": "supervisor"}


async def overridden(api: Api) -> str:
    pid = await start(api)
    r = await step(api, pid, "allocation", {"completed_on": TODAY, "caseworker": "sam", "team": "bromley"},
                   role="supervisor")
    assert r.status_code == 200, r.text
    r = await step(api, pid, "assessment", {"completed_on": TODAY, "facts": {"lives_with_caregiver": True}})
    assert r.status_code == 200, r.text
    r = await step(api, pid, "intervention_referral", {
        "completed_on": TODAY, "programme": "fft", "status": "proposed",
        "override_reason": "The family asked for it.", "bias_reflection": REFLECTION})
    assert r.status_code == 200, r.text
    return pid


async def test_an_override_is_offered_to_the_teams_supervisor_and_discussed_once(api: Api) -> None:
    pid = await overridden(api)
    queue = await api.http.get("/v1/reflections/queue", headers=api.token("supervisor"))
    assert queue.status_code == 200
    (item,) = [q for q in queue.json() if q["pathway_id"] == pid]
    assert (item["stage"], item["decision"], item["seq"]) == ("override", "override:fft", 0)
    assert item["aspects_considered"] == ["race", "class"] and item["why_offered"] == "every override is discussed"
    croydon = api.token("supervisor", user="cat", team="croydon")
    assert [q for q in (await api.http.get("/v1/reflections/queue", headers=croydon)).json()
            if q["pathway_id"] == pid] == []
    assert (await api.http.get("/v1/reflections/queue", headers=api.token("caseworker"))).status_code == 403
    talk = {"discussed_on": TODAY, "outcome": "decision_stands", "note": "Talked it through."}
    r = await api.http.post(f"/v1/reflections/{pid}/0/discussion", json=talk, headers=croydon)
    assert r.status_code == 404
    r = await api.http.post(f"/v1/reflections/{pid}/0/discussion", json={**talk, "outcome": "maybe"},
                            headers=api.token("supervisor"))
    assert r.status_code == 422 and "outcome" in r.text
    r = await api.http.post(f"/v1/reflections/{pid}/0/discussion", json=talk, headers=api.token("supervisor"))
    assert r.status_code == 201 and r.json()["discussed_by"] == "sam"
    r = await api.http.post(f"/v1/reflections/{pid}/0/discussion", json=talk, headers=api.token("supervisor"))
    assert r.status_code == 422 and "discussed_on: this decision was discussed on" in r.text
    done = await api.http.get("/v1/reflections/queue?discussed=true", headers=api.token("supervisor"))
    assert [q["outcome"] for q in done.json() if q["pathway_id"] == pid] == ["decision_stands"]


async def test_the_report_counts_reflections_by_stage_and_refuses_a_floor_below_the_services(api: Api) -> None:
    for _ in range(2):
        await overridden(api)
    r = await api.http.get("/v1/reports/bias-reflections?min_count=1", headers=api.token("auditor", team=None))
    assert r.status_code == 200, r.text
    (line,) = [x for x in r.json()["lines"] if x["stage"] == "override"]
    assert (line["team"], line["reflections"], line["checked_share"]) == ("bromley", 2, 1.0)
    hidden = await api.http.get("/v1/reports/bias-reflections", headers=api.token("supervisor"))
    (line,) = [x for x in hidden.json()["lines"] if x["stage"] == "override"]
    assert line["suppressed"] and line["reflections"] is None
    r = await api.http.get("/v1/reports/bias-reflections?min_count=1", headers=api.token("supervisor"))
    assert r.status_code == 403 and "min_count" in r.text
    csv = await api.http.get("/v1/reports/bias-reflections?format=csv&min_count=1",
                             headers=api.token("auditor", team=None))
    assert csv.status_code == 200 and csv.text.splitlines()[1].startswith("override,bromley,")
