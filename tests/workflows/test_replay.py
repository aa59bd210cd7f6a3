"""Histories recorded from earlier code still replay: running pathways survive a deploy."""

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from workflows.diversion import DiversionWorkflow
from workflows.pathway import PathwayWorkflow
from workflows.retention import RetentionWorkflow

HISTORIES = sorted((Path(__file__).resolve().parent / "histories").glob("*.json"))


def test_there_are_histories_to_replay() -> None:
    assert HISTORIES, "record one with python -m tests.workflows.record_histories NAME"


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_a_recorded_history_replays_on_the_current_code(path: Path) -> None:
    replayer = Replayer(
        workflows=[PathwayWorkflow, DiversionWorkflow, RetentionWorkflow],
        data_converter=pydantic_data_converter,
    )
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    await replayer.replay_workflow(history)
