"""`pathway bench ingest` runs end to end on a small scale and ends with its JSON line: court
outcomes against bare starts, and referrals for diversion against raw `DiversionWorkflow`
starts of the same inputs."""

import json

import pytest

from benchmarks.ingest.bench import main


@pytest.mark.parametrize(
    ("worker", "ran"),
    [
        # 60 court outcomes and 40 referrals, and the warm-up's 20 and 10
        ("during", "130 pathways reached the read model"),
        ("after", "10 pathways reached the read model in"),
    ],
)
def test_the_ingest_bench_ends_with_records_rates_and_their_ratio(
    capsys: pytest.CaptureFixture[str], worker: str, ran: str
) -> None:
    args = ["--records", "60", "--referrals", "40", "--batch", "20", "--rounds", "2"]
    args += ["--worker", worker]
    assert main([*args, "--verify", "10"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(out[-1])
    assert set(figures) == {
        "records",
        "records_per_s",
        "raw_starts_per_s",
        "ratio",
        "referrals",
        "referrals_per_s",
        "raw_referral_starts_per_s",
        "referral_ratio",
    }
    assert figures["records"] == 60 and figures["records_per_s"] > 0
    assert figures["ratio"] == pytest.approx(
        figures["records_per_s"] / figures["raw_starts_per_s"], abs=0.01
    )
    assert figures["referrals"] == 40 and figures["referrals_per_s"] > 0
    assert figures["referral_ratio"] == pytest.approx(
        figures["referrals_per_s"] / figures["raw_referral_starts_per_s"], abs=0.01
    )
    assert any(ran in line for line in out), out
