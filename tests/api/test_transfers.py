"""Transfers over HTTP: the workflow, the command client and the read model agree on who sees what."""

from typing import Any

from access import Role, User
from readmodel.queries import visible_pathways
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome

CROYDON_SUPERVISOR = {"user": "cal", "team": "croydon"}
BROMLEY = User(name="sam", role=Role.SUPERVISOR, team="bromley", area="bromley")
CROYDON = User(name="cal", role=Role.SUPERVISOR, team="croydon", area="croydon")
CROYDON_WORKER = User(name="cam", role=Role.CASEWORKER, team="croydon", area="croydon")


def seen_by(api: Api, user: User, pathway_id: str) -> bool:
    """Whether the read model shows the pathway to the user (as the codec asks it)."""
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
        return pathway_id in visible_pathways(session, user, [pathway_id])


async def incoming(api: Api, team: str) -> list[str]:
    r = await api.http.get(
        "/v1/transfers/incoming", headers=api.token("supervisor", user="x", team=team)
    )
    assert r.status_code == 200, r.text
    return [t["pathway_id"] for t in r.json()]


REFLECTION = {"aspects_considered": ["culture"], "colleague_consulted": True, "colleague_role": "supervisor"}


async def step(api: Api, pid: str, name: str, body: dict[str, Any], **who: Any) -> Any:
    role = who.pop("role", "supervisor")
    return await api.http.post(
        f"/v1/pathways/{pid}/steps/{name}", json=body, headers=api.token(role, **who)
    )


async def test_a_transfer_is_seen_by_the_receiving_supervisors_to_decide_then_moves(
    areas_api: Api,
) -> None:
    api = areas_api
    r = await api.http.post(
        "/v1/court-outcomes",
        json=canonical_outcome(defendant__yjs_area="bromley"),
        headers=api.token("integrator"),
    )
    pid = r.json()["results"][0]["pathway_id"]
    body = {"completed_on": "2026-03-27", "caseworker": "casey.worker", "team": "bromley"}
    assert (await step(api, pid, "allocation", body)).status_code == 200
    asked = {"completed_on": "2026-04-01", "to_team": "croydon", "reason": "moved to Croydon"}
    r = await step(api, pid, "transfer_requested", asked)
    assert r.status_code == 409 and "bias_reflection: a transfer decision needs a bias" in r.text
    asked["bias_reflection"] = REFLECTION
    assert (await step(api, pid, "transfer_requested", asked)).status_code == 200

    await eventually(lambda: incoming(api, "croydon"), lambda ids: ids == [pid], what="incoming")
    assert await incoming(api, "bromley") == []
    r = await api.http.get(
        f"/v1/pathways/{pid}", headers=api.token("supervisor", **CROYDON_SUPERVISOR)
    )
    assert r.status_code == 200 and r.json()["transfer"]["to_team"] == "croydon"
    assert r.json()["team"] == "bromley"  # the sending team keeps it until acceptance
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker", team="croydon"))
    assert r.status_code == 404
    assert seen_by(api, CROYDON, pid) and not seen_by(api, CROYDON_WORKER, pid)
    # To decide, and nothing else.
    r = await step(api, pid, "first_contact", {"completed_on": "2026-04-01"}, **CROYDON_SUPERVISOR)
    assert r.status_code == 409 and "may only accept or refuse" in r.json()["detail"]
    r = await api.http.put(
        f"/v1/pathways/{pid}/facts", json={}, headers=api.token("supervisor", **CROYDON_SUPERVISOR)
    )
    assert r.status_code == 409 and "may only accept or refuse" in r.json()["detail"]
    r = await step(api, pid, "transfer_accepted", {"completed_on": "2026-04-02"})
    assert r.status_code == 409 and "receiving team (croydon)" in r.json()["detail"]

    accepted = {"completed_on": "2026-04-02", "bias_reflection": REFLECTION}
    r = await step(api, pid, "transfer_accepted", accepted, **CROYDON_SUPERVISOR)

    assert r.status_code == 200, r.text
    view = r.json()
    assert (view["team"], view["caseworker"], view["case_manager_changes"]) == ("croydon", None, 1)
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor"))
    assert r.status_code == 404  # Bromley no longer sees it
    await eventually(lambda: incoming(api, "croydon"), lambda ids: ids == [], what="none incoming")
    assert seen_by(api, CROYDON, pid) and seen_by(api, CROYDON_WORKER, pid)
    assert not seen_by(api, BROMLEY, pid)
    r = await step(
        api, pid, "transfer_accepted", {"completed_on": "2026-04-02"}, **CROYDON_SUPERVISOR
    )
    assert r.status_code == 409 and "no transfer is pending" in r.json()["detail"]


async def test_only_supervisors_and_auditors_list_incoming_transfers(api: Api) -> None:
    r = await api.http.get("/v1/transfers/incoming", headers=api.token("caseworker"))
    assert r.status_code == 403
    r = await api.http.get("/v1/transfers/incoming", headers=api.token("auditor", team=None))
    assert r.status_code == 200
