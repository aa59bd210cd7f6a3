"""The reports page: timeliness, KPIs and disproportionality as charts and tables, and CSVs.

Who may read which team's reports is the API's rule (`api.routes.reports.team_for`): a
supervisor their own team's, an auditor any team's or the whole service's. The filters come
from the page's own form, which sends every field, empty ones too: an empty field is no
filter, and a value that is not a date or an offence group is refused naming the field (never
repeating the value: ADR 0102).
"""

import asyncio
import base64
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, SettingsDep
from api.guard import note
from api.routes.reports import team_for
from contracts.offences import OFFENCE_GROUP_LABELS, OffenceGroup
from reports.charts import rri_chart, timeliness_chart
from reports.cohort import Within
from reports.csv import to_csv
from reports.disproportionality import Dimension, disproportionality
from reports.diversion_rri import DiversionRriReport, diversion_disproportionality
from reports.first_time_entrants import first_time_entrants
from reports.kpis import kpis
from reports.timeliness import STEP_LABELS, TimelinessReport, timeliness
from web.errors import PageError
from web.guard import PageRoute, page
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Reader = Annotated[User, page(Act.READ_REPORT)]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)
DIMENSION_NAMES = {"ethnicity": "Ethnic group", "gender": "Gender", "age_band": "Age band"}
DIMENSION_OF: dict[str, Dimension] = {f"disproportionality-{d}": d for d in DIMENSIONS}
# Diversion (issue 20): first-time entrants, and the RRI at the joint decision panel.
FTE, PANEL_RRI = "first-time-entrants", "diversion-disproportionality-ethnicity"
NAMES = ("timeliness", "kpis", *DIMENSION_OF, FTE, PANEL_RRI)
Day = Annotated[str | None, Query(max_length=20)]
TeamQuery = Annotated[str | None, Query(max_length=200)]
GroupQuery = Annotated[str | None, Query(max_length=40)]


def _day(name: str, value: str | None) -> date | None:
    """A date from the form; empty is no filter."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PageError(422, "There is a problem", f"{name}: not a date (YYYY-MM-DD)") from None


def _group(value: str | None) -> OffenceGroup | None:
    """An offence group from the form; empty is every group."""
    if not value or not value.strip():
        return None
    try:
        return OffenceGroup(value.strip())
    except ValueError:
        raise PageError(
            422, "There is a problem", "offence_group: choose one of the groups the form lists"
        ) from None


def _style_hashes(svgs: list[str]) -> list[str]:
    """CSP hashes of the charts' inline style attributes, so the page allows exactly those."""
    values = {v for svg in svgs for v in re.findall(r'style="([^"]*)"', svg)}
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(v.encode()).digest()).decode() + "'"
        for v in sorted(values)
    ]


def diversion_charts(t: TimelinessReport, panel: DiversionRriReport) -> dict[str, str]:
    """The diversion pathways' timeliness (apart from court orders'), and the panel's RRI."""
    charts = {"panel": rri_chart(panel, id_prefix="rri-panel")}
    if t.diversion_overall is not None:
        apart = TimelinessReport(
            cohort=t.cohort, steps=t.diversion_steps, overall=t.diversion_overall
        )
        charts["diversion_timeliness"] = timeliness_chart(apart, id_prefix="timeliness-diversion")
    return charts


@dataclass(frozen=True)
class Period:
    """The cohort of a page's reports: a team (None: every team) and a period of orders."""

    team: str | None
    since: date | None
    until: date | None
    min_count: int = 5
    offence_group: OffenceGroup | None = None
    staff_interval_months: int = 1

    def report(self, name: str, session: Session, holidays: frozenset[date]) -> BaseModel:
        """Build one report by its name on the page (`disproportionality-gender`, ...)."""
        cohort: Within = {
            "team": self.team,
            "since": self.since,
            "until": self.until,
            "offence_group": self.offence_group,
        }
        if name == "timeliness":
            return timeliness(session, holidays=holidays, **cohort)
        if name == "kpis":
            return kpis(session, staff_interval_months=self.staff_interval_months, **cohort)
        if name == FTE:
            return first_time_entrants(session, **cohort)
        if name == PANEL_RRI:
            return diversion_disproportionality(
                session, dimension="ethnicity", min_count=self.min_count, **cohort
            )
        dimension = DIMENSION_OF[name]
        return disproportionality(session, dimension=dimension, min_count=self.min_count, **cohort)

    def detail(self) -> str:
        """The filters as the audit records them."""
        words = f"team={self.team or '*'}"
        if self.offence_group is not None:
            words += f" offence_group={self.offence_group.value}"
        return words

    def query(self, user: User) -> str:
        """The page's filters as a query string, for the CSV links."""
        pairs: list[tuple[str, object]] = [
            ("since", self.since),
            ("until", self.until),
            ("offence_group", self.offence_group.value if self.offence_group else None),
        ]
        if user.role == Role.AUDITOR and self.team:
            pairs.insert(0, ("team", self.team))
        return urlencode([(k, str(v)) for k, v in pairs if v is not None])


class Asked:
    """What a reports page asks for: the filters of its query string, and how to read them.

    The filters are checked against the user (`period`) by the route, after what it checks
    first, so that a refusal names the first thing wrong.
    """

    def __init__(
        self,
        sessions: SessionsDep,
        settings: SettingsDep,
        holidays: HolidaysDep,
        team: TeamQuery = None,
        since: Day = None,
        until: Day = None,
        offence_group: GroupQuery = None,
    ) -> None:
        self.sessions = sessions
        self.holidays = holidays
        self.floor = settings.suppression_floor
        self.staff_interval_months = settings.staff_supervision_interval_months
        self.team, self.since, self.until = team, since, until
        self.offence_group = offence_group

    def period(self, user: User) -> Period:
        """The period asked, checked: who may read which team's, dates, the offence group."""
        first, last = _day("since", self.since), _day("until", self.until)
        try:
            team = team_for(user, self.team or None, first, last)
        except HTTPException as error:
            raise PageError.of(error) from error
        group = _group(self.offence_group)
        return Period(team, first, last, self.floor, group, self.staff_interval_months)

    async def read(self, period: Period, names: Sequence[str]) -> dict[str, BaseModel]:
        """Build the named reports of `period`, in a thread (the read model is read blocking)."""

        def build() -> dict[str, BaseModel]:
            with self.sessions() as session:
                return {name: period.report(name, session, self.holidays) for name in names}

        return await asyncio.to_thread(build)


AskedDep = Annotated[Asked, Depends()]


@router.get("/reports", response_class=HTMLResponse)
async def reports_page(request: Request, user: Reader, asked: AskedDep) -> HTMLResponse:
    """Timeliness, KPIs and disproportionality for the team (auditors: any team or all)."""
    period = asked.period(user)
    note(request, action="read_report:page", detail=period.detail())
    found = await asked.read(period, NAMES)
    charts = {"timeliness": timeliness_chart(found["timeliness"])}  # type: ignore[arg-type]
    for d in DIMENSIONS:
        charts[d] = rri_chart(found[f"disproportionality-{d}"], id_prefix=f"rri-{d}")  # type: ignore[arg-type]
    charts.update(diversion_charts(found["timeliness"], found[PANEL_RRI]))  # type: ignore[arg-type]
    return render(
        request,
        "reports.html",
        user=user,
        nav="reports",
        period=period,
        query=period.query(user),
        timeliness=found["timeliness"],
        kpis=found["kpis"],
        rri={d: found[f"disproportionality-{d}"] for d in DIMENSIONS},
        fte=found[FTE],
        panel_rri=found[PANEL_RRI],
        charts=charts,
        step_labels=STEP_LABELS,
        dimension_names=DIMENSION_NAMES,
        offence_groups=OFFENCE_GROUP_LABELS,
        style_hashes=_style_hashes(list(charts.values())),
    )


@router.get("/reports/{name}.csv")
async def report_csv(request: Request, name: str, user: Reader, asked: AskedDep) -> Response:
    """A report as CSV, for a spreadsheet (the same as the API's `?format=csv`)."""
    if name not in NAMES:
        raise PageError(404, "Page not found", f"there is no report called {name}")
    period = asked.period(user)
    note(request, action=f"read_report:{name}", detail=f"{period.detail()} csv")
    found = await asked.read(period, [name])
    return Response(
        to_csv(found[name]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
