"""`pathway bench workers` at a tiny size: nothing is lost when one of two workers is killed."""

import json

import pytest

from benchmarks.workers.bench import STEPS, main


def test_the_workers_bench_loses_nothing_when_a_worker_is_killed_halfway(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--pathways", "8", "--concurrency", "4"]) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert figures["lost"] == 0
    for phase in ("one", "two"):
        assert figures[phase]["steps"] == 8 * STEPS
        assert figures[phase]["lost"] == 0
    assert list(figures["one"]["tasks_by_worker"]) == ["worker-a"]
    assert figures["tasks_by_worker"] == figures["two"]["tasks_by_worker"]
    assert set(figures["tasks_by_worker"]) == {"worker-a", "worker-b (killed halfway)"}, (
        "both workers did work"
    )
    assert figures["per_s_one"] > 0 and figures["per_s_two"] > 0
