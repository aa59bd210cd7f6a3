"""Issue 15, point 1: who is asking, and may they, is settled before any work is done.

A request with no token or the wrong role is answered 401/403 at once, whatever its body or
query: not one byte of its body is read (proved by speaking ASGI to the app and counting what
it asks for). Each route takes only the body it needs.
"""

import json
import time
from typing import Any

import pytest

from api.guard import STEP_BODY_BYTES, GuardedRoute
from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import post

MB = 1024 * 1024


async def asgi(
    api: Api,
    method: str,
    path: str,
    headers: dict[str, str],
    body_size: int = 0,
    query: bytes = b"",
) -> tuple[int, int, dict[str, Any]]:
    """Send a request straight to the app; return its status, body bytes it read, its answer."""
    chunk = b"{" + b" " * (64 * 1024 - 1)
    chunks = body_size // len(chunk)
    read = 0
    started: dict[str, Any] = {}
    answer = bytearray()

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= chunks:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": read < chunks}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            started.update(message)
        elif message["type"] == "http.response.body":
            answer.extend(message.get("body", b""))

    all_headers = {"host": "127.0.0.1", "content-type": "application/json", **headers}
    if body_size:
        all_headers["content-length"] = str(chunks * len(chunk))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in all_headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    await api.app(scope, receive, send)
    return started["status"], read * len(chunk), json.loads(answer or b"{}")


async def a_pathway(api: Api) -> str:
    _, answer = await post(api, canonical_outcome())
    pathway_id: str = answer["results"][0]["pathway_id"]
    return pathway_id


async def test_an_unauthenticated_25mb_step_body_is_refused_before_it_is_read(api: Api) -> None:
    pid = await a_pathway(api)
    began = time.perf_counter()
    status, read, answer = await asgi(
        api, "POST", f"/v1/pathways/{pid}/steps/first_contact", {}, body_size=25 * MB
    )
    assert (status, read) == (401, 0), answer
    assert time.perf_counter() - began < 0.5
    status, read, _ = await asgi(
        api,
        "POST",
        f"/v1/pathways/{pid}/steps/first_contact",
        {"authorization": "Bearer not-a-token"},
        body_size=25 * MB,
    )
    assert (status, read) == (401, 0)


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("integrator", "POST", "/v1/pathways/{pid}/steps/first_contact"),
        ("auditor", "PUT", "/v1/pathways/{pid}/facts"),
        ("caseworker", "POST", "/v1/court-outcomes"),
        ("caseworker", "POST", "/v1/victim-details"),
        ("auditor", "POST", "/v1/court-outcomes/held/1/replay"),
    ],
)
async def test_a_caller_whose_role_may_not_act_gets_403_before_the_body_is_read(
    api: Api, role: str, method: str, path: str
) -> None:
    pid = await a_pathway(api)
    status, read, answer = await asgi(
        api, method, path.format(pid=pid), api.token(role), body_size=25 * MB
    )
    assert (status, read) == (403, 0), answer
    assert "may not do this" in answer["detail"]


async def test_an_integrator_asking_for_reports_gets_403_not_422_whatever_the_query(
    api: Api,
) -> None:
    for query in ("since=not-a-date", "dimension=nonsense", "team=x&until=2026-02-30"):
        r = await api.http.get(f"/v1/reports/disproportionality?{query}", headers=api.token("integrator"))
        assert r.status_code == 403, (query, r.text)
    r = await api.http.get("/v1/tasks/overdue?limit=0&step=nope", headers=api.token("integrator"))
    assert r.status_code == 403
    r = await api.http.get("/v1/audit?limit=-1", headers=api.token("supervisor"))
    assert r.status_code == 403


async def test_a_query_holding_nul_from_a_caller_with_no_token_gets_401_not_422(api: Api) -> None:
    r = await api.http.get("/v1/tasks/overdue?team=%00")
    assert r.status_code == 401
    r = await api.http.get("/v1/tasks/overdue?team=%00", headers=api.token("supervisor"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "(query)"


async def test_a_step_body_larger_than_a_step_takes_is_refused_with_413_unread_past_the_limit(
    api: Api,
) -> None:
    pid = await a_pathway(api)
    status, read, answer = await asgi(
        api,
        "POST",
        f"/v1/pathways/{pid}/steps/first_contact",
        api.token("supervisor"),
        body_size=25 * MB,
    )
    assert status == 413 and read == 0, "the declared length is refused before reading"
    assert f"{STEP_BODY_BYTES:,} bytes" in answer["detail"]
    big = {"completed_on": "2026-03-30", "notes": "x" * (STEP_BODY_BYTES + 1)}
    r = await api.http.post(
        f"/v1/pathways/{pid}/steps/first_contact", json=big, headers=api.token("supervisor")
    )
    assert r.status_code == 413
    r = await api.http.put(
        f"/v1/pathways/{pid}/facts",
        json={"lives_with_caregiver": True, "padding": "x" * 20000},
        headers=api.token("supervisor"),
    )
    assert r.status_code == 413


async def test_a_read_that_takes_no_body_refuses_one(api: Api) -> None:
    pid = await a_pathway(api)
    r = await api.http.request(
        "GET", f"/v1/pathways/{pid}", content=b"{}" * 10, headers=api.token("supervisor")
    )
    assert r.status_code == 413 and "takes no body" in r.json()["detail"]


async def test_a_content_length_that_is_not_a_number_gets_400(api: Api) -> None:
    pid = await a_pathway(api)
    status, _, answer = await asgi(
        api,
        "POST",
        f"/v1/pathways/{pid}/steps/first_contact",
        {**api.token("supervisor"), "content-length": "²"},
    )
    assert status == 400, answer


async def test_every_route_declares_the_act_it_performs(api: Api) -> None:
    """A route added without a declaration would be open to anyone: the app has none."""
    from starlette.routing import Mount

    def every(routes: list[Any]) -> list[Any]:
        found = []
        for route in routes:
            inner = getattr(route, "original_router", None)  # an included router
            found += every(inner.routes) if inner is not None else [route]
        return found

    routes = every(api.app.routes)
    unguarded = [
        getattr(r, "path", r)
        for r in routes
        if not isinstance(r, GuardedRoute | Mount) and getattr(r, "path", "") != "/openapi.json"
    ]
    assert len(routes) > 30 and unguarded == []
    # Mounts serve public files only.
    assert {r.path for r in routes if isinstance(r, Mount)} == {"/static", "/docs-assets"}


async def test_a_page_form_posted_without_a_session_is_not_read(api: Api) -> None:
    pid = await a_pathway(api)
    status, read, _ = await asgi(
        api,
        "POST",
        f"/cases/{pid}/record/first_contact",
        {"content-type": "application/x-www-form-urlencoded"},
        body_size=2 * MB,
    )
    assert (status, read) == (303, 0)
