"""First-time entrants and the RRI at the joint decision panel over HTTP: access, CSV, audit."""

import csv
import io

import pytest

from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.reports.diversion_seed import seed_children

FTE = "/v1/reports/first-time-entrants?since=2026-01-01&until=2026-06-30"
PANEL = "/v1/reports/diversion-disproportionality?dimension=ethnicity&since=2026-01-01&until=2026-06-30"


def seed(api: Api) -> None:
    assert api.settings.database_url
    with sessions_for(api.settings.database_url) as sessions, sessions.begin() as s:
        seed_children(s)


async def test_integrators_may_read_neither_report_and_strangers_nothing(api: Api) -> None:
    for path in (FTE, PANEL):
        for suffix in ("", "&format=csv"):
            r = await api.http.get(path + suffix, headers=api.token("integrator"))
            assert r.status_code == 403, (path, r.text)
        assert (await api.http.get(path)).status_code == 401


async def test_a_supervisor_reads_their_teams_first_time_entrants_and_an_auditor_the_services(api: Api) -> None:
    seed(api)
    own = (await api.http.get(FTE, headers=api.token("supervisor"))).json()
    assert (own["cohort"]["team"], own["first_time_entrants"]) == ("bromley", 17)
    assert [(q["quarter"], q["first_time_entrants"]) for q in own["by_quarter"]] == [("2026-Q1", 14), ("2026-Q2", 3)]
    r = await api.http.get(FTE + "&team=croydon", headers=api.token("supervisor"))
    assert r.status_code == 403 and "not team 'croydon'" in r.json()["detail"]
    everyone = (await api.http.get(FTE, headers=api.token("auditor", "ada", None))).json()
    assert (everyone["cohort"]["team"], everyone["first_time_entrants"]) == (None, 18)
    r = await api.http.get(FTE, headers=api.token("supervisor", "sam", None))
    assert r.status_code == 403


async def test_first_time_entrants_download_as_csv(api: Api) -> None:
    seed(api)
    r = await api.http.get(FTE + "&format=csv", headers=api.token("caseworker", "casey"))
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="first-time-entrants.csv"'
    table = list(csv.DictReader(io.StringIO(r.text)))
    values = {(t["section"], t["period_or_area"], t["item"]): t["value"] for t in table}
    assert values[("total", "", "first_time_entrants")] == "17"
    assert values[("quarter", "2026-Q2", "conviction")] == "2"
    assert values[("area", "bromley-yjs", "first_time_entrants")] == "17"


async def test_the_panel_rri_over_http_gives_the_hand_calculation_and_keeps_the_floor(api: Api) -> None:
    seed(api)
    sup = api.token("supervisor")
    body = (await api.http.get(PANEL, headers=sup)).json()
    assert body["report"] == "diversion-disproportionality" and body["reference"] == "White"
    rows = {(x["decision_point"], x["group"]): x for x in body["rows"]}
    black = rows[("divert_or_charge", "Black")]  # 5 of 10 against White 5 of 20
    assert (black["events"], black["base"], black["rri"]) == (5, 10, pytest.approx(2.0))
    assert (round(black["ci_low"], 2), round(black["ci_high"], 2)) == (0.75, 5.33)
    r = await api.http.get(PANEL + "&min_count=1", headers=sup)
    assert r.status_code == 403 and r.json()["errors"][0]["field"] == "min_count"
    r = await api.http.get(PANEL + "&min_count=1", headers=api.token("auditor", "ada", None))
    assert r.status_code == 200
    r = await api.http.get(PANEL + "&format=csv", headers=sup)
    table = list(csv.DictReader(io.StringIO(r.text)))
    # Six decision points (the charge, five outcomes), six ethnic groups each.
    assert len(table) == 36 and r.headers["content-disposition"].endswith('"diversion-disproportionality.csv"')
    charged = next(t for t in table if t["decision_point"] == "divert_or_charge" and t["group"] == "Black")
    assert (charged["events"], charged["base"], charged["rri"]) == ("5", "10", "2")
    r = await api.http.get(PANEL.replace("ethnicity", "religion"), headers=sup)
    assert r.status_code == 422


async def test_reading_either_report_is_audited_with_its_filters(api: Api) -> None:
    await api.http.get(FTE, headers=api.token("supervisor", "sam"))
    await api.http.get(PANEL, headers=api.token("supervisor", "sam"))
    r = await api.http.get("/v1/audit", headers=api.token("auditor", "ada", None))
    events = {(e["user"], e["action"]): e["detail"] for e in r.json()}
    assert events[("sam", "read_report:first-time-entrants")] == "team=bromley since=2026-01-01 until=2026-06-30"
    assert events[("sam", "read_report:diversion-disproportionality")] == (
        "team=bromley since=2026-01-01 until=2026-06-30 dimension=ethnicity min_count=5")
