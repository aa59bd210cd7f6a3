"""Case formulation over HTTP (issue 18): 422 naming the field for too few agencies or one the
service does not list; 409 for the plan before it and for closure without it (200 for a
supervisor's reason); the OpenAPI document's per-step examples."""

from typing import Any

from tests.api.conftest import Api
from tests.factories import canonical_outcome

YRO = {
    "type": "youth_rehabilitation_order",
    "length_months": 12,
    "made_on": "2026-03-27",
    "requirements": [],
}
REFLECTION = {"aspects_considered": ["race", "gender"], "colleague_consulted": True, "colleague_role": "supervisor"}


def formulation(**changes: Any) -> dict[str, Any]:
    return {
        "completed_on": "2026-04-20",
        "agencies": ["yjs", "education", "police"],
        "formulation_summary": "Offending linked to exclusion from school.",
        "agreed_actions": [
            {
                "action": "Return-to-school meeting",
                "owner_agency": "education",
                "owner_person": "Ms Patel",
                "due_on": "2026-05-15",
            }
        ],
        "child_views": "I want to go back to school.",
        "plain_language_summary": "We agreed to help you back to school.",
        "bias_reflection": {"aspects_considered": ["race", "class"], "colleague_consulted": True, "colleague_role": "supervisor"},
    } | changes


async def started(api: Api) -> str:
    r = await api.http.post(
        "/v1/court-outcomes", json=canonical_outcome(disposal=YRO), headers=api.token("integrator")
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


async def test_too_few_agencies_or_an_unlisted_one_get_422_naming_the_field(api: Api) -> None:
    pid = await started(api)
    r = await step(api, pid, "case_formulation", formulation(agencies=["yjs", "police"]))
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert error["field"] == "agencies_reason"
    assert "at least 2 agencies besides the youth justice service" in error["reason"]

    r = await step(api, pid, "case_formulation", formulation(agencies=["yjs", "police", "wizards"]))
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["agencies.2"]

    untracked = formulation(agreed_actions=[{"action": "Call school", "owner_person": "Ms Patel"}])
    r = await step(api, pid, "case_formulation", untracked)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "agreed_actions.0.owner_agency"

    r = await step(
        api,
        pid,
        "case_formulation",
        formulation(agencies=["yjs", "police"], agencies_reason="School shut."),
    )
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["case_formulation"]["version"] == 1 and view["formulations"][0]["agencies_reason"]
    action = next(t for t in view["tasks"] if t["task_id"] == "action-v1-1")
    assert (action["step"], action["owner_agency"], action["owner_person"]) == (
        "agreed_action",
        "education",
        "Ms Patel",
    )


async def test_the_plan_and_closure_wait_for_the_formulation(api: Api) -> None:
    pid = await started(api)
    r = await step(api, pid, "intervention_plan", {"completed_on": "2026-04-21"})
    assert (
        r.status_code == 409
        and "case formulation must be recorded before the intervention plan" in r.json()["detail"]
    )
    closure = {
        "completed_on": "2026-04-21",
        "reason": "revoked_early",
        "bias_reflection": REFLECTION,
        "no_outcome_data_reason": "Revoked before the outcome data was gathered.",  # issue 21
    }
    r = await step(api, pid, "closure", closure)
    assert r.status_code == 409 and r.json()["detail"].startswith("no_formulation_reason:")
    r = await step(
        api, pid, "closure", closure | {"no_formulation_reason": "Revoked on appeal."}, "supervisor"
    )
    assert r.status_code == 200, r.text
    waiver = r.json()["closed_without_formulation"]
    assert waiver["reason"] == "Revoked on appeal." and waiver["by"] == "sam"


async def test_the_step_route_documents_an_example_per_step_body(api: Api) -> None:
    r = await api.http.get("/openapi.json")
    assert r.status_code == 200
    route = r.json()["paths"]["/v1/pathways/{pathway_id}/steps/{step}"]["post"]
    examples = route["requestBody"]["content"]["application/json"]["examples"]
    assert {"any step", "case_formulation", "agreed_action"} <= set(examples)
    assert examples["agreed_action"]["value"] == {
        "completed_on": "2026-05-14",
        "action_id": "action-v1-1",
    }
    assert examples["case_formulation"]["value"]["agencies"] == [
        "yjs",
        "education",
        "childrens_social_care",
    ]


def test_every_step_example_is_a_valid_body_of_its_step() -> None:
    from core.pathways import step_body
    from core.step_examples import STEP_EXAMPLES

    for name, example in STEP_EXAMPLES.items():
        if name != "any step":
            step_body(name.split(" ")[0], example["value"])
