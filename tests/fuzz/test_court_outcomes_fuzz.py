"""Fuzzing POST /v1/court-outcomes: no 5xx, one result per record, nothing half-written.

After the fuzzing, every accepted court record has a running workflow under its pathway id,
every pathway in the index has its court record, and every rejected or held record is kept
with a reason.
"""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from tests.conftest import sessions_for
from tests.fuzz.conftest import FUZZ, Fuzzer
from tests.fuzz.strategies import any_json, common_platform_message, court_outcome

URL = "/v1/court-outcomes"
ROLES = ["integrator"] * 6 + ["supervisor", "caseworker", "auditor", "none"]


def bodies() -> st.SearchStrategy[tuple[str, Any]]:
    """What an integrator might send: one outcome, an array, a CP message, junk or bytes."""
    return st.one_of(
        court_outcome().map(lambda r: ("records", [r])),
        st.lists(court_outcome(), min_size=1, max_size=4).map(lambda rs: ("array", rs)),
        common_platform_message().map(lambda m: ("cp", m)),
        any_json.map(lambda j: ("json", j)),
        st.binary(max_size=200).map(lambda b: ("bytes", b)),
    )


def has_lone_surrogate(value: Any) -> bool:
    """Whether a string anywhere in `value` holds a lone surrogate (it cannot be UTF-8)."""
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    return False


def check_results(kind: str, body: Any, status: int, answer: dict[str, Any]) -> None:
    """Every record gets one result; started and duplicates name their pathway."""
    assert status in (200, 422), (status, answer)
    results = answer.get("results", [])
    if kind in ("records", "array") and has_lone_surrogate(body):
        # The body travels as JSON with the surrogate escaped; the intake refuses the whole
        # body as not valid JSON, before any record (tests/api/test_court_outcomes_bulk.py).
        assert status == 422 and "lone surrogate" in answer["detail"], answer
        assert not results, answer
        return
    if kind in ("records", "array"):
        assert [r["index"] for r in results] == list(range(len(body))), answer
    for r in results:
        assert r["result"] in ("started", "duplicate", "skipped", "held", "rejected")
        if r["result"] in ("started", "duplicate"):
            assert r["pathway_id"] and r["pathway_id"].startswith("pw-"), r
        else:
            assert r["reason"], r
    if status == 422:
        assert "detail" in answer


async def test_fuzzed_court_outcomes_never_cause_a_server_error_or_leave_half_written_records(
    fuzzer: Fuzzer, dev_env: WorkflowEnvironment
) -> None:
    started: set[str] = set()

    @FUZZ
    @given(sent=bodies(), role=st.sampled_from(ROLES))
    def prop(sent: tuple[str, Any], role: str) -> None:
        kind, body = sent
        headers = {} if role == "none" else fuzzer.token(role)
        if kind == "bytes":
            r = fuzzer.send(URL, "POST", URL, content=body, headers=headers)
        else:
            r = fuzzer.send(URL, "POST", URL, content=json.dumps(body), headers=headers)
        if role in ("none",):
            assert r.status_code == 401
            return
        if role not in ("integrator", "supervisor"):
            assert r.status_code == 403
            return
        answer = r.json()
        check_results(kind, body, r.status_code, answer)
        started.update(
            x["pathway_id"] for x in answer.get("results", []) if x["result"] == "started"
        )

    await fuzzer.run(prop)
    await assert_nothing_half_written(fuzzer, dev_env, started)


async def assert_nothing_half_written(
    fuzzer: Fuzzer, dev_env: WorkflowEnvironment, started: set[str]
) -> None:
    from db.tables import CourtRecord, HeldRecord, PathwayIndex

    url = fuzzer.api.settings.sqlalchemy_url
    with sessions_for(url) as sessions, sessions() as s:
        records = list(s.execute(select(CourtRecord.pathway_id, CourtRecord.state)))
        indexed = set(s.scalars(select(PathwayIndex.pathway_id)))
        held = list(s.execute(select(HeldRecord.result, HeldRecord.reason)))
    pathways = {pid for pid, _ in records}
    assert started <= pathways, "every started pathway has its court record"
    assert all(state == "started" for _, state in records), "no claim is left starting"
    assert indexed == pathways, "the pathway index and the court records agree"
    for pid in pathways:
        try:
            description = await dev_env.client.get_workflow_handle(pid).describe()
        except RPCError as missing:
            raise AssertionError(f"court record {pid} has no workflow") from missing
        assert description.status is not None and description.status.name == "RUNNING", pid
    assert all(result in ("rejected", "held") and reason.strip() for result, reason in held)
