"""The workforce KPIs on a known team, against a hand count."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.tables import StaffMember, StaffSupervision
from reports.kpis import kpis
from tests.reports.seed import add_pathway

NOW = datetime(2027, 1, 5, tzinfo=UTC)


def member(s: Session, user: str, joined: date, left: date | None = None, team: str = "bromley",
           held: tuple[date, ...] = ()) -> None:
    row = StaffMember(user_name=user, team=team, joined_on=joined, left_on=left, added_by="sam",
                      added_at=NOW)
    s.add(row)
    s.flush()
    for on in held:
        s.add(StaffSupervision(staff_id=row.id, supervised_on=on, themes=["wellbeing"],
                               recorded_by="sam", recorded_at=NOW))


@pytest.fixture
def team(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        # casey: due 1 Oct, 1 Nov, 1 Dec (period Oct-Dec), each held on the day: on time.
        member(s, "casey", date(2026, 9, 1), held=(date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)))
        # robin: due 1 Oct (held 20 Oct: late), then 20 Nov (held 15 Nov: on time), then 15 Dec
        # (not held): 3 due, 1 on time; not supervised on time.
        member(s, "robin", date(2026, 9, 1), held=(date(2026, 10, 20), date(2026, 11, 15)))
        # alex: joined 10 Dec, first due 10 Jan: nothing due in the period; still in post.
        member(s, "alex", date(2026, 12, 10))
        # jo: left on 15 Oct, due 1 Oct and held: on time; leaving in the period.
        member(s, "jo", date(2026, 9, 1), left=date(2026, 10, 15), held=(date(2026, 9, 30),))
        # left before the period: not in post in it.
        member(s, "gone", date(2025, 1, 1), left=date(2026, 6, 30))
        # another team.
        member(s, "cat", date(2026, 9, 1), team="croydon")
        # Pathways of the period: two children, one with two orders; 3 changes of case manager.
        add_pathway(s, "p1", child_id="c1", made_on=date(2026, 10, 5), case_manager_changes=2)
        add_pathway(s, "p2", child_id="c1", made_on=date(2026, 11, 5), case_manager_changes=0)
        add_pathway(s, "p3", child_id="c2", made_on=date(2026, 12, 5), case_manager_changes=1)
    return sessions


def test_supervision_on_time_staff_leaving_and_changes_per_child_match_the_hand_count(
    team: sessionmaker[Session],
) -> None:
    with team() as s:
        w = kpis(s, team="bromley", since=date(2026, 10, 1), until=date(2026, 12, 31),
                 today=date(2027, 1, 5)).workforce
    assert w.staff_in_post == 4  # casey, robin, alex, jo
    assert (w.supervisions_due, w.supervisions_on_time) == (3 + 3 + 1, 3 + 1 + 1)
    assert (w.staff_with_supervision_due, w.staff_supervised_on_time) == (3, 2)
    assert w.staff_supervised_on_time_share == pytest.approx(2 / 3)
    assert (w.staff_leaving, w.staff_leaving_share) == (1, 0.25)
    assert (w.children, w.case_manager_changes, w.case_manager_changes_per_child) == (2, 3, 1.5)


def test_every_team_counts_every_teams_staff(team: sessionmaker[Session]) -> None:
    with team() as s:
        w = kpis(s, since=date(2026, 10, 1), until=date(2026, 12, 31), today=date(2027, 1, 5)).workforce
    # cat of croydon: due 1 Oct, never held: one missed supervision.
    assert (w.staff_in_post, w.supervisions_due, w.staff_with_supervision_due) == (5, 8, 4)
