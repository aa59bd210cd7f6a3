"""A detention and training order's release through the API and on the case page: the expected
release, the release recorded (moving the supervision tasks), and the releases refused."""

import html
import re
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.web.conftest import Site

DTO = {"type": "detention_and_training_order", "length_months": 12, "made_on": "2026-01-05"}


@pytest.fixture
async def browser_of(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=site.base) as http:
        http.cookies.set(
            "pathway_session", site.session_cookie("caseworker", "casey.worker", "bromley")
        )
        yield http


def order_facts(page: str) -> str:
    start = page.index("The order</h2>")
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</dl>", start)])).split()
    )


async def test_the_release_is_shown_expected_then_recorded_and_refused_twice(
    site: Site, browser_of: httpx.AsyncClient
) -> None:
    pid = await site.ingest(hearing_date="2026-01-05", disposal=DTO)
    await site.allocate(pid)
    caseworker = site.token("caseworker", "casey.worker", "bromley")
    view = (await site.http.get(f"/v1/pathways/{pid}", headers=caseworker)).json()
    assert view["custody"] == {
        "term_months": 12,
        "release_expected_on": "2026-07-05",
        "released_on": None,
        "release_kind": None,
    }
    page = (await browser_of.get(f"/cases/{pid}")).text
    expected = "Release Expected on 5 July 2026, half way through the 12-month term"
    assert expected in order_facts(page)
    assert f'href="/cases/{pid}/record/release"' in page
    summary = (await browser_of.get(f"/cases/{pid}/summary")).text
    assert "expected to come out of custody on 5 July 2026" in summary
    form = await browser_of.get(f"/cases/{pid}/record/release")
    assert form.status_code == 200 and "Record the release from custody" in form.text
    assert 'name="kind"' in form.text and 'name="released_on-day"' in form.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    day = {"released_on-day": "8", "released_on-month": "6", "released_on-year": "2026"}
    too_early = {**day, "released_on-day": "1", "kind": "early", "csrf_token": token.group(1)}
    r = await browser_of.post(f"/cases/{pid}/record/release", data=too_early)
    assert r.status_code == 409 and "s. 241(4)" in r.text, "refused on the page with the rule"
    r = await browser_of.post(
        f"/cases/{pid}/record/release", data={**day, "kind": "early", "csrf_token": token.group(1)}
    )
    assert r.status_code == 303, r.text

    view = (await site.http.get(f"/v1/pathways/{pid}", headers=caseworker)).json()
    tasks = {t["task_id"]: t for t in view["tasks"]}
    assert tasks["intervention_plan"]["due_date"] == "2026-06-29", "15 working days from release"
    assert view["custody"]["released_on"] == "2026-06-08"
    assert view["timeline"][-1]["kind"] == "release"

    page = (await browser_of.get(f"/cases/{pid}")).text
    assert "Release Released early on 8 June 2026 (half-way point 5 July 2026)" in order_facts(page)
    assert "Release from custody" in page  # the timeline entry
    assert f'href="/cases/{pid}/record/release"' not in page, "released: not offered again"

    step = f"/v1/pathways/{pid}/steps/release"
    early = {"released_on": "2026-06-08", "kind": "early"}
    again = await site.http.post(step, json=early, headers=caseworker)
    assert again.status_code == 409
    assert "already released on 2026-06-08" in again.text

    other = await site.ingest()  # a referral order
    await site.allocate(other)
    r = await site.http.post(f"/v1/pathways/{other}/steps/release", json=early, headers=caseworker)
    assert r.status_code == 409 and "release does not apply to a referral order" in r.text
