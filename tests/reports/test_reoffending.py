"""Proven re-offending and the use of custody on a golden cohort, against a hand calculation.

The children of the first quarter of 2025 (as of 6 December 2026, so the cohort is final):

- A: a youth caution on 10 Jan 2025 (a diversion child in the cohort). Commits an offence on
  5 Dec 2025 (month 11), convicted on 5 Jun 2026 (month 17): counts. 1 re-offence.
- B: a youth rehabilitation order on 1 Feb 2025. Commits an offence on 20 Dec 2025, convicted on
  15 Aug 2026: past 1 Aug 2026, the end of the 6-month waiting period (month 19): does not count.
- C: a DTO made on 1 Sep 2024, released on 1 Mar 2025 (the release is the way in). Breaches the
  licence: re-sentenced on 1 May 2025 (a breach, not a re-offence). A new order on 1 Sep 2025
  for two offences (1 Jun and 1 Jul 2025) and a breach of a statutory order: 2 re-offences.
- D: a community resolution on 15 Jan 2025: not a way in (not a proven offence).
- E: a youth caution on 20 Mar 2025; then a decision to charge on 1 May 2025 (proves nothing),
  convicted on 1 Aug 2025 of the offence of 25 Apr 2025: 1 re-offence.
- F: a referral order on 10 Feb 2025, then a youth caution on 1 Mar 2025 for an offence of
  20 Feb 2025: in the cohort once (from 10 Feb); the caution is 1 re-offence.
- G: a youth rehabilitation order on 5 Jan 2025; convicted on 1 Apr 2025 of an offence committed
  on 1 Dec 2024, before the index date: not a re-offence.

Cohort: A, B, C, E, F, G = 6 children (cautions 2, non-custodial 3, release 1); re-offenders A, C,
E, F = 4; re-offences 1 + 2 + 1 + 1 = 5. Binary rate 4/6; frequency 5/6 per child, 5/4 per
re-offender.
"""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from readmodel.tables import DiversionRow, OffenceRow, PathwayRow
from reports.custody import custody
from reports.population import Population
from reports.reoffending import reoffending

AS_OF = date(2026, 12, 6)
Q1_2025 = {"since": date(2025, 1, 1), "until": date(2025, 3, 31)}


def order(
    s: Session,
    pid: str,
    child: str,
    disposal: str,
    made: date,
    *,
    ethnicity: str = "W1",
    offences: list[tuple[date | None, str]] | None = None,
    **more: Any,
) -> None:
    s.add(
        PathwayRow(
            pathway_id=pid,
            child_id=child,
            disposal=disposal,
            status="open",
            caseworker="casey.worker",
            team="bromley",
            made_on=made,
            order_starts_on=made,
            order_ends_on=made,
            case_manager_changes=0,
            gender="male",
            ethnicity=ethnicity,
            age_at_order=15,
            has_victim=False,
            version=1,
            updated_at=datetime.now(UTC),
            **more,
        )
    )
    for seq, (committed, group) in enumerate(offences or []):
        s.add(
            OffenceRow(
                pathway_id=pid,
                seq=seq,
                offence_code=f"OF{seq}",
                title="An offence",
                offence_date=committed,
                offence_group=group,
                mapping_version="2026.1",
            )
        )


def diversion(
    s: Session, pid: str, child: str, outcome: str, decided: date, trigger: date | None = None
) -> None:
    order(s, pid, child, "diversion", decided)
    s.add(
        DiversionRow(
            pathway_id=pid,
            referral_id=f"ref-{pid}",
            source="police",
            referred_on=decided,
            trigger_on=trigger,
            outcome=outcome,
            decided_on=decided,
            conditions=0,
            conditions_complied=0,
            conditions_not_complied=0,
        )
    )


THEFT = "theft_and_handling"


@pytest.fixture
def golden(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        golden_rows(s)
    return sessions


def golden_rows(s: Session) -> None:
    """The golden cohort's rows (the module's docstring), and two DTOs for custody."""
    diversion(s, "a1", "A", "youth_caution", date(2025, 1, 10))
    order(
        s,
        "a2",
        "A",
        "youth_rehabilitation_order",
        date(2026, 6, 5),
        offences=[(date(2025, 12, 5), THEFT)],
    )
    order(s, "b1", "B", "youth_rehabilitation_order", date(2025, 2, 1))
    order(
        s,
        "b2",
        "B",
        "youth_rehabilitation_order",
        date(2026, 8, 15),
        offences=[(date(2025, 12, 20), THEFT)],
    )
    order(
        s,
        "c1",
        "C",
        "detention_and_training_order",
        date(2024, 9, 1),
        released_on=date(2025, 3, 1),
    )
    order(
        s,
        "c2",
        "C",
        "youth_rehabilitation_order",
        date(2025, 5, 1),
        resentenced_from="c1",
        offences=[(date(2024, 6, 1), THEFT)],
    )
    order(
        s,
        "c3",
        "C",
        "youth_rehabilitation_order",
        date(2025, 9, 1),
        offences=[
            (date(2025, 6, 1), THEFT),
            (date(2025, 7, 1), "criminal_damage"),
            (date(2025, 7, 2), "breach_of_statutory_order"),
        ],
    )
    diversion(s, "d1", "D", "community_resolution", date(2025, 1, 15))
    diversion(s, "e1", "E", "youth_caution", date(2025, 3, 20))
    diversion(s, "e2", "E", "charge", date(2025, 5, 1), trigger=date(2025, 4, 25))
    order(
        s,
        "e3",
        "E",
        "referral_order",
        date(2025, 8, 1),
        offences=[(date(2025, 4, 25), THEFT)],
        charged_from="e2",
    )
    order(s, "f1", "F", "referral_order", date(2025, 2, 10))
    diversion(s, "f2", "F", "youth_caution", date(2025, 3, 1), trigger=date(2025, 2, 20))
    order(s, "g1", "G", "youth_rehabilitation_order", date(2025, 1, 5), ethnicity="B1")
    order(
        s,
        "g2",
        "G",
        "youth_rehabilitation_order",
        date(2025, 4, 1),
        offences=[(date(2024, 12, 1), THEFT)],
    )
    # Custody in the first quarter of 2025: two DTOs among five sentences (B, F, G, H, I).
    order(s, "h1", "H", "detention_and_training_order", date(2025, 2, 15), ethnicity="B2")
    order(s, "i1", "I", "detention_and_training_order", date(2025, 3, 1), ethnicity="W2")


def test_the_golden_cohort_matches_the_hand_calculation(golden: sessionmaker[Session]) -> None:
    with golden() as s:
        report = reoffending(s, as_of=AS_OF, min_count=1, **Q1_2025)
    (cohort,) = report.cohorts
    assert (cohort.period_start, cohort.period_end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert cohort.children == 6
    assert cohort.by_entry == {"caution": 2, "non_custodial": 3, "release": 1}
    assert (cohort.reoffenders, cohort.reoffences) == (4, 5)
    assert cohort.binary_rate == pytest.approx(4 / 6)
    assert cohort.frequency_per_child == pytest.approx(5 / 6)
    assert cohort.frequency_per_reoffender == pytest.approx(5 / 4)
    assert not cohort.provisional and cohort.final_on == date(2026, 9, 30)
    assert cohort.follow_up_months == 12


def test_the_waiting_period_decides_what_counts(golden: sessionmaker[Session]) -> None:
    # Before B's conviction on 15 Aug 2026 and A's on 5 Jun 2026, A had not re-offended yet:
    # what is proven by the day of the report counts, so the cohort's figures can only rise.
    with golden() as s:
        early = reoffending(s, as_of=date(2026, 1, 1), min_count=1, **Q1_2025)
    (cohort,) = early.cohorts
    assert (cohort.reoffenders, cohort.reoffences) == (3, 4)  # C 2, E 1, F 1
    assert cohort.provisional and cohort.follow_up_months == 9


def test_a_recent_cohort_is_provisional_with_its_follow_up_so_far(
    golden: sessionmaker[Session],
) -> None:
    with golden() as s:
        report = reoffending(s, as_of=AS_OF, min_count=1, since=date(2026, 7, 1))
    (cohort,) = report.cohorts  # B's order of 15 Aug 2026
    assert cohort.period_start == date(2026, 7, 1)
    assert cohort.provisional and cohort.follow_up_months == 2
    assert cohort.final_on == date(2028, 3, 30)


def test_small_cohorts_are_suppressed(golden: sessionmaker[Session]) -> None:
    with golden() as s:
        report = reoffending(s, as_of=AS_OF, min_count=7, **Q1_2025)
    (cohort,) = report.cohorts
    assert cohort.suppressed and cohort.children is None and cohort.binary_rate is None
    assert cohort.by_entry == {"caution": None, "non_custodial": None, "release": None}


def test_use_of_custody_per_1000_and_as_a_share_with_its_rri(
    golden: sessionmaker[Session],
) -> None:
    population = Population(by_team={"bromley": {2025: 20_000}, "*": {2024: 40_000}})
    with golden() as s:
        team = custody(s, population=population, team="bromley", min_count=1, **Q1_2025)
        service = custody(s, population=population, min_count=1, **Q1_2025)
    (quarter,) = team.quarters
    assert (quarter.sentences, quarter.custodial) == (5, 2)  # B F G H I; H and I
    assert quarter.share_of_sentences == pytest.approx(0.4)
    assert quarter.population == 20_000 and quarter.per_1000 == pytest.approx(0.1)
    # The whole service has no 2025 figure: the nearest earlier year's is used.
    assert service.quarters[0].population == 40_000
    assert service.quarters[0].per_1000 == pytest.approx(0.05)
    # Custody among sentences: Black 1 of 2 (G, H) against White 1 of 3 (B, F, I): RRI 1.5.
    black = next(r for r in team.rri if r.group == "Black")
    assert (black.events, black.base) == (1, 2) and black.rri == pytest.approx(1.5)
    with golden() as s:
        hidden = custody(s, population=population, team="bromley", min_count=5, **Q1_2025)
    assert hidden.quarters[0].custodial is None and hidden.quarters[0].per_1000 is None
