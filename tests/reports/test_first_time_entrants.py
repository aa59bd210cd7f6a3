"""First-time entrants and the RRI at the joint decision panel, on a known set of children.

The rows are written through the real projection from pathway states (`diversion_seed`): court
orders, panel decisions of every outcome, charges followed by court orders, a re-sentence.
"""

import math
from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.diversion_rri import DiversionRriReport, diversion_disproportionality
from reports.first_time_entrants import EntryKind, FirstTimeEntrants, first_time_entrants
from reports.rri import RriRow
from tests.reports.diversion_seed import seed_children

H1 = {"since": date(2026, 1, 1), "until": date(2026, 6, 30)}


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        seed_children(s)
    return sessions


def fte(sessions: sessionmaker[Session], **within: object) -> FirstTimeEntrants:
    with sessions() as s:
        return first_time_entrants(s, **within)  # type: ignore[arg-type]


def kinds(counts: object) -> dict[str, int]:
    return {c.kind.value: c.count for c in counts}  # type: ignore[attr-defined]


def test_first_time_entrants_are_counted_once_per_child_in_the_quarter_of_their_first_caution_or_conviction(
    seeded: sessionmaker[Session],
) -> None:
    report = fte(seeded, **H1)
    # 2026-Q1: the 10 cautioned in the panel's bulk decisions (White 6 YC + 2 YCC, Black 1 YC +
    # 1 YCC), and yc, ycc, yc-then-convicted (at the caution), resentenced (its first order),
    # croydon-yc: 15 = YC 6+1+1+1+1 = 10, YCC 2+1+1 = 4, conviction 1.
    # 2026-Q2: conviction, charged (the court order after the charge), cr-then-yc: 3.
    # Never: cr-only, turnaround-then-nfa, awaiting-decision; convicted-in-2025 was in 2025-Q4.
    quarters = {q.quarter: q for q in report.by_quarter}
    assert list(quarters) == ["2026-Q1", "2026-Q2"]
    assert quarters["2026-Q1"].first_time_entrants == 15
    assert kinds(quarters["2026-Q1"].by_kind) == {
        "youth_caution": 10, "youth_conditional_caution": 4, "conviction": 1}
    assert quarters["2026-Q2"].first_time_entrants == 3
    assert kinds(quarters["2026-Q2"].by_kind) == {
        "youth_caution": 1, "youth_conditional_caution": 0, "conviction": 2}
    assert report.first_time_entrants == 18
    assert kinds(report.by_kind) == {"youth_caution": 11, "youth_conditional_caution": 4, "conviction": 3}


def test_a_team_counts_the_children_whose_first_event_was_on_its_pathways(seeded: sessionmaker[Session]) -> None:
    bromley = fte(seeded, team="bromley", **H1)
    assert bromley.first_time_entrants == 17  # croydon's cautioned child is croydon's
    assert [(a.area, a.team, a.first_time_entrants) for a in bromley.by_area] == [("bromley-yjs", "bromley", 17)]
    croydon = fte(seeded, team="croydon", **H1)
    assert (croydon.first_time_entrants, kinds(croydon.by_kind)["youth_caution"]) == (1, 1)


def test_an_earlier_conviction_outside_the_period_keeps_a_later_caution_from_counting(seeded: sessionmaker[Session]) -> None:
    everything = fte(seeded)
    assert everything.first_time_entrants == 19  # 18 in 2026's first half, and the 2025 conviction
    (q4,) = [q for q in everything.by_quarter if q.quarter == "2025-Q4"]
    assert (q4.first_time_entrants, kinds(q4.by_kind)["conviction"]) == (1, 1)
    only_q2 = fte(seeded, since=date(2026, 4, 1), until=date(2026, 6, 30))
    # yc-then-convicted's conviction and resentenced's new order fall in Q2 but are not first.
    assert only_q2.first_time_entrants == 3
    assert kinds(only_q2.by_kind) == {"youth_caution": 1, "youth_conditional_caution": 0, "conviction": 2}


def test_the_report_states_its_definition_and_what_pathway_cannot_see(seeded: sessionmaker[Session]) -> None:
    report = fte(seeded, **H1)
    assert "community resolutions, Turnaround" in report.definition.replace("Community", "community")
    assert "Police National Computer" in report.not_seen
    assert [k for k in EntryKind] == [EntryKind.YOUTH_CAUTION, EntryKind.YOUTH_CONDITIONAL_CAUTION,
                                      EntryKind.CONVICTION]


def rri_row(report: DiversionRriReport, point: str, group: str) -> RriRow:
    (found,) = [r for r in report.rows if r.decision_point == point and r.group == group]
    return found


def test_black_children_are_charged_at_twice_the_rate_of_white_children_at_the_joint_decision(
    seeded: sessionmaker[Session],
) -> None:
    with seeded() as s:
        report = diversion_disproportionality(s, dimension="ethnicity", team="bromley", **H1)  # type: ignore[arg-type]
    # Black: 5 charged of 10 decided = 0.5; White: 5 of 20 = 0.25; RRI 0.5 / 0.25 = 2.0.
    # se = sqrt(1/5 - 1/10 + 1/5 - 1/20) = sqrt(0.25) = 0.5;
    # CI = exp(ln 2 -/+ 1.96 x 0.5) = exp(0.693147 -/+ 0.98) = 0.7506 to 5.3289.
    black = rri_row(report, "divert_or_charge", "Black")
    assert (black.events, black.base) == (5, 10)
    assert (black.rate, black.reference_rate, black.rri) == (0.5, 0.25, pytest.approx(2.0))
    assert black.ci_low == pytest.approx(math.exp(math.log(2) - 0.98))
    assert black.ci_high == pytest.approx(math.exp(math.log(2) + 0.98))
    assert (round(black.ci_low or 0, 2), round(black.ci_high or 0, 2)) == (0.75, 5.33)
    white = rri_row(report, "divert_or_charge", "White")
    assert (white.events, white.base, white.rri, white.note) == (5, 20, 1.0, "reference group")
    # The stories' children (not stated): 10 bromley referrals decided in the period, 1 charge.
    unstated = rri_row(report, "divert_or_charge", "Not stated")
    assert unstated.suppressed and (unstated.events, unstated.base) == (None, 10)
    # A youth caution among those not charged: Black 1 of 5: too few events to show.
    assert rri_row(report, "outcome_youth_caution", "Black").note == "suppressed: fewer than 5 events"
    assert report.decision_points[0].base == "referrals the joint decision panel decided"


def test_the_outcome_chosen_is_compared_among_the_referrals_not_charged(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = diversion_disproportionality(s, dimension="ethnicity", min_count=1, team="bromley", **H1)  # type: ignore[arg-type]
    # Community resolution: Black 3 of 5 not charged = 0.6; White 5 of 15 = 1/3; RRI 1.8.
    # se = sqrt(1/3 - 1/5 + 1/5 - 1/15) = sqrt(0.266667) = 0.516398;
    # CI = 1.8 x exp(-/+ 1.96 x 0.516398) = 1.8 x exp(-/+ 1.012140) = 0.6542 to 4.9527.
    cr = rri_row(report, "outcome_community_resolution", "Black")
    assert (cr.events, cr.base, cr.rri) == (3, 5, pytest.approx(1.8))
    assert (round(cr.ci_low or 0, 4), round(cr.ci_high or 0, 4)) == (0.6542, 4.9527)
    # Youth conditional caution: Black 1 of 5 = 0.2; White 2 of 15; RRI 0.2 / (2/15) = 1.5.
    # se = sqrt(1/1 - 1/5 + 1/2 - 1/15) = sqrt(1.233333) = 1.110555;
    # CI = 1.5 x exp(-/+ 2.176689) = 0.1701 to 13.2256.
    ycc = rri_row(report, "outcome_youth_conditional_caution", "Black")
    assert (ycc.events, ycc.base, ycc.rri) == (1, 5, pytest.approx(1.5))
    assert (round(ycc.ci_low or 0, 4), round(ycc.ci_high or 0, 4)) == (0.1701, 13.2256)
    # Turnaround or other prevention: Black none of 5, suppressed below 1 event.
    assert rri_row(report, "outcome_prevention", "Black").note == "suppressed: no events"


def test_the_panel_rri_counts_decisions_in_the_period_not_referrals(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        april = diversion_disproportionality(s, dimension="ethnicity", min_count=0, since=date(2026, 4, 1))  # type: ignore[arg-type]
    # Only cr-then-yc's caution was decided after March.
    unstated = rri_row(april, "divert_or_charge", "Not stated")
    assert (unstated.events, unstated.base) == (0, 1)
    assert rri_row(april, "divert_or_charge", "White").base == 0
