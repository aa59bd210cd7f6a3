"""The supervisor's preview of a rule change, over HTTP: counts for the team, refusals by field."""

import asyncio
import uuid
from datetime import date

import httpx

from tests.eventually import eventually
from tests.web.conftest import Site

VR_ELIGIBLE = {
    "index_offence_group": "violence_against_the_person",
    "acute_psychiatric_illness": False,
    "family_in_crisis": False,
    "needs_other_therapy_first": False,
}


def aged_12_today() -> str:
    return date(date.today().year - 12, 1, 1).isoformat()


async def get(site: Site, cookie: str, query: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=site.base) as http:
        http.cookies.set("pathway_session", cookie)
        return await http.get(f"/reports/rule-preview?{query}")


async def test_a_supervisor_previews_raising_the_youngest_age_for_their_team(site: Site) -> None:
    team = f"preview{uuid.uuid4().hex[:4]}"
    pids = [
        await site.ingest(
            defendant__date_of_birth=aged_12_today(),
            defendant__ethnicity="W1",
            defendant__last_name=f"Preview{uuid.uuid4().hex[:6]}",
        )
        for _ in range(5)
    ]
    await asyncio.gather(*(site.allocate(pid, "casey.worker", team) for pid in pids))
    for pid in pids:
        r = await site.http.put(
            f"/v1/pathways/{pid}/facts",
            json=VR_ELIGIBLE,
            headers=site.token("caseworker", "casey.worker", team),
        )
        assert r.status_code == 200, r.text
        assert r.json()["violence_reduction"]["status"] == "eligible"
    cookie = site.session_cookie("supervisor", "sam.supervisor", team)

    empty = await get(site, cookie, "")
    assert empty.status_code == 200 and "Preview a rule change" in empty.text
    assert "In force: 12 years" in empty.text  # vr_min_age, with its reference beside it

    async def previewed() -> str:
        r = await get(site, cookie, "version=2027.1&vr_min_age=13")
        assert r.status_code == 200, r.text
        return r.text

    page = await eventually(
        previewed,
        lambda text: "5 open pathways decided" in text,
        what="the five pathways' facts in the read model",
    )
    row = page[page.index("Violence reduction group work</th>") :]
    row = row[: row.index("</tr>")]
    # 5 decisions change, none become eligible, all 5 stop being eligible (5 is not suppressed).
    assert [cell.split("<")[0] for cell in row.split('numeric">')[1:]] == ["5", "0", "5"]
    assert f'<th scope="row" class="govuk-table__header">{team}</th>' in page

    # Nothing changed: the pathways are still eligible.
    r = await site.http.get(
        f"/v1/pathways/{pids[0]}/eligibility",
        headers=site.token("caseworker", "casey.worker", team),
    )
    assert r.json()["violence_reduction"]["status"] == "eligible"


async def test_the_preview_is_refused_to_caseworkers_and_bad_values_are_named(site: Site) -> None:
    caseworker = site.session_cookie("caseworker", "casey.worker", "bromley")
    assert (await get(site, caseworker, "")).status_code == 403
    supervisor = site.session_cookie("supervisor", "sam.supervisor", "bromley")
    # The error page words field names as a sentence ("Vr min age: ...").
    bad = await get(site, supervisor, "version=2027.1&vr_min_age=twelve")
    assert bad.status_code == 422 and "vr min age" in bad.text.lower() and "twelve" not in bad.text
    inverted = await get(site, supervisor, "version=2027.1&vr_min_age=18")
    assert inverted.status_code == 422 and "vr min age is above vr max age" in inverted.text.lower()
    markup = await get(site, supervisor, "version=%3Cscript%3E")
    assert (
        markup.status_code == 422
        and "version" in markup.text.lower()
        and "<script>" not in markup.text
    )
    other_team = await get(site, supervisor, "team=croydon")
    assert other_team.status_code == 403  # a supervisor previews their own team only
