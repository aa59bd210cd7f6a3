"""Health: is the API up and can it reach Temporal."""

from fastapi import APIRouter

from api.deps import ClientDep
from api.guard import GuardedRoute, public

router = APIRouter(tags=["health"], route_class=GuardedRoute)


@router.get("/healthz", dependencies=[public()])
async def healthz(client: ClientDep) -> dict[str, str]:
    """Report that the API is up and whether Temporal answers (no token needed)."""
    try:
        await client.service_client.check_health()
        temporal = "ok"
    except Exception as down:  # noqa: BLE001 - any failure means "not reachable" here
        temporal = f"unreachable: {type(down).__name__}"
    return {"status": "ok", "temporal": temporal}
