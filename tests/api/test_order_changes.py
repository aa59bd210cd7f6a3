"""A court's decision on a running order, as a canonical record: applied, re-sentenced, or held."""

from typing import Any

from tests.api.conftest import Api
from tests.factories import REFLECTION, canonical_outcome
from tests.ingest.intake import held_records, post

YRO = {
    "type": "youth_rehabilitation_order",
    "length_months": 12,
    "made_on": "2026-03-27",
    "requirements": [],
}


def change_of(
    order: dict[str, Any], change: dict[str, Any], hearing: str = "2026-06-15", **overrides: Any
) -> dict[str, Any]:
    """The court's later decision on `order`: same child and case, a new message."""
    return canonical_outcome(
        hearing_date=hearing,
        case_urn=order["case_urn"],
        defendant=order["defendant"],
        disposal=order["disposal"],
        order_change=change,
        **overrides,
    )


async def started(api: Api, order: dict[str, Any]) -> str:
    status, body = await post(api, order)
    assert status == 200 and body["results"][0]["result"] == "started", body
    pathway_id: str = body["results"][0]["pathway_id"]
    return pathway_id


async def step(
    api: Api, pathway_id: str, step: str, body: dict[str, Any], role: str = "caseworker"
) -> dict[str, Any]:
    r = await api.http.post(
        f"/v1/pathways/{pathway_id}/steps/{step}",
        json=body,
        headers=api.token(role, user="casey.worker"),
    )
    assert r.status_code == 200, r.text
    answer: dict[str, Any] = r.json()
    return answer


async def pathway(api: Api, pathway_id: str) -> dict[str, Any]:
    r = await api.http.get(f"/v1/pathways/{pathway_id}", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    answer: dict[str, Any] = r.json()
    return answer


async def breached(api: Api) -> tuple[dict[str, Any], str]:
    """A youth rehabilitation order whose child was warned and failed again: before the court."""
    order = canonical_outcome(disposal=YRO)
    pid = await started(api, order)
    await step(
        api,
        pid,
        "allocation",
        {"completed_on": "2026-03-27", "caseworker": "casey.worker", "team": "bromley"},
        role="supervisor",
    )
    failure = {
        "failed_on": "2026-05-01",
        "completed_on": "2026-05-01",
        "reasonable_excuse": False,
        "details": "Missed two sessions.",
    }
    await step(api, pid, "compliance_failure", failure)
    warned = {"completed_on": "2026-05-04", "bias_reflection": REFLECTION.model_dump(mode="json")}
    await step(api, pid, "warning_given", warned)
    await step(
        api,
        pid,
        "compliance_failure",
        failure | {"failed_on": "2026-06-01", "completed_on": "2026-06-01"},
    )
    view = await step(
        api,
        pid,
        "breach_action",
        {
            "completed_on": "2026-06-02",
            "referred_to": "court",
            "bias_reflection": REFLECTION.model_dump(mode="json"),
        },
    )
    assert any(
        t["step"] == "court_outcome_awaited" and t["status"] != "done" for t in view["tasks"]
    )
    return order, pid


async def test_a_canonical_continued_decision_completes_the_courts_task_and_a_resend_is_a_duplicate(
    api: Api,
) -> None:
    order, pid = await breached(api)
    record = change_of(order, {"change": "continued"})
    status, body = await post(api, record)
    assert status == 200 and body["results"][0]["result"] == "applied", body
    assert body["results"][0]["pathway_id"] is None, (
        "an integrator is not told a pathway it did not start"
    )
    view = await pathway(api, pid)
    assert view["status"] == "open"
    assert [t["status"] for t in view["tasks"] if t["step"] == "court_outcome_awaited"] == ["done"]
    assert view["timeline"][-1]["kind"] == "order_change"
    _, again = await post(api, record)
    assert again["results"][0]["result"] == "duplicate"


async def test_a_canonical_resentence_closes_the_old_pathway_linked_to_the_new_one_with_the_same_case_manager(
    api: Api,
) -> None:
    order, pid = await breached(api)
    new = {"type": "detention_and_training_order", "length_months": 4, "made_on": "2026-06-15"}
    status, body = await post(
        api, change_of(order, {"change": "revoked_and_resentenced", "disposal": new})
    )
    (result,) = body["results"]
    assert status == 200 and result["result"] == "started", body
    old, fresh = await pathway(api, pid), await pathway(api, result["pathway_id"])
    assert (old["status"], old["closure_reason"]) == ("closed", "superseded")
    assert (fresh["caseworker"], fresh["team"], fresh["disposal"]) == (
        "casey.worker",
        "bromley",
        "detention_and_training_order",
    )
    assert [t["status"] for t in fresh["tasks"] if t["step"] == "allocation"] == ["done"]


async def test_a_change_for_an_order_that_cannot_be_found_is_held_with_its_reason(
    api: Api, database_url: str
) -> None:
    stranger = canonical_outcome(disposal=YRO)  # never received: no pathway to change
    record = change_of(stranger, {"change": "revoked"})
    status, body = await post(api, record)
    (result,) = body["results"]
    assert status == 200 and result["result"] == "held", body
    assert "no running youth rehabilitation order of this child" in result["reason"]
    (held,) = [h for h in held_records(database_url) if h.message_id == record["message_id"]]
    assert held.result == "held" and held.payload["order_change"] == {"change": "revoked"}
    assert held.reason == result["reason"] and held.resolved_at is None


async def test_a_change_with_missing_or_stray_fields_is_rejected_naming_them(api: Api) -> None:
    order = canonical_outcome(disposal=YRO)
    _, body = await post(
        api,
        [
            change_of(order, {"change": "extended"}),
            change_of(order, {"change": "continued", "extended_to": "2027-06-01"}),
            change_of(order, {"change": "revoked_and_resentenced"}),
            change_of(order, {"change": "suspended"}),
        ],
    )
    fields = [[e["field"] for e in r["errors"]] for r in body["results"]]
    assert [r["result"] for r in body["results"]] == ["rejected"] * 4
    assert fields[:3] == [
        ["order_change.extended_to"],
        ["order_change.extended_to"],
        ["order_change.disposal"],
    ]
    assert fields[3] == ["order_change.change"]


async def test_a_change_the_pathway_refuses_is_rejected_with_the_pathways_reason(api: Api) -> None:
    order = canonical_outcome(disposal=YRO)
    await started(api, order)
    _, body = await post(
        api, change_of(order, {"change": "detention_for_breach", "detention_months": 1})
    )
    (result,) = body["results"]
    assert result["result"] == "rejected" and result["errors"][0]["field"] == "order_change"
    assert "s. 243" in result["reason"]


async def test_breach_steps_over_http_name_bad_fields_and_say_why_they_are_refused(
    api: Api,
) -> None:
    order = canonical_outcome(disposal=YRO)
    pid = await started(api, order)
    await step(
        api,
        pid,
        "allocation",
        {"completed_on": "2026-03-27", "caseworker": "casey.worker", "team": "bromley"},
        role="supervisor",
    )
    headers = api.token("caseworker", user="casey.worker")
    r = await api.http.post(
        f"/v1/pathways/{pid}/steps/compliance_failure",
        json={"completed_on": "2026-05-01"},
        headers=headers,
    )
    assert r.status_code == 422, r.text
    assert {e["field"] for e in r.json()["errors"]} == {"failed_on", "reasonable_excuse", "details"}
    for name, body, reason in [
        (
            "warning_given",
            {"completed_on": "2026-05-01"},
            "no failure to comply is awaiting a warning",
        ),
        (
            "breach_action",
            {
                "completed_on": "2026-05-01",
                "referred_to": "court",
                "bias_reflection": REFLECTION.model_dump(mode="json"),
            },
            "no breach is open",
        ),
        ("court_outcome_awaited", {"completed_on": "2026-05-01"}, "court feed"),
    ]:
        r = await api.http.post(f"/v1/pathways/{pid}/steps/{name}", json=body, headers=headers)
        assert r.status_code == 409 and reason in r.json()["detail"], r.text
    view = await step(
        api,
        pid,
        "compliance_failure",
        {
            "completed_on": "2026-05-01",
            "failed_on": "2026-05-01",
            "reasonable_excuse": False,
            "details": "Missed.",
        },
    )
    assert view["compliance"]["failures"][0]["outcome"] == "awaiting_warning"


async def test_a_canonical_extension_moves_the_end_and_a_revocation_closes_the_pathway(
    api: Api,
) -> None:
    order = canonical_outcome(disposal=YRO)
    pid = await started(api, order)
    _, body = await post(api, change_of(order, {"change": "extended", "extended_to": "2027-05-27"}))
    assert body["results"][0]["result"] == "applied", body
    assert (await pathway(api, pid))["order_ends_on"] == "2027-05-27"
    _, body = await post(api, change_of(order, {"change": "revoked"}, hearing="2026-07-01"))
    assert body["results"][0]["result"] == "applied", body
    closed = await pathway(api, pid)
    assert (closed["status"], closed["closure_reason"]) == ("closed", "revoked_by_court")
    assert [c["change"] for c in closed["compliance"]["order_changes"]] == ["extended", "revoked"]
    _, body = await post(api, change_of(order, {"change": "continued"}, hearing="2026-07-02"))
    # Held, never lost: no running order found, or (closing at that moment) the pathway not running.
    assert body["results"][0]["result"] == "held" and "running" in body["results"][0]["reason"]
