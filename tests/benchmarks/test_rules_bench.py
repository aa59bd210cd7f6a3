"""`pathway bench rules`: the engine's speed, checked decision by decision against the oracle."""

import json
from dataclasses import asdict

import pytest

from benchmarks.rules import bench
from benchmarks.rules.bench import bench_rules, main
from samples import eligibility_oracle as oracle
from samples.random_facts import random_requests


def test_the_bench_loads_the_same_oracle() -> None:
    loaded = bench.oracle
    request = random_requests(1)[0]
    assert {k: asdict(v) for k, v in loaded.decide(request).items()} == {
        k: asdict(v) for k, v in oracle.decide(request).items()
    }


def test_the_bench_ends_with_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    result = bench_rules(count=300, seed=9)
    lines = capsys.readouterr().out.strip().splitlines()
    assert json.loads(lines[-1]) == result
    assert set(result) == {
        "decisions_per_s",
        "p99_ms",
        "batched_decisions_per_s",
        "preview_decisions_per_s",
        "reference_decisions_per_s",
        "disagreements",
        "preview_pathways",
        "preview_seconds",
    }
    assert result["disagreements"] == 0
    assert result["decisions_per_s"] > 0 and result["p99_ms"] > 0


def test_the_bench_command_exits_zero_when_the_rules_agree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--count", "100", "--seed", "3", "--preview-pathways", "300"]) == 0
    assert '"disagreements": 0' in capsys.readouterr().out
