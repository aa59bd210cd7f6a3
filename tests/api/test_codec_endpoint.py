"""The Temporal UI's codec endpoint decodes a pathway's payloads only for those who may read it,
answers 4xx (never 500) for what it cannot decode, and audits every attempt."""

import base64
import os
import re
from typing import Any

import httpx
from google.protobuf import json_format
from sqlalchemy import select
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.converter import WorkflowSerializationContext

from core.clients import payload_codec
from core.codec import PATHWAY_ID, EncryptionCodec
from db.tables import AuditEvent
from readmodel.tables import PathwayRow
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome

PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"child_views": "I want to go home"}')
UI = {"Origin": "http://127.0.0.1:8233", "X-Namespace": "default"}


def body_of(*payloads: Payload) -> dict[str, Any]:
    """Payloads as the UI sends them: protobuf JSON."""
    return json_format.MessageToDict(Payloads(payloads=payloads))


async def sealed_for(api: Api, pathway_id: str | None, payload: Payload = PLAIN) -> Payload:
    """A payload sealed as the worker seals one of this pathway's (None: outside any workflow)."""
    codec = payload_codec(api.settings)
    if pathway_id is not None:
        codec = codec.with_context(WorkflowSerializationContext(namespace="default", workflow_id=pathway_id))
    (sealed,) = await codec.encode([payload])
    return sealed


async def pathway(api: Api, team: str | None = "bromley") -> str:
    """Start a pathway through the API, allocated to `team` (None: left unallocated)."""
    r = await api.http.post("/v1/court-outcomes", json=canonical_outcome(), headers=api.token("integrator"))
    pid = str(r.json()["results"][0]["pathway_id"])
    if team is not None:
        r = await api.http.post(f"/v1/pathways/{pid}/steps/allocation",
                                json={"completed_on": "2026-03-30", "caseworker": "casey", "team": team},
                                headers=api.token("supervisor", team=team))
        assert r.status_code == 200, r.text
    with sessions_for(api.settings.sqlalchemy_url) as sessions:

        def projected() -> bool:
            with sessions() as s:
                row = s.get(PathwayRow, pid)
                return row is not None and row.team == team

        await eventually(projected, what=f"{pid} in the read model", every=0.1)
    return pid


async def decode(api: Api, *payloads: Payload, headers: dict[str, str] | None = None) -> httpx.Response:
    return await api.http.post("/codec/decode", json=body_of(*payloads), headers={**UI, **(headers or {})})


def audited(api: Api) -> list[AuditEvent]:
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == "decode_payloads").order_by(AuditEvent.id)))


def decoded_data(r: httpx.Response) -> list[bytes]:
    assert r.status_code == 200, r.text
    return [base64.b64decode(p["data"]) for p in r.json()["payloads"]]


async def test_the_pathways_team_and_an_auditor_decode_its_payloads(api: Api) -> None:
    pid = await pathway(api, "bromley")
    sealed = await sealed_for(api, pid)
    assert sealed.metadata[PATHWAY_ID] == pid.encode()
    for role in ("supervisor", "caseworker"):
        assert decoded_data(await decode(api, sealed, headers=api.token(role, team="bromley"))) == [PLAIN.data]
    assert decoded_data(await decode(api, sealed, headers=api.token("auditor", "alex", None))) == [PLAIN.data]
    # A payload that was never sealed comes back as it was.
    assert decoded_data(await decode(api, PLAIN, headers=api.token("supervisor"))) == [PLAIN.data]


async def test_a_supervisor_cannot_decode_another_teams_pathway(api: Api) -> None:
    ours, theirs = await pathway(api, "bromley"), await pathway(api, "croydon")
    croydon = api.token("supervisor", "sue", "croydon")
    refused = await decode(api, await sealed_for(api, ours), headers=croydon)
    assert refused.status_code == 403
    # Refused whole, even beside a payload of their own team's.
    both = await decode(api, await sealed_for(api, theirs), await sealed_for(api, ours), headers=croydon)
    assert both.status_code == 403
    # The answer does not say whether the pathway exists.
    unknown = await decode(api, await sealed_for(api, "pw-0000000000000000"), headers=croydon)
    assert unknown.status_code == 403 and unknown.json()["detail"] == refused.json()["detail"]
    assert ours not in refused.text
    assert decoded_data(await decode(api, await sealed_for(api, theirs), headers=croydon)) == [PLAIN.data]


async def test_a_caseworker_cannot_decode_an_unallocated_pathway_but_a_supervisor_can(api: Api) -> None:
    pid = await pathway(api, team=None)
    sealed = await sealed_for(api, pid)
    assert (await decode(api, sealed, headers=api.token("caseworker"))).status_code == 403
    assert decoded_data(await decode(api, sealed, headers=api.token("supervisor", "sue", "croydon"))) == [PLAIN.data]


async def test_a_payload_naming_no_pathway_is_decoded_for_auditors_only(api: Api) -> None:
    loose = await sealed_for(api, None)
    assert PATHWAY_ID not in loose.metadata
    assert (await decode(api, loose, headers=api.token("supervisor"))).status_code == 403
    assert decoded_data(await decode(api, loose, headers=api.token("auditor", "alex", None))) == [PLAIN.data]


async def test_an_integrator_cannot_decode_payloads(api: Api) -> None:
    r = await decode(api, await sealed_for(api, None), headers=api.token("integrator", "ingest.bot", None))
    assert r.status_code == 403 and "integrator" in r.json()["detail"]


async def test_the_codec_refuses_a_caller_with_no_token_even_from_loopback_in_development(api: Api) -> None:
    assert api.settings.environment == "development"
    r = await decode(api, await sealed_for(api, None))
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "Include cross-origin credentials" in r.json()["detail"]
    # The UI's browser may read the refusal, so it stops rather than retrying.
    assert r.headers["access-control-allow-origin"] == UI["Origin"]


async def test_a_forged_token_gets_401_a_client_that_keeps_forging_gets_429_and_a_valid_token_still_works(api: Api) -> None:
    sealed = await sealed_for(api, None)
    forged = {"Authorization": "Bearer " + api.token("auditor")["Authorization"][7:-4] + "AAAA"}
    for _ in range(api.settings.failed_auth_limit):
        assert (await decode(api, sealed, headers=forged)).status_code == 401
    assert (await decode(api, sealed, headers=forged)).status_code == 429
    # As on the API, the limiter refuses failures only: a valid token is never kept waiting.
    assert (await decode(api, sealed, headers=api.token("auditor", "alex", None))).status_code == 200


async def test_the_pages_session_cookie_lets_the_temporal_ui_decode(api: Api) -> None:
    """The UI's browser sends the pages' cookie (its 'Include cross-origin credentials')."""
    pid = await pathway(api, "bromley")
    page = await api.http.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    r = await api.http.post("/sign-in", data={"who": "sam.supervisor", "next": "/", "csrf_token": token.group(1)})
    assert r.status_code == 303, r.text
    assert decoded_data(await decode(api, await sealed_for(api, pid))) == [PLAIN.data]
    # robin.worker's team is croydon: signed in as robin, the same payload is refused.
    page = await api.http.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    await api.http.post("/sign-in", data={"who": "robin.worker", "next": "/", "csrf_token": token.group(1)})
    assert (await decode(api, await sealed_for(api, pid))).status_code == 403


async def test_a_tampered_payload_gets_422_not_500(api: Api) -> None:
    pid = await pathway(api, "bromley")
    sealed = await sealed_for(api, pid)
    flipped = bytearray(sealed.data)
    flipped[-1] ^= 1
    for bad in (Payload(metadata=sealed.metadata, data=bytes(flipped)),
                Payload(metadata=sealed.metadata, data=b"x")):
        r = await decode(api, bad, headers=api.token("supervisor"))
        assert r.status_code == 422 and "fails authentication" in r.json()["detail"], r.text


async def test_a_payload_relabelled_for_a_pathway_the_caller_may_read_does_not_decrypt(api: Api) -> None:
    """Moving a payload of croydon's into a bromley pathway's history and renaming its pathway
    there does not show it to bromley: the pathway id is sealed with the data."""
    ours, theirs = await pathway(api, "bromley"), await pathway(api, "croydon")
    sealed = await sealed_for(api, theirs)
    assert (await decode(api, sealed, headers=api.token("supervisor"))).status_code == 403
    relabelled = Payload(metadata={**sealed.metadata, PATHWAY_ID: ours.encode()}, data=sealed.data)
    r = await decode(api, relabelled, headers=api.token("supervisor"))
    assert r.status_code == 422 and "I want to go home" not in r.text


async def test_a_payload_under_an_unknown_key_gets_422_naming_the_key(api: Api) -> None:
    pid = await pathway(api, "bromley")
    retired = EncryptionCodec({"retired-2025": os.urandom(32)}, "retired-2025").with_context(
        WorkflowSerializationContext(namespace="default", workflow_id=pid))
    (sealed,) = await retired.encode([PLAIN])
    r = await decode(api, sealed, headers=api.token("supervisor"))
    assert r.status_code == 422
    assert "'retired-2025'" in r.json()["detail"] and "not configured" in r.json()["detail"]


async def test_a_body_that_is_not_payloads_json_gets_422_not_500(api: Api) -> None:
    auditor = {**UI, **api.token("auditor", "alex", None), "Content-Type": "application/json"}
    for body in (b"not json", b'{"payloads": 3}', b"null", b"\xff\xfe", b"[" * 100_000,
                 b'{"payloads": [{"data": 7}]}'):
        r = await api.http.post("/codec/decode", content=body, headers=auditor)
        assert r.status_code == 422 and "Payloads JSON" in r.json()["detail"], (body[:20], r.text)


async def test_there_is_no_encode_endpoint_for_the_ui_to_send_signals_with(api: Api) -> None:
    r = await api.http.post("/codec/encode", json=body_of(PLAIN), headers={**UI, **api.token("auditor", "alex", None)})
    assert r.status_code in (404, 405)


async def test_every_codec_attempt_is_audited_including_refusals(api: Api) -> None:
    pid = await pathway(api, "bromley")
    sealed = await sealed_for(api, pid)
    tampered = Payload(metadata=sealed.metadata, data=sealed.data[:-1] + bytes([sealed.data[-1] ^ 1]))
    answers = [
        await decode(api, sealed),
        await decode(api, sealed, headers={"Authorization": "Bearer forged"}),
        await decode(api, sealed, headers=api.token("integrator", "ingest.bot", None)),
        await decode(api, sealed, headers=api.token("supervisor", "sue", "croydon")),
        await api.http.post("/codec/decode", content=b"{", headers={**UI, **api.token("supervisor")}),
        await decode(api, tampered, headers=api.token("supervisor")),
        await decode(api, sealed, headers=api.token("supervisor")),
    ]
    assert [r.status_code for r in answers] == [401, 401, 403, 403, 422, 422, 200]
    rows = audited(api)
    assert [(r.user, r.pathway_id, r.outcome, r.status) for r in rows] == [
        ("anonymous 127.0.0.1", None, "refused", 401), ("anonymous 127.0.0.1", None, "refused", 401),
        ("ingest.bot", None, "refused", 403), ("sue", pid, "refused", 403),
        ("sam", None, "refused", 422), ("sam", None, "refused", 422), ("sam", pid, "done", 200)]
    details = [r.detail or "" for r in rows]
    assert "no credentials" in details[0] and "invalid token" in details[1]
    assert "may not do this" in details[2]
    assert details[3] == f"from 127.0.0.1; may not read {pid}; you may not read the pathway these payloads belong to"
    assert "from 127.0.0.1" in details[4] and "the body must be Payloads JSON" in details[4]
    assert "from 127.0.0.1" in details[5] and "payload under key" in details[5]
    assert details[6] == f"from 127.0.0.1; decoded 1 payloads of {pid}"


async def test_a_payload_naming_a_pathway_no_pathway_could_have_gets_403_or_422_not_500(api: Api) -> None:
    """The pathway id is metadata the caller writes: NUL, or longer than any pathway id, must
    neither reach a query nor break the audit log (PostgreSQL refuses NUL in text)."""
    for name in ("pw-\x00evil", "pw-" + "x" * 300, "pw-\u202e"):
        sealed = await sealed_for(api, name)
        r = await decode(api, sealed, headers=api.token("supervisor"))
        assert r.status_code == 403, r.text
        # An auditor may read any workflow: it decodes (the name is sealed with the data).
        assert decoded_data(await decode(api, sealed, headers=api.token("auditor", "alex", None))) == [PLAIN.data]
        relabelled = Payload(metadata={**sealed.metadata, PATHWAY_ID: name.encode() + b"\x00"}, data=sealed.data)
        assert (await decode(api, relabelled, headers=api.token("auditor", "alex", None))).status_code == 422
    assert all("\x00" not in (row.detail or "") for row in audited(api))
