"""The outcomes page and the quarterly board pack, with the board pack's PDF.

`/reports/outcomes`: every indicator of `reports.indicators` as a trend line by quarter, the
team's against the whole service's, with a text alternative, a table beside it, its definition
and its CSV. Caseworkers and supervisors see their own team; auditors choose a team, or the
service alone. `/reports/board-pack`: the same figures on one printable A4 page for the
management board (supervisors and auditors), and `/reports/board-pack.pdf`: that page printed
by headless Chromium (`web.pdf`). Every read is audited; a PDF that could not be printed is
audited with its 503.
"""

import pathlib
import re
from datetime import UTC, date, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from access import Act, Role, User
from api.deps import SessionsDep, SettingsDep
from api.guard import note
from api.routes.outcomes import OutcomesAsked, indicator_named, quarter_asked
from api.routes.reports import team_for
from core.errors import PathwayError
from core.settings import Settings
from core.workdays import london_date
from reports.csv import to_csv
from reports.indicators import formatted
from reports.outcomes import DEFAULT_QUARTERS, OutcomesReport
from reports.quarters import Quarter
from reports.trend_chart import sparkline, trend_chart
from web.guard import PageRoute, page
from web.pdf import PDF_POLICY, PrintFailed, print_pdf
from web.routes.reports import _style_hashes
from web.templating import ENV, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Reader = Annotated[User, page(Act.READ_REPORT)]
BoardReader = Annotated[User, page(Act.READ_BOARD_PACK)]
TeamQuery = Annotated[str | None, Query(max_length=200)]
QuarterQuery = Annotated[str | None, Query(max_length=20)]
EARLIER_QUARTERS = 3  # the board pack's columns before the latest; the sparkline shows all
STATIC = pathlib.Path(__file__).parents[1] / "static"
PRINT_CSS = ("govuk/govuk-frontend.min.css", "app.css", "board-pack.css")


class Refused(PathwayError):
    """A refusal the guard audits with its own status, shown as the error page (`PageRoute`).

    Raised in place of `team_for`'s HTTPException: an error page raised inside the handler would
    reach the guard as an unexpected failure and be audited as a 500.
    """

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class NotPrinted(PathwayError):
    """The board pack's PDF could not be printed; the page can be printed from a browser."""

    status = 503


def _asked(user: User, team: str | None, quarter: str | None) -> OutcomesAsked:
    """The figures asked for, checked as the API checks them (a bad quarter: 422)."""
    try:
        whose = team_for(user, team or None)
    except HTTPException as error:
        raise Refused(error.status_code, str(error.detail)) from error
    return OutcomesAsked(whose, quarter_asked(quarter, _today()), DEFAULT_QUARTERS)


async def _figures(
    request: Request, asked: OutcomesAsked, sessions: SessionsDep, settings: Settings, name: str
) -> OutcomesReport:
    note(request, action=f"read_report:{name}", detail=asked.detail(settings.suppression_floor))
    return await asked.build(sessions, settings)


def _charts(report: OutcomesReport) -> dict[str, str]:
    return {f.id: trend_chart(f, report.team, id_prefix=f"trend-{f.id}") for f in report.indicators}


def _sparklines(report: OutcomesReport) -> dict[str, str]:
    return {
        f.id: sparkline(
            f.team if f.team is not None else f.service,
            f.unit,
            name=f.name,
            id_prefix=f"spark-{f.id}",
        )
        for f in report.indicators
    }


def _query(user: User, asked: OutcomesAsked) -> str:
    team = f"team={asked.team}&" if user.role == Role.AUDITOR and asked.team else ""
    return f"{team}quarter={asked.last}"


@router.get("/reports/outcomes", response_class=HTMLResponse)
async def outcomes_page(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    settings: SettingsDep,
    team: TeamQuery = None,
    quarter: QuarterQuery = None,
) -> HTMLResponse:
    """Every outcome indicator's trend by quarter: the team's line against the service's."""
    asked = _asked(user, team, quarter)
    report = await _figures(request, asked, sessions, settings, "outcomes-page")
    charts = _charts(report)
    return render(
        request,
        "outcomes.html",
        user=user,
        nav="reports",
        report=report,
        asked=asked,
        charts=charts,
        query=_query(user, asked),
        board_pack=user.role in (Role.SUPERVISOR, Role.AUDITOR),
        fmt=formatted,
        style_hashes=_style_hashes(list(charts.values())),
    )


@router.get("/reports/outcomes/{indicator}.csv")
async def outcome_csv(
    request: Request,
    indicator: Annotated[str, Path(max_length=100)],
    user: Reader,
    sessions: SessionsDep,
    settings: SettingsDep,
    team: TeamQuery = None,
    quarter: QuarterQuery = None,
) -> Response:
    """One indicator's figures as CSV, for a spreadsheet (the API's `?format=csv`)."""
    asked = _asked(user, team, quarter)
    chosen = indicator_named(indicator)
    one = OutcomesAsked(asked.team, asked.last, asked.count, (chosen,))
    report = await _figures(request, one, sessions, settings, f"outcomes-{chosen.id}")
    return Response(
        to_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="outcomes-{chosen.id}.csv"'},
    )


def _board_pack(
    user: User, report: OutcomesReport, asked: OutcomesAsked, **extra: object
) -> dict[str, Any]:
    quarters = [Quarter.parse(q) for q in report.quarters]
    return {
        "report": report,
        "asked": asked,
        "quarter": asked.last,
        "recent": quarters[-EARLIER_QUARTERS - 1 : -1],
        "sparklines": _sparklines(report),
        "query": _query(user, asked),
        "today": _today(),
        "fmt": partial(formatted, short=True),  # each row's name says what a value is per
        **extra,
    }


def _today() -> date:
    return london_date(datetime.now(UTC))


@router.get("/reports/board-pack", response_class=HTMLResponse)
async def board_pack(
    request: Request,
    user: BoardReader,
    sessions: SessionsDep,
    settings: SettingsDep,
    team: TeamQuery = None,
    quarter: QuarterQuery = None,
) -> HTMLResponse:
    """The quarterly board pack: every indicator, its value, trend and definition, to print."""
    asked = _asked(user, team, quarter)
    report = await _figures(request, asked, sessions, settings, "board-pack")
    context = _board_pack(user, report, asked)
    return render(
        request,
        "board_pack.html",
        nav="reports",
        style_hashes=_style_hashes(list(context["sparklines"].values())),
        **context,
    )


@router.get("/reports/board-pack.pdf")
async def board_pack_pdf(
    request: Request,
    user: BoardReader,
    sessions: SessionsDep,
    settings: SettingsDep,
    team: TeamQuery = None,
    quarter: QuarterQuery = None,
) -> Response:
    """The board pack printed to PDF by headless Chromium (A4, one page)."""
    asked = _asked(user, team, quarter)
    report = await _figures(request, asked, sessions, settings, "board-pack-pdf")
    styles = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in PRINT_CSS)
    html = ENV.get_template("board_pack.html").render(
        request=request,
        csrf_token="",
        cspNonce=None,
        development=settings.environment == "development",
        pdf_policy=PDF_POLICY,
        inline_css=styles,
        user=user,
        **_board_pack(user, report, asked),
    )
    try:
        pdf = await print_pdf(
            html, chromium=settings.chromium_path, timeout=settings.pdf_timeout_seconds
        )
    except PrintFailed as error:
        note(request, detail=f"not printed: {error}")
        raise NotPrinted(
            "the PDF could not be made just now: print the board pack page from your browser "
            "instead"
        ) from error
    whose = re.sub(r"[^A-Za-z0-9_-]", "-", asked.team or "service")[:60]
    name = f"board-pack-{whose}-{asked.last}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
