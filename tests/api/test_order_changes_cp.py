"""Common Platform breach, revocation, extension and re-sentence results, through the API.

The invented messages (samples/common_platform/invented) are for Ben, whose youth rehabilitation
order arrives first (cp-yro-defendant-level), and for Ada, whose referral order may arrive after
the court's decision on it: that decision is held, and applied when replayed.
"""

from typing import Any

from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import cp, post


async def view(api: Api, pathway_id: str) -> dict[str, Any]:
    r = await api.http.get(f"/v1/pathways/{pathway_id}", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    answer: dict[str, Any] = r.json()
    return answer


async def one(api: Api, message: Any) -> dict[str, Any]:
    status, answer = await post(api, message)
    assert status == 200, answer
    (result,) = answer["results"]
    return dict(result)


async def test_a_yro_is_continued_extended_then_revoked_and_resentenced_by_common_platform_results(
    api: Api,
) -> None:
    started = await one(api, cp("cp-yro-defendant-level"))
    pid = started["pathway_id"]
    assert (await one(api, cp("cp-yro-breach-continued")))["result"] == "applied"
    assert (await one(api, cp("cp-yro-breach-continued")))["result"] == "duplicate"
    assert (await one(api, cp("cp-yro-breach-extended")))["result"] == "applied"
    extended = await view(api, pid)
    assert extended["order_ends_on"] == "2028-08-22"
    assert [e["kind"] for e in extended["timeline"]][-2:] == ["order_change", "order_change"]
    resentenced = await one(api, cp("cp-yro-breach-revoked-resentenced"))
    assert resentenced["result"] == "started", resentenced
    old, new = await view(api, pid), await view(api, resentenced["pathway_id"])
    assert (old["status"], old["closure_reason"]) == ("closed", "superseded")
    assert new["disposal"] == "detention_and_training_order"


async def test_a_dto_detention_for_breach_is_applied_to_the_childs_running_dto(api: Api) -> None:
    ben = {
        "defendant_id": "ben-libra-1",
        "first_name": "Ben",
        "last_name": "Sample",
        "date_of_birth": "2010-06-02",
        "gender": "male",
    }
    dto = {
        "type": "detention_and_training_order",
        "length_months": 12,
        "made_on": "2026-11-02",
        "requirements": [],
    }
    started = await one(
        api, canonical_outcome(hearing_date="2026-11-02", defendant=ben, disposal=dto)
    )
    applied = await one(api, cp("cp-dto-breach-detention"))
    assert applied["result"] == "applied", applied
    changed = (await view(api, started["pathway_id"]))["timeline"][-1]
    assert (
        changed["kind"] == "order_change"
        and "detention for breach until 2026-12-31" in changed["summary"]
    )


async def test_a_referral_order_revocation_before_its_order_is_held_then_applied_when_replayed(
    api: Api,
) -> None:
    held = await one(api, cp("cp-referral-order-revoked"))
    assert held["result"] == "held" and held["held_id"], held
    assert "no running referral order of this child" in held["reason"]
    started = await one(api, cp("cp-referral-order-offence-level"))
    r = await api.http.post(
        f"/v1/court-outcomes/held/{held['held_id']}/replay", headers=api.token("integrator")
    )
    assert r.status_code == 200, r.text
    assert [x["result"] for x in r.json()["results"]] == ["applied"]
    closed = await view(api, started["pathway_id"])
    assert (closed["status"], closed["closure_reason"]) == ("closed", "revoked_by_court")
