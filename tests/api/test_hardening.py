"""Access hardening: expiry, audience, rate limits, OIDC keys, body limits, production secrets."""

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
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
from settings import DEVELOPMENT_SIGNING_KEY, Settings
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


async def test_failed_sign_ins_are_rate_limited(api: Api) -> None:
    statuses = [(await api.http.get("/v1/tasks/overdue", headers=bearer("guess"))).status_code for _ in range(25)]
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}


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
    """Verified tokens are remembered (ADR 0073), never past their expiry or for other keys."""
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
