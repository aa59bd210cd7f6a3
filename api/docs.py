"""The API's own documentation page, served from Pathway's files (never a CDN).

`/docs` is Swagger UI (`api/static/swagger-ui`, from the npm package swagger-ui-dist), started
by a script file rather than inline script, so the page keeps a strict content security policy.
It and `/openapi.json` are served in development, and in production only when
`PATHWAY_API_DOCS=true`.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.guard import GuardedRoute, public

ASSETS = Path(__file__).parent / "static" / "swagger-ui"
ASSETS_PATH = "/docs-assets"
# Swagger UI sets inline styles; everything else comes from this site only.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pathway API</title>
<link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{ASSETS_PATH}/init.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False, route_class=GuardedRoute)


@router.get("/docs", response_class=HTMLResponse, dependencies=[public()])
async def docs() -> HTMLResponse:
    """Swagger UI for this API."""
    return HTMLResponse(_PAGE, headers={"content-security-policy": DOCS_POLICY})


def mount_docs(app: FastAPI) -> None:
    """Serve /docs and its files."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="docs-assets")
    app.include_router(router)
