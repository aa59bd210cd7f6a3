"""Cross-origin requests are answered for the codec only, only in development, and only from the
Temporal UI's origins: no other page can read the API's answers with a user's cookie."""

import base64
import json
import os

import httpx
from fastapi import FastAPI

from api.app import create_app
from core.settings import Settings

UI_ORIGINS = ("http://127.0.0.1:8233", "http://localhost:8233")


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-namespace",
    }


async def options(app: FastAPI, path: str, origin: str) -> httpx.Response:
    # Preflights are answered before any route runs: the app needs no lifespan for them.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000") as http:
        return await http.options(path, headers=preflight(origin))


async def test_cors_is_sent_only_for_the_codec_in_development() -> None:
    app = create_app(Settings(temporal_ui_port=8233))
    for origin in UI_ORIGINS:
        r = await options(app, "/codec/decode", origin)
        assert r.status_code == 200, r.text
        assert r.headers["access-control-allow-origin"] == origin
        assert r.headers["access-control-allow-credentials"] == "true"
        assert "POST" in r.headers["access-control-allow-methods"]
        assert "x-namespace" in r.headers["access-control-allow-headers"].lower()
    for path in ("/v1/pathways/x", "/v1/pathways/x/steps/allocation", "/cases/x", "/v1/audit", "/sign-in"):
        r = await options(app, path, UI_ORIGINS[0])
        assert "access-control-allow-origin" not in r.headers, (path, r.headers)


async def test_the_codec_answers_no_other_origin_than_the_temporal_uis() -> None:
    app = create_app(Settings(temporal_ui_port=8233))
    for origin in ("http://evil.example", "http://127.0.0.1:9999", "null"):
        r = await options(app, "/codec/decode", origin)
        assert "access-control-allow-origin" not in r.headers, (origin, r.headers)


async def test_in_production_not_even_the_codec_sends_cors_headers() -> None:
    keys = json.dumps({"current": "k1", "keys": {"k1": base64.b64encode(os.urandom(32)).decode()}})
    app = create_app(Settings(environment="production", jwt_signing_key="a-real-secret-from-the-vault-" + "x" * 32,
                              payload_keys=keys, temporal_ui_port=8233))
    for origin in UI_ORIGINS:
        r = await options(app, "/codec/decode", origin)
        assert "access-control-allow-origin" not in r.headers, r.headers
