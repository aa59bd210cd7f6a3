"""`pathway bench ingest` runs end to end on a small scale and ends with its JSON line."""

import json

import pytest

from benchmarks.ingest.bench import main


@pytest.mark.parametrize(
    ("worker", "ran"),
    [
        ("during", "80 pathways reached the read model"),  # 60 and the 20 of the warm-up
        ("after", "10 pathways reached the read model in"),
    ],
)
def test_the_ingest_bench_ends_with_records_rates_and_their_ratio(
    capsys: pytest.CaptureFixture[str], worker: str, ran: str
) -> None:
    args = ["--records", "60", "--batch", "20", "--rounds", "2", "--worker", worker]
    assert main([*args, "--verify", "10"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(out[-1])
    assert set(figures) == {"records", "records_per_s", "raw_starts_per_s", "ratio"}
    assert figures["records"] == 60 and figures["records_per_s"] > 0
    assert figures["ratio"] == pytest.approx(
        figures["records_per_s"] / figures["raw_starts_per_s"], abs=0.01
    )
    assert any(ran in line for line in out), out
