"""POST /v1/court-outcomes: started, duplicate, skipped and rejected, with field errors."""

import asyncio
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from contracts.court import CourtOutcome
from core.pathways import Pathways
from ingest.claims import Claim
from ingest.starts import REVIEWED, new_order_notice, review_pathway
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.factories import canonical_outcome


async def post(api: Api, body: Any, role: str = "integrator") -> tuple[int, dict[str, Any]]:
    r = await api.http.post("/v1/court-outcomes", json=body, headers=api.token(role))
    return r.status_code, r.json()


async def test_a_referral_order_from_march_is_started_with_every_missed_task_overdue(
    api: Api,
) -> None:
    status, body = await post(api, canonical_outcome())
    assert status == 200, body
    (result,) = body["results"]
    assert result["result"] == "started" and result["pathway_id"].startswith("pw-")
    r = await api.http.get(f"/v1/pathways/{result['pathway_id']}", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    tasks = {t["step"]: t for t in r.json()["tasks"]}
    assert {
        s: tasks[s]["due_date"]
        for s in [
            "allocation",
            "first_contact",
            "assessment",
            "case_formulation",
            "restorative_enquiry",
            "initial_panel",
        ]
    } == {
        "allocation": "2026-03-30",
        "first_contact": "2026-04-07",
        "assessment": "2026-04-21",
        "case_formulation": "2026-04-28",
        "restorative_enquiry": "2026-04-21",
        "initial_panel": "2026-04-28",
    }
    assert all(t["status"] == "overdue" and t["escalated"] for t in tasks.values())


async def test_the_same_message_twice_is_a_duplicate_with_the_first_pathway(api: Api) -> None:
    record = canonical_outcome()
    _, first = await post(api, record)
    _, second = await post(api, record)
    assert second["results"][0]["result"] == "duplicate"
    assert second["results"][0]["pathway_id"] == first["results"][0]["pathway_id"]
    resent = {**record, "message_id": "another-id-same-case"}
    _, third = await post(api, resent)
    assert third["results"][0] == {
        **third["results"][0],
        "result": "duplicate",
        "pathway_id": first["results"][0]["pathway_id"],
    }


async def test_concurrent_copies_of_one_message_start_one_pathway(api: Api) -> None:
    record = canonical_outcome()
    replies = await asyncio.gather(*(post(api, record) for _ in range(8)))
    kinds = sorted(r[1]["results"][0]["result"] for r in replies)
    assert kinds == ["duplicate"] * 7 + ["started"]
    assert len({r[1]["results"][0]["pathway_id"] for r in replies}) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param(
            {"defendant__date_of_birth": "2026-04-01"},
            "defendant.date_of_birth",
            id="a date of birth after the hearing",
        ),
        pytest.param(
            {"disposal__type": "community_order"}, "disposal.type", id="a disposal we do not handle"
        ),
        pytest.param({"case_urn": ...}, "case_urn", id="a missing field"),
        pytest.param({"hearing_date": "2026-02-30"}, "hearing_date", id="an impossible date"),
        pytest.param(
            {"disposal__length_months": "six"}, "disposal.length_months", id="a wrong type"
        ),
        pytest.param(
            {"hearing_date": "2099-01-01", "disposal__made_on": "2099-01-01"},
            "hearing_date",
            id="a hearing in the future",
        ),
        pytest.param(
            {"defendant__date_of_birth": "2018-01-01"},
            "defendant.date_of_birth",
            id="a child under the age of criminal responsibility",
        ),
    ],
)
async def test_bad_input_is_refused_with_a_422_naming_the_field_and_starts_nothing(
    api: Api, overrides: dict[str, Any], field: str
) -> None:
    record = canonical_outcome(**overrides)
    status, body = await post(api, record)
    assert status == 422, body
    (result,) = body["results"]
    assert result["result"] == "rejected" and result["pathway_id"] is None
    assert field in [e["field"] for e in result["errors"]], result
    assert field in body["detail"]
    # Nothing was started: once fixed, the same message id starts a pathway.
    fixed = canonical_outcome(message_id=record["message_id"])
    status, body = await post(api, fixed)
    assert body["results"][0]["result"] == "started"


async def test_an_adult_is_skipped_with_the_reason(api: Api) -> None:
    status, body = await post(api, canonical_outcome(defendant__date_of_birth="2007-01-01"))
    assert status == 200
    assert body["results"][0]["result"] == "skipped"
    assert "19 on the hearing date" in body["results"][0]["reason"]


async def test_truncated_json_is_refused(api: Api) -> None:
    r = await api.http.post(
        "/v1/court-outcomes",
        content=b'{"message_id": "x", ',
        headers={**api.token("integrator"), "content-type": "application/json"},
    )
    assert r.status_code == 422 and "not valid JSON" in r.json()["detail"]


async def test_a_new_order_for_a_child_with_an_open_pathway_starts_another_and_reviews_the_first(
    api: Api,
) -> None:
    first = canonical_outcome()
    _, a = await post(api, first)
    second = canonical_outcome(
        defendant=first["defendant"] | {"defendant_id": "other-id"},
        disposal__type="youth_rehabilitation_order",
    )
    _, b = await post(api, second, role="supervisor")
    assert b["results"][0]["result"] == "started"
    old_id = a["results"][0]["pathway_id"]
    assert old_id in b["results"][0]["reason"]  # unallocated: its area's supervisors see it
    r = await api.http.get(f"/v1/pathways/{old_id}", headers=api.token("supervisor"))
    reviews = [t for t in r.json()["tasks"] if t["step"] == "review"]
    assert len(reviews) == 1 and reviews[0]["status"] == "open"


async def test_a_review_sent_again_for_the_same_new_order_opens_no_second_review(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    """A retried intake (or an integrator's replay) must not open the review twice."""
    first = canonical_outcome()
    _, a = await post(api, first)
    second = canonical_outcome(defendant=first["defendant"] | {"defendant_id": "other-id"})
    _, b = await post(api, second)
    old_id, new_id = a["results"][0]["pathway_id"], b["results"][0]["pathway_id"]
    claim = Claim(
        pathway_id=new_id, child_id="unused", new=True, state="started", other_pathways=[old_id]
    )
    notice = new_order_notice(CourtOutcome.model_validate(second), claim)
    with sessions_for(api.settings.sqlalchemy_url) as sessions:
        pathways = Pathways(dev_env.client, sessions)
        assert (await review_pathway(pathways, old_id, notice)).answer == REVIEWED
    r = await api.http.get(f"/v1/pathways/{old_id}", headers=api.token("supervisor"))
    reviews = [t for t in r.json()["tasks"] if t["step"] == "review"]
    assert len(reviews) == 1, reviews
