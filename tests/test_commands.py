"""The `pathway` command line: token, eligibility, bench dispatch."""

import json
import subprocess
import sys
from pathlib import Path

from api.auth import verify_token
from core.settings import Settings


def pathway(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "commands", *args], capture_output=True, text=True, timeout=120)


def test_pathway_token_prints_a_token_the_api_accepts() -> None:
    out = pathway("token", "--role", "supervisor", "--user", "sam", "--team", "bromley")
    assert out.returncode == 0, out.stderr
    user = verify_token(Settings(), out.stdout.strip())
    assert (user.name, user.role.value, user.team) == ("sam", "supervisor", "bromley")


def test_pathway_eligibility_decides_an_array_of_fact_sets_in_order(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps([
        {"date_of_birth": "2011-05-14", "lives_with_caregiver": True, "caregiver_willing_to_engage": True,
         "placement": "home", "acute_psychiatric_illness": False, "sex_offending_only": False},
        {"date_of_birth": "2018-01-01"},
    ]))
    out = pathway("eligibility", str(facts), "--on", "2026-11-26")
    assert out.returncode == 0, out.stderr
    decisions = json.loads(out.stdout)
    assert [d["fft"]["status"] for d in decisions] == ["eligible", "ineligible"]
    assert decisions[0]["fft"]["ruleset_version"] == "2026.1"


def test_pathway_eligibility_names_the_bad_field(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"date_of_birth": "2011-05-14", "placement": "moon"}))
    out = pathway("eligibility", str(facts))
    assert out.returncode == 2 and "placement" in out.stderr


def test_pathway_eligibility_turnaround_decides_turnaround(tmp_path: Path) -> None:
    facts = tmp_path / "turnaround.json"
    facts.write_text(json.dumps({
        "date_of_birth": "2012-05-14", "trigger": "community_resolution", "trigger_date": "2026-09-01",
        "referred_on": "2026-11-20", "previous_turnaround_referral_on": "2025-04-02",
    }))
    out = pathway("eligibility", "--turnaround", str(facts), "--on", "2026-11-26")
    assert out.returncode == 0, out.stderr
    decision = json.loads(out.stdout)
    assert (decision["programme"], decision["status"]) == ("turnaround", "ineligible")
    assert "2025-04-02" in json.dumps(decision["criteria"])


def test_pathway_eligibility_turnaround_names_the_bad_field(tmp_path: Path) -> None:
    facts = tmp_path / "turnaround.json"
    facts.write_text(json.dumps({"date_of_birth": "2012-05-14", "trigger": "arrest"}))
    out = pathway("eligibility", "--turnaround", str(facts))
    assert out.returncode == 2 and "field trigger" in out.stderr


def test_an_unknown_benchmark_is_refused_with_the_list() -> None:
    out = pathway("bench", "nonsense")
    assert out.returncode == 2 and "rules" in out.stderr


def test_pathway_dev_points_the_temporal_ui_at_the_apis_codec(tmp_path: Path) -> None:
    from commands.dev import dev_server_command

    settings = Settings(data_dir=tmp_path, api_host="127.0.0.1", api_port=8000, temporal_ui_port=8233)
    for port, expected in ((None, "http://127.0.0.1:8000/codec"), (8123, "http://127.0.0.1:8123/codec")):
        command = dev_server_command(settings, port)
        assert command[command.index("--ui-codec-endpoint") + 1] == expected
        assert "--headless" not in command


def test_every_top_level_package_is_installed_with_the_project() -> None:
    """`pathway api` runs from the installed package: a package missing here fails to import."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text())
    included = {p.rstrip("*") for p in config["tool"]["setuptools"]["packages"]["find"]["include"]}
    packages = {
        p.parent.name for p in root.glob("*/__init__.py") if p.parent.name not in ("tests",)
    }
    assert packages - included == set()
