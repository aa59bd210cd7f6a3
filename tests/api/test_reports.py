"""Reports over HTTP: JSON and CSV, scoped to the caller's team, refused to integrators, audited."""

import csv
import io

import pytest

from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.reports.seed import seed_caseload

REPORTS = ("/v1/reports/timeliness", "/v1/reports/kpis", "/v1/reports/disproportionality?dimension=ethnicity")


def seed(api: Api) -> None:
    assert api.settings.database_url
    with sessions_for(api.settings.database_url) as sessions, sessions.begin() as s:
        seed_caseload(s)
        seed_caseload(s, team="croydon", prefix="pw-cro")


async def test_integrators_may_not_read_any_report(api: Api) -> None:
    for path in REPORTS:
        for suffix in ("", "&format=csv" if "?" in path else "?format=csv"):
            r = await api.http.get(path + suffix, headers=api.token("integrator"))
            assert r.status_code == 403, (path, r.text)
            assert r.json()["detail"].startswith("a integrator may not do this")
        assert (await api.http.get(path)).status_code == 401


async def test_the_disproportionality_report_gives_the_hand_calculated_rri_for_a_supervisors_team(api: Api) -> None:
    seed(api)
    r = await api.http.get("/v1/reports/disproportionality?dimension=ethnicity&reference=White&min_count=5",
                           headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["cohort"] == {"team": "bromley", "since": None, "until": None}
    assert body["reference"] == "White"
    rows = {(x["decision_point"], x["group"]): x for x in body["rows"]}
    black = rows[("referral_fft", "Black")]  # 6 of 20 against White 5 of 50
    assert (black["events"], black["base"], black["rri"]) == (6, 20, pytest.approx(3.0))
    assert (round(black["ci_low"], 2), round(black["ci_high"], 2)) == (1.03, 8.72)
    assert rows[("referral_fft", "Mixed")]["suppressed"] is True
    assert rows[("referral_fft", "Mixed")]["rri"] is None


async def test_supervisors_and_caseworkers_read_their_own_team_and_auditors_any(api: Api) -> None:
    seed(api)
    kpis = "/v1/reports/kpis"
    own = (await api.http.get(kpis, headers=api.token("caseworker", "casey"))).json()
    assert (own["cohort"]["team"], own["pathways"]) == ("bromley", 93)
    assert (await api.http.get(kpis + "?team=bromley", headers=api.token("supervisor"))).status_code == 200
    r = await api.http.get(kpis + "?team=croydon", headers=api.token("supervisor"))
    assert r.status_code == 403 and "not team 'croydon'" in r.json()["detail"]
    everyone = (await api.http.get(kpis, headers=api.token("auditor", "ada", None))).json()
    assert (everyone["cohort"]["team"], everyone["pathways"]) == (None, 186)
    croydon = (await api.http.get(kpis + "?team=croydon", headers=api.token("auditor", "ada", None))).json()
    assert croydon["pathways"] == 93
    r = await api.http.get(kpis, headers=api.token("supervisor", "sam", None))
    assert r.status_code == 403


async def test_each_report_downloads_as_csv_with_a_filename(api: Api) -> None:
    seed(api)
    sup = api.token("supervisor")
    r = await api.http.get("/v1/reports/timeliness?format=csv", headers=sup)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="timeliness.csv"'
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert table[0]["step"] == "allocation" and table[0]["tasks"] == "93"
    r = await api.http.get("/v1/reports/kpis?format=csv", headers=sup)
    assert 'filename="kpis.csv"' in r.headers["content-disposition"]
    assert "victims,identified,25\r\n" in r.text
    r = await api.http.get("/v1/reports/disproportionality?dimension=ethnicity&format=csv", headers=sup)
    assert 'filename="disproportionality.csv"' in r.headers["content-disposition"]
    # Seven decision points (a referral to each of four programmes, override, breach return,
    # custody), six ethnic groups each.
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 42


async def test_timeliness_over_http_counts_on_time_shares_and_the_period_filters_it(api: Api) -> None:
    seed(api)
    sup = api.token("supervisor")
    body = (await api.http.get("/v1/reports/timeliness", headers=sup)).json()
    allocation = body["steps"][0]
    assert (allocation["step"], allocation["done_on_time"], allocation["tasks"]) == ("allocation", 82, 93)
    assert allocation["on_time"] == pytest.approx(82 / 93)
    later = (await api.http.get("/v1/reports/timeliness?since=2026-02-01", headers=sup)).json()
    assert later["overall"]["tasks"] == 0 and later["overall"]["on_time"] is None


async def test_bad_requests_answer_422_naming_the_field(api: Api) -> None:
    sup = api.token("supervisor")
    r = await api.http.get("/v1/reports/disproportionality?dimension=ethnicity&reference=Martian", headers=sup)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reference"
    r = await api.http.get("/v1/reports/disproportionality?dimension=religion", headers=sup)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.dimension"
    r = await api.http.get("/v1/reports/kpis?since=2026-03-01&until=2026-02-01", headers=sup)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "since"
    r = await api.http.get("/v1/reports/disproportionality?dimension=gender&min_count=0", headers=sup)
    assert r.status_code == 422


async def test_every_report_read_is_audited_with_its_filters(api: Api) -> None:
    await api.http.get("/v1/reports/disproportionality?dimension=gender", headers=api.token("supervisor", "sam"))
    await api.http.get("/v1/reports/timeliness?format=csv", headers=api.token("caseworker", "casey"))
    r = await api.http.get("/v1/audit", headers=api.token("auditor", "ada", None))
    events = {(e["user"], e["action"]): e["detail"] for e in r.json()}
    assert events[("sam", "read_report:disproportionality")] == (
        "team=bromley since= until= dimension=gender min_count=5")
    assert ("casey", "read_report:timeliness") in events
