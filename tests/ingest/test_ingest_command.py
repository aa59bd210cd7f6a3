"""`pathway ingest FILE...` end to end: the dev server, a worker, a real database, real files.

The command connects as a deployment would (`connect_temporal`, with the payload codec), so
the worker here uses a client made the same way.
"""

import asyncio
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from commands.ingest import Progress, run_ingest
from core.clients import connect_temporal
from core.settings import Settings
from db.session import make_engine, make_sessions
from ingest.held import HeldStore
from ingest.replay import NothingToReplay, replay
from ingest.service import IngestService
from ingest.store import IntakeStore
from tests.factories import canonical_outcome
from tests.ingest.intake import court_records, cp, held_records, workflows_on
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


async def ingest(settings: Settings, *files: Path) -> int:
    return await asyncio.to_thread(run_ingest, settings, list(files))


def write(path: Path, records: list[Any], *, ndjson: bool = False) -> Path:
    text = "\n".join(json.dumps(r) for r in records) if ndjson else json.dumps(records)
    path.write_text(text)
    return path


async def test_a_large_file_gets_a_result_per_record_a_summary_and_exit_1_for_a_rejection(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [canonical_outcome() for _ in range(250)]
    records[3] = canonical_outcome(disposal__type="fine")
    records[7] = canonical_outcome(defendant__date_of_birth="2001-01-01")
    status = await ingest(settings, write(tmp_path / "outcomes.json", records))
    out, err = capsys.readouterr()
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("outcomes.json record 3: rejected: disposal.type")
    assert lines[0].endswith(f"(held record {held_records(settings.sqlalchemy_url)[0].id})")
    assert lines[1].startswith("outcomes.json record 7: skipped: not a youth case")
    assert "  started        248" in out and "  rejected         1" in out
    assert "  total          250" in out
    assert "outcomes.json: 250/250 records (100%)" in err
    assert court_records(settings.sqlalchemy_url) == 248


async def test_a_file_run_again_after_stopping_half_way_starts_no_second_pathway(
    settings: Settings, dev_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    records = [canonical_outcome() for _ in range(40)]
    assert await ingest(settings, write(tmp_path / "half.json", records[:20])) == 0
    # A crash between a claim and its start: the record is claimed, its workflow never started.
    engine = make_engine(settings.sqlalchemy_url)
    service = IngestService(
        IntakeStore(make_sessions(engine)), await connect_temporal(settings), settings
    )
    (candidate,) = service.candidates([records[20]])
    assert candidate.record.outcome is not None
    (claimed,) = service.store.claim_many([(candidate.record.outcome, {})])
    assert await ingest(settings, write(tmp_path / "all.ndjson", records, ndjson=True)) == 0
    assert court_records(settings.sqlalchemy_url) == 40
    queue = settings.temporal_task_queue
    assert await workflows_on(dev_env.client, queue, at_least=40) == 40
    description = await dev_env.client.get_workflow_handle(claimed.pathway_id).describe()
    assert description.status is not None and description.status.name == "RUNNING"
    engine.dispose()


async def test_a_line_that_is_not_json_is_rejected_kept_and_replayed_once_corrected(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, fixed = canonical_outcome(), canonical_outcome()
    path = tmp_path / "feed.ndjson"
    path.write_text(
        json.dumps(good)
        + "\n"
        + '{"message_id": "m-2", \n'
        + json.dumps(cp("cp-referral-order-offence-level"))
    )
    assert await ingest(settings, path) == 1
    out, _ = capsys.readouterr()
    assert "feed.ndjson record 1: rejected: feed.ndjson line 2: not JSON" in out
    (held,) = held_records(settings.sqlalchemy_url)
    assert (held.kind, held.payload) == ("unreadable", {"line": '{"message_id": "m-2", '})
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    service = IngestService(IntakeStore(sessions), await connect_temporal(settings), settings)
    with pytest.raises(NothingToReplay):
        await replay(service, HeldStore(sessions), held.id, None)
    done = await replay(service, HeldStore(sessions), held.id, fixed)
    assert done.resolved and done.results[0].result.value == "started"
    engine.dispose()


async def test_a_missing_file_or_an_unreachable_temporal_exits_2(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await ingest(settings, tmp_path / "nowhere.json") == 2
    assert "no such file" in capsys.readouterr().err
    # Nothing listens there: the command gives up after the configured wait for a server.
    away = settings.model_copy(
        update={"temporal_address": "127.0.0.1:1", "temporal_connect_wait_seconds": 1.0}
    )
    assert await ingest(away, write(tmp_path / "one.json", [canonical_outcome()])) == 2
    assert "cannot be reached" in capsys.readouterr().err


def test_progress_on_a_log_is_a_line_at_each_tenth_and_nothing_for_small_files() -> None:
    log = io.StringIO()
    progress = Progress("big.json", 1000, log)
    for done in range(100, 1001, 50):
        progress.update(done)
    lines = log.getvalue().splitlines()
    assert lines[0] == "big.json: 100/1000 records (10%)"
    assert lines[-1] == "big.json: 1000/1000 records (100%)" and len(lines) == 10
    small = io.StringIO()
    Progress("small.json", 199, small).update(199)
    assert small.getvalue() == ""


async def test_a_message_of_a_file_with_more_than_5000_defendants_is_rejected_unstored_and_the_rest_ingested(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = cp("cp-two-defendants")
    case = big["hearing"]["prosecutionCases"][0]
    big["hearing"]["prosecutionCases"] = [{**case, "defendants": [{"id": f"d{i}"} for i in range(6000)]}]
    records = [canonical_outcome(), big, canonical_outcome()]
    status = await ingest(settings, write(tmp_path / "feed.json", records))
    out, _ = capsys.readouterr()
    assert status == 1
    assert "feed.json record 1: rejected: the body holds 6,000 records" in out
    assert "  started          2" in out and "  rejected         1" in out
    assert court_records(settings.sqlalchemy_url) == 2 and not held_records(settings.sqlalchemy_url)
