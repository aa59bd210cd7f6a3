"""The FastAPI application: one Temporal client and one intake, created in the lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from temporalio.client import Client

from api.docs import mount_docs
from api.errors import document_errors, http_handler, pathway_error_handler, validation_handler
from api.headers import NoStore
from api.nul import RefuseNul
from api.ratelimit import FailedAuthLimiter
from api.routes import (
    audit,
    caseload,
    codec,
    contacts,
    court_outcomes,
    diversion_referrals,
    evaluation,
    health,
    held_records,
    notifications,
    outcomes,
    pathways,
    reflections,
    reports,
    staff,
    tasks,
    transfers,
    victim_details,
)
from core.clients import connect_temporal
from core.errors import PathwayError
from core.pathways import Pathways
from core.settings import Settings, get_settings
from db.session import make_engine, make_sessions
from ingest.service import IngestService
from ingest.store import IntakeStore
from web.mount import mount as mount_pages

DESCRIPTION = """
Pathway runs each sentenced child's journey through their court order as a durable workflow.

Every call but `/healthz` needs `Authorization: Bearer <token>`; in development, get one with
`pathway token --role supervisor --user sam --team bromley` and press **Authorize**.
Dates are `YYYY-MM-DD`. A 422 names each bad field; a 409 says why a step is not allowed now.
"""


def create_app(settings: Settings | None = None, client: Client | None = None) -> FastAPI:
    """Build the app; `client` lets tests pass a Temporal client they already have."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.sqlalchemy_url)
        temporal = client or await connect_temporal(settings)
        app.state.settings = settings
        app.state.temporal = temporal
        sessions = make_sessions(engine)
        app.state.sessions = sessions
        app.state.pathways = Pathways(temporal, sessions)
        app.state.ingest = IngestService(IntakeStore(sessions), temporal, settings)
        yield
        engine.dispose()

    app = FastAPI(
        title="Pathway",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    app.state.auth_limiter = FailedAuthLimiter(settings.failed_auth_limit)
    # Added in this order, so the outermost refuses first: a request for another host, then
    # a NUL in the path; nothing the app answers is stored by a browser or proxy; and CORS
    # (for the codec only, in development) answers the Temporal UI's preflights.
    app.add_middleware(NoStore)
    app.add_middleware(RefuseNul)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    codec.add_codec_cors(app, settings)
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(StarletteHTTPException, http_handler)
    # Pathway's own errors, however deep they are raised, are answered here (`core.errors`).
    app.add_exception_handler(PathwayError, pathway_error_handler)
    app.include_router(codec.router)
    app.include_router(reports.router)
    app.include_router(outcomes.router)
    app.include_router(held_records.router)
    app.include_router(diversion_referrals.router)
    app.include_router(victim_details.router)
    app.include_router(transfers.router)
    app.include_router(staff.router)
    app.include_router(reflections.router)
    app.include_router(evaluation.router)
    app.include_router(contacts.router)
    for module in (health, court_outcomes, pathways, tasks, caseload, audit, notifications):
        app.include_router(module.router)
    mount_pages(app)
    if settings.docs_enabled:
        mount_docs(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
