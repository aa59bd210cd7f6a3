"""GET a pathway and record its steps over HTTP: 200, 409 with the reason, 422 naming fields."""

from datetime import date
from typing import Any

from sqlalchemy import select

from readmodel.tables import PathwayRow
from samples import restorative as samples
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from workflows.pathway import CALLER_PROJECTION_GRACE


async def start(api: Api) -> str:
    r = await api.http.post(
        "/v1/court-outcomes", json=canonical_outcome(), headers=api.token("integrator")
    )
    return str(r.json()["results"][0]["pathway_id"])


async def step(
    api: Api, pid: str, name: str, body: dict[str, Any], role: str = "caseworker"
) -> Any:
    return await api.http.post(
        f"/v1/pathways/{pid}/steps/{name}", json=body, headers=api.token(role)
    )


async def test_the_panel_is_refused_with_409_until_the_restorative_enquiry_is_recorded(
    api: Api,
) -> None:
    pid = await start(api)
    r = await step(
        api,
        pid,
        "allocation",
        {"completed_on": "2026-03-30", "caseworker": "casey", "team": "bromley"},
        "supervisor",
    )
    assert r.status_code == 200, r.text
    assert r.json()["caseworker"] == "casey"
    r = await step(api, pid, "initial_panel", {"completed_on": "2026-04-20"})
    assert r.status_code == 409 and "restorative enquiry" in r.json()["detail"]
    enquiry = samples.enquiry(date(2026, 4, 14)).model_dump(mode="json", exclude_none=True)
    r = await step(api, pid, "restorative_enquiry", enquiry)
    assert r.status_code == 200
    panel = samples.initial_panel(date(2026, 4, 20)).model_dump(mode="json", exclude_none=True)
    r = await step(api, pid, "initial_panel", panel)
    assert r.status_code == 200
    panel = next(t for t in r.json()["tasks"] if t["step"] == "initial_panel")
    assert panel["status"] == "done" and panel["completed_on"] == "2026-04-20"


async def test_a_step_with_bad_fields_gets_422_naming_them(api: Api) -> None:
    pid = await start(api)
    r = await step(api, pid, "victim_contact", {"completed_on": "not-a-date", "consent": "maybe"})
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"completed_on", "consent"}
    r = await step(api, pid, "case_formulation", {"completed_on": "2026-04-01"})
    assert r.status_code == 422
    assert {"formulation_summary", "agreed_actions", "child_views", "plain_language_summary"} <= {
        e["field"] for e in r.json()["errors"]
    }


async def test_an_unknown_step_or_pathway_is_refused(api: Api) -> None:
    pid = await start(api)
    r = await step(api, pid, "tea_break", {"completed_on": "2026-04-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "path.step"
    r = await api.http.get("/v1/pathways/pw-does-not-exist", headers=api.token("supervisor"))
    assert r.status_code == 404


async def test_every_call_but_health_needs_a_valid_token(api: Api) -> None:
    pid = await start(api)
    assert (await api.http.get("/healthz")).status_code == 200
    assert (await api.http.get(f"/v1/pathways/{pid}")).status_code == 401
    bad = {"Authorization": "Bearer not.a.token"}
    assert (await api.http.get(f"/v1/pathways/{pid}", headers=bad)).status_code == 401
    assert (await api.http.post("/v1/court-outcomes", json=canonical_outcome())).status_code == 401
    # A token whose claims were edited fails its signature check.
    token = api.token("caseworker")["Authorization"].split(" ")[1]
    head, claims, sig = token.split(".")
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(claims + "=="))
    payload["role"] = "supervisor"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    r = await api.http.get(
        f"/v1/pathways/{pid}", headers={"Authorization": f"Bearer {head}.{forged}.{sig}"}
    )
    assert r.status_code == 401


async def test_an_integrator_only_ingests_and_an_unallocated_pathway_is_hidden_from_caseworkers(
    api: Api,
) -> None:
    pid = await start(api)
    assert (
        await api.http.get(f"/v1/pathways/{pid}", headers=api.token("integrator"))
    ).status_code == 403
    assert (
        await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker"))
    ).status_code == 404
    assert (
        await step(api, pid, "first_contact", {"completed_on": "2026-04-01"}, "auditor")
    ).status_code == 403
    await step(
        api,
        pid,
        "allocation",
        {"completed_on": "2026-03-30", "caseworker": "casey", "team": "bromley"},
        "supervisor",
    )
    assert (
        await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker"))
    ).status_code == 200
    other_team = api.token("caseworker", team="croydon")
    assert (await api.http.get(f"/v1/pathways/{pid}", headers=other_team)).status_code == 404


async def test_a_step_over_the_api_is_in_the_read_model_at_once(api: Api) -> None:
    pid = await start(api)
    url = api.settings.sqlalchemy_url
    r = await step(
        api,
        pid,
        "allocation",
        {"completed_on": "2026-03-30", "caseworker": "casey", "team": "bromley"},
        "supervisor",
    )
    assert r.status_code == 200, r.text
    def read_caseworker() -> str | None:
        with sessions_for(url) as sessions, sessions() as s:
            return s.scalar(select(PathwayRow.caseworker).where(PathwayRow.pathway_id == pid))

    # Well inside the workflow's grace: only the API's own write can have put it there.
    caseworker = await eventually(read_caseworker, lambda c: c == "casey",
                                  what="the API's own write, well inside the workflow's grace",
                                  seconds=CALLER_PROJECTION_GRACE.total_seconds() / 3)
    assert caseworker == "casey", "the API wrote the read model itself"
