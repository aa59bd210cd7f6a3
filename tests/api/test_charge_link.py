"""A decision to charge, then the court's order: the court pathway names the diversion pathway.

Issue 20, point 1 (ADR 0132): a police referral runs as a diversion pathway; the joint decision
panel decides to charge, which closes it; the court's order for the same child, within
`charge_link_months` of the decision, starts a court pathway whose state and read-model row
carry `charged_from`. An order for a child without such a decision, or after the window, does
not.
"""

from typing import Any

from sqlalchemy import select

from readmodel.tables import DiversionRow, PathwayRow
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import REFLECTION, canonical_outcome
from tests.ingest.referrals import police_referral, post_referrals


async def step(api: Api, pathway_id: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await api.http.post(
        f"/v1/pathways/{pathway_id}/steps/{name}", json=body, headers=api.token("supervisor")
    )
    assert r.status_code == 200, r.text
    answer: dict[str, Any] = r.json()
    return answer


def row(api: Api, table: Any, pathway_id: str) -> Any:
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
        return session.get(table, pathway_id)


async def charged(api: Api, referral: dict[str, Any], on: str) -> str:
    """Refer the child, allocate, and record the joint decision panel's decision to charge."""
    status, answer = await post_referrals(api, referral)
    assert status == 200, answer
    (result,) = answer["results"]
    assert result["result"] == "started", result
    pid: str = result["pathway_id"]
    allocation = {"completed_on": referral["referred_on"], "caseworker": "casey", "team": "bromley"}
    await step(api, pid, "allocation", allocation)
    panel = {
        "completed_on": on,
        "outcome": "charge",
        "police_attendee": "PS 1234, youth diversion officer",
        "yjs_attendee": "Youth justice practitioner",
        "rationale": "A serious offence, denied: the police charge.",
        "bias_reflection": REFLECTION.model_dump(mode="json"),
    }
    view = await step(api, pid, "joint_decision_panel", panel)
    assert view["status"] == "closed" and view["closure_reason"] == "charged", view
    await eventually(
        lambda: row(api, DiversionRow, pid),
        lambda r: r is not None and r.outcome == "charge",
        what="the decision to charge in the read model",
    )
    return pid


def order_for(referral: dict[str, Any], made_on: str) -> dict[str, Any]:
    """The court's order for the referral's child (same PNC id, name and date of birth)."""
    child = referral["child"]
    return canonical_outcome(
        defendant__first_name=child["first_name"],
        defendant__last_name=child["last_name"],
        defendant__date_of_birth=child["date_of_birth"],
        defendant__pnc_id=child["pnc_id"],
        hearing_date=made_on,
        disposal__type="youth_rehabilitation_order",
        disposal__made_on=made_on,
        disposal__length_months=12,
    )


async def court_order(api: Api, body: dict[str, Any]) -> str:
    r = await api.http.post("/v1/court-outcomes", json=body, headers=api.token("integrator"))
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    assert result["result"] == "started", result
    pid: str = result["pathway_id"]
    return pid


async def test_the_court_order_after_a_decision_to_charge_names_the_diversion_pathway(
    api: Api,
) -> None:
    referral = police_referral(child__pnc_id="2026/0000777C")
    diversion = await charged(api, referral, "2026-04-10")

    court = await court_order(api, order_for(referral, "2026-06-01"))

    r = await api.http.get(f"/v1/pathways/{court}", headers=api.token("supervisor"))
    view = r.json()
    assert view["charged_from"] == diversion
    entry = next(e for e in view["timeline"] if e["kind"] == "charged_from")
    assert entry["details"] == {"charged_from": diversion}
    assert diversion in [p["pathway_id"] for p in view["other_pathways"]]  # the same child
    linked = await eventually(
        lambda: row(api, PathwayRow, court),
        lambda r: r is not None,
        what="the court pathway in the read model",
    )
    assert linked.charged_from == diversion and linked.child_id == view["child_id"]
    r = await api.http.get(f"/v1/pathways/{diversion}", headers=api.token("supervisor"))
    assert r.json()["charged_from"] is None  # the link lives on the court pathway


async def test_an_order_after_the_window_or_for_another_child_is_not_linked(api: Api) -> None:
    referral = police_referral(child__pnc_id="2026/0000888D")
    await charged(api, referral, "2026-04-10")
    late = await court_order(api, order_for(referral, "2026-10-12"))  # 6 months and 2 days
    stranger = await court_order(api, canonical_outcome(defendant__pnc_id="2026/0000999E"))
    for pid in (late, stranger):
        r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor"))
        assert r.json()["charged_from"] is None
        assert not [e for e in r.json()["timeline"] if e["kind"] == "charged_from"]
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
        linked = session.scalars(select(PathwayRow).where(PathwayRow.charged_from.is_not(None)))
        assert list(linked) == []
