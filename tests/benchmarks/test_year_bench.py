"""`pathway bench year` on a small service: orders arrive, steps are recorded, reports come out."""

import json

import pytest

from benchmarks.year.bench import main


def test_the_year_bench_runs_orders_through_the_workflows_and_ends_with_the_reports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--orders", "6", "--diversions", "2", "--days", "30", "--seed", "7"]
    assert main([*args, "--history-months", "6", "--history-max-events", "60"]) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert figures["orders"] == 6, "every order was started"
    assert figures["diversions"] == 2, "every police referral was started"
    assert figures["simulated_days"] == 30 and figures["wall_s"] > 0
    assert figures["steps"] > 6, "steps were recorded on every pathway"
    reports = figures["reports"]
    assert sum(reports["pathways_by_status"].values()) == 8, "every pathway reached the read model"
    assert reports["timeliness"]["tasks"] > 0
    assert reports["disproportionality"]["dimension"] == "ethnicity"
    assert {"failures", "warnings", "breaches"} <= reports["kpis"]["compliance"].keys()
    history = figures["history"]
    assert history["status"] == "closed"
    assert history["runs"] >= 2, "a low history limit makes the long order continue as new"
    assert history["total_events"] == sum(history["events_per_run"])
