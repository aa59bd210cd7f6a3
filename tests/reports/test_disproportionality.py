"""The Relative Rate Index on a seeded caseload, against a hand calculation."""

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.disproportionality import RriReport, UnknownGroup, disproportionality
from reports.rri import RriRow
from tests.reports.seed import seed_caseload


def row(report: RriReport, point: str, group: str) -> RriRow:
    (found,) = [r for r in report.rows if r.decision_point == point and r.group == group]
    return found


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        seed_caseload(s)
    return sessions


def by_ethnicity(sessions: sessionmaker[Session], **kwargs: object) -> RriReport:
    with sessions() as s:
        return disproportionality(s, dimension="ethnicity", **kwargs)  # type: ignore[arg-type]


def test_black_children_are_referred_to_fft_at_three_times_the_rate_of_white_children(seeded: sessionmaker[Session]) -> None:
    # Black: 6 referrals of 20 decided = 0.3; White: 5 of 50 = 0.1; RRI 0.3 / 0.1 = 3.0.
    # se = sqrt(1/6 - 1/20 + 1/5 - 1/50) = sqrt(0.296667) = 0.544671
    # CI = exp(ln 3 -/+ 1.96 x 0.544671) = exp(1.098612 -/+ 1.067555) = 1.0315 to 8.7248
    black = row(by_ethnicity(seeded), "referral_fft", "Black")
    assert (black.events, black.base) == (6, 20)
    assert black.rate == pytest.approx(0.3)
    assert black.reference_rate == pytest.approx(0.1)
    assert black.rri == pytest.approx(3.0)
    assert (round(black.ci_low or 0, 2), round(black.ci_high or 0, 2)) == (1.03, 8.72)
    assert not black.suppressed


def test_custody_and_breach_returns_match_the_hand_calculation(seeded: sessionmaker[Session]) -> None:
    report = by_ethnicity(seeded)
    # Custody: Black 8 of 20 = 0.4, White 10 of 50 = 0.2: RRI 2.0;
    # se = sqrt(1/8 - 1/20 + 1/10 - 1/50) = sqrt(0.155) = 0.393700; CI exp(0.693147 -/+ 0.771653).
    custody = row(report, "custody", "Black")
    assert (custody.events, custody.base, custody.rri) == (8, 20, pytest.approx(2.0))
    assert (round(custody.ci_low or 0, 2), round(custody.ci_high or 0, 2)) == (0.92, 4.33)
    # Breach: Black 5 to court of 10 with a failure = 0.5, White 5 of 20 = 0.25: RRI 2.0;
    # se = sqrt(1/5 - 1/10 + 1/5 - 1/20) = 0.5; CI exp(0.693147 -/+ 0.98).
    breach = row(report, "breach_return", "Black")
    assert (breach.events, breach.base, breach.rri) == (5, 10, pytest.approx(2.0))
    assert (round(breach.ci_low or 0, 2), round(breach.ci_high or 0, 2)) == (0.75, 5.33)


def test_groups_with_fewer_than_five_children_or_events_are_suppressed_and_their_counts_hidden(seeded: sessionmaker[Session]) -> None:
    report = by_ethnicity(seeded)
    asian = row(report, "referral_fft", "Asian")  # 1 referral of 10
    assert asian.suppressed and asian.rri is None and asian.rate is None and asian.ci_low is None
    assert (asian.events, asian.base) == (None, 10)
    assert asian.note == "suppressed: fewer than 5 events"
    mixed = row(report, "referral_fft", "Mixed")  # 3 children
    assert mixed.suppressed and (mixed.events, mixed.base, mixed.rri) == (None, None, None)
    assert mixed.note == "suppressed: fewer than 5 in the base"
    assert row(report, "referral_fft", "Not stated").suppressed
    assert row(report, "referral_fft", "Other").suppressed  # 0 referrals of 6


def test_a_reference_group_too_small_suppresses_every_group_at_that_decision_point(seeded: sessionmaker[Session]) -> None:
    # Overrides: White 1 of 5 referrals, Black 2 of 6; with a threshold of 2 only White is small.
    rows = [r for r in by_ethnicity(seeded, min_count=2).rows if r.decision_point == "override"]
    assert all(r.suppressed and r.rri is None for r in rows)
    black = next(r for r in rows if r.group == "Black")
    assert black.note == "suppressed: the reference group has fewer than 2 events"
    assert (black.events, black.base, black.rate) == (2, 6, pytest.approx(1 / 3))
    assert black.reference_rate is None


def test_the_report_states_the_reference_group_and_the_base_of_each_decision_point(seeded: sessionmaker[Session]) -> None:
    report = by_ethnicity(seeded)
    assert report.reference == "White" and report.min_count == 5
    assert [p.id for p in report.decision_points] == [
        "referral_fft", "referral_nvr", "referral_dv_groups", "referral_violence_reduction",
        "override", "breach_return", "custody"]
    bases = {p.id: p.base for p in report.decision_points}
    assert bases["referral_fft"] == "pathways with an eligibility decision for FFT"
    assert bases["override"] == "referrals made, to any programme"
    assert bases["breach_return"] == "pathways with a failure to comply recorded"
    assert bases["custody"] == "all orders"
    white = row(report, "custody", "White")
    assert (white.rri, white.note, white.ci_low) == (1.0, "reference group", None)
    assert report.groups == ["White", "Mixed", "Asian", "Black", "Other", "Not stated"]
    assert len(report.rows) == 7 * 6


def test_another_reference_group_can_be_named_in_any_case(seeded: sessionmaker[Session]) -> None:
    report = by_ethnicity(seeded, reference="black")
    assert report.reference == "Black"
    assert row(report, "referral_fft", "White").rri == pytest.approx(1 / 3)
    with pytest.raises(UnknownGroup, match="not a ethnicity group"):
        by_ethnicity(seeded, reference="Martian")


def test_a_lower_threshold_shows_smaller_groups(seeded: sessionmaker[Session]) -> None:
    # Asian: 1 referral of 10 = 0.1, the same rate as White: RRI 1.0.
    asian = row(by_ethnicity(seeded, min_count=1), "referral_fft", "Asian")
    assert (asian.events, asian.base, asian.suppressed) == (1, 10, False)
    assert asian.rri == pytest.approx(1.0)


def test_the_team_and_the_period_choose_the_cohort(seeded: sessionmaker[Session]) -> None:
    with seeded.begin() as s:
        seed_caseload(s, team="croydon", made_on=date(2025, 6, 2), prefix="pw-cro")
    black = row(by_ethnicity(seeded), "referral_fft", "Black")
    assert (black.events, black.base) == (12, 40)
    for kwargs in ({"team": "bromley"}, {"since": date(2026, 1, 1)}, {"until": date(2025, 12, 31)}):
        black = row(by_ethnicity(seeded, **kwargs), "referral_fft", "Black")
        assert (black.events, black.base) == (6, 20), kwargs


def test_gender_and_age_bands_have_their_own_groups_and_references(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        gender = disproportionality(s, dimension="gender")
        ages = disproportionality(s, dimension="age_band")
    assert (gender.reference, gender.groups) == ("Male", ["Male", "Female", "Other", "Not specified"])
    assert (ages.reference, ages.groups) == ("15-17", ["10-14", "15-17", "Other ages"])
    # Every fifth child of a group is a girl (White 10, Black 4, Asian 2, Other 1): 17 of 93.
    # Custody goes to each group's last children: girls White 44, 49; Black 14, 19; Asian 9.
    # Girls 5 of 17 = 0.2941, boys (19 - 5) of 76 = 0.1842: RRI 1.60.
    female = row(gender, "custody", "Female")
    assert (female.events, female.base, round(female.rri or 0, 2)) == (5, 17, 1.60)
    # Ages run 12, 13, ... 17 in turn within each group: White 50 = 8 x 6 + 2 (12, 13).
    assert row(ages, "custody", "Other ages").base is None
