"""The restorative enquiry, parent work and panels over HTTP: 409 naming the field the workflow
asks for, 422 naming a bad field, and the pathway's view with what was recorded."""

from typing import Any

from tests.api.conftest import Api
from tests.factories import canonical_outcome


async def start(api: Api) -> str:
    r = await api.http.post(
        "/v1/court-outcomes", json=canonical_outcome(), headers=api.token("integrator")
    )
    pid = str(r.json()["results"][0]["pathway_id"])
    r = await step(
        api,
        pid,
        "allocation",
        {"completed_on": "2026-03-30", "caseworker": "casey", "team": "bromley"},
        "supervisor",
    )
    assert r.status_code == 200, r.text
    return pid


async def step(
    api: Api, pid: str, name: str, body: dict[str, Any], role: str = "caseworker"
) -> Any:
    return await api.http.post(
        f"/v1/pathways/{pid}/steps/{name}", json=body, headers=api.token(role)
    )


ENQUIRY = {
    "completed_on": "2026-04-14",
    "harmed_parties": ["direct_victim", "child_relationships"],
    "child_account": "I was angry with my brother.",
    "willing_to_do": "Meet the shop owner.",
    "readiness": "not_yet",
}
MEETING = {"youth_justice_members": 1, "community_panel_members": 2, "parent_attended": True}


async def test_each_part_the_workflow_asks_for_is_named_and_the_view_shows_what_was_recorded(
    api: Api,
) -> None:
    pid = await start(api)
    r = await step(api, pid, "restorative_enquiry", {"completed_on": "2026-04-14"})
    assert r.status_code == 409 and r.json()["detail"].startswith("harmed_parties:"), r.text
    r = await step(api, pid, "restorative_enquiry", {**ENQUIRY, "readiness": "maybe"})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} == {"readiness"}
    r = await step(
        api, pid, "restorative_enquiry", {**ENQUIRY, "not_done_reason": "Declined."}, "supervisor"
    )
    assert r.status_code == 422 and "not both" in r.text
    r = await step(api, pid, "restorative_enquiry", ENQUIRY)
    assert r.status_code == 200, r.text

    panel = {
        "completed_on": "2026-04-20",
        **MEETING,
        "community_panel_members": 1,
        "contract_elements": ["community_reparation"],
        "bias_reflection": {"aspects_considered": ["race", "class"], "colleague_consulted": True, "colleague_role": "supervisor"},
    }
    r = await step(api, pid, "initial_panel", panel)
    assert r.status_code == 409 and r.json()["detail"].startswith("not_quorate_reason:"), r.text
    r = await step(api, pid, "initial_panel", {**panel, "progress_panel_interval_months": 6})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} == {
        "progress_panel_interval_months"
    }
    r = await step(api, pid, "initial_panel", {**panel, "community_panel_members": 2})
    assert r.status_code == 200, r.text
    r = await step(
        api, pid, "final_panel", {"completed_on": "2026-04-21", **MEETING, "parent_attended": None}
    )
    assert r.status_code == 409 and r.json()["detail"].startswith("parent_attended:"), r.text

    view = (await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker"))).json()
    work = view["restorative"]
    assert work["enquiry"]["readiness"] == "not_yet"
    assert work["enquiry"]["harmed_parties"] == ["direct_victim", "child_relationships"]
    assert work["panels"][0]["contract_elements"] == ["community_reparation"]
    steps = {t["step"]: t for t in view["tasks"]}
    assert (
        steps["progress_panel"]["due_date"] == "2026-07-20"
        and steps["final_panel"]["due_date"] == "2026-10-20"
    )  # the order's end, from the contract
