"""The RRI arithmetic at its edges: zero events, an empty group, the reference itself."""

import math

import pytest

from reports.groups import age_band, ethnic_group
from reports.rri import Counts, compare


def test_no_events_in_a_group_gives_an_rri_of_zero_with_a_corrected_upper_bound() -> None:
    row = compare("custody", "Asian", Counts(0, 10), Counts(10, 50), is_reference=False, min_count=0)
    assert (row.rri, row.ci_low, row.suppressed) == (0.0, 0.0, False)
    # Haldane-Anscombe: a = 0.5 of 10.5, c = 10.5 of 50.5.
    ratio = (0.5 / 10.5) / (10.5 / 50.5)
    se = math.sqrt(1 / 0.5 - 1 / 10.5 + 1 / 10.5 - 1 / 50.5)
    assert row.ci_high == pytest.approx(ratio * math.exp(1.96 * se))
    # 0.047619 / 0.207921 = 0.229025; se = sqrt(1.980198) = 1.407195; x exp(2.758102) = 3.61.
    assert round(row.ci_high or 0, 2) == 3.61


def test_no_events_in_the_reference_group_leaves_the_rri_undefined() -> None:
    row = compare("custody", "Black", Counts(3, 10), Counts(0, 50), is_reference=False, min_count=0)
    assert row.rri is None and not row.suppressed
    assert row.note == "no events in the reference group: the RRI is undefined"


def test_an_empty_group_has_no_rate() -> None:
    row = compare("custody", "Other", Counts(0, 0), Counts(5, 50), is_reference=False, min_count=0)
    assert (row.rate, row.rri, row.note) == (None, None, "no one in the base")


def test_the_reference_group_has_an_rri_of_one_and_no_interval() -> None:
    row = compare("custody", "White", Counts(10, 50), Counts(10, 50), is_reference=True, min_count=5)
    assert (row.rri, row.ci_low, row.ci_high, row.note) == (1.0, None, None, "reference group")


def test_a_count_of_exactly_min_count_is_shown_and_one_below_is_suppressed() -> None:
    ref = Counts(10, 50)
    assert not compare("c", "Black", Counts(5, 5), ref, is_reference=False, min_count=5).suppressed
    assert compare("c", "Black", Counts(4, 5), ref, is_reference=False, min_count=5).suppressed
    assert compare("c", "Black", Counts(4, 4), ref, is_reference=False, min_count=4).rri == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("code", "group"),
    [("W1", "White"), ("w2", "White"), ("B9", "Black"), ("A3", "Asian"), ("M4", "Mixed"),
     ("O2", "Other"), ("O9", "Other"), (None, "Not stated"), ("", "Not stated"), ("NS", "Not stated")],
)
def test_a_2001_census_code_falls_in_its_top_level_group(code: str | None, group: str) -> None:
    assert ethnic_group(code) == group


@pytest.mark.parametrize(("age", "band"), [(9, "Other ages"), (10, "10-14"), (14, "10-14"),
                                           (15, "15-17"), (17, "15-17"), (18, "Other ages")])
def test_ages_fall_in_the_youth_justice_bands(age: int, band: str) -> None:
    assert age_band(age) == band
