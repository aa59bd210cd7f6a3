"""Management board meetings in the case database (issue 21, KPI 7).

A supervisor records their own service's meetings; the partners expected are the service's
configured list at the time (`Settings.board_partners`), kept on the row.
"""

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.board_meetings import BoardMeetingRecord, BoardMeetingView
from contracts.formulation import Agency
from core.errors import InvalidInput
from db.tables import BoardMeeting


def record(
    session: Session,
    meeting: BoardMeetingRecord,
    *,
    team: str,
    area: str | None,
    partners: list[Agency],
    by: str,
    today: date,
) -> BoardMeetingView:
    """Record a meeting of `team`'s board; refused (422 naming the field) if it cannot be so.

    The partners attending must be on the service's list, each once; the meeting not in the
    future, and not a second record of the same day.
    """
    ids = [p.id for p in partners]
    unknown = [a for a in meeting.attended if a not in ids]
    if unknown:
        raise InvalidInput.field(
            "attended",
            f"{', '.join(unknown)}: not a board partner of the service ({', '.join(ids)})",
        )
    if len(set(meeting.attended)) != len(meeting.attended):
        raise InvalidInput.field("attended", "name each partner once")
    if meeting.met_on > today:
        raise InvalidInput.field("met_on", f"{meeting.met_on} is in the future (today is {today})")
    same_day = select(BoardMeeting.id).where(
        BoardMeeting.team == team, BoardMeeting.met_on == meeting.met_on
    )
    if session.scalars(same_day).first() is not None:
        raise InvalidInput.field("met_on", f"a meeting on {meeting.met_on} is recorded already")
    row = BoardMeeting(
        team=team,
        area=area,
        met_on=meeting.met_on,
        expected=ids,
        attended=[a for a in ids if a in meeting.attended],  # in the list's order
        recorded_by=by,
        recorded_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return view(row)


def view(row: BoardMeeting) -> BoardMeetingView:
    """A meeting as the API answers it."""
    return BoardMeetingView(
        id=row.id,
        team=row.team,
        met_on=row.met_on,
        expected=list(row.expected),
        attended=list(row.attended),
        recorded_by=row.recorded_by,
    )


def meetings(
    session: Session, team: str | None, since: date | None = None, until: date | None = None
) -> list[BoardMeeting]:
    """The meetings of `team` (None: every team) held in the period, oldest first."""
    query = select(BoardMeeting).order_by(BoardMeeting.met_on, BoardMeeting.id)
    if team is not None:
        query = query.where(BoardMeeting.team == team)
    if since is not None:
        query = query.where(BoardMeeting.met_on >= since)
    if until is not None:
        query = query.where(BoardMeeting.met_on <= until)
    return list(session.scalars(query))
