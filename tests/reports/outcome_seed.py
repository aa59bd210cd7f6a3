"""A golden set of rows for the outcome indicators, with the figures worked out by hand.

Team `team` (population 15,000 in 2023 when it is bromley), quarters to 2023 Q4:

- 2023 Q4: five children given youth rehabilitation orders on 10 Oct 2023 (C1-C5) and five
  given DTOs on 1 Nov 2023 (D1-D5, not released: no way into a re-offending cohort). C1 is
  convicted on 1 Mar 2024 of two offences of January and February 2024, C2 on 1 May 2024 of
  one of April: re-offending 2 of 5 = 40%, 3 re-offences / 2 re-offenders = 1.50. Custody:
  5 of 10 court orders = 50%; 5 per 15,000 = 0.33 per 1,000. Victims of C1-C5's orders:
  10 consented, 5 took part = 50% (KPI 10).
- 2023 Q3: three referral orders (E1-E3): every figure suppressed (3 is below the floor of 5).
- 2023 Q2: five referral orders (F1-F5): nobody re-offends (0%, and no frequency: there are no
  re-offenders); no custodial sentence (0%, 0.00 per 1,000).
- Five community resolutions decided on 3 Jul 2023 (R1-R5) whose interventions ended on 15 Nov
  2023, four completed: KPI 6 in Q4 is 4 of 5 = 80%.
- Another team (`other`) gets five DTOs on 1 Dec 2023: the whole service's custody in Q4 is
  10 of 15 = 67%, and 10 per 31,500 (the service's 2023 population) = 0.32 per 1,000.
- The YJB KPIs 1-5 and 8 of orders ending in Q4: ten referral orders made in 2021 (K1-K10,
  before every quarter shown, so in no other figure) taking outcome data, closed on 20 Nov
  2023; K10 closed without its end data (in each denominator, in no numerator). At the end:
  K1-K9 in suitable accommodation (KPI 1: 9 of 10 = 90%); K1-K8 in suitable ETE (KPI 2: 80%);
  K1-K8 with an identified SEND need, K1-K6 with a formal plan (KPI 3: 6 of 8 = 75%); K1-K5
  with a mental health need (KPI 4: 50%); K1-K7 with a substance use need (KPI 5: 70%); K1-K2
  looked after, K3 on a child protection plan, K4-K5 children in need, K6 with early help
  (KPI 8: 6 of 10 = 60%). The other team has no outcome data: the service's figures are the
  team's.
- KPI 7: the team's board met on 12 Oct 2023 (police, education and health of the five
  statutory partners) and 7 Dec 2023 (all but health): 7 of 10 partner places = 70%; the
  other team's board did not meet.
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from contracts.board_meetings import STATUTORY_PARTNERS, BoardMeetingRecord
from db import board_meetings
from readmodel.tables import DiversionRow, OffenceRow, OutcomeDataRow, PathwayRow, VictimRow
from samples.outcome_data import ANSWERS

YRO, RO, DTO = "youth_rehabilitation_order", "referral_order", "detention_and_training_order"
THEFT = "theft_and_handling"

EXPECTED_Q4 = {  # indicator: (team's value, the service's value), as the pages write them
    "reoffending-binary": ("40%", "40%"),
    "reoffending-frequency": ("1.50", "1.50"),
    "custody-rate": ("0.33 per 1,000", "0.32 per 1,000"),
    "custody-share": ("50%", "67%"),
    # Every child here is new: the team's 10 in Q4 are first-time entrants (10 per 15,000 =
    # 67 per 100,000), the service's 15 (15 per 31,500 = 48 per 100,000).
    "first-time-entrants": ("67 per 100,000", "48 per 100,000"),
    "kpi1-accommodation": ("90%", "90%"),
    "kpi2-ete": ("80%", "80%"),
    "kpi3-send": ("75%", "75%"),
    "kpi4-mental-health": ("50%", "50%"),
    "kpi5-substance-use": ("70%", "70%"),
    "oocd-completed": ("80%", "80%"),  # 4 of 5 community resolutions' interventions completed
    "kpi7-board-attendance": ("70%", "70%"),
    "kpi8-wider-services": ("60%", "60%"),
    "serious-violence": ("0.00 per 10,000", "0.00 per 10,000"),  # thefts only
    "victims-restorative": ("50%", "50%"),
}
KPI_Q4 = {  # the KPI indicators' (numerator, denominator) in Q4, for the team
    "kpi1-accommodation": (9, 10),
    "kpi2-ete": (8, 10),
    "kpi3-send": (6, 8),
    "kpi4-mental-health": (5, 10),
    "kpi5-substance-use": (7, 10),
    "oocd-completed": (4, 5),
    "kpi7-board-attendance": (7, 10),
    "kpi8-wider-services": (6, 10),
    "serious-violence": (0, 15_000),
    "victims-restorative": (5, 10),
}


def order(
    s: Session,
    pid: str,
    child: str,
    disposal: str,
    made: date,
    team: str,
    offences: list[date] | None = None,
) -> None:
    s.add(
        PathwayRow(
            pathway_id=pid,
            child_id=child,
            disposal=disposal,
            status="open",
            caseworker="casey.worker",
            team=team,
            made_on=made,
            order_starts_on=made,
            order_ends_on=made,
            case_manager_changes=0,
            gender="male",
            ethnicity="W1",
            age_at_order=15,
            has_victim=False,
            version=1,
            updated_at=datetime.now(UTC),
        )
    )
    for seq, committed in enumerate(offences or []):
        s.add(
            OffenceRow(
                pathway_id=pid,
                seq=seq,
                offence_code=f"OF{seq}",
                title="An offence",
                offence_date=committed,
                offence_group=THEFT,
                mapping_version="2026.1",
            )
        )


def victim(s: Session, pid: str, victim_id: str, *, took_part: bool) -> None:
    s.add(
        VictimRow(
            pathway_id=pid,
            victim_id=victim_id,
            stage="taking_part" if took_part else "consented",
            enhanced=False,
            details_received_on=date(2023, 10, 20),
            consent="consented",
            ever_consented=True,
            option="face_to_face_meeting" if took_part else None,
        )
    )


def seed_outcomes(s: Session, team: str, other: str, tag: str) -> None:
    """Add the golden rows; `tag` keeps ids and children unique in a shared database."""

    def add(name: str, child: str, disposal: str, made: date, whose: str = team, **more: list[date]) -> str:
        pid = f"{tag}-{name}"
        order(s, pid, f"{tag}-{child}", disposal, made, whose, **more)
        return pid

    yros = [add(f"c{n}", f"C{n}", YRO, date(2023, 10, 10)) for n in range(1, 6)]
    for n in range(1, 6):
        add(f"d{n}", f"D{n}", DTO, date(2023, 11, 1))
    add("c1-again", "C1", YRO, date(2024, 3, 1), offences=[date(2024, 1, 15), date(2024, 2, 1)])
    add("c2-again", "C2", YRO, date(2024, 5, 1), offences=[date(2024, 4, 1)])
    for n in range(1, 4):
        add(f"e{n}", f"E{n}", RO, date(2023, 8, 1))
    for n in range(1, 6):
        add(f"f{n}", f"F{n}", RO, date(2023, 5, 1))
    for n in range(1, 6):
        add(f"o{n}", f"O{n}", DTO, date(2023, 12, 1), whose=other)
    # Five community resolutions decided in Q3 whose interventions ended in Q4, four completed:
    # KPI 6 80% (no caution, so no first-time entrant and no way into a re-offending cohort).
    for n in range(1, 6):
        pid = add(f"cr{n}", f"R{n}", "diversion", date(2023, 7, 3))
        s.flush()
        row = s.get(PathwayRow, pid)
        assert row is not None
        row.status, row.closed_on = "closed", date(2023, 11, 15)
        row.closure_reason = "completed" if n < 5 else "revoked_early"
        s.add(
            DiversionRow(
                pathway_id=pid,
                referral_id=f"ref-{pid}",
                source="police",
                referred_on=date(2023, 7, 3),
                outcome="community_resolution",
                decided_on=date(2023, 7, 3),
                conditions=0,
                conditions_complied=0,
                conditions_not_complied=0,
            )
        )
    # Victims: two of each of C1-C5 consented, one of each took part.
    for pid in yros:
        for i, took_part in enumerate((True, False), start=1):
            victim(s, pid, f"v{i}", took_part=took_part)
    for n in range(1, 11):
        pid = add(f"k{n}", f"K{n}", RO, date(2021, 6, 1))
        s.flush()
        row = s.get(PathwayRow, pid)
        assert row is not None
        row.status, row.closed_on, row.closure_reason = "closed", date(2023, 11, 20), "completed"
        row.outcome_data_rules, row.closed_without_outcome_data = True, n == 10
        if n < 10:
            s.add(OutcomeDataRow(pathway_id=pid, point="end", on=date(2023, 11, 20), **ended(n)))
    meetings = ((date(2023, 10, 12), {"probation", "childrens_social_care"}), (date(2023, 12, 7), {"health"}))
    for on, absent in meetings:
        attended = [p.id for p in STATUTORY_PARTNERS if p.id not in absent]
        board_meetings.record(
            s,
            BoardMeetingRecord(met_on=on, attended=attended),
            team=team,
            area=None,
            partners=list(STATUTORY_PARTNERS),
            by="sam",
            today=date(2026, 12, 6),
        )


def ended(n: int) -> dict[str, object]:
    """Child Kn's answers at the end of their order (see the module's docstring)."""
    return ANSWERS | {
        "accommodation_suitable": n <= 9,
        "ete_suitable": n <= 8,
        "send_identified": n <= 8,
        "send_formal_plan": n <= 6,
        "mental_health_need": n <= 5,
        "mental_health_offered": n <= 5,
        "substance_use_need": n <= 7,
        "looked_after": n <= 2,
        "child_protection_plan": n == 3,
        "child_in_need": n in (4, 5),
        "early_help": n == 6,
    }
