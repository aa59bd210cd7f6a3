"""`pathway bench memory` at a tiny size, so the benchmark cannot rot (no sizes asserted)."""

import json

import pytest

from benchmarks.memory.bench import main


def test_the_memory_bench_reads_the_worker_rss_for_each_cache_size(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--pathways", "12", "--caches", "default,5", "--settle", "1", "--concurrency", "6"]
    assert main(args) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert figures["open_pathways"] == 12, "every pathway was started and projected"
    assert set(figures["by_cache"]) == {"default", "5"}
    assert figures["by_cache"]["5"]["queried"] == 10, "twice the cache's worth was queried"
    assert figures["worker_rss_mb"] == figures["by_cache"]["default"]["rss_mb"] > 0
    assert figures["max_cached_workflows"] == 1000
