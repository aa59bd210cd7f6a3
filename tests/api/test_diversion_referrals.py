"""POST /v1/diversion-referrals: one result per record, nothing started twice, nothing lost.

Issue 20, point 2 (ADR 0131): a batch of police referrals with good, duplicate and malformed
records gives one result each, and the workflows Temporal holds on the test's task queue are
counted: one per referral, however often it is sent. Refusals come before the body is read;
limits and bad records are 4xx naming the field; what cannot be processed is kept with its
reason and seen by who may see it.
"""

import json
from typing import Any

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from api.routes.diversion_referrals import MAX_RECORDS
from db.tables import AuditEvent
from ingest.claims import IDENTITY_CONFLICT
from tests.api.conftest import Api
from tests.api.test_authorisation_before_work import MB, asgi
from tests.conftest import sessions_for
from tests.ingest.intake import workflows_on
from tests.ingest.referrals import (
    held_referrals,
    police_referral,
    post_referrals,
    referral_claims,
)


def the_batch() -> list[Any]:
    """Good, duplicate, malformed and unlinkable referrals, and what each must give."""
    good = police_referral()
    school = police_referral(source="school", force=..., offence=..., has_identified_victim=False)
    known = police_referral(child__pnc_id="2026/0000001X")
    return [
        good,
        school,
        dict(good),  # the same referral id again, in the same batch
        known,
        # The same PNC id under another name: not linked to the first child, held.
        police_referral(child__pnc_id="2026/0000001X", child__first_name="Robin"),
        police_referral(force=...),  # a police referral names its force
        police_referral(child__date_of_birth="2017-01-01"),  # 9 on the referral
        police_referral(child__date_of_birth="2007-01-01"),  # 19 on the referral
        police_referral(child__nickname="Al"),  # nothing beyond the contract
        police_referral(trigger_on=...),  # a trigger without its date
        police_referral(referred_on="2099-01-05"),
        "not an object",
    ]


EXPECTED = [
    ("started", None),
    ("started", None),
    ("duplicate", None),
    ("started", None),
    ("held", None),
    ("rejected", "force"),
    ("rejected", "child.date_of_birth"),
    ("rejected", "child.date_of_birth"),
    ("rejected", "child.nickname"),
    ("rejected", "trigger_on"),
    ("rejected", "referred_on"),
    ("rejected", "(record)"),
]


async def test_a_batch_of_good_duplicate_and_malformed_referrals_gives_one_result_each_and_starts_each_referral_once(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    batch = the_batch()
    status, answer = await post_referrals(api, batch)
    assert status == 200, answer
    results = answer["results"]
    assert [r["index"] for r in results] == list(range(len(batch)))
    for result, (kind, field) in zip(results, EXPECTED, strict=True):
        assert result["result"] == kind, result
        if field is not None:
            assert field in [e["field"] for e in result["errors"]], result
        if kind in ("held", "rejected"):
            assert result["held_id"] is not None and result["pathway_id"] is None, result
    assert results[2]["pathway_id"] == results[0]["pathway_id"]
    assert results[4]["reason"] == IDENTITY_CONFLICT
    assert "below the age of criminal responsibility" in results[6]["errors"][0]["reason"]
    assert "an adult" in results[7]["errors"][0]["reason"]
    # Sent again whole: every referral is a duplicate of its pathway; the bad ones still fail.
    status, again = await post_referrals(api, batch)
    assert status == 200
    assert [r["result"] for r in again["results"][:4]] == ["duplicate"] * 4
    assert [r["pathway_id"] for r in again["results"][:4]] == [
        r["pathway_id"] for r in results[:4]
    ]
    assert [r["result"] for r in again["results"][4:]] == [k for k, _ in EXPECTED[4:]]
    # Three referrals, three workflows: nothing started twice.
    started = {r["pathway_id"] for r in results if r["result"] == "started"}
    assert len(started) == 3
    queue = api.settings.temporal_task_queue
    assert await workflows_on(dev_env.client, queue, at_least=3) == 3
    for pathway_id in started:
        described = await dev_env.client.get_workflow_handle(pathway_id).describe()
        assert described.workflow_type == "DiversionWorkflow"
    assert referral_claims(api.settings.sqlalchemy_url) == 3
    # Each failing referral is kept once (a resend replaces its unresolved copy), with its
    # reason; a record with no referral id is kept each time it is sent.
    kept = held_referrals(api.settings.sqlalchemy_url)
    assert len(kept) == 8 + 1
    assert {k.result for k in kept} == {"held", "rejected"}
    assert all(k.reason and k.received_by == "sam" for k in kept)
    # Each intake is audited: who sent it, what it started and what it held.
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as session:
        audited = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "ingest_diversion_referrals")
            .order_by(AuditEvent.id)
        ).all()
    assert [(a.user, a.outcome, a.status) for a in audited] == [("sam", "done", 200)] * 2
    detail = audited[0].detail or ""
    assert "12 record(s): 3 started, 1 duplicate, 1 held, 7 rejected" in detail, detail
    assert all(p in detail for p in started)


async def test_a_caller_who_may_not_send_referrals_is_refused_before_the_body_is_read(
    api: Api,
) -> None:
    path = "/v1/diversion-referrals"
    status, read, _ = await asgi(api, "POST", path, {}, body_size=4 * MB)
    assert (status, read) == (401, 0)
    for role in ("caseworker", "auditor"):
        status, read, answer = await asgi(api, "POST", path, api.token(role), body_size=4 * MB)
        assert (status, read) == (403, 0), answer
        assert "may not do this" in answer["detail"]
    status, read, answer = await asgi(api, "POST", path, api.token("supervisor"), body_size=6 * MB)
    assert (status, read) == (413, 0), "a declared length over the limit is refused unread"
    assert referral_claims(api.settings.sqlalchemy_url) == 0


async def test_limits_and_wholly_bad_bodies_are_4xx_naming_what_is_wrong(api: Api) -> None:
    status, answer = await post_referrals(api, [{"referral_id": "x"}] * (MAX_RECORDS + 1))
    assert status == 413 and "records" in answer["detail"], answer
    r = await api.http.post(
        "/v1/diversion-referrals",
        content=b'{"referral_id": ',
        headers={**api.token("integrator"), "content-type": "application/json"},
    )
    assert r.status_code == 422 and "not valid JSON" in r.json()["detail"]
    status, answer = await post_referrals(api, [])
    assert status == 422 and "no records" in answer["detail"]
    status, answer = await post_referrals(
        api, [police_referral(referral_id="has space"), police_referral(force="F" * 61)]
    )
    assert status == 422, answer
    first, second = answer["results"]
    assert [e["field"] for e in first["errors"]] == ["referral_id"]
    assert [e["field"] for e in second["errors"]] == ["force"]
    assert answer["detail"].startswith("rejected, nothing started")
    assert referral_claims(api.settings.sqlalchemy_url) == 0


async def test_held_referrals_are_listed_with_their_reasons_for_who_may_see_them(
    areas_api: Api,
) -> None:
    api = areas_api
    bad = police_referral(force=..., child__yjs_area="croydon")
    status, answer = await post_referrals(api, [bad], user="ian", team=None)
    assert status == 422
    held_id = answer["results"][0]["held_id"]

    async def listed(role: str, user: str, team: str | None) -> list[int]:
        r = await api.http.get(
            "/v1/diversion-referrals/held", headers=api.token(role, user, team)
        )
        assert r.status_code == 200, r.text
        return [h["id"] for h in r.json()["records"]]

    assert await listed("integrator", "ian", None) == [held_id]  # who sent it
    assert await listed("integrator", "someone-else", None) == []
    assert await listed("supervisor", "cal", "croydon") == [held_id]  # its area's supervisor
    assert await listed("supervisor", "sam", "bromley") == []  # another area's
    assert await listed("auditor", "aud", None) == [held_id]
    r = await api.http.get(
        f"/v1/diversion-referrals/held/{held_id}", headers=api.token("integrator", "ian", None)
    )
    assert r.status_code == 200
    detail = r.json()
    assert detail["kind"] == "diversion_referral" and detail["payload"] == bad
    assert [e["field"] for e in detail["errors"]] == ["force"]
    r = await api.http.get(
        f"/v1/diversion-referrals/held/{held_id}",
        headers=api.token("supervisor", "sam", "bromley"),
    )
    assert r.status_code == 404
    # Replayed as stored, it fails again; by someone who may not see it, it is not found;
    # corrected, it starts its pathway and the held record is settled.
    replay = f"/v1/diversion-referrals/held/{held_id}/replay"
    ian = api.token("integrator", "ian", None)
    r = await api.http.post(replay, headers=ian)
    assert r.status_code == 200 and r.json()["resolved"] is False
    assert [e["field"] for e in r.json()["results"][0]["errors"]] == ["force"]
    r = await api.http.post(replay, headers=api.token("supervisor", "sam", "bromley"))
    assert r.status_code == 404
    r = await api.http.post(replay, json=bad | {"force": "MPS"}, headers=ian)
    assert r.status_code == 200 and r.json()["resolved"] is True, r.text
    assert r.json()["results"][0]["result"] == "started"
    r = await api.http.post(replay, headers=ian)
    assert r.status_code == 409
    assert await listed("integrator", "ian", None) == []
    assert len(held_referrals(api.settings.sqlalchemy_url)) == 1  # one record, settled
    # Court records' held list is another list: a referral is not among them.
    r = await api.http.get("/v1/court-outcomes/held", headers=api.token("auditor", "aud", None))
    assert held_id not in [h["id"] for h in r.json()["records"]]


async def test_the_openapi_document_shows_the_referral_with_its_examples(api: Api) -> None:
    operation = api.app.openapi()["paths"]["/v1/diversion-referrals"]["post"]
    content = operation["requestBody"]["content"]["application/json"]
    assert set(content["examples"]) == {"police", "school", "batch"}
    one = content["schema"]["oneOf"][0]
    assert {"referral_id", "referred_on", "force", "child", "trigger", "offence"} <= set(
        one["properties"]
    )
    assert "$ref" not in json.dumps(one)
    assert content["schema"]["oneOf"][1]["maxItems"] == MAX_RECORDS
