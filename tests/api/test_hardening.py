"""Access hardening: expiry, audience, rate limits, OIDC keys, body limits, production secrets."""

import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from core.settings import DEVELOPMENT_SIGNING_KEY, Settings
from tests.api.conftest import Api


def claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"sub": "sam", "role": "supervisor", "team": "bromley", "iss": "pathway", "aud": "pathway-api",
            "iat": now, "exp": now + timedelta(minutes=5)} | overrides


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_an_expired_token_or_one_for_another_audience_is_refused(api: Api) -> None:
    good = jwt.encode(claims(), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    assert (await api.http.get("/v1/tasks/overdue", headers=bearer(good))).status_code == 200
    expired = jwt.encode(claims(exp=datetime.now(UTC) - timedelta(seconds=1)), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    r = await api.http.get("/v1/tasks/overdue", headers=bearer(expired))
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    other = jwt.encode(claims(aud="another-service"), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    assert (await api.http.get("/v1/tasks/overdue", headers=bearer(other))).status_code == 401


async def test_a_thirty_day_token_is_refused(api: Api) -> None:
    now = datetime.now(UTC)
    month = jwt.encode(claims(iat=now, exp=now + timedelta(days=30)), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    r = await api.http.get("/v1/tasks/overdue", headers=bearer(month))
    assert r.status_code == 401 and "longer than the 720 allowed" in r.json()["detail"]
    no_iat = {k: v for k, v in claims(exp=now + timedelta(minutes=5)).items() if k != "iat"}
    r = await api.http.get("/v1/tasks/overdue", headers=bearer(jwt.encode(no_iat, DEVELOPMENT_SIGNING_KEY, algorithm="HS256")))
    assert r.status_code == 401 and "iat" in r.json()["detail"]
    # Both sides of the limit: twelve hours is allowed, twelve hours and a minute is not.
    twelve = jwt.encode(claims(iat=now, exp=now + timedelta(hours=12)), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    assert (await api.http.get("/v1/tasks/overdue", headers=bearer(twelve))).status_code == 200
    longer = jwt.encode(claims(iat=now, exp=now + timedelta(hours=12, minutes=1)), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    assert (await api.http.get("/v1/tasks/overdue", headers=bearer(longer))).status_code == 401


def test_tokens_cannot_be_issued_for_longer_than_the_maximum_lifetime() -> None:
    with pytest.raises(ValidationError, match="PATHWAY_TOKEN_TTL_MINUTES.*PATHWAY_MAX_TOKEN_LIFETIME_MINUTES"):
        Settings(token_ttl_minutes=721)
    assert Settings(token_ttl_minutes=1440, max_token_lifetime_minutes=1440).token_ttl_minutes == 1440


async def test_a_valid_token_is_never_refused_by_the_failed_sign_in_limiter(api: Api) -> None:
    statuses = [(await api.http.get("/v1/tasks/overdue", headers=bearer(f"guess-{i}"))).status_code for i in range(25)]
    assert statuses == [401] * 20 + [429] * 5
    assert (await api.http.get("/v1/tasks/overdue", headers=api.token("supervisor"))).status_code == 200
    r = await api.http.get("/v1/tasks/overdue", headers=bearer("guess-25"))
    assert r.status_code == 429 and r.headers["retry-after"] == "60"


@pytest.fixture
async def at_address(dev_env: WorkflowEnvironment, sqlite_url: str) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """Clients of one real app, each calling from the address it is given."""
    app = create_app(Settings(database_url=sqlite_url), client=dev_env.client)
    clients: list[httpx.AsyncClient] = []

    def client(address: str) -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)), base_url="http://127.0.0.1")
        clients.append(http)
        return http

    async with app.router.lifespan_context(app):
        yield client
    for http in clients:
        await http.aclose()


async def test_one_bad_token_tried_from_many_addresses_is_limited_by_the_token(
    at_address: Callable[[str], httpx.AsyncClient],
) -> None:
    leaked = jwt.encode(claims(exp=datetime.now(UTC) - timedelta(minutes=1)), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    statuses = [(await at_address(f"192.0.2.{i}").get("/v1/tasks/overdue", headers=bearer(leaked))).status_code
                for i in range(1, 23)]
    assert statuses == [401] * 20 + [429] * 2
    assert (await at_address("192.0.2.99").get("/v1/tasks/overdue", headers=bearer("another"))).status_code == 401


@pytest.fixture
def jwks() -> Iterator[tuple[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [public | {"kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json", key
    server.shutdown()
    server.server_close()


@pytest.fixture
async def small_app(dev_env: WorkflowEnvironment, sqlite_url: str, jwks: tuple[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=sqlite_url, oidc_jwks_url=jwks[0])
    app = create_app(settings, client=dev_env.client)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as http:
            yield http


async def test_with_oidc_configured_tokens_are_checked_against_the_providers_keys(
    small_app: httpx.AsyncClient, jwks: tuple[str, Any]
) -> None:
    _, key = jwks
    oidc = jwt.encode(claims(pathway_role="supervisor", pathway_team="bromley"), key, algorithm="RS256",
                      headers={"kid": "k1"})
    r = await small_app.get("/v1/tasks/overdue", headers=bearer(oidc))
    assert r.status_code == 200, r.text
    dev = jwt.encode(claims(), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    assert (await small_app.get("/v1/tasks/overdue", headers=bearer(dev))).status_code == 401


def test_production_refuses_the_development_secrets() -> None:
    with pytest.raises(ValidationError, match="PATHWAY_JWT_SIGNING_KEY"):
        Settings(environment="production")
    with pytest.raises(ValidationError, match="PATHWAY_PAYLOAD_KEYS"):
        Settings(environment="production", jwt_signing_key="a-real-secret-from-the-vault-" + "x" * 32)


def test_a_remembered_token_is_still_refused_once_it_expires_or_under_another_key() -> None:
    """Verified tokens are remembered (ADR 0091), never past their expiry or for other keys."""
    from api.auth import InvalidToken, verify_token

    settings = Settings()
    token = jwt.encode(claims(exp=datetime.now(UTC) + timedelta(seconds=2)), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")
    assert verify_token(settings, token).name == "sam"
    assert verify_token(settings, token).name == "sam", "remembered"
    with pytest.raises(InvalidToken, match="Signature verification failed"):
        verify_token(Settings(jwt_signing_key="another-key-" + "x" * 40), token)
    with pytest.raises(InvalidToken, match="Audience"):
        verify_token(Settings(jwt_audience="someone-else"), token)
    time.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)
    with pytest.raises(InvalidToken, match="expired"):
        verify_token(settings, token)
