"""`pathway bench step` at a tiny size, so the benchmark cannot rot (no timings asserted)."""

import json

import pytest

from benchmarks.step import main


def test_the_step_bench_times_steps_over_http_against_bare_updates_and_ends_with_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["--rounds", "4", "--warmup", "1", "--pathways", "2", "--breakdown-every", "1"]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    figures = json.loads(out[-1])
    assert figures["steps"] == 4 and figures["raw_updates"] == 4, "every step was answered"
    assert figures["p95_ms"] > 0 and figures["raw_update_p95_ms"] > 0
    assert figures["ratio"] == round(figures["p95_ms"] / figures["raw_update_p95_ms"], 2)
    assert set(figures["breakdown_p50_p95_ms"]) >= {
        "direct_step",
        "http_step_httpx",
        "query",
        "http_get",
        "audit",
    }
    assert figures["state_payload_bytes"] > figures["bare_payload_bytes"]
    assert any(line.startswith("step bench: 4 steps over HTTP") for line in out)
