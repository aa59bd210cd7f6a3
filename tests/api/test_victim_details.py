"""POST /v1/victim-details: the police's victim details start the victim clock on the pathway.

Matched by case and defendant (or PNC id); resent or concurrent copies are recorded once;
no pathway yet means held (202) until replayed; a refusal by the pathway is a 409 with its
reason; names or contact details are refused (422) and never echoed.
"""

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from readmodel.tables import PathwayRow
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.ingest.intake import cp, post

URL = "/v1/victim-details"


def details(outcome: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    message = {
        "message_id": f"police-{outcome['message_id']}",
        "case_urn": outcome["case_urn"].lower(),  # matched whatever the case
        "defendant_id": outcome["defendant"]["defendant_id"],
        "received_on": "2026-04-01",
        "enhanced": False,
        "opted_out": False,
    }
    return {k: v for k, v in (message | overrides).items() if v is not ...}


async def send(api: Api, body: Any, role: str = "integrator") -> tuple[int, dict[str, Any]]:
    r = await api.http.post(URL, json=body, headers=api.token(role, user="police-feed"))
    return r.status_code, r.json()


async def pathway(api: Api, pathway_id: str) -> dict[str, Any]:
    r = await api.http.get(f"/v1/pathways/{pathway_id}", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def started(api: Api, **overrides: Any) -> tuple[dict[str, Any], str]:
    outcome = canonical_outcome(**overrides)
    _, answer = await post(api, outcome)
    assert answer["results"][0]["result"] == "started", answer
    return outcome, answer["results"][0]["pathway_id"]


@pytest.mark.parametrize(("enhanced", "due"), [(False, "2026-04-10"), (True, "2026-04-02")])
async def test_victim_details_start_the_victim_contact_clock(
    api: Api, enhanced: bool, due: str
) -> None:
    outcome, pathway_id = await started(api)
    status, answer = await send(api, details(outcome, enhanced=enhanced))
    assert status == 200, answer
    # The police's feed may not see pathways: the answer does not name it.
    assert answer == {**answer, "result": "recorded", "pathway_id": None}
    state = await pathway(api, pathway_id)
    (contact,) = [t for t in state["tasks"] if t["step"] == "victim_contact"]
    assert contact["due_date"] == due  # 1 April 2026; Easter: 3 and 6 April are bank holidays
    assert state["timeline"][-1]["by"] == "police-feed"


async def test_a_victim_who_opted_out_gets_no_contact_task(api: Api) -> None:
    outcome, pathway_id = await started(api)
    status, _ = await send(api, details(outcome, opted_out=True))
    assert status == 200
    state = await pathway(api, pathway_id)
    assert not [t for t in state["tasks"] if t["step"] == "victim_contact"]
    assert state["victims"][0]["stage"] == "opted_out"


async def test_a_resent_message_is_a_duplicate_and_concurrent_copies_are_recorded_once(
    api: Api,
) -> None:
    outcome, pathway_id = await started(api)
    message = details(outcome)
    replies = await asyncio.gather(*(send(api, message) for _ in range(6)))
    assert sorted(a["result"] for _, a in replies) == ["duplicate"] * 5 + ["recorded"]
    assert {s for s, _ in replies} == {200}
    status, again = await send(api, message)
    assert (status, again["result"], again["pathway_id"]) == (200, "duplicate", None)
    state = await pathway(api, pathway_id)
    assert [e["kind"] for e in state["timeline"]].count("victim_details_received") == 1


async def test_a_second_message_for_the_same_victim_is_refused_with_the_reason(api: Api) -> None:
    outcome, pathway_id = await started(api)
    await send(api, details(outcome))
    status, answer = await send(api, details(outcome, message_id="another-message"))
    assert status == 409
    assert "already received on 2026-04-01" in answer["detail"]
    assert answer["pathway_id"] is None  # the police's feed may not see the pathway
    status, answer = await send(api, details(outcome, message_id="a-third"), role="supervisor")
    assert status == 409 and answer["pathway_id"] == pathway_id  # its area's supervisor may


async def test_details_before_the_court_outcome_are_held_then_applied_when_it_arrives(
    api: Api,
) -> None:
    outcome = canonical_outcome()
    status, held = await send(api, details(outcome))
    assert status == 202 and held["result"] == "held" and held["held_id"]
    assert "no pathway yet" in held["reason"]
    r = await api.http.get(f"{URL}/held", headers=api.token("integrator", user="police-feed"))
    assert [h["id"] for h in r.json()["records"]] == [held["held_id"]]
    _, answer = await post(api, outcome)
    (started_result,) = answer["results"]
    pathway_id = started_result["pathway_id"]
    assert f"police victim details held as {held['held_id']} recorded" in started_result["reason"]
    state = await pathway(api, pathway_id)
    assert [t["step"] for t in state["tasks"] if t["step"] == "victim_contact"] == ["victim_contact"]
    assert state["timeline"][-1]["by"] == "police details held until the order arrived"
    r = await api.http.get(f"{URL}/held", headers=api.token("integrator", user="police-feed"))
    assert r.json()["records"] == []
    # Nothing is left to replay by hand, and a resend of the message is a duplicate.
    r = await api.http.post(
        f"{URL}/held/{held['held_id']}/replay", headers=api.token("integrator", user="police-feed")
    )
    assert r.status_code == 409, r.text
    status, again = await send(api, details(outcome))
    assert status == 200 and again["result"] == "duplicate"


async def test_held_details_the_new_pathway_refuses_stay_held_with_the_reason(api: Api) -> None:
    outcome = canonical_outcome()
    for offence in outcome["offences"]:
        offence["has_identified_victim"] = False
    status, held = await send(api, details(outcome))
    assert status == 202
    _, answer = await post(api, outcome)
    assert answer["results"][0]["result"] == "started"
    assert "were refused: this order has no offence" in answer["results"][0]["reason"]
    r = await api.http.get(f"{URL}/held", headers=api.token("integrator", user="police-feed"))
    (still,) = [h for h in r.json()["records"] if h["id"] == held["held_id"]]
    assert "no offence with an identified direct victim" in still["reason"]


async def test_details_are_matched_by_pnc_id_to_the_latest_order_in_the_case(api: Api) -> None:
    outcome, _ = await started(api, defendant__pnc_id="26/7654321Z")
    later = canonical_outcome(
        case_urn=outcome["case_urn"],
        defendant=outcome["defendant"],
        disposal__type="youth_rehabilitation_order",
        disposal__made_on="2026-03-30",
    )
    _, answer = await post(api, later)
    latest = answer["results"][0]["pathway_id"]
    message = details(outcome, defendant_id=..., pnc_id="26/7654321Z")
    status, recorded = await send(api, message, role="supervisor")
    assert status == 200 and recorded["pathway_id"] == latest


async def test_police_details_identify_the_victim_of_a_common_platform_order(api: Api) -> None:
    """Common Platform cannot say whether an offence has a victim; the police's message does."""
    _, answer = await post(api, cp("cp-referral-order-offence-level"))
    pathway_id = answer["results"][0]["pathway_id"]
    assert (await pathway(api, pathway_id))["victims"] == []
    r = await api.http.post(
        f"/v1/pathways/{pathway_id}/steps/victim_contact",
        json={"completed_on": "2026-11-23", "consent": "consented"},
        headers=api.token("supervisor"),
    )
    assert r.status_code == 409 and "police's victim details identify one" in r.json()["detail"]
    message = {
        "message_id": "police-cp-1",
        "case_urn": "01LY1234526",
        "defendant_id": "d1000000-0000-4000-8000-000000000001",
        "received_on": "2026-11-23",
        "enhanced": True,
    }
    status, recorded = await send(api, message, role="supervisor")
    assert status == 200, recorded
    assert recorded["result"] == "recorded" and recorded["pathway_id"] == pathway_id
    state = await pathway(api, pathway_id)
    assert state["victims"][0]["stage"] == "awaiting_contact"
    (contact,) = [t for t in state["tasks"] if t["step"] == "victim_contact"]
    assert contact["due_date"] == "2026-11-24"  # enhanced: 1 working day
    status, again = await send(api, message | {"message_id": "police-cp-2"})
    assert status == 409 and "already received" in again["detail"]
    # Reports count the pathway among those with a victim.
    def read_has_victim() -> bool | None:
        with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
            return s.scalar(
                select(PathwayRow.has_victim).where(PathwayRow.pathway_id == pathway_id)
            )

    has_victim = await eventually(read_has_victim, what="the read model counting the victim")
    assert has_victim


async def test_details_for_an_order_the_court_says_has_no_victim_are_refused(api: Api) -> None:
    outcome = canonical_outcome()
    for offence in outcome["offences"]:
        offence["has_identified_victim"] = False
    _, answer = await post(api, outcome)
    assert answer["results"][0]["result"] == "started", answer
    status, refused = await send(api, details(outcome))
    assert status == 409, refused
    assert "no offence with an identified direct victim" in refused["detail"]


BAD = [
    pytest.param({"victim_name": "Jane Doe"}, "victim_name", id="a victim's name"),
    pytest.param({"phone": "07700 900123"}, "phone", id="contact details"),
    pytest.param({"defendant_id": ...}, "defendant_id", id="no defendant"),
    pytest.param({"received_on": "2099-01-01"}, "received_on", id="a date in the future"),
    pytest.param({"received_on": "2026-02-30"}, "received_on", id="an impossible date"),
    pytest.param({"enhanced": "maybe"}, "enhanced", id="not a boolean"),
]


@pytest.mark.parametrize(("change", "field"), BAD)
async def test_a_bad_message_is_refused_naming_the_field_and_never_echoing_personal_data(
    api: Api, change: dict[str, Any], field: str
) -> None:
    outcome, pathway_id = await started(api)
    r = await api.http.post(URL, json=details(outcome, **change), headers=api.token("integrator"))
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert "Jane Doe" not in r.text and "07700" not in r.text
    if field in ("victim_name", "phone"):
        assert "no names or contact details" in r.json()["detail"]
    state = await pathway(api, pathway_id)
    assert state["victims"] == []


async def test_each_victim_of_a_case_comes_in_its_own_message_by_the_police_reference(
    api: Api,
) -> None:
    outcome, pathway_id = await started(api)
    first = details(outcome, police_reference="01YE-26-V1")
    shop = details(
        outcome,
        message_id="police-shop",
        police_reference="01YE-26-V2",
        kind="organisation",
        organisation_name="Corner Shop Ltd",
    )
    child = details(outcome, message_id="police-child", police_reference="01YE-26-V3", under_18=True)
    for message in (first, shop, child):
        status, answer = await send(api, message)
        assert (status, answer["result"]) == (200, "recorded"), answer
    state = await pathway(api, pathway_id)
    victims = {v["victim_id"]: v for v in state["victims"]}
    assert victims["v2"]["kind"] == "organisation"
    assert victims["v2"]["organisation_name"] == "Corner Shop Ltd"
    assert victims["v3"]["under_18"] and victims["v3"]["enhanced"]
    contacts = sorted(t["task_id"] for t in state["tasks"] if t["step"] == "victim_contact")
    assert contacts == ["victim_contact:v1", "victim_contact:v2", "victim_contact:v3"]
    # The same victim again is refused, naming the reference.
    status, again = await send(api, first | {"message_id": "police-again"})
    assert status == 409 and again["detail"].startswith("police_reference: victim v1's details")
    # A person is never named.
    named = details(outcome, message_id="police-named", organisation_name="Jane Doe")
    r = await api.http.post(URL, json=named, headers=api.token("integrator"))
    assert r.status_code == 422, r.text
    assert "organisation_name" in [e["field"] for e in r.json()["errors"]]


async def test_details_recorded_before_the_order_was_made_are_refused(api: Api) -> None:
    outcome, _ = await started(api)
    status, answer = await send(api, details(outcome, received_on="2026-03-01"))
    assert status == 409 and "before the order was made" in answer["detail"]


async def test_only_integrators_and_supervisors_send_victim_details(api: Api) -> None:
    outcome, _ = await started(api)
    status, _ = await send(api, details(outcome), role="caseworker")
    assert status == 403
    status, answer = await send(api, details(outcome), role="supervisor")
    assert status == 200, answer


async def test_details_for_a_closed_pathway_are_refused(api: Api) -> None:
    outcome, pathway_id = await started(api)
    r = await api.http.post(
        f"/v1/pathways/{pathway_id}/steps/closure",
        json={
            "completed_on": "2026-03-30",
            "reason": "revoked_early",
            "bias_reflection": {"aspects_considered": ["age"], "colleague_consulted": True, "colleague_role": "supervisor"},
            "no_formulation_reason": "Revoked before the formulation meeting.",
            "no_outcome_data_reason": "Revoked before the outcome data was gathered.",
        },
        headers=api.token("supervisor"),
    )
    assert r.status_code == 200, r.text
    status, answer = await eventually(  # the workflow finishes its run once closed
        lambda: send(api, details(outcome)),
        lambda reply: "closed" in reply[1].get("detail", ""),
        what="details refused as the pathway is closed", seconds=5, every=0.1,
    )
    assert status == 409 and "closed" in answer["detail"], answer
