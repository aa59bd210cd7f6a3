"""Age in whole years on the evaluation date, and the rule set version in force on it."""

from datetime import date

import pytest

from contracts.facts import AssessmentFacts, EligibilityRequest
from rules import NoRuleSetInForce, evaluate, parameters_on
from rules.decision import age_on
from rules.parameters import (
    DEFAULT_2026_1,
    ParameterSet,
    register_parameter_set,
    unregister_parameter_set,
)

FFT_READY = AssessmentFacts(
    lives_with_caregiver=True,
    caregiver_willing_to_engage=True,
    placement="home",
    acute_psychiatric_illness=False,
    sex_offending_only=False,
)


def fft_status(born: date, on: date) -> str:
    decisions = evaluate(EligibilityRequest(date_of_birth=born, facts=FFT_READY, on=on))
    return decisions.fft.status.value


@pytest.mark.parametrize(
    ("born", "on", "status"),
    [
        pytest.param(
            date(2016, 6, 15),
            date(2026, 6, 15),
            "eligible",
            id="a child turning 10 on the evaluation date is old enough for FFT",
        ),
        pytest.param(
            date(2016, 6, 16),
            date(2026, 6, 15),
            "ineligible",
            id="a child turning 10 the day after the evaluation date is too young",
        ),
        pytest.param(
            date(2008, 6, 15),
            date(2026, 6, 15),
            "ineligible",
            id="a child turning 18 on the evaluation date is too old for FFT",
        ),
        pytest.param(
            date(2008, 6, 16),
            date(2026, 6, 15),
            "eligible",
            id="a child turning 18 the day after the evaluation date can still have FFT",
        ),
        pytest.param(
            date(2016, 2, 29),
            date(2026, 2, 28),
            "ineligible",
            id="a child born on 29 February is still 9 on 28 February",
        ),
        pytest.param(
            date(2016, 2, 29),
            date(2026, 3, 1),
            "eligible",
            id="a child born on 29 February turns 10 on 1 March",
        ),
    ],
)
def test_age_is_whole_years_on_the_evaluation_date(born: date, on: date, status: str) -> None:
    assert fft_status(born, on) == status


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        pytest.param(date(2022, 6, 15), date(2026, 6, 15), 4, id="a birthday today counts"),
        pytest.param(
            date(2022, 6, 16), date(2026, 6, 15), 3, id="a birthday tomorrow does not count yet"
        ),
        pytest.param(date(2026, 6, 15), date(2026, 6, 15), 0, id="a baby born today is 0"),
        pytest.param(
            date(2024, 2, 29),
            date(2028, 2, 29),
            4,
            id="a 29 February birthday counts in a leap year",
        ),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_a_date_of_birth_after_the_evaluation_date_is_refused() -> None:
    with pytest.raises(ValueError, match="date_of_birth 2026-06-16 is after"):
        evaluate(EligibilityRequest(date_of_birth=date(2026, 6, 16), on=date(2026, 6, 15)))


@pytest.mark.parametrize(
    ("age", "on", "version", "status"),
    [
        pytest.param(
            10,
            date(2027, 3, 31),
            "2026.1",
            "eligible",
            id="a 10-year-old can have FFT the day before 2027.1 takes effect",
        ),
        pytest.param(
            10,
            date(2027, 4, 1),
            "2027.1",
            "ineligible",
            id="a 10-year-old is too young for FFT on the day 2027.1 takes effect",
        ),
        pytest.param(
            18,
            date(2027, 3, 31),
            "2026.1",
            "ineligible",
            id="an 18-year-old is too old for FFT under 2026.1",
        ),
        pytest.param(
            18,
            date(2027, 4, 1),
            "2027.1",
            "eligible",
            id="an 18-year-old can have FFT under 2027.1",
        ),
    ],
)
def test_the_version_in_force_on_the_evaluation_date_applies(
    version_2027: ParameterSet, age: int, on: date, version: str, status: str
) -> None:
    born = on.replace(year=on.year - age, day=1)
    decisions = evaluate(EligibilityRequest(date_of_birth=born, facts=FFT_READY, on=on))
    assert decisions.fft.status.value == status
    assert {d.ruleset_version for d in decisions.by_programme().values()} == {version}
    assert decisions.fft.evaluated_on == on
    age_band = decisions.fft.criteria[0].description
    assert age_band == (
        "The child is aged 11 to 18 on the evaluation date."
        if version == "2027.1"
        else "The child is aged 10 to 17 on the evaluation date."
    )


def test_other_thresholds_carry_over_to_the_new_version(version_2027: ParameterSet) -> None:
    assert parameters_on(date(2027, 4, 1)).value("dv_min_age") == 4
    assert version_2027.parameters["fft_min_age"].unit == "years"
    assert "2027.1" in version_2027.parameters["fft_min_age"].reference


def test_no_rule_set_is_in_force_before_2026() -> None:
    with pytest.raises(NoRuleSetInForce, match="2025-12-31.*2026.1.*2026-01-01"):
        evaluate(EligibilityRequest(date_of_birth=date(2014, 1, 1), on=date(2025, 12, 31)))


def test_every_default_threshold_has_a_unit_and_a_source() -> None:
    for name, parameter in DEFAULT_2026_1.parameters.items():
        assert parameter.unit in {"years", "weeks", "months", "sessions", "switch"}, name
        assert parameter.reference and "DESIGN.md" not in parameter.reference, name
    assert DEFAULT_2026_1.values() == {
        "fft_min_age": 10,
        "fft_max_age": 17,
        "fft_max_return_home_weeks": 12,
        "nvr_min_age": 10,
        "nvr_max_age": 17,
        "dv_min_age": 4,
        "dv_max_age": 17,
        "vr_min_age": 12,
        "vr_max_age": 17,
        "vr_one_to_one_sessions": 3,
        "vr_group_sessions": 10,
        "vr_exclude_sex_offending_only": 0,
        "turnaround_min_age": 10,
        "turnaround_max_age": 17,
        "turnaround_referral_window_months": 3,
        "turnaround_exclude_previous_statutory_order": 0,
        "turnaround_exclude_looked_after": 0,
        "turnaround_exclude_child_protection_plan": 0,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"version": "2026.1", "effective_from": date(2028, 1, 1)},
            "already registered",
            id="a version name cannot be registered twice",
        ),
        pytest.param(
            {"version": "2028.1", "effective_from": date(2026, 1, 1)},
            "already takes effect",
            id="two versions cannot share an effective date",
        ),
    ],
)
def test_registering_a_clashing_version_is_refused(
    changes: dict[str, object], message: str
) -> None:
    clash = DEFAULT_2026_1.derive(**changes)
    with pytest.raises(ValueError, match=message):
        register_parameter_set(clash)


def test_a_version_with_an_inverted_age_band_is_refused() -> None:
    with pytest.raises(ValueError, match="dv_min_age is above dv_max_age"):
        DEFAULT_2026_1.derive(version="x", effective_from=date(2030, 1, 1), dv_min_age=18)


def test_the_default_version_cannot_be_removed() -> None:
    with pytest.raises(ValueError, match="built-in default"):
        unregister_parameter_set("2026.1")
