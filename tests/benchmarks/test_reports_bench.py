"""`pathway bench reports` runs end to end on a small scale: every report agrees with its SQL."""

import json

import pytest

from benchmarks.reports.bench import main
from benchmarks.reports.registry import REPORTS
from tests.conftest import require_postgres


def test_the_reports_bench_times_every_report_against_its_query_and_ends_with_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    require_postgres()  # the bench loads the nation into PostgreSQL
    # The bench raises if any report's headline differs from its hand-written query's.
    assert main(["--small"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(out[-1])
    assert figures["services"] == 4 and figures["rows"]["rm_tasks"] > 1000
    assert 0 < figures["sqlite_rows"]["rm_pathways"] < figures["rows"]["rm_pathways"]
    assert set(figures["reports"]) == {r.name for r in REPORTS}
    for name, where in figures["reports"].items():
        assert set(where) == {"sqlite_year", "postgres_year", "national"}, name
        for timed in where.values():
            assert timed["p95_s"] >= timed["p50_s"] > 0 and timed["sql_p50_s"] >= 0
            if timed["sql_p50_s"]:
                expected = timed["p50_s"] / timed["sql_p50_s"]
                assert timed["ratio"] == pytest.approx(expected, abs=0.01)
    assert isinstance(figures["targets_met"], bool)
    assert any(line.startswith("PostgreSQL, the nation: loaded in") for line in out)
