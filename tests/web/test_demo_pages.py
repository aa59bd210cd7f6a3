"""The demo's year (`pathway dev --demo`, ADR 0143) in a browser: the dashboard, a case page and
the reports page show a working service, with real numbers above the suppression threshold.

A smaller year than `make run`'s (`ORDERS` court orders and `DIVERSIONS` referrals rather than
125 and 35), loaded once for this module on a site of its own (its own database and task
queue), by the same `load_year` that `make run` calls. Screenshots are saved into
`tests/screenshots/` (or `PATHWAY_SCREENSHOTS`) as `demo-1-dashboard.png`, `demo-2-case.png`
and `demo-3-reports.png`.
"""

import asyncio
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
import uvicorn
from playwright.async_api import Browser, Page, expect
from sqlalchemy import func, select
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from commands.year_demo import YearLoaded, first_day, load_year
from core.settings import Settings
from core.workdays import london_date
from db.session import migrate
from ingest.service import IngestService
from ingest.store import IntakeStore
from readmodel.tables import (
    BiasReflectionRow,
    ComplianceRow,
    DiversionRow,
    PathwayRow,
    ReferralRow,
    RestorativeRow,
    TaskRow,
    VictimRow,
)
from tests.eventually import eventually
from tests.web.conftest import SCREENSHOTS, Site, _free_port, screenshot, started
from tests.workflows.harness import fresh_queue
from worker import running_worker

ORDERS, DIVERSIONS = 60, 16


@pytest.fixture(scope="module")
async def demo(
    dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Site, YearLoaded, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'pathway.db'}"
    migrate(url)
    settings = Settings(database_url=url, temporal_task_queue=fresh_queue())
    app = create_app(settings, client=dev_env.client)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           ws="none", http="h11", lifespan="on"))
    async with running_worker(dev_env.client, settings):
        serving = asyncio.create_task(server.serve())
        await eventually(lambda: started(server, serving), what="uvicorn serving", seconds=30, every=0.02)
        sessions = app.state.sessions
        service = IngestService(IntakeStore(sessions), dev_env.client, settings)
        bar = io.StringIO()
        today = london_date(datetime.now(UTC))
        loaded = await load_year(dev_env.client, service, today, orders=ORDERS, diversions=DIVERSIONS, out=bar)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as http:
            yield Site(base, http, settings, sessions), loaded, bar.getvalue()
        server.should_exit = True
        await serving


@pytest.fixture
async def demo_page(browser: Browser, demo: tuple[Site, YearLoaded, str]) -> AsyncIterator[Page]:
    """A page on the demo's own site; it fails the test if the page logs an error."""
    ctx = await browser.new_context(base_url=demo[0].base, viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = await ctx.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    await ctx.close()
    assert not problems, problems


def projected(site: Site) -> int:
    with site.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(PathwayRow)) or 0)


async def test_the_demo_year_loads_through_the_intake_with_a_progress_bar(demo: tuple[Site, YearLoaded, str]) -> None:
    site, loaded, bar = demo
    total = ORDERS + DIVERSIONS
    assert loaded.tally.started == ORDERS and loaded.tally.diversions == DIVERSIONS
    assert f"] {total}/{total} children\n" in bar and "[" + "#" * 30 + "]" in bar
    assert loaded.start == first_day(london_date(datetime.now(UTC)))
    # A pathway nobody has written to the read model yet is projected after a grace (ADR 0070).
    await eventually(lambda: projected(site), lambda n: n == total, what="every pathway in the read model", seconds=90)
    with site.sessions() as session:
        by_status = dict(session.execute(select(TaskRow.status, func.count()).group_by(TaskRow.status)).all())
        teams = dict(session.execute(select(PathwayRow.team, func.count()).group_by(PathwayRow.team)).all())
        late = session.scalar(select(func.count()).where(TaskRow.completed_on > TaskRow.due_date))
        first = session.scalar(select(func.min(PathwayRow.made_on)))
    # Steps done on time and late, work still overdue; both teams; a year that has passed.
    assert by_status["done"] > 10 * total // 2 and by_status["overdue"] > 0, by_status
    assert late and late > 0
    assert set(teams) >= {"bromley", "croydon"} and min(teams["bromley"], teams["croydon"]) > total // 4, teams
    assert first is not None and (london_date(datetime.now(UTC)) - first).days > 300
    with site.sessions() as session:
        def count(table: type) -> int:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)

        outcomes = set(session.scalars(select(DiversionRow.outcome).where(DiversionRow.outcome.is_not(None))))
        closed = session.scalar(select(func.count()).where(PathwayRow.status == "closed"))
        escalated = session.scalar(select(func.count()).where(TaskRow.escalated.is_(True)))
        rows = {t.__name__: count(t) for t in (VictimRow, ReferralRow, BiasReflectionRow, ComplianceRow, RestorativeRow)}
    # The panel's outcomes, closures, escalations, victims, programme referrals, reflections,
    # failures to comply and restorative work: the year's shape, not a handful of cases.
    assert len(outcomes) >= 3, outcomes
    assert closed and closed > 5 and escalated and escalated > 0
    assert all(n > 0 for n in rows.values()), rows
    assert loaded.tally.refused < loaded.tally.steps // 20, loaded.tally.refusals


async def test_screenshots_of_the_demo_dashboard_a_case_and_the_reports_show_a_working_service(
    demo: tuple[Site, YearLoaded, str], demo_page: Page
) -> None:
    page = demo_page
    site, _, _ = demo
    await eventually(lambda: projected(site), lambda n: n == ORDERS + DIVERSIONS, what="every pathway in the read model", seconds=90)
    cookie = site.session_cookie("supervisor", "sam.supervisor", "bromley")
    await page.context.add_cookies([{"name": "pathway_session", "value": cookie, "url": site.base}])

    await page.goto("/dashboard")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    body = await page.locator("main").inner_text()
    assert re.search(r"\b[1-9]\d*\b", body), body
    dashboard = await screenshot(page, "demo-1-dashboard")

    with site.sessions() as session:
        pid = session.scalar(
            select(TaskRow.pathway_id)
            .join(PathwayRow, PathwayRow.pathway_id == TaskRow.pathway_id)
            .where(PathwayRow.team == "bromley", PathwayRow.status == "open", TaskRow.status == "done")
            .group_by(TaskRow.pathway_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    assert pid is not None
    await page.goto(f"/cases/{pid}")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    case_text = await page.locator("main").inner_text()
    assert "Test Child" not in case_text and "Testchild" not in case_text
    case = await screenshot(page, "demo-2-case")

    await page.goto("/reports")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    await expect(page.locator(".app-chart svg[role=img]").first).to_be_visible()
    reports_text = await page.locator("main").inner_text()
    percentages = re.findall(r"\b\d{1,3}%", reports_text)
    assert len(percentages) >= 5, reports_text
    reports = await screenshot(page, "demo-3-reports")
    for shot in (dashboard, case, reports):
        assert shot.parent == SCREENSHOTS and shot.stat().st_size > 20_000
