"""The service's reports as JSON or CSV: timeliness, KPIs and disproportionality.

Supervisors and caseworkers read their own team's reports; auditors read any team's, or the
whole service's (no team). Integrators only ingest. Every read is audited with its filters.
"""

import asyncio
from datetime import UTC, date, datetime
from functools import partial
from typing import Annotated, Any, Literal, Protocol, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import MAX_ID, TeamQuery
from contracts.offences import OffenceGroup
from core.errors import InvalidInput
from core.workdays import london_date
from reports.csv import to_csv
from reports.custody import CustodyReport, custody
from reports.disproportionality import Dimension, RriReport, disproportionality
from reports.diversion_rri import DiversionRriReport, diversion_disproportionality
from reports.first_time_entrants import FirstTimeEntrants, first_time_entrants
from reports.kpis import KpiReport, kpis
from reports.population import Population
from reports.reflections import BiasReflectionReport, bias_reflections
from reports.reoffending import ReoffendingReport, reoffending
from reports.timeliness import TimelinessReport, timeliness
from reports.yjb_kpis import YjbKpiReport, yjb_kpis

router = APIRouter(prefix="/v1/reports", tags=["reports"], route_class=GuardedRoute)
Reader = Annotated[User, allowed(Act.READ_REPORT)]

R = TypeVar("R", bound=BaseModel)
R_co = TypeVar("R_co", bound=BaseModel, covariant=True)

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
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


class CohortReport(Protocol[R_co]):
    """A report of a cohort, built from the read model (`reports.*`)."""

    def __call__(
        self,
        session: Session,
        *,
        team: str | None,
        since: date | None,
        until: date | None,
        offence_group: OffenceGroup | None,
    ) -> R_co:
        """Build the report of the pathways of `team` (None: all) with orders in the period."""
        ...


class ReportQuery:
    """What every report is asked with: by whom, for which cohort, and as JSON or CSV.

    A dependency: FastAPI reads the team, the period and the format from the query. Nothing is
    judged until `team` or `answer` is called, so a route's own parameters are validated first.
    """

    def __init__(
        self,
        request: Request,
        user: Reader,
        sessions: SessionsDep,
        team: TeamQuery = None,
        since: Since = None,
        until: Until = None,
        offence_group: Offences = None,
        format: Format = "json",
    ) -> None:
        self.request, self.user, self.sessions = request, user, sessions
        self.asked_team, self.since, self.until, self.format = team, since, until, format
        self.offence_group = offence_group

    def team(self) -> str | None:
        """The team whose report is read (None: every team), or 403 (422) as `team_for` says."""
        return team_for(self.user, self.asked_team, self.since, self.until)

    async def answer(self, name: str, build: CohortReport[R], *detail: str) -> R | Response:
        """Audit the read, build the report `name` in a thread, and answer it as asked."""
        team = self.team()
        cohort = [f"team={team or '*'}", f"since={self.since or ''}", f"until={self.until or ''}"]
        group = self.offence_group
        offences = [f"offence_group={group.value}"] if group is not None else []
        note(
            self.request,
            action=f"read_report:{name}",
            detail=" ".join([*cohort, *detail, *offences]),
        )

        def run() -> R:
            with self.sessions() as session:
                return build(
                    session, team=team, since=self.since, until=self.until, offence_group=group
                )

        report = await asyncio.to_thread(run)  # UnknownGroup: 422 naming `reference`
        if self.format == "csv":
            return Response(
                to_csv(report),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
            )
        return report


Asked = Annotated[ReportQuery, Depends()]


class RriOptions:
    """The disproportionality report's own parameters (a dependency, validated first)."""

    def __init__(
        self,
        dimension: Annotated[Dimension, Query(description="ethnicity, gender or age_band")],
        reference: Annotated[
            str | None,
            Query(
                max_length=MAX_ID, description="the reference group (default White, Male or 15-17)"
            ),
        ] = None,
        min_count: Annotated[
            int | None,
            Query(ge=1, le=1000, description="suppress counts below (default the service's floor)"),
        ] = None,
    ) -> None:
        self.dimension, self.reference, self.min_count = dimension, reference, min_count

    def suppressing_below(self, user: User, floor: int) -> int:
        """The count below which to suppress; 403 if anyone but an auditor goes below `floor`."""
        if self.min_count is None:
            return floor
        if self.min_count < floor and user.role != Role.AUDITOR:
            raise HTTPException(
                403,
                {
                    "detail": f"min_count: only an auditor may suppress below the service's floor "
                    f"of {floor}",
                    "errors": [{"field": "min_count", "reason": f"at least {floor}"}],
                },
            )
        return self.min_count


@router.get("/timeliness", response_model=TimelinessReport, responses=_CSV)
async def get_timeliness(asked: Asked, holidays: HolidaysDep) -> TimelinessReport | Response:
    """Per step, the share of tasks done on time and the median working days from the order."""
    return await asked.answer("timeliness", partial(timeliness, holidays=holidays))


@router.get("/kpis", response_model=KpiReport, responses=_CSV)
async def get_kpis(asked: Asked, settings: SettingsDep) -> KpiReport | Response:
    """Victims, referrals, consistency of case manager, orders, closures and escalations."""
    interval = settings.staff_supervision_interval_months
    return await asked.answer("kpis", partial(kpis, staff_interval_months=interval))


@router.get("/disproportionality", response_model=RriReport, responses=_CSV)
async def get_disproportionality(
    options: Annotated[RriOptions, Depends()], asked: Asked, settings: SettingsDep
) -> RriReport | Response:
    """The Relative Rate Index of each group at each decision point, with 95% intervals.

    Counts below `min_count` are suppressed; only an auditor may set it below the service's
    floor (`PATHWAY_SUPPRESSION_FLOOR`), so a small group's children cannot be singled out.
    """
    asked.team()  # another team's report is refused before the floor is judged
    min_count = options.suppressing_below(asked.user, settings.suppression_floor)
    build = partial(
        disproportionality,
        dimension=options.dimension,
        reference=options.reference,
        min_count=min_count,
    )
    return await asked.answer(
        "disproportionality", build, f"dimension={options.dimension}", f"min_count={min_count}"
    )


class MinCount:
    """The bias reflections report's suppression threshold (a dependency, validated first)."""

    def __init__(
        self,
        min_count: Annotated[
            int | None,
            Query(ge=1, le=1000, description="suppress counts below (default the service's floor)"),
        ] = None,
    ) -> None:
        self.min_count = min_count


def _not_by_offence_group(within: dict[str, Any]) -> None:
    if within.pop("offence_group", None) is not None:
        raise InvalidInput.field("offence_group", "this report is not split by offence group")


@router.get("/reoffending", response_model=ReoffendingReport, responses=_CSV)
async def get_reoffending(
    options: Annotated[MinCount, Depends()], asked: Asked, settings: SettingsDep
) -> ReoffendingReport | Response:
    """Proven re-offending of each 3-month cohort, live (`reports.reoffending`).

    Cohorts of children cautioned, given a non-custodial sentence or released from custody in
    a quarter (`since`/`until` choose the quarters); binary rate and frequency; recent cohorts
    provisional, with their months of follow-up. Suppressed below `min_count` (only an auditor
    may go below the service's floor).
    """
    asked.team()
    rri = RriOptions(dimension="ethnicity", min_count=options.min_count)
    min_count = rri.suppressing_below(asked.user, settings.suppression_floor)
    today = london_date(datetime.now(UTC))

    def build(session: Session, **within: Any) -> ReoffendingReport:
        _not_by_offence_group(within)
        return reoffending(session, as_of=today, min_count=min_count, **within)

    return await asked.answer("reoffending", build, f"min_count={min_count}")


@router.get("/custody", response_model=CustodyReport, responses=_CSV)
async def get_custody(
    options: Annotated[MinCount, Depends()], asked: Asked, settings: SettingsDep
) -> CustodyReport | Response:
    """Use of custody by quarter, per 1,000 children aged 10 to 17 and as a share of sentences.

    With the RRI of custody among sentences by ethnic group (`reports.custody`).
    """
    asked.team()
    rri = RriOptions(dimension="ethnicity", min_count=options.min_count)
    min_count = rri.suppressing_below(asked.user, settings.suppression_floor)
    population = Population(by_team=settings.population)

    def build(session: Session, **within: Any) -> CustodyReport:
        _not_by_offence_group(within)
        return custody(session, population=population, min_count=min_count, **within)

    return await asked.answer("custody", build, f"min_count={min_count}")


@router.get("/bias-reflections", response_model=BiasReflectionReport, responses=_CSV)
async def get_bias_reflections(
    options: Annotated[MinCount, Depends()], asked: Asked, settings: SettingsDep
) -> BiasReflectionReport | Response:
    """Bias reflections by stage, team and quarter, with the RRI at the same stages.

    The count of reflections, the share checked with a colleague and the GRACES aspects
    considered; beside them, the RRI by ethnic group at the decision points of the same stage.
    Suppressed below `min_count` (only an auditor may go below the service's floor).
    """
    asked.team()
    rri = RriOptions(dimension="ethnicity", min_count=options.min_count)
    min_count = rri.suppressing_below(asked.user, settings.suppression_floor)
    build = partial(bias_reflections, min_count=min_count)
    return await asked.answer("bias-reflections", build, f"min_count={min_count}")


# Diversion (issue 20): first-time entrants, and the RRI at the joint decision panel.


@router.get("/first-time-entrants", response_model=FirstTimeEntrants, responses=_CSV)
async def get_first_time_entrants(asked: Asked) -> FirstTimeEntrants | Response:
    """Children whose first youth caution, conditional caution or conviction fell in the period.

    Counted once per child across court and diversion pathways, by quarter, kind and area
    (ADR 0133); `since` and `until` bound the day of the first event, not of an order.
    """
    return await asked.answer("first-time-entrants", first_time_entrants)


@router.get("/diversion-disproportionality", response_model=DiversionRriReport, responses=_CSV)
async def get_diversion_disproportionality(
    options: Annotated[RriOptions, Depends()], asked: Asked, settings: SettingsDep
) -> DiversionRriReport | Response:
    """The RRI at the joint decision panel: charged or diverted, and each outcome chosen.

    Over the referrals decided in the period (`since` and `until` bound the decision's day),
    with the suppression floor and 95% intervals of the disproportionality report (ADR 0134).
    """
    asked.team()
    min_count = options.suppressing_below(asked.user, settings.suppression_floor)
    build = partial(
        diversion_disproportionality,
        dimension=options.dimension,
        reference=options.reference,
        min_count=min_count,
    )
    return await asked.answer(
        "diversion-disproportionality",
        build,
        f"dimension={options.dimension}",
        f"min_count={min_count}",
    )


@router.get("/yjb-kpis", response_model=YjbKpiReport, responses=_CSV)
async def get_yjb_kpis(
    options: Annotated[MinCount, Depends()], asked: Asked, settings: SettingsDep
) -> YjbKpiReport | Response:
    """The YJB's KPIs 1-5, 7 and 8 of the children whose order ended in the period (issue 21).

    `since` and `until` are of the order's end (its closure), as the KPIs count orders ending
    in the period; each KPI carries its definition and source (`reports.yjb_kpis`). Counts
    below `min_count` are suppressed (only an auditor may go below the service's floor).
    """
    asked.team()
    rri = RriOptions(dimension="ethnicity", min_count=options.min_count)
    min_count = rri.suppressing_below(asked.user, settings.suppression_floor)
    return await asked.answer(
        "yjb-kpis",
        partial(yjb_kpis, min_count=min_count, population=Population(by_team=settings.population)),
        f"min_count={min_count}",
    )
