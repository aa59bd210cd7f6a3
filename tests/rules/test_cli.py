"""`pathway eligibility FACTS.json [--on DATE]`: an object, an array, and bad input."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rules.cli import eligibility_command, turnaround_command

ON = date(2026, 6, 15)
CHILD = {
    "date_of_birth": "2013-03-02",
    "lives_with_caregiver": True,
    "caregiver_willing_to_engage": True,
    "placement": "home",
    "acute_psychiatric_illness": False,
    "sex_offending_only": False,
}


def write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_one_object_prints_one_set_of_decisions(tmp_path: Path) -> None:
    printed = json.loads(eligibility_command(write(tmp_path, CHILD), ON))
    assert set(printed) == {"fft", "nvr", "dv_groups", "violence_reduction"}
    assert printed["fft"]["status"] == "eligible"
    assert printed["nvr"]["status"] == "needs_information"
    assert printed["fft"]["evaluated_on"] == "2026-06-15"
    assert printed["fft"]["ruleset_version"] == "2026.1"


def test_an_array_prints_an_array_in_order(tmp_path: Path) -> None:
    records = [CHILD, {**CHILD, "date_of_birth": "2020-01-01"}, {"date_of_birth": "2010-05-05"}]
    printed = json.loads(eligibility_command(write(tmp_path, records), ON))
    assert [p["fft"]["status"] for p in printed] == ["eligible", "ineligible", "needs_information"]


def test_an_empty_array_prints_an_empty_array(tmp_path: Path) -> None:
    assert json.loads(eligibility_command(write(tmp_path, []), ON)) == []


def test_the_evaluation_date_defaults_to_today(tmp_path: Path) -> None:
    printed = json.loads(eligibility_command(write(tmp_path, CHILD), None))
    assert printed["fft"]["evaluated_on"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param(
            [CHILD, {**CHILD, "placement": "prison"}],
            r"record 1: field placement",
            id="an unknown placement names the record and the field",
        ),
        pytest.param(
            [{k: v for k, v in CHILD.items() if k != "date_of_birth"}],
            r"record 0: field date_of_birth: is required",
            id="a missing date of birth names the field",
        ),
        pytest.param(
            {**CHILD, "date_of_birth": "15/06/2013"},
            r"record 0: field date_of_birth",
            id="a date of birth not in ISO form names the field",
        ),
        pytest.param(
            {**CHILD, "favourite_colour": "blue"},
            r"record 0: field favourite_colour",
            id="an unknown fact names the field",
        ),
        pytest.param(
            {**CHILD, "expected_return_home_weeks": -1},
            r"record 0: field expected_return_home_weeks",
            id="negative weeks until home names the field",
        ),
        pytest.param(
            [CHILD, "not an object"],
            r"record 1: expected a JSON object",
            id="an array entry that is not an object names the record",
        ),
        pytest.param(
            {**CHILD, "date_of_birth": "2026-06-16"},
            r"record 0: date_of_birth 2026-06-16 is after the evaluation date",
            id="a child born after the evaluation date is refused",
        ),
        pytest.param("{not json", r"not valid JSON", id="a file that is not JSON is refused"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, document: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        eligibility_command(write(tmp_path, document), ON)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be read"):
        eligibility_command(tmp_path / "absent.json", ON)


def test_a_date_before_any_rule_set_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="record 0: no eligibility rule set is in force"):
        eligibility_command(write(tmp_path, CHILD), date(2025, 1, 1))


TURNAROUND_CHILD = {
    "date_of_birth": "2012-03-02",
    "trigger": "first_youth_caution",
    "trigger_date": "2026-04-01",
    "referred_on": "2026-06-01",
    "previous_turnaround_referral_on": "none",
}


def test_turnaround_prints_turnarounds_decision(tmp_path: Path) -> None:
    printed = json.loads(turnaround_command(write(tmp_path, TURNAROUND_CHILD), ON))
    assert (printed["programme"], printed["status"]) == ("turnaround", "eligible")
    assert printed["evaluated_on"] == "2026-06-15"


def test_turnaround_an_array_prints_an_array_with_what_to_collect(tmp_path: Path) -> None:
    records = [TURNAROUND_CHILD, {"date_of_birth": "2012-03-02", "trigger": "court_fine"}]
    printed = json.loads(turnaround_command(write(tmp_path, records), ON))
    assert [p["status"] for p in printed] == ["eligible", "needs_information"]
    assert printed[1]["missing_facts"] == [
        "trigger_date",
        "referred_on",
        "previous_turnaround_referral_on",
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param(
            {**TURNAROUND_CHILD, "trigger": "arrest"},
            r"record 0: field trigger",
            id="a trigger not in the list of values names the field",
        ),
        pytest.param(
            {**TURNAROUND_CHILD, "referred_on": "2026-03-01"},
            r"record 0: .*referred_on 2026-03-01 is before the trigger_date",
            id="a referral before the trigger names both fields",
        ),
        pytest.param(
            {k: v for k, v in TURNAROUND_CHILD.items() if k != "date_of_birth"},
            r"record 0: field date_of_birth: is required",
            id="a missing date of birth names the field",
        ),
        pytest.param(
            {**TURNAROUND_CHILD, "admitted_offence": True},
            r"record 0: field admitted_offence",
            id="an unknown fact names the field (no admission is read)",
        ),
    ],
)
def test_turnaround_bad_input_is_a_clear_error(tmp_path: Path, document: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        turnaround_command(write(tmp_path, document), ON)
