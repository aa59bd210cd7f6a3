"""Held and rejected court records: listed for integrators, read whole, replayed after a fix."""

from typing import Any

from sqlalchemy import select

from db.tables import AuditEvent
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.factories import canonical_outcome
from tests.ingest.intake import cp, post

HELD = "/v1/court-outcomes/held"


async def get(api: Api, url: str, role: str = "integrator") -> tuple[int, Any]:
    r = await api.http.get(url, headers=api.token(role))
    return r.status_code, r.json()


async def replay(
    api: Api, held_id: int, body: Any = None, role: str = "integrator"
) -> tuple[int, Any]:
    r = await api.http.post(
        f"{HELD}/{held_id}/replay",
        headers=api.token(role),
        **({} if body is None else {"json": body}),
    )
    return r.status_code, r.json()


async def a_mixed_array(api: Api) -> dict[str, Any]:
    bad = canonical_outcome(disposal__type="fine")
    body = [canonical_outcome(), bad, cp("cp-youth-marker-disagrees"), cp("cp-two-defendants")]
    status, answer = await post(api, body)
    assert status == 200, answer
    return {"bad": bad, "results": answer["results"]}


async def test_held_and_rejected_records_are_listed_with_reasons_but_no_payload(api: Api) -> None:
    await a_mixed_array(api)
    status, page = await get(api, HELD)
    assert status == 200, page
    records = page["records"]
    assert [(r["kind"], r["result"]) for r in records] == [
        ("canonical", "rejected"),
        ("common_platform", "held"),
        ("common_platform", "held"),
    ]
    assert all(r["reason"] and r["received_at"] and "payload" not in r for r in records)
    assert records[0]["errors"] == [
        {"field": "disposal.type", "reason": records[0]["errors"][0]["reason"]}
    ]
    _, held = await get(api, f"{HELD}?result=held")
    assert [r["result"] for r in held["records"]] == ["held", "held"]
    _, first = await get(api, f"{HELD}?limit=1")
    assert len(first["records"]) == 1 and first["next_after"] == records[0]["id"]
    _, rest = await get(api, f"{HELD}?after={first['next_after']}")
    assert [r["id"] for r in rest["records"]] == [r["id"] for r in records[1:]]
    assert rest["next_after"] is None


async def test_caseworkers_see_no_held_records_and_auditors_read_but_never_replay(
    api: Api,
) -> None:
    status, _ = await get(api, HELD, "caseworker")
    assert status == 403
    status, _ = await get(api, HELD, "supervisor")
    assert status == 200
    sent = await a_mixed_array(api)
    held_id = sent["results"][1]["held_id"]
    status, page = await get(api, HELD, "auditor")
    assert status == 200 and held_id in [r["id"] for r in page["records"]]
    r = await api.http.post(f"{HELD}/{held_id}/replay", headers=api.token("auditor"))
    assert r.status_code == 403, r.text


async def test_reading_a_held_record_whole_is_audited(api: Api) -> None:
    sent = await a_mixed_array(api)
    held_id = sent["results"][1]["held_id"]
    status, record = await get(api, f"{HELD}/{held_id}")
    assert status == 200 and record["payload"] == sent["bad"]
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "read_held_record" in actions
    status, _ = await get(api, f"{HELD}/999999")
    assert status == 404


async def test_a_rejected_record_replayed_with_a_fix_starts_and_is_resolved(api: Api) -> None:
    sent = await a_mixed_array(api)
    held_id = sent["results"][1]["held_id"]
    fixed = {**sent["bad"], "disposal": {**sent["bad"]["disposal"], "type": "referral_order"}}
    status, answer = await replay(api, held_id, fixed)
    assert status == 200, answer
    assert answer["resolved"] is True and answer["results"][0]["result"] == "started"
    _, page = await get(api, HELD)
    assert held_id not in [r["id"] for r in page["records"]]
    _, done = await get(api, f"{HELD}?resolved=true")
    (resolved,) = [r for r in done["records"] if r["id"] == held_id]
    assert resolved["resolution"] == f"replayed: started {answer['results'][0]['pathway_id']}"
    status, again = await replay(api, held_id)
    assert status == 409 and "resolved" in again["detail"]


async def test_a_held_cp_record_replayed_as_stored_stays_held_and_replayed_fixed_starts(
    api: Api,
) -> None:
    sent = await a_mixed_array(api)
    held_id = sent["results"][2]["held_id"]
    status, answer = await replay(api, held_id)
    assert status == 200 and answer["resolved"] is False
    assert answer["results"][0]["result"] == "held" and answer["results"][0]["held_id"] == held_id
    _, record = await get(api, f"{HELD}/{held_id}")
    message = record["payload"]["message"]  # only this defendant's hearing
    (defendant,) = message["hearing"]["prosecutionCases"][0]["defendants"]
    del defendant["isYouth"]  # the marker was wrong: the date of birth makes them 14
    status, answer = await replay(api, held_id, message)
    assert status == 200 and answer["resolved"] is True
    assert answer["results"][0]["result"] == "started"
    status, answer = await post(api, cp("cp-youth-marker-disagrees"))
    first, second = answer["results"]
    assert first["result"] == "duplicate", "that defendant's message id was accepted by the replay"
    assert second["result"] == "held" and second["held_id"] == sent["results"][3]["held_id"]


async def test_a_whole_message_replayed_as_several_records_keeps_the_failing_ones(
    api: Api,
) -> None:
    _, answer = await post(api, {"hearing": {"id": "h-1", "prosecutionCases": []}})
    held_id = answer["results"][0]["held_id"]
    status, replayed = await replay(api, held_id, cp("cp-youth-marker-disagrees"))
    assert status == 200 and replayed["resolved"] is True
    new_ids = [r["held_id"] for r in replayed["results"]]
    assert [r["result"] for r in replayed["results"]] == ["held", "held"]
    assert held_id not in new_ids and all(new_ids)
    _, page = await get(api, HELD)
    assert [r["id"] for r in page["records"]] == new_ids


async def test_a_replay_of_no_such_record_or_of_an_array_is_refused(api: Api) -> None:
    status, _ = await replay(api, 424242)
    assert status == 404
    _, answer = await post(api, canonical_outcome(disposal__type="fine"))
    status, refused = await replay(api, answer["results"][0]["held_id"], [canonical_outcome()])
    assert status == 422 and "not an array" in refused["detail"]
    status, _ = await replay(api, answer["results"][0]["held_id"], role="caseworker")
    assert status == 403
