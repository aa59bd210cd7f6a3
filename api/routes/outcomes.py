"""The outcome indicators by quarter as JSON or CSV: every figure, or one, team against service.

Who reads which team is the other reports' rule (`api.routes.reports.team_for`): supervisors
and caseworkers their own team, auditors any team or the whole service; integrators nothing.
The whole service's line comes with a team's as its comparison: it is an aggregate, with the
service's suppression floor, and names no other team (ADR 0142). Every read is audited.
"""

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from access import Act, User
from api.deps import SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import MAX_ID, TeamQuery
from api.routes.reports import team_for
from core.errors import InvalidInput, NotFound
from core.settings import Settings
from core.workdays import london_date
from reports.csv import to_csv
from reports.indicators import BY_ID, INDICATORS, Indicator
from reports.outcomes import DEFAULT_QUARTERS, OutcomesReport, outcomes
from reports.population import Population
from reports.quarters import Quarter, last_complete

router = APIRouter(prefix="/v1/reports", tags=["reports"], route_class=GuardedRoute)
Reader = Annotated[User, allowed(Act.READ_REPORT)]
QuarterQuery = Annotated[
    str | None,
    Query(
        max_length=20,
        description="the latest quarter shown, e.g. 2026-Q3 (default: the last complete quarter)",
    ),
]
CountQuery = Annotated[int, Query(ge=2, le=20, description="how many quarters (default 8)")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "the figures (JSON, or CSV)"}
}


def quarter_asked(value: str | None, today: date) -> Quarter:
    """The quarter asked (default: the last complete one), or 422 naming `quarter`."""
    if value is None or not value.strip():
        return last_complete(today)
    try:
        return Quarter.parse(value)
    except ValueError as error:
        raise InvalidInput.field("quarter", str(error)) from None


@dataclass(frozen=True)
class OutcomesAsked:
    """A checked request for outcome figures: whose, which quarters, which indicators."""

    team: str | None
    last: Quarter
    count: int
    only: tuple[Indicator, ...] = INDICATORS

    def detail(self, min_count: int) -> str:
        """The request as the audit records it."""
        ids = "*" if self.only == INDICATORS else ",".join(i.id for i in self.only)
        return (
            f"team={self.team or '*'} quarter={self.last} quarters={self.count} "
            f"indicators={ids} min_count={min_count}"
        )

    async def build(self, sessions: sessionmaker[Session], settings: Settings) -> OutcomesReport:
        """Build the figures in a thread (the read model is read blocking)."""
        today = london_date(datetime.now(UTC))
        population = Population(by_team=settings.population)

        def run() -> OutcomesReport:
            with sessions() as session:
                return outcomes(
                    session,
                    team=self.team,
                    last=self.last,
                    count=self.count,
                    as_of=today,
                    population=population,
                    min_count=settings.suppression_floor,
                    only=self.only,
                )

        return await asyncio.to_thread(run)


def indicator_named(name: str) -> Indicator:
    """The indicator with this id, or 404 listing the ids there are."""
    found = BY_ID.get(name)
    if found is None:
        raise NotFound(f"indicator: there is none called that; there are {', '.join(BY_ID)}")
    return found


async def _answer(
    request: Request,
    asked: OutcomesAsked,
    sessions: sessionmaker[Session],
    settings: Settings,
    format: str,
    name: str,
) -> OutcomesReport | Response:
    note(request, action=f"read_report:{name}", detail=asked.detail(settings.suppression_floor))
    report = await asked.build(sessions, settings)
    if format == "csv":
        return Response(
            to_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return report


@router.get("/outcomes", response_model=OutcomesReport, responses=_CSV)
async def get_outcomes(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    settings: SettingsDep,
    team: TeamQuery = None,
    quarter: QuarterQuery = None,
    quarters: CountQuery = DEFAULT_QUARTERS,
    format: Format = "json",
) -> OutcomesReport | Response:
    """Every outcome indicator by quarter: the team's values and the whole service's."""
    whose = team_for(user, team)
    last = quarter_asked(quarter, london_date(datetime.now(UTC)))
    asked = OutcomesAsked(whose, last, quarters)
    return await _answer(request, asked, sessions, settings, format, "outcomes")


@router.get("/outcomes/{indicator}", response_model=OutcomesReport, responses=_CSV)
async def get_outcome(
    request: Request,
    indicator: Annotated[str, Path(max_length=MAX_ID, description="the indicator's id")],
    user: Reader,
    sessions: SessionsDep,
    settings: SettingsDep,
    team: TeamQuery = None,
    quarter: QuarterQuery = None,
    quarters: CountQuery = DEFAULT_QUARTERS,
    format: Format = "json",
) -> OutcomesReport | Response:
    """One outcome indicator by quarter (its id, e.g. `reoffending-binary`): team and service."""
    whose = team_for(user, team)
    last = quarter_asked(quarter, london_date(datetime.now(UTC)))
    chosen = indicator_named(indicator)
    asked = OutcomesAsked(whose, last, quarters, (chosen,))
    return await _answer(request, asked, sessions, settings, format, f"outcomes-{chosen.id}")
