"""A record too big for Temporal: refused for that record, kept with the reason, never `starting`.

Within the contract's limits the largest workflow input is a few kilobytes, far under the
dev server's (and Temporal Cloud's) 2 MB blob limit, so these tests run a dev server of their
own whose blob limit is lowered to 8 KB with Temporal's own dynamic config: an ordinary record
(about 1.7 KB of input) starts, one with 50 requirements of 200 characters (about 12 KB) is
refused by the server itself, exactly as an over-limit input is refused in production.
"""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from contracts.court import CourtOutcome
from core.settings import Settings
from db.tables import Child, CourtRecord, HeldRecord
from ingest.claims import Claim
from ingest.starts import pathway_input
from tests.api.conftest import Api
from tests.conftest import _binary, sessions_for
from tests.factories import canonical_outcome
from tests.workflows.harness import fresh_queue
from worker import running_worker

BLOB_LIMIT = 8 * 1024
DEFAULT_BLOB_LIMIT = 2 * 1024 * 1024
LONG_REQUIREMENTS = [f"requirement {i}: " + "worded at the full length of the contract " * 4 for i in range(50)]


@pytest.fixture(scope="module")
async def small_blobs() -> AsyncIterator[WorkflowEnvironment]:
    """A dev server that refuses any payload over `BLOB_LIMIT` bytes."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=_binary("temporal"),
        data_converter=pydantic_data_converter,
        dev_server_extra_args=[
            "--headless",
            "--dynamic-config-value",
            f"limit.blobSize.error={BLOB_LIMIT}",
            "--dynamic-config-value",
            f"limit.blobSize.warn={BLOB_LIMIT // 2}",
        ],
    )
    yield env
    await env.shutdown()


@pytest.fixture
async def api(small_blobs: WorkflowEnvironment, database_url: str) -> AsyncIterator[Api]:
    settings = Settings(database_url=database_url, temporal_task_queue=fresh_queue())
    app = create_app(settings, client=small_blobs.client)
    async with running_worker(small_blobs.client, settings), app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield Api(http, settings)


def too_big(**overrides: Any) -> dict[str, Any]:
    return canonical_outcome(disposal__requirements=LONG_REQUIREMENTS, **overrides)


def rows(url: str) -> dict[str, Any]:
    with sessions_for(url) as sessions, sessions() as s:
        return {
            "states": sorted(s.scalars(select(CourtRecord.state))),
            "children": s.scalar(select(func.count()).select_from(Child)),
            "held": [(h.result, h.reason, h.resolved_at, h.payload) for h in s.scalars(select(HeldRecord))],
        }


def input_bytes(record: dict[str, Any]) -> int:
    outcome = CourtOutcome.model_validate(record)
    claim = Claim("pw-0123456789abcdef", "ch-0123456789abcdef", True, "starting", [])
    (payload,) = pydantic_data_converter.payload_converter.to_payloads(
        [pathway_input(outcome, claim, Settings())]
    )
    return payload.ByteSize()


def test_the_sizes_the_tests_rely_on() -> None:
    assert input_bytes(canonical_outcome()) < BLOB_LIMIT < input_bytes(too_big())


def test_the_largest_record_the_contract_allows_fits_far_inside_temporals_default_blob_limit() -> None:
    longest = canonical_outcome(
        court__code="C" * 20,
        defendant__ethnicity="W" * 10,
        disposal__length_months=36,
        disposal__requirements=["r" * 200] * 50,
    )
    # 50 requirements of 200 characters are 10 KB; the calendar of 8 years of bank holidays
    # and the deadlines add about 2 KB. Anything under 64 KB leaves 30 times the headroom.
    assert input_bytes(longest) < 64 * 1024 < DEFAULT_BLOB_LIMIT // 30


async def test_a_record_too_big_for_temporal_is_rejected_kept_and_never_left_starting(
    api: Api, small_blobs: WorkflowEnvironment
) -> None:
    big = too_big()
    r = await api.http.post(
        "/v1/court-outcomes", json=[canonical_outcome(), big], headers=api.token("integrator")
    )
    assert r.status_code == 200, r.text
    ok, refused = r.json()["results"]
    assert ok["result"] == "started"
    assert refused["result"] == "rejected" and refused["pathway_id"] is None
    assert refused["reason"].startswith("too large to start a pathway: Temporal refused")
    assert "Blob data size exceeds limit" in refused["reason"]
    assert refused["errors"][0]["field"] == "(workflow input)"
    after = rows(api.settings.sqlalchemy_url)
    assert after["states"] == ["started"]  # the refused claim was released, not left starting
    assert after["children"] == 1  # the child the refused claim made went with it
    ((result, reason, resolved_at, payload),) = after["held"]
    assert (result, reason, resolved_at, payload) == ("rejected", refused["reason"], None, big)
    held = await api.http.get(
        f"/v1/court-outcomes/held/{refused['held_id']}", headers=api.token("integrator")
    )
    assert held.status_code == 200 and held.json()["reason"] == refused["reason"]


async def test_a_body_of_only_records_too_big_for_temporal_is_answered_413(api: Api) -> None:
    r = await api.http.post("/v1/court-outcomes", json=too_big(), headers=api.token("integrator"))
    assert r.status_code == 413, r.text
    (refused,) = r.json()["results"]
    assert refused["result"] == "rejected" and refused["held_id"] is not None
    assert "too large to start a pathway" in r.json()["detail"]
    assert rows(api.settings.sqlalchemy_url)["states"] == []


async def test_a_too_big_record_replayed_as_stored_stays_held_and_replayed_shortened_starts(
    api: Api, small_blobs: WorkflowEnvironment
) -> None:
    big = too_big()
    r = await api.http.post("/v1/court-outcomes", json=big, headers=api.token("integrator"))
    held_id = r.json()["results"][0]["held_id"]
    url = f"/v1/court-outcomes/held/{held_id}/replay"
    again = await api.http.post(url, headers=api.token("integrator"))
    assert again.status_code == 200, again.text
    assert again.json()["resolved"] is False
    assert again.json()["results"][0]["reason"].startswith("too large to start a pathway")
    after = rows(api.settings.sqlalchemy_url)
    assert after["states"] == [] and after["held"][0][2] is None  # still open, nothing starting
    shortened = {**big, "disposal": {**big["disposal"], "requirements": ["supervision"]}}
    fixed = await api.http.post(url, json=shortened, headers=api.token("integrator"))
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["resolved"] is True
    (started,) = fixed.json()["results"]
    assert started["result"] == "started"
    description = await small_blobs.client.get_workflow_handle(started["pathway_id"]).describe()
    assert description.status is not None and description.status.name == "RUNNING"
    assert rows(api.settings.sqlalchemy_url)["states"] == ["started"]


async def test_the_dev_server_itself_refuses_the_big_input(small_blobs: WorkflowEnvironment) -> None:
    outcome = CourtOutcome.model_validate(too_big())
    claim = Claim("pw-too-big-direct", "ch-x", True, "starting", [])
    with pytest.raises(RPCError, match="Blob data size exceeds limit"):
        await small_blobs.client.start_workflow(
            "PathwayWorkflow", pathway_input(outcome, claim, Settings()), id=claim.pathway_id,
            task_queue=fresh_queue(),
        )
