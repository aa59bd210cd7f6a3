"""Offences on the pages, over plain HTTP: the case page lists the order's offences with their
groups, and the reports page counts the orders of the offence group its form chooses."""

import html
import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.web.conftest import Site

BURGLARY = {"offence_code": "TH68036", "title": "Burglary dwelling and theft - no violence",
            "offence_date": "2026-02-01", "has_identified_victim": True}
UNKNOWN = {"offence_code": "XX99001", "title": "An offence of an Act the mapping does not know"}
ROBBERY = {"offence_code": "TH68023", "title": "Robbery", "offence_date": "2026-02-10"}
THEFT = {"offence_code": "TH68010", "title": "Theft from a shop", "offence_date": "2026-02-11"}


@pytest.fixture
async def browser_of(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=site.base) as http:
        yield http


def section(page: str, start: str, end: str) -> str:
    """The page from the tag holding `start` up to `end`."""
    begin = page.rindex("<", 0, page.index(start))
    return page[begin:page.index(end, begin)]


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


async def test_the_case_page_lists_each_offence_with_its_code_date_and_group(site: Site, browser_of: httpx.AsyncClient) -> None:
    pid = await site.ingest(offences=[BURGLARY, UNKNOWN])
    await site.allocate(pid)
    browser_of.cookies.set("pathway_session", site.session_cookie("caseworker", "casey.worker", "bromley"))
    r = await browser_of.get(f"/cases/{pid}")
    assert r.status_code == 200
    offences = text(section(r.text, 'id="offences"', "</ul>"))
    assert offences == (
        "Offences "
        "Burglary dwelling and theft - no violence TH68036 · 1 February 2026 Domestic burglary "
        "An offence of an Act the mapping does not know XX99001 Unclassified (code not in the offence mapping)"
    )


async def test_the_reports_page_counts_the_orders_of_the_chosen_offence_group(site: Site, browser_of: httpx.AsyncClient) -> None:
    team = f"offences{uuid.uuid4().hex[:4]}"
    pids = [await site.ingest(offences=[ROBBERY]) for _ in range(3)]
    pids += [await site.ingest(offences=[THEFT]) for _ in range(2)]
    pids.append(await site.ingest(offences=[ROBBERY, THEFT]))
    for pid in pids:
        await site.allocate(pid, team=team)
    await site.until_listed("/v1/caseload", site.token("supervisor", team=team),
                            lambda rows: set(pids) <= {row["pathway_id"] for row in rows})
    browser_of.cookies.set("pathway_session", site.session_cookie("supervisor", "sam.supervisor", team))

    # The form sends every field, the empty dates too.
    r = await browser_of.get("/reports", params={"since": "", "until": "", "offence_group": "robbery"})
    assert r.status_code == 200, r.text
    caption = text(section(r.text, 'class="govuk-caption-l"', "</span>"))
    assert caption.endswith(f"Team {team} · orders with an offence in the group Robbery")
    assert '<option value="robbery" selected>Robbery</option>' in r.text
    orders = text(section(r.text, 'class="app-stat__number"', "</div>"))
    assert orders == "4 children's orders in these reports"
    by_group = text(section(r.text, "Orders by offence group</caption>", "</table>"))
    assert "Robbery 4" in by_group and "Theft and handling stolen goods 1" in by_group
    assert "/reports/kpis.csv?offence_group=robbery" in r.text

    every = await browser_of.get("/reports", params={"since": "", "until": "", "offence_group": ""})
    assert text(section(every.text, 'class="app-stat__number"', "</div>")) == "6 children's orders in these reports"

    csv = await browser_of.get("/reports/kpis.csv", params={"offence_group": "theft_and_handling"})
    assert csv.status_code == 200 and "pathways,pathways,3\r\n" in csv.text


async def test_an_offence_group_the_page_does_not_list_is_refused_without_repeating_it(site: Site, browser_of: httpx.AsyncClient) -> None:
    browser_of.cookies.set("pathway_session", site.session_cookie("supervisor", "sam.supervisor", "bromley"))
    r = await browser_of.get("/reports", params={"offence_group": "Call 0800 000 000 to claim"})
    assert r.status_code == 422
    assert "Offence group: choose one of the groups the form lists." in text(r.text)
    assert "0800" not in r.text
    r = await browser_of.get("/reports", params={"since": "last week"})
    assert r.status_code == 422 and "Since: not a date (YYYY-MM-DD)." in text(r.text)
