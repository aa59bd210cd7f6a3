"""The service's reports as JSON or CSV: timeliness, KPIs and disproportionality.

Supervisors and caseworkers read their own team's reports; auditors read any team's, or the
whole service's (no team). Integrators only ingest. Every read is audited with its filters.
"""

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from api.audit import audit
from api.auth import Role, User
from api.deps import HolidaysDep, SessionsDep, UserDep
from api.params import MAX_ID, TeamQuery
from reports.csv import to_csv
from reports.disproportionality import Dimension, RriReport, UnknownGroup, disproportionality
from reports.kpis import KpiReport, kpis
from reports.timeliness import TimelinessReport, timeliness

router = APIRouter(prefix="/v1/reports", tags=["reports"])

R = TypeVar("R", bound=BaseModel)

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Team = TeamQuery
Since = Annotated[date | None, Query(description="orders made on or after this date")]
Until = Annotated[date | None, Query(description="orders made on or before this date")]
_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "the report (JSON, or CSV)"}
}


def _unprocessable(field: str, reason: str) -> HTTPException:
    return HTTPException(422, {"detail": reason, "errors": [{"field": field, "reason": reason}]})


def team_for(
    user: User, team: str | None, since: date | None = None, until: date | None = None
) -> str | None:
    """Return the team whose report `user` may read (None: every team), or answer 403 (422).

    The period is checked here too, so that a bad request is refused before anything is read.
    """
    if user.role not in (Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR):
        raise HTTPException(403, f"a {user.role.value} may not read reports")
    if user.role != Role.AUDITOR:
        if user.team is None:
            raise HTTPException(403, "reports are per team, and your token names no team")
        if team is not None and team != user.team:
            raise HTTPException(
                403, f"you may read team {user.team!r}'s reports, not team {team!r}'s"
            )
        team = user.team
    if since is not None and until is not None and since > until:
        raise _unprocessable("since", f"since {since} is after until {until}")
    return team


async def _answer(
    sessions: sessionmaker[Session],
    user: User,
    name: str,
    detail: str,
    build: Callable[[Session], R],
    format: str,
) -> R | Response:
    def run() -> R:
        with sessions() as session:
            return build(session)

    # Both finish before either's failure is raised: a read left running in its thread would
    # hold a database connection past the request.
    report, audited = await asyncio.gather(
        asyncio.to_thread(run),
        audit(sessions, user, f"read_report:{name}", detail=detail),
        return_exceptions=True,
    )
    if isinstance(report, UnknownGroup):
        raise _unprocessable("reference", str(report)) from report
    if isinstance(report, BaseException):
        raise report
    if isinstance(audited, BaseException):
        raise audited
    if format == "csv":
        return Response(
            to_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return report


def _detail(team: str | None, since: date | None, until: date | None, *more: str) -> str:
    return " ".join([f"team={team or '*'}", f"since={since or ''}", f"until={until or ''}", *more])


@router.get("/timeliness", response_model=TimelinessReport, responses=_CSV)
async def get_timeliness(
    user: UserDep,
    sessions: SessionsDep,
    holidays: HolidaysDep,
    team: Team = None,
    since: Since = None,
    until: Until = None,
    format: Format = "json",
) -> TimelinessReport | Response:
    """Per step, the share of tasks done on time and the median working days from the order."""
    chosen = team_for(user, team, since, until)
    return await _answer(
        sessions,
        user,
        "timeliness",
        _detail(chosen, since, until),
        lambda s: timeliness(s, holidays=holidays, team=chosen, since=since, until=until),
        format,
    )


@router.get("/kpis", response_model=KpiReport, responses=_CSV)
async def get_kpis(
    user: UserDep,
    sessions: SessionsDep,
    team: Team = None,
    since: Since = None,
    until: Until = None,
    format: Format = "json",
) -> KpiReport | Response:
    """Victims, referrals, consistency of case manager, orders, closures and escalations."""
    chosen = team_for(user, team, since, until)
    return await _answer(
        sessions,
        user,
        "kpis",
        _detail(chosen, since, until),
        lambda s: kpis(s, team=chosen, since=since, until=until),
        format,
    )


@router.get("/disproportionality", response_model=RriReport, responses=_CSV)
async def get_disproportionality(
    user: UserDep,
    sessions: SessionsDep,
    dimension: Annotated[Dimension, Query(description="ethnicity, gender or age_band")],
    reference: Annotated[
        str | None,
        Query(max_length=MAX_ID, description="the reference group (default White, Male or 15-17)"),
    ] = None,
    min_count: Annotated[int, Query(ge=1, le=1000, description="suppress counts below")] = 5,
    team: Team = None,
    since: Since = None,
    until: Until = None,
    format: Format = "json",
) -> RriReport | Response:
    """The Relative Rate Index of each group at each decision point, with 95% intervals."""
    chosen = team_for(user, team, since, until)
    return await _answer(
        sessions,
        user,
        "disproportionality",
        _detail(chosen, since, until, f"dimension={dimension}", f"min_count={min_count}"),
        lambda s: disproportionality(
            s,
            dimension=dimension,
            reference=reference,
            min_count=min_count,
            team=chosen,
            since=since,
            until=until,
        ),
        format,
    )
