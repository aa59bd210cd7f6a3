"""What the fuzzing found, pinned as plain tests of the behaviour wanted.

Each test states what must hold; every finding is fixed, and a test fails with the finding's
description if its bad behaviour comes back (docs/adr/0061 lists them and their fixes).
"""

import asyncio
from typing import Any

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from readmodel.tables import PathwayRow
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import NeverHappened, eventually
from tests.factories import canonical_outcome
from workflows.pathway import PathwayWorkflow

NUL_FINDING = (
    "finding 1: a NUL character is accepted in free text and query parameters; PostgreSQL "
    "cannot store it (500s, and a projection retried for ever)"
)


def known(condition: bool, finding: str) -> None:
    """Fail with the finding if the bad behaviour it describes is seen again (all are fixed)."""
    assert not condition, finding


async def start(api: Api) -> str:
    r = await api.http.post(
        "/v1/court-outcomes", json=canonical_outcome(), headers=api.token("integrator")
    )
    return str(r.json()["results"][0]["pathway_id"])


async def test_a_nul_character_in_a_step_is_refused_and_leaves_no_trace(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    pid = await start(api)
    body = {"completed_on": "2026-03-30", "caseworker": "ca\u0000sey", "team": "bromley"}
    r = await api.http.post(
        f"/v1/pathways/{pid}/steps/allocation", json=body, headers=api.token("supervisor")
    )
    if r.status_code == 200:
        stuck = await _read_model_stuck(api, pid)
        known(stuck or api.settings.sqlalchemy_url.startswith("sqlite"), NUL_FINDING)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "caseworker"
    state = await dev_env.client.get_workflow_handle_for(PathwayWorkflow.run, pid).query(
        PathwayWorkflow.state
    )
    assert state.caseworker is None and not state.timeline


async def _read_model_stuck(api: Api, pid: str, seconds: float = 5) -> bool:
    def caseworker() -> Any:
        with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
            return s.scalar(select(PathwayRow.caseworker).where(PathwayRow.pathway_id == pid))

    try:
        await eventually(lambda: asyncio.to_thread(caseworker), lambda c: c is not None,
                         what="the read model showing the step", seconds=seconds, every=0.2)
    except NeverHappened:
        return True
    return False


QUERIES_WITH_NUL = [
    "/v1/caseload?caseworker=a%00b",
    "/v1/tasks/overdue?caseworker=a%00b",
    "/v1/tasks/due?caseworker=%00",
    "/v1/audit?user=a%00b",
]


async def test_a_nul_character_in_a_query_parameter_is_refused_not_a_server_error(
    api: Api,
) -> None:
    for url in QUERIES_WITH_NUL:
        try:
            r = await api.http.get(url, headers=api.token("auditor"))
        except Exception as error:  # noqa: BLE001 - the ASGI transport re-raises the app's error
            known("NUL" in str(error), NUL_FINDING)
            raise
        known(r.status_code == 200, NUL_FINDING)
        assert r.status_code == 422, (url, r.text)


async def test_a_court_outcome_with_a_nul_character_is_rejected_naming_the_field(api: Api) -> None:
    record = canonical_outcome(message_id="msg-\u0000-1")
    try:
        r = await api.http.post("/v1/court-outcomes", json=record, headers=api.token("integrator"))
    except Exception as error:  # noqa: BLE001 - the ASGI transport re-raises the app's error
        known("NUL" in str(error), NUL_FINDING)
        raise
    known(r.status_code == 200 and r.json()["results"][0]["result"] == "started", NUL_FINDING)
    assert r.status_code == 422, r.text
    answer = r.json()
    # Refused whole (the request) or record by record (one rejected result): either names it.
    errors = answer.get("errors", []) + [e for x in answer.get("results", []) for e in x["errors"]]
    assert any(e["field"].endswith("message_id") for e in errors), answer
    assert all(x["result"] == "rejected" for x in answer.get("results", []))


async def test_times_in_answers_carry_their_offset_as_the_openapi_date_time_says(api: Api) -> None:
    await start(api)
    await api.http.get("/v1/caseload", headers=api.token("supervisor"))
    r = await api.http.get("/v1/audit", headers=api.token("auditor"))
    assert r.status_code == 200 and r.json()
    naive = [e["at"] for e in r.json() if not e["at"].endswith(("Z", "+00:00"))]
    known(
        bool(naive) and api.settings.sqlalchemy_url.startswith("sqlite"),
        "finding 2: SQLite gives back naive datetimes, answered without an offset",
    )
    assert not naive


async def test_the_openapi_schema_describes_the_422_body_the_app_sends(api: Api) -> None:
    doc = (await api.http.get("/openapi.json")).json()
    r = await api.http.get("/v1/tasks/due?within_days=-1", headers=api.token("supervisor"))
    assert r.status_code == 422 and isinstance(r.json()["detail"], str)
    documented = doc["paths"]["/v1/tasks/due"]["get"]["responses"]["422"]["content"]
    ref = documented["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    detail = doc["components"]["schemas"][ref]["properties"]["detail"]
    known(
        detail.get("type") == "array",
        "finding 3: the OpenAPI documents FastAPI's 422 body (detail: array), not the app's",
    )
    assert detail.get("type") == "string"


BEYOND_INTEGERS = [
    ("GET", "/v1/court-outcomes/held/2147483648"),
    ("GET", "/v1/court-outcomes/held?after=2147483648"),
    ("POST", "/v1/court-outcomes/held/2147483648/replay"),
    ("POST", "/v1/victim-details/held/2147483648/replay"),
    ("GET", "/v1/tasks/overdue?offset=99999999999999999999"),
]


async def test_an_id_or_offset_beyond_the_database_integers_is_refused_not_a_server_error(
    api: Api,
) -> None:
    for method, url in BEYOND_INTEGERS:
        headers = api.token("integrator" if "held" in url else "supervisor")
        try:
            body = None if method == "GET" else {}  # a read takes no body (413 otherwise)
            r = await api.http.request(method, url, headers=headers, json=body)
        except Exception as error:  # noqa: BLE001 - the ASGI transport re-raises the app's error
            known(
                "out of range" in str(error) or "too large" in str(error),
                "finding 4: integers past the database's range reach the query (held ids, offsets)",
            )
            raise
        assert r.status_code in (200, 404, 422), (url, r.text)
        if r.status_code == 200:
            assert r.json() in ([], {"records": [], "next_after": None}), "nothing lies that far"


UNKNOWN = [
    ("GET", "/v1/no-such-thing", 404),
    ("PUT", "/v1/pathways/a%2Fb/facts", 404),
    ("DELETE", "/v1/caseload", 405),
]
# FastAPI answers a JSON body that is not UTF-8 with Starlette's HTTPException too.
NOT_UTF8 = ("PUT", "/v1/pathways/pw-0/facts", 400)


async def test_an_unknown_address_or_method_answers_404_or_405_not_a_server_error(
    api: Api,
) -> None:
    for method, url, status in [*UNKNOWN, NOT_UTF8]:
        headers = api.token("supervisor") | {"content-type": "application/json"}
        try:
            r = await api.http.request(method, url, headers=headers, content=b"\x80")
        except AssertionError:
            known(
                True,
                "finding 5: api/errors.http_handler asserts FastAPI's HTTPException, but the "
                "router raises Starlette's for 404 and 405",
            )
            raise
        assert r.status_code in (status, 422) and r.json()["detail"], r.text


async def test_a_court_outcome_with_an_overlong_message_id_is_rejected_and_kept_with_its_reason(
    api: Api,
) -> None:
    record = canonical_outcome(message_id="m" * 201)
    try:
        r = await api.http.post("/v1/court-outcomes", json=record, headers=api.token("integrator"))
    except Exception as error:  # noqa: BLE001 - the ASGI transport re-raises the app's error
        known(
            "value too long" in str(error),
            "finding 6: a rejected record's over-long message_id does not fit held_records "
            "(PostgreSQL): 500, and the record is not kept",
        )
        raise
    assert r.status_code == 422, r.text
    assert r.json()["results"][0]["result"] == "rejected"
    from db.tables import HeldRecord

    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
        reasons = list(s.scalars(select(HeldRecord.reason)))
    assert len(reasons) == 1 and "message_id" in reasons[0]
