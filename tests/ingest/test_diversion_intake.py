"""The diversion intake from files and after a crash: `pathway ingest` and a claim left starting.

`pathway ingest FILE` sends records shaped as referrals to the diversion intake and the rest
to the court intake, one result each, in file order; `--diversion` takes every record as a
referral. A referral claimed but never started (a crash between the two) is started by the
next attempt, once.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from commands.ingest import run_ingest
from contracts.diversion_referrals import DiversionReferral
from core.clients import connect_temporal
from core.settings import Settings
from db.session import make_engine, make_sessions
from db.tables import DiversionReferralRecord
from ingest.diversion import DiversionIntake, DiversionStore
from ingest.store import IntakeStore
from tests.conftest import sessions_for
from tests.factories import canonical_outcome
from tests.ingest.intake import court_records, workflows_on
from tests.ingest.referrals import held_referrals, police_referral, referral_claims
from tests.workflows.harness import fresh_queue
from worker import running_worker


@pytest.fixture
async def settings(dev_env: WorkflowEnvironment, database_url: str) -> AsyncIterator[Settings]:
    """Settings for the command, with a worker on their own task queue."""
    address = dev_env.client.service_client.config.target_host
    settings = Settings(
        database_url=database_url, temporal_task_queue=fresh_queue(), temporal_address=address
    )
    async with running_worker(await connect_temporal(settings), settings):
        yield settings


def ndjson(path: Path, records: list[Any]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records))
    return path


async def test_a_file_of_referrals_and_court_outcomes_goes_to_both_intakes_one_result_each(
    settings: Settings,
    dev_env: WorkflowEnvironment,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    referral = police_referral()
    records: list[Any] = [
        referral,
        canonical_outcome(),
        police_referral(source="self_or_family", force=..., offence=...),
        police_referral(child__date_of_birth="2006-01-01"),  # an adult on the referral
        "{not json",
        dict(referral),  # the same referral again
    ]
    path = ndjson(tmp_path / "mixed.ndjson", records)
    status = await asyncio.to_thread(run_ingest, settings, [path])
    out = capsys.readouterr().out
    assert status == 1, out
    lines = out.splitlines()
    assert lines[0].startswith("mixed.ndjson record 3: rejected: child.date_of_birth: gives age 20")
    assert lines[1].startswith("mixed.ndjson record 4: rejected: mixed.ndjson line 5: not JSON")
    assert "  started          3" in out and "  duplicate        1" in out
    assert "  rejected         2" in out and "  total            6" in out
    url = settings.sqlalchemy_url
    assert referral_claims(url) == 2 and court_records(url) == 1
    assert [h.result for h in held_referrals(url)] == ["rejected"]
    assert await workflows_on(dev_env.client, settings.temporal_task_queue, at_least=3) == 3
    # Run again: nothing new is started.
    status = await asyncio.to_thread(run_ingest, settings, [path])
    out = capsys.readouterr().out
    assert "  started          0" in out and "  duplicate        4" in out
    assert await workflows_on(dev_env.client, settings.temporal_task_queue, at_least=3) == 3
    # With --diversion, a record too malformed to look like a referral is rejected as one.
    bad = ndjson(tmp_path / "bad.ndjson", [{"referred_on": "2026-04-02"}])
    status = await asyncio.to_thread(run_ingest, settings, [bad], diversion=True)
    out = capsys.readouterr().out
    assert status == 1 and "bad.ndjson record 0: rejected: referral_id: Field required" in out


async def test_a_referral_claimed_but_never_started_is_started_by_the_next_attempt(
    settings: Settings, dev_env: WorkflowEnvironment
) -> None:
    record = police_referral()
    engine = make_engine(settings.sqlalchemy_url)
    store = IntakeStore(make_sessions(engine))
    intake = DiversionIntake(store, await connect_temporal(settings), settings)
    referral = DiversionReferral.model_validate(record)
    # The crash: claimed in the database, the process gone before Temporal heard of it.
    (claim,) = DiversionStore(store).claim_many([(referral, record, None)], None)
    assert claim.new and claim.state == "starting"
    (result,) = await intake.ingest([record])
    assert result.result.value == "duplicate" and result.pathway_id == claim.pathway_id
    described = await dev_env.client.get_workflow_handle(claim.pathway_id).describe()
    assert described.workflow_type == "DiversionWorkflow"
    with sessions_for(settings.sqlalchemy_url) as sessions, sessions() as session:
        states = session.scalars(select(DiversionReferralRecord.state)).all()
    assert states == ["started"]
    (again,) = await intake.ingest([record])
    assert again.result.value == "duplicate"
    assert await workflows_on(dev_env.client, settings.temporal_task_queue) == 1
    engine.dispose()
