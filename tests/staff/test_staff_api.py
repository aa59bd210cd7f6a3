"""Staff and their clinical supervision over the API, on a real database and the dev server.

A supervisor adds their case managers, records supervisions and sees each one's standing;
another team's supervisor cannot see or touch them; a caseworker is refused before any body is
read; bad input names the field; the daily sweep (a real Temporal workflow and activity)
escalates an overdue supervision to the team's supervisors once.
"""

import uuid
from datetime import UTC, date, datetime, timedelta

from temporalio.testing import WorkflowEnvironment

from contracts.staff import StaffSweepInput, StaffSweepResult
from core.workdays import add_months, london_date
from tests.api.conftest import Api
from workflows.staff import StaffSupervisionSweepWorkflow

TODAY = london_date(datetime.now(UTC))


async def add(api: Api, user: str, joined_on: date, team: str = "bromley") -> None:
    r = await api.http.post(
        "/v1/staff",
        json={"user": user, "team": team, "joined_on": joined_on.isoformat()},
        headers=api.token("supervisor", team=team),
    )
    assert r.status_code == 201, r.text


async def test_a_supervisor_adds_case_managers_and_sees_their_supervision_as_it_stands(api: Api) -> None:
    await add(api, "casey", add_months(TODAY, -3))  # never supervised: escalated
    await add(api, "robin", TODAY - timedelta(days=3))  # just joined: on track
    r = await api.http.post(
        "/v1/staff/casey/supervisions",
        json={"supervised_on": (TODAY - timedelta(days=1)).isoformat(), "themes": ["wellbeing"]},
        headers=api.token("supervisor"),
    )
    assert r.status_code == 201, r.text
    assert r.json() == {
        "supervised_on": (TODAY - timedelta(days=1)).isoformat(), "themes": ["wellbeing"],
        "recorded_by": "sam"}
    await add(api, "alex", add_months(TODAY, -3))
    listed = (await api.http.get("/v1/staff", headers=api.token("supervisor"))).json()
    standing = {s["user"]: (s["status"], s["due_on"]) for s in listed}
    assert standing == {
        "casey": ("on_track", add_months(TODAY - timedelta(days=1), 1).isoformat()),
        "robin": ("on_track", add_months(TODAY - timedelta(days=3), 1).isoformat()),
        "alex": ("escalated", add_months(add_months(TODAY, -3), 1).isoformat()),
    }
    history = await api.http.get("/v1/staff/casey/supervisions", headers=api.token("supervisor"))
    assert [h["themes"] for h in history.json()] == [["wellbeing"]]
    # Leaving: nothing is due after, and the member drops off the team's list.
    r = await api.http.post("/v1/staff/alex/leaving", json={"left_on": TODAY.isoformat()},
                            headers=api.token("supervisor"))
    assert r.status_code == 200 and r.json()["status"] == "left"
    listed = (await api.http.get("/v1/staff", headers=api.token("supervisor"))).json()
    assert {s["user"] for s in listed} == {"casey", "robin"}
    every = await api.http.get("/v1/staff?include_left=true", headers=api.token("auditor", team=None))
    assert {s["user"] for s in every.json()} == {"casey", "robin", "alex"}


async def test_another_teams_supervisor_cannot_see_or_touch_a_teams_staff(api: Api) -> None:
    await add(api, "casey", add_months(TODAY, -1))
    croydon = api.token("supervisor", user="cat", team="croydon")
    assert (await api.http.get("/v1/staff?team=bromley", headers=croydon)).json() == []
    r = await api.http.post("/v1/staff/casey/supervisions",
                            json={"supervised_on": TODAY.isoformat(), "themes": ["caseload"]},
                            headers=croydon)
    assert r.status_code == 404 and "no member of staff casey in team croydon" in r.text
    r = await api.http.post("/v1/staff", json={"user": "zed", "team": "bromley",
                                                "joined_on": TODAY.isoformat()}, headers=croydon)
    assert r.status_code == 422 and "team" in r.text and "is not your team (croydon)" in r.text


async def test_a_caseworker_or_integrator_is_refused_before_the_body_is_read(api: Api) -> None:
    junk = b"{" * 10_000  # never parsed: the role is refused first
    for role in ("caseworker", "integrator"):
        r = await api.http.post("/v1/staff/casey/supervisions", content=junk,
                                headers={**api.token(role), "Content-Type": "application/json"})
        assert r.status_code == 403, r.text
    r = await api.http.get("/v1/staff", headers=api.token("caseworker"))
    assert r.status_code == 403
    big = b"x" * 5000  # more than a supervision's 4 KiB
    r = await api.http.post("/v1/staff/casey/supervisions", content=big,
                            headers={**api.token("supervisor"), "Content-Type": "application/json"})
    assert r.status_code == 413


async def test_bad_input_names_the_field(api: Api) -> None:
    await add(api, "casey", TODAY - timedelta(days=10))
    cases = [
        ({"supervised_on": TODAY.isoformat(), "themes": []}, "themes"),
        ({"supervised_on": TODAY.isoformat(), "themes": ["gossip"]}, "themes"),
        ({"supervised_on": (TODAY + timedelta(days=1)).isoformat(), "themes": ["caseload"]},
         "supervised_on: is in the future"),
        ({"supervised_on": (TODAY - timedelta(days=11)).isoformat(), "themes": ["caseload"]},
         "supervised_on: is before they joined"),
        ({"supervised_on": TODAY.isoformat(), "themes": ["caseload"], "child": "Jo"}, "child"),
    ]
    for body, named in cases:
        r = await api.http.post("/v1/staff/casey/supervisions", json=body,
                                headers=api.token("supervisor"))
        assert r.status_code == 422 and named in r.text, (body, r.text)
    r = await api.http.post("/v1/staff", json={"user": "casey", "team": "bromley",
                                                "joined_on": TODAY.isoformat()},
                            headers=api.token("supervisor"))
    assert r.status_code == 422 and "user: casey is already in team bromley" in r.text


async def test_the_daily_sweep_escalates_an_overdue_supervision_to_the_team_once(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    await add(api, "casey", add_months(TODAY, -2))  # due a month ago: escalated
    await add(api, "robin", TODAY)

    async def sweep() -> StaffSweepResult:
        return await dev_env.client.execute_workflow(
            StaffSupervisionSweepWorkflow.run,
            StaffSweepInput(),
            id=f"staff-sweep-{uuid.uuid4().hex[:8]}",
            task_queue=api.settings.temporal_task_queue,
            result_type=StaffSweepResult,
        )

    assert (await sweep()).escalated == ["casey"]
    assert (await sweep()).escalated == []  # told once per due date
    notices = (await api.http.get("/v1/notifications", headers=api.token("supervisor"))).json()
    mine = [n for n in notices if n["kind"] == "staff_supervision"]
    assert len(mine) == 1 and "Clinical supervision of casey was due on" in mine[0]["message"]
    croydon = api.token("supervisor", user="cat", team="croydon")
    theirs = (await api.http.get("/v1/notifications", headers=croydon)).json()
    assert [n for n in theirs if n["kind"] == "staff_supervision"] == []
