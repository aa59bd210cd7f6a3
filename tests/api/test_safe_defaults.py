"""Issue 15, points 5 and 9: defaults that fail safe, and headers that keep data out of caches.

Each refusal names the variable to change. Tokens, sessions, CSRF and CORS have tests of their
own (`tests/web/test_sessions.py`, `tests/api/test_hardening.py`, `tests/api/test_codec_cors.py`).
"""

import re

import httpx
import pytest
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from core.settings import Settings
from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import post

SECRET = "s" * 48
KEYS = '{"current": "k1", "keys": {"k1": "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="}}'


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "pathway.example.org"])
def test_development_mode_refuses_to_serve_beyond_this_machine(host: str) -> None:
    with pytest.raises(ValidationError, match="PATHWAY_API_HOST"):
        Settings(api_host=host)
    assert Settings(environment="production", api_host=host, jwt_signing_key=SECRET,
                    payload_keys=KEYS).api_host == host


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({}, "PATHWAY_JWT_SIGNING_KEY still has the development value"),
        ({"jwt_signing_key": "short-but-not-the-dev-key"}, "PATHWAY_JWT_SIGNING_KEY is shorter than 32"),
        ({"jwt_signing_key": SECRET, "oidc_jwks_url": "http://idp.example/jwks"}, "PATHWAY_OIDC_JWKS_URL"),
        ({"jwt_signing_key": SECRET}, "PATHWAY_PAYLOAD_KEYS"),
    ],
    ids=["the development key", "a short key", "a plain-http JWKS", "no payload keys"],
)
def test_production_refuses_unsafe_settings_naming_the_variable(
    changes: dict[str, str], variable: str
) -> None:
    with pytest.raises(ValidationError, match=variable):
        Settings(environment="production", **changes)


def test_production_starts_with_safe_settings() -> None:
    settings = Settings(environment="production", jwt_signing_key=SECRET, payload_keys=KEYS,
                        oidc_jwks_url="https://idp.example/jwks")
    assert not settings.docs_enabled


def test_areas_that_no_team_belongs_to_are_refused() -> None:
    with pytest.raises(ValidationError, match="PATHWAY_DEFAULT_AREA"):
        Settings(team_areas={"bromley": "bromley"}, default_area="lewisham")
    with pytest.raises(ValidationError, match="PATHWAY_COURT_AREAS"):
        Settings(team_areas={"bromley": "bromley"}, court_areas={"B01LY00": "brom"})


async def test_a_request_for_a_host_not_on_the_allow_list_is_refused(api: Api) -> None:
    r = await api.http.get("/healthz", headers={"host": "evil.example"})
    assert r.status_code == 400
    r = await api.http.get("/healthz", headers={"host": "localhost:8000"})
    assert r.status_code == 200


async def test_swagger_ui_is_served_from_pathway_itself_and_never_a_cdn(api: Api) -> None:
    docs = await api.http.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "http" not in re.sub(r"<!doctype html>", "", docs.text)
    for asset in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        r = await api.http.get(asset)
        assert r.status_code == 200 and len(r.content) > 100, asset
    assert (await api.http.get("/openapi.json")).status_code == 200


@pytest.mark.parametrize(("enabled", "status"), [(None, 404), (True, 200)])
async def test_the_api_docs_are_off_in_production_unless_enabled(
    dev_env: WorkflowEnvironment, sqlite_url: str, enabled: bool | None, status: int
) -> None:
    settings = Settings(environment="production", jwt_signing_key=SECRET, payload_keys=KEYS,
                        database_url=sqlite_url, api_docs=enabled)
    app = create_app(settings, client=dev_env.client)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
    ) as http:
        assert (await http.get("/docs")).status_code == status
        assert (await http.get("/openapi.json")).status_code == status


async def test_every_answer_holding_child_data_says_no_store(api: Api) -> None:
    _, answer = await post(api, canonical_outcome())
    pid = answer["results"][0]["pathway_id"]
    sup = api.token("supervisor")
    for path in (f"/v1/pathways/{pid}", "/v1/tasks/overdue", "/v1/caseload",
                 "/v1/reports/kpis?format=csv", "/v1/reports/timeliness", "/sign-in"):
        r = await api.http.get(path, headers=sup)
        assert r.headers["cache-control"] == "no-store", path
    refused = await api.http.get(f"/v1/pathways/{pid}")
    assert refused.status_code == 401 and refused.headers["cache-control"] == "no-store"
    r = await api.http.post("/v1/court-outcomes", json=canonical_outcome(), headers=api.token("integrator"))
    assert r.headers["cache-control"] == "no-store"
    # Public files (styles, scripts) may be cached.
    assert "no-store" not in (await api.http.get("/static/app.css")).headers.get("cache-control", "")


async def test_a_supervisor_cannot_lower_small_count_suppression_below_the_floor(api: Api) -> None:
    url = "/v1/reports/disproportionality?dimension=ethnicity&min_count="
    r = await api.http.get(url + "1", headers=api.token("supervisor"))
    assert r.status_code == 403 and r.json()["errors"][0]["field"] == "min_count"
    r = await api.http.get(url + "5", headers=api.token("supervisor"))
    assert r.status_code == 200 and r.json()["min_count"] == 5
    r = await api.http.get(url.removesuffix("&min_count="), headers=api.token("supervisor"))
    assert r.json()["min_count"] == api.settings.suppression_floor
    r = await api.http.get(url + "1", headers=api.token("auditor", "alex", None))
    assert r.status_code == 200 and r.json()["min_count"] == 1
