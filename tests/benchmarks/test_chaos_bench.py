"""`pathway bench chaos` on two pathways, and its comparison on made-up differences."""

import copy
import json

import pytest

from benchmarks.chaos.bench import main
from benchmarks.chaos.compare import Snapshot, compare
from benchmarks.chaos.faults import KILL, SERVER_KILL, SERVER_STOP, plan

KEYS = {"pathways", "worker_kills", "server_restarts", "lost", "duplicated", "mismatched"}


def test_a_tiny_chaos_run_kills_restarts_and_finds_nothing_lost_duplicated_or_changed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--pathways", "2", "--kills", "1", "--server-restarts", "1", "--seconds", "6"])
    out = capsys.readouterr().out.splitlines()
    figures = json.loads(out[-1])
    assert KEYS <= set(figures)
    assert figures["pathways"] == 2 and figures["worker_kills"] == 1
    assert figures["server_restarts"] == 1
    assert (figures["lost"], figures["duplicated"], figures["mismatched"]) == (0, 0, 0), out
    assert code == 0
    assert any(line.startswith("compared: 2 final states") for line in out)


def test_the_fault_plan_has_the_kills_and_restarts_asked_for_and_starts_with_a_kill() -> None:
    import random

    steps = plan(random.Random(1), kills=12, restarts=2, seconds=60)
    kinds = [kind for _, kind in steps]
    assert kinds.count(KILL) == 12 and kinds.count(SERVER_KILL) == kinds.count(SERVER_STOP) == 1
    assert kinds[0] == KILL
    assert all(pause >= 2.5 for pause, _ in steps)
    assert 30 < sum(pause for pause, _ in steps) < 90


def _snapshot() -> Snapshot:
    shot = Snapshot(executions=1)
    shot.states[0] = {"pathway_id": "P0", "timeline": [{"kind": "allocation"}], "version": 1}
    shot.rows = {
        name: []
        for name in (
            "rm_pathways",
            "rm_tasks",
            "rm_victims",
            "rm_decisions",
            "rm_referrals",
            "rm_bias_reflections",
            "outbox",
            "children",
            "court_records",
            "pathway_index",
            "held_records",
        )
    }
    shot.rows["rm_tasks"] = [
        {"pathway_id": "P0", "task_id": "allocation", "status": "done"},
        {"pathway_id": "P0", "task_id": "closure", "status": "open"},
    ]
    shot.rows["outbox"] = [{"key": "P0:victim-work-ended", "message": "Tell the victim"}]
    return shot


def test_identical_runs_compare_equal() -> None:
    d = compare(_snapshot(), _snapshot())
    assert (d.lost, d.duplicated, d.mismatched) == (0, 0, 0)


def test_a_missing_row_is_lost_an_extra_one_duplicated_and_a_changed_one_mismatched() -> None:
    chaos = _snapshot()
    chaos.rows["rm_tasks"].pop()  # lost
    chaos.rows["outbox"].append({"key": "P0:override:fft:7", "message": "again"})  # extra
    chaos.rows["rm_tasks"][0]["status"] = "open"  # changed
    d = compare(chaos, _snapshot())
    assert (d.lost, d.duplicated, d.mismatched) == (1, 1, 1), d.examples


def test_a_step_recorded_twice_is_a_duplicate_and_a_mismatch_and_a_missing_pathway_is_lost() -> None:
    chaos = _snapshot()
    state = copy.deepcopy(chaos.states[0])
    state["timeline"].append({"kind": "allocation"})
    chaos.states[0] = state
    d = compare(chaos, _snapshot())
    assert (d.lost, d.duplicated, d.mismatched) == (0, 1, 1), d.examples
    del chaos.states[0]
    chaos.executions = 2
    d = compare(chaos, _snapshot())
    assert (d.lost, d.duplicated, d.mismatched) == (1, 1, 0), d.examples
