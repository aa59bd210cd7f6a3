"""Issue 16: every door records through one command client (`core.pathways`), so a refusal reads
the same from the API, the pages and the police's feed, and a pathway the caller may not see is
not found from each of them, the client itself included."""

import re
import uuid
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from access import Role, User
from contracts.facts import AssessmentFacts
from contracts.steps import FirstContactBody, VictimDetailsReceivedBody
from core.errors import PathwayNotFound, StepNotAllowed
from core.pathways import Pathways
from readmodel.tables import PathwayRow
from tests.factories import canonical_outcome
from tests.web.conftest import Site
from web.labels import sentence

BEFORE_THE_ORDER = date(2026, 1, 2)  # the default order is made on 27 March 2026
ROBIN = User(name="robin.worker", role=Role.CASEWORKER, team="croydon")
CASEY = User(name="casey.worker", role=Role.CASEWORKER, team="bromley")


@pytest.fixture
def pathways(site: Site, dev_env: WorkflowEnvironment) -> Pathways:
    """The command client itself, on the site's Temporal server and read model."""
    return Pathways(dev_env.client, site.sessions)


async def signed_in(site: Site, user: User) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=site.base) as http:
        http.cookies.set("pathway_session", site.session_cookie(user.role.value, user.name, user.team))
        yield http


@pytest.fixture
async def casey(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async for http in signed_in(site, CASEY):
        yield http


@pytest.fixture
async def robin(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async for http in signed_in(site, ROBIN):
        yield http


async def csrf(http: httpx.AsyncClient, path: str) -> str:
    page = await http.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def form_date(on: date) -> dict[str, str]:
    return {"completed_on-day": str(on.day), "completed_on-month": str(on.month), "completed_on-year": str(on.year)}


async def test_a_refused_step_reads_the_same_from_the_api_the_pages_the_police_feed_and_the_client(
    site: Site, casey: httpx.AsyncClient, pathways: Pathways
) -> None:
    record = canonical_outcome()
    pid = await site.ingest(**{"message_id": record["message_id"], "case_urn": record["case_urn"],
                               "defendant": record["defendant"]})
    await site.allocate(pid)
    api = await site.http.post(f"/v1/pathways/{pid}/steps/victim_details_received",
                               json={"completed_on": BEFORE_THE_ORDER.isoformat()},
                               headers=site.token("supervisor"))
    assert api.status_code == 409, api.text
    reason = api.json()["detail"]
    assert reason == f"completed_on {BEFORE_THE_ORDER} is before the order was made on 2026-03-27"

    police = {"message_id": f"police-{uuid.uuid4().hex[:8]}", "case_urn": record["case_urn"],
              "defendant_id": record["defendant"]["defendant_id"], "received_on": BEFORE_THE_ORDER.isoformat()}
    feed = await site.http.post("/v1/victim-details", json=police, headers=site.token("integrator", "police", None))
    assert feed.status_code == 409, feed.text
    assert feed.json()["detail"] == reason

    with pytest.raises(StepNotAllowed) as refused:
        await pathways.record_step(pid, CASEY, VictimDetailsReceivedBody(completed_on=BEFORE_THE_ORDER))
    assert refused.value.reason == reason

    path = f"/cases/{pid}/record/first_contact"  # the pages have no form for the police's step
    page = await casey.post(path, data={**form_date(BEFORE_THE_ORDER), "csrf_token": await csrf(casey, path)})
    assert page.status_code == 409
    assert sentence(reason) in page.text
    with pytest.raises(StepNotAllowed) as refused:
        await pathways.record_step(pid, CASEY, FirstContactBody(completed_on=BEFORE_THE_ORDER))
    assert refused.value.reason == reason


async def test_a_pathway_the_caller_may_not_see_is_not_found_from_every_door_and_nothing_is_recorded(
    site: Site, robin: httpx.AsyncClient, pathways: Pathways
) -> None:
    record = canonical_outcome()
    pid = await site.ingest(**{"message_id": record["message_id"], "case_urn": record["case_urn"],
                               "defendant": record["defendant"]})
    await site.allocate(pid)  # to bromley: robin works in croydon
    step = {"completed_on": "2026-03-30"}
    croydon = site.token("caseworker", "robin.worker", "croydon")
    for answer in (
        await site.http.get(f"/v1/pathways/{pid}", headers=croydon),
        await site.http.post(f"/v1/pathways/{pid}/steps/first_contact", json=step, headers=croydon),
        await site.http.put(f"/v1/pathways/{pid}/facts", json={}, headers=croydon),
    ):
        assert (answer.status_code, answer.json()) == (404, {"detail": f"no pathway {pid}"})

    path = f"/cases/{pid}/record/first_contact"
    token = await csrf(robin, "/my-work")
    for page in (
        await robin.get(f"/cases/{pid}"),
        await robin.get(path),
        await robin.post(path, data={**form_date(date(2026, 3, 30)), "csrf_token": token}),
    ):
        assert page.status_code == 404 and "Page not found" in page.text and sentence(f"no pathway {pid}") in page.text

    # The police's feed, sent by a supervisor of another team, holds them as for no pathway.
    police = {"message_id": f"police-{uuid.uuid4().hex[:8]}", "case_urn": record["case_urn"],
              "defendant_id": record["defendant"]["defendant_id"], "received_on": "2026-03-30"}
    feed = await site.http.post("/v1/victim-details", json=police, headers=site.token("supervisor", "cy", "croydon"))
    assert feed.status_code == 202 and feed.json()["pathway_id"] is None, feed.text

    for attempt in (
        pathways.load(pid, ROBIN),
        pathways.record_step(pid, ROBIN, FirstContactBody(completed_on=date(2026, 3, 30))),
        pathways.record_facts(pid, ROBIN, AssessmentFacts()),
    ):
        with pytest.raises(PathwayNotFound, match=f"no pathway {pid}"):
            await attempt
    state = await pathways.load(pid, CASEY)
    assert state.facts is None and all(e.kind not in ("first_contact", "victim_details_received") for e in state.timeline)


async def test_a_step_through_the_client_is_in_the_read_model_when_it_returns(
    site: Site, pathways: Pathways
) -> None:
    pid = await site.ingest()
    await site.allocate(pid)
    state = await pathways.record_step(pid, CASEY, FirstContactBody(completed_on=date(2026, 3, 30)))
    with site.sessions() as session:
        version = session.scalar(select(PathwayRow.version).where(PathwayRow.pathway_id == pid))
    assert version == state.version


async def test_pages_for_some_roles_only_are_refused_by_their_act_before_any_work_and_audited(
    site: Site,
) -> None:
    """The dashboard (supervisors, auditors), "my work" (caseworkers) and the step forms
    (caseworkers, supervisors) are acts of `access.acts`, checked by the guard."""
    pid = await site.ingest()
    await site.allocate(pid)
    async for sam in signed_in(site, User(name="sam.refused", role=Role.SUPERVISOR, team="bromley")):
        assert (await sam.get("/my-work")).status_code == 403
    async for alex in signed_in(site, User(name="alex.refused", role=Role.AUDITOR, team=None)):
        for path in (f"/cases/{pid}/record/first_contact", f"/cases/{pid}/facts"):
            page = await alex.get(path)
            assert page.status_code == 403 and "You cannot see this page" in page.text
            assert "caseworker, supervisor" in page.text  # who may
        assert (await alex.get(f"/cases/{pid}")).status_code == 200
    async for kim in signed_in(site, User(name="kim.refused", role=Role.CASEWORKER, team="bromley")):
        page = await kim.get("/dashboard")
        assert page.status_code == 403 and "auditor, supervisor" in page.text
        assert (await kim.get("/my-work")).status_code == 200
        assert (await kim.get(f"/cases/{pid}/record/first_contact")).status_code == 200

    auditor = site.token("auditor", "alex.auditor", None)
    seen = []
    for who in ("sam.refused", "alex.refused", "kim.refused"):
        r = await site.http.get(f"/v1/audit?user={who}", headers=auditor)
        seen += [(e["user"], e["action"], e["status"]) for e in r.json() if e["status"] == 403]
    assert sorted(seen) == sorted([
        ("sam.refused", "list_caseload", 403),
        ("alex.refused", "read_pathway", 403),
        ("alex.refused", "read_pathway", 403),
        ("kim.refused", "list_tasks", 403),
    ])
