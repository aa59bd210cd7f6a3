"""Helpers for the intake's API and command tests: posting, counting rows and workflows, fixtures."""

import asyncio
import json
from typing import Any

from sqlalchemy import func, select
from temporalio.client import Client

from db.tables import CourtRecord, HeldRecord
from samples import COMMON_PLATFORM, INVENTED_COMMON_PLATFORM
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually

DATA = INVENTED_COMMON_PLATFORM
SAMPLES = COMMON_PLATFORM


def cp(name: str) -> dict[str, Any]:
    """One of our synthetic youth Common Platform messages (samples/common_platform/invented)."""
    return json.loads((DATA / f"{name}.json").read_text())


def sample(name: str) -> Any:
    """One of the public Common Platform samples."""
    return json.loads((SAMPLES / name).read_text())


async def post(api: Api, body: Any, role: str = "integrator") -> tuple[int, dict[str, Any]]:
    r = await api.http.post("/v1/court-outcomes", json=body, headers=api.token(role))
    return r.status_code, r.json()


async def post_raw(
    api: Api, content: bytes, role: str = "integrator"
) -> tuple[int, dict[str, Any]]:
    headers = {**api.token(role), "content-type": "application/json"}
    r = await api.http.post("/v1/court-outcomes", content=content, headers=headers)
    return r.status_code, r.json()


def court_records(url: str) -> int:
    with sessions_for(url) as sessions, sessions() as session:
        return session.scalar(select(func.count()).select_from(CourtRecord)) or 0


def held_records(url: str) -> list[HeldRecord]:
    with sessions_for(url) as sessions, sessions() as session:
        return list(session.scalars(select(HeldRecord).order_by(HeldRecord.id)))


async def workflows_on(client: Client, queue: str, *, at_least: int = 1) -> int:
    """How many workflows were started on a test's own task queue (visibility lags a little)."""
    query = f"TaskQueue = '{queue}'"

    async def count() -> int:
        return (await client.count_workflows(query)).count

    await eventually(count, lambda n: n >= at_least, what=f"{at_least} workflows listed",
                     seconds=10, every=0.2)
    await asyncio.sleep(0.3)  # anything started before those seen would show by now
    return await count()
