"""`pathway bench step` at a tiny size, so the benchmark cannot rot (no timings asserted)."""

import json

import pytest

from benchmarks.rig.stats import percentile, quantile
from benchmarks.step.bench import main, ratio_interval


def _p95(values: list[float]) -> float:
    return quantile(values, 95)


def test_the_step_bench_times_steps_over_http_against_bare_updates_and_ends_with_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            ["--rounds", "4", "--warmup", "1", "--pathways", "2", "--breakdown-every", "1"]
            + ["--cpu", "3"]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    figures = json.loads(out[-1])
    assert figures["steps"] == 4 and figures["raw_updates"] == 4, "every step was answered"
    assert figures["p95_ms"] > 0 and figures["raw_update_p95_ms"] > 0
    assert figures["ratio"] == round(figures["p95_ms"] / figures["raw_update_p95_ms"], 2)
    low, high = figures["ratio_ci95"]
    assert 0 < low <= high
    assert set(figures["breakdown_p50_p95_ms"]) >= {
        "direct_step",
        "http_step_httpx",
        "query",
        "http_get",
        "audit",
    }
    assert figures["state_payload_bytes"] > figures["bare_payload_bytes"]
    cpu = figures["cpu_ms_per_operation"]
    assert set(cpu) == {"raw_update", "direct_step", "http_step"}
    processes = {"Temporal server", "worker", "api", "bare worker", "bench"}
    assert all(set(per) == processes and min(per.values()) >= 0 for per in cpu.values())
    assert any(line.strip().startswith("http_step    Temporal server") for line in out)
    assert any(line.startswith("step bench: 4 steps over HTTP") for line in out)


def test_the_ratio_interval_resamples_paired_rounds() -> None:
    """A step always 1.4x its round's bare update gives 1.4 whatever the resample; noise widens it."""
    import random

    rng = random.Random(7)
    raw = [8 + rng.expovariate(0.5) for _ in range(500)]
    assert ratio_interval([1.4 * r for r in raw], raw) == (1.4, 1.4)
    noisy = [1.4 * r + rng.gauss(0, 2) for r in raw]
    low, high = ratio_interval(noisy, raw)
    point = _p95(noisy) / _p95(raw)
    assert low < point < high and high - low < 0.5
    assert round(_p95(raw), 1) == percentile(raw, 95), "the same percentile as the report's"
