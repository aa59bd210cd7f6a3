"""A child, not an order: a new order is offered to the case manager and team the child knows."""

from typing import Any

from sqlalchemy import select

from readmodel.tables import PathwayRow
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import REFLECTION, canonical_outcome


async def post(api: Api, body: Any) -> str:
    r = await api.http.post("/v1/court-outcomes", json=body, headers=api.token("integrator"))
    assert r.status_code == 200, r.text
    result = r.json()["results"][0]
    assert result["result"] == "started", result
    return str(result["pathway_id"])


async def step(api: Api, pathway_id: str, name: str, body: dict[str, Any], role: str) -> None:
    r = await api.http.post(
        f"/v1/pathways/{pathway_id}/steps/{name}", json=body, headers=api.token(role)
    )
    assert r.status_code == 200, r.text


async def first_order_allocated(api: Api) -> tuple[dict[str, Any], str]:
    """A referral order made 27 March 2026, allocated to casey.worker of Bromley."""
    first = canonical_outcome()
    old = await post(api, first)
    body = {"completed_on": "2026-03-27", "caseworker": "casey.worker", "team": "bromley"}
    await step(api, old, "allocation", body, "supervisor")

    def team() -> str | None:
        with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
            return session.scalar(select(PathwayRow.team).where(PathwayRow.pathway_id == old))

    await eventually(team, lambda t: t == "bromley", what="the allocation in the read model")
    return first, old


def second_order(first: dict[str, Any], made_on: str) -> dict[str, Any]:
    """The same child (same PNC id, name and date of birth), a new case and order."""
    return canonical_outcome(
        defendant=first["defendant"] | {"defendant_id": "other-id"},
        hearing_date=made_on,
        disposal__type="youth_rehabilitation_order",
        disposal__made_on=made_on,
    )


async def closed_on(api: Api, pathway_id: str, day: str) -> None:
    body = {
        "completed_on": day,
        "reason": "revoked_early",
        "bias_reflection": REFLECTION.model_dump(),
        "no_formulation_reason": "Revoked before the formulation meeting.",
        "no_outcome_data_reason": "Revoked before the outcome data was gathered.",
    }
    await step(api, pathway_id, "closure", body, "supervisor")

    def status() -> str | None:
        with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
            query = select(PathwayRow.status).where(PathwayRow.pathway_id == pathway_id)
            return session.scalar(query)

    await eventually(status, lambda s: s == "closed", what="the closure in the read model")


async def test_a_second_order_for_a_child_is_offered_to_the_same_case_manager_and_team(
    api: Api,
) -> None:
    first, old = await first_order_allocated(api)

    new = await post(api, second_order(first, "2026-11-20"))

    r = await api.http.get(f"/v1/pathways/{new}", headers=api.token("caseworker"))
    assert r.status_code == 200, r.text  # the team's caseworkers see it at once
    view = r.json()
    assert (view["team"], view["caseworker"]) == ("bromley", None)
    assert view["offered"] == {"pathway_id": old, "caseworker": "casey.worker", "team": "bromley"}
    allocation = next(t for t in view["tasks"] if t["task_id"] == "allocation")
    assert allocation["status"] in ("open", "overdue")  # a supervisor confirms by allocating
    assert [p["pathway_id"] for p in view["other_pathways"]] == [old]
    # Confirmed: the suggested case manager fills an empty place, no change of case manager.
    body = {"completed_on": "2026-11-20", "caseworker": "casey.worker", "team": "bromley"}
    await step(api, new, "allocation", body, "supervisor")
    r = await api.http.get(f"/v1/pathways/{new}", headers=api.token("supervisor"))
    assert (r.json()["caseworker"], r.json()["case_manager_changes"]) == ("casey.worker", 0)


async def test_a_child_whose_pathway_closed_within_6_months_is_offered_to_its_team(
    api: Api,
) -> None:
    first, old = await first_order_allocated(api)
    await closed_on(api, old, "2026-04-01")

    new = await post(api, second_order(first, "2026-09-30"))  # 6 months after 1 April, less a day

    r = await api.http.get(f"/v1/pathways/{new}", headers=api.token("supervisor"))
    assert r.json()["offered"]["pathway_id"] == old and r.json()["team"] == "bromley"


async def test_a_child_whose_earlier_pathway_closed_more_than_6_months_ago_is_not_offered(
    api: Api,
) -> None:
    first, old = await first_order_allocated(api)
    await closed_on(api, old, "2026-04-01")

    new = await post(api, second_order(first, "2026-10-02"))  # 6 months and a day later

    r = await api.http.get(f"/v1/pathways/{new}", headers=api.token("supervisor"))
    view = r.json()
    assert (view["offered"], view["team"], view["caseworker"]) == (None, None, None)
    # Still the same child: the closed pathway is listed to those who may see it.
    assert [p["pathway_id"] for p in view["other_pathways"]] == [old]
    # A caseworker of another team sees neither pathway, nor that the other exists.
    r = await api.http.get(f"/v1/pathways/{old}", headers=api.token("caseworker", team="croydon"))
    assert r.status_code == 404
