"""The service's reports as JSON or CSV: timeliness, KPIs and disproportionality.

Supervisors and caseworkers read their own team's reports; auditors read any team's, or the
whole service's (no team). Integrators only ingest. Every read is audited with its filters.
"""

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import MAX_ID, TeamQuery
from contracts.offences import OffenceGroup
from core.errors import InvalidInput
from reports.csv import to_csv
from reports.disproportionality import Dimension, RriReport, disproportionality
from reports.kpis import KpiReport, kpis
from reports.timeliness import TimelinessReport, timeliness

router = APIRouter(prefix="/v1/reports", tags=["reports"], route_class=GuardedRoute)
Reader = Annotated[User, allowed(Act.READ_REPORT)]

R = TypeVar("R", bound=BaseModel)

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Team = TeamQuery
Since = Annotated[date | None, Query(description="orders made on or after this date")]
Until = Annotated[date | None, Query(description="orders made on or before this date")]
Offences = Annotated[
    OffenceGroup | None,
    Query(description="only orders with at least one offence in this offence group"),
]
_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "the report (JSON, or CSV)"}
}


def team_for(
    user: User, team: str | None, since: date | None = None, until: date | None = None
) -> str | None:
    """Return the team whose report `user` may read (None: every team), or answer 403 (422).

    The period is checked here too, so that a bad request is refused before anything is read.
    """
    if user.role != Role.AUDITOR:
        if user.team is None:
            raise HTTPException(403, "reports are per team, and your token names no team")
        if team is not None and team != user.team:
            raise HTTPException(
                403, f"you may read team {user.team!r}'s reports, not team {team!r}'s"
            )
        team = user.team
    if since is not None and until is not None and since > until:
        raise InvalidInput.field("since", f"since {since} is after until {until}")
    return team


async def _answer(
    request: Request,
    sessions: sessionmaker[Session],
    name: str,
    detail: str,
    build: Callable[[Session], R],
    format: str,
) -> R | Response:
    note(request, action=f"read_report:{name}", detail=detail)

    def run() -> R:
        with sessions() as session:
            return build(session)

    report = await asyncio.to_thread(run)  # UnknownGroup: 422 naming `reference`
    if format == "csv":
        return Response(
            to_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return report


def _detail(
    team: str | None,
    since: date | None,
    until: date | None,
    *more: str,
    offence_group: OffenceGroup | None = None,
) -> str:
    words = [f"team={team or '*'}", f"since={since or ''}", f"until={until or ''}", *more]
    if offence_group is not None:
        words.append(f"offence_group={offence_group.value}")
    return " ".join(words)


@router.get("/timeliness", response_model=TimelinessReport, responses=_CSV)
async def get_timeliness(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    holidays: HolidaysDep,
    team: Team = None,
    since: Since = None,
    until: Until = None,
    offence_group: Offences = None,
    format: Format = "json",
) -> TimelinessReport | Response:
    """Per step, the share of tasks done on time and the median working days from the order."""
    chosen = team_for(user, team, since, until)
    return await _answer(
        request,
        sessions,
        "timeliness",
        _detail(chosen, since, until, offence_group=offence_group),
        lambda s: timeliness(
            s,
            holidays=holidays,
            team=chosen,
            since=since,
            until=until,
            offence_group=offence_group,
        ),
        format,
    )


@router.get("/kpis", response_model=KpiReport, responses=_CSV)
async def get_kpis(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    team: Team = None,
    since: Since = None,
    until: Until = None,
    offence_group: Offences = None,
    format: Format = "json",
) -> KpiReport | Response:
    """Victims, referrals, consistency of case manager, orders, closures, escalations, offences."""
    chosen = team_for(user, team, since, until)
    return await _answer(
        request,
        sessions,
        "kpis",
        _detail(chosen, since, until, offence_group=offence_group),
        lambda s: kpis(s, team=chosen, since=since, until=until, offence_group=offence_group),
        format,
    )


@router.get("/disproportionality", response_model=RriReport, responses=_CSV)
async def get_disproportionality(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    settings: SettingsDep,
    dimension: Annotated[Dimension, Query(description="ethnicity, gender or age_band")],
    reference: Annotated[
        str | None,
        Query(max_length=MAX_ID, description="the reference group (default White, Male or 15-17)"),
    ] = None,
    min_count: Annotated[
        int | None,
        Query(ge=1, le=1000, description="suppress counts below (default the service's floor)"),
    ] = None,
    team: Team = None,
    since: Since = None,
    until: Until = None,
    offence_group: Offences = None,
    format: Format = "json",
) -> RriReport | Response:
    """The Relative Rate Index of each group at each decision point, with 95% intervals.

    Counts below `min_count` are suppressed; only an auditor may set it below the service's
    floor (`PATHWAY_SUPPRESSION_FLOOR`), so a small group's children cannot be singled out.
    """
    chosen = team_for(user, team, since, until)
    floor = settings.suppression_floor
    if min_count is None:
        min_count = floor
    elif min_count < floor and user.role != Role.AUDITOR:
        raise HTTPException(
            403,
            {
                "detail": f"min_count: only an auditor may suppress below the service's floor "
                f"of {floor}",
                "errors": [{"field": "min_count", "reason": f"at least {floor}"}],
            },
        )
    return await _answer(
        request,
        sessions,
        "disproportionality",
        _detail(
            chosen,
            since,
            until,
            f"dimension={dimension}",
            f"min_count={min_count}",
            offence_group=offence_group,
        ),
        lambda s: disproportionality(
            s,
            dimension=dimension,
            reference=reference,
            min_count=min_count,
            team=chosen,
            since=since,
            until=until,
            offence_group=offence_group,
        ),
        format,
    )
