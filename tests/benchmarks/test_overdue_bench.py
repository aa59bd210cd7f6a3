"""`pathway bench overdue` on a tiny read model, so the benchmark cannot rot (no timings asserted)."""

import json
import os

import pytest

from benchmarks.overdue.bench import main
from tests.conftest import _postgres_available

KEYS = {"open_tasks", "p50_ms", "p95_ms", "raw_sql_p50_ms", "raw_sql_p95_ms", "ratio", "mismatches"}


def test_the_overdue_bench_ends_with_one_json_line_and_both_ways_return_the_same_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--tasks", "500", "--pathways", "50", "--teams", "5", "--requests", "24"])
    out = capsys.readouterr().out.splitlines()
    figures = json.loads(out[-1])
    assert code == 0
    expected = {"sqlite"}
    if _postgres_available():
        expected.add("postgresql")
    elif os.environ.get("PATHWAY_TEST_WITHOUT_POSTGRES") != "1":
        pytest.fail("PostgreSQL is not reachable at 127.0.0.1:5432 (make test starts it)")
    assert set(figures) == expected
    for name, f in figures.items():
        assert KEYS <= set(f), name
        assert f["open_tasks"] == 500
        assert 0 < f["overdue_tasks"] < 500, "a share of the tasks is overdue"
        assert f["mismatches"] == 0, "the route's code and the plain SQL returned the same rows"
        assert f["p95_ms"] > 0 and f["raw_sql_p95_ms"] > 0
        assert f["ratio"] == round(f["p95_ms"] / f["raw_sql_p95_ms"], 2)
    assert any(line.startswith("sqlite: 500 open tasks") for line in out)


def test_the_overdue_bench_can_run_on_sqlite_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tasks", "40", "--pathways", "8", "--teams", "2", "--requests", "4", "--databases", "sqlite"]) == 0
    assert set(json.loads(capsys.readouterr().out.splitlines()[-1])) == {"sqlite"}
