"""The outcome indicators over HTTP: every figure and each one as JSON and CSV, the team against
the service, audited, and refused as the other reports are."""

import csv
import io

from sqlalchemy import select

from db.tables import AuditEvent
from reports.indicators import formatted
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.reports.outcome_seed import EXPECTED_Q4, seed_outcomes


def seed(api: Api) -> None:
    assert api.settings.database_url
    with sessions_for(api.settings.database_url) as sessions, sessions.begin() as s:
        seed_outcomes(s, "bromley", "croydon", "api")


async def test_a_supervisor_reads_every_indicator_for_their_team_against_the_service(api: Api) -> None:
    seed(api)
    r = await api.http.get("/v1/reports/outcomes?quarter=2023-Q4", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["team"] == "bromley" and body["quarters"][-1] == "2023-Q4"
    for f in body["indicators"]:
        last = (f["team"][-1]["value"], f["service"][-1]["value"])
        assert tuple(formatted(f["unit"], v) for v in last) == EXPECTED_Q4[f["id"]], f["id"]
        assert f["definition"]

    r = await api.http.get(
        "/v1/reports/outcomes/custody-share?quarter=2023-Q4&quarters=4&format=csv",
        headers=api.token("caseworker", "casey"),
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="outcomes-custody-share.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["indicator"] for row in rows} == {"custody-share"} and len(rows) == 8
    q3 = next(row for row in rows if (row["series"], row["quarter"]) == ("team", "2023-Q3"))
    assert (q3["value"], q3["suppressed"]) == ("", "true")
    # A CSV read on its own says what its figure is, and whether its definition is confirmed.
    assert q3["confirmed"] == "true" and q3["summary"].startswith("Detention and training orders")

    r = await api.http.get(
        "/v1/reports/outcomes/serious-violence?quarter=2023-Q4&quarters=2&format=csv",
        headers=api.token("caseworker", "casey"),
    )
    assert r.status_code == 200, r.text
    assert {row["confirmed"] for row in csv.DictReader(io.StringIO(r.text))} == {"false"}

    r = await api.http.get(
        "/v1/reports/outcomes?quarter=2023-Q4&team=croydon", headers=api.token("auditor", team=None)
    )
    assert r.status_code == 200
    share = next(f for f in r.json()["indicators"] if f["id"] == "custody-share")
    assert share["team"][-1]["value"] == 1.0  # croydon's five orders were all custodial
    r = await api.http.get("/v1/reports/outcomes?quarter=2023-Q4", headers=api.token("auditor", team=None))
    assert all(f["team"] is None for f in r.json()["indicators"])

    with sessions_for(api.settings.database_url or "") as sessions, sessions() as s:
        details = dict(s.execute(select(AuditEvent.action, AuditEvent.detail)).all())
    assert "quarter=2023-Q4" in details["read_report:outcomes"]
    assert "indicators=custody-share" in details["read_report:outcomes-custody-share"]


async def test_outcomes_are_refused_before_anything_is_read(api: Api) -> None:
    for path in ("/v1/reports/outcomes", "/v1/reports/outcomes/custody-share"):
        assert (await api.http.get(path)).status_code == 401
        assert (await api.http.get(path, headers=api.token("integrator"))).status_code == 403
        r = await api.http.get(f"{path}?team=croydon", headers=api.token("supervisor"))
        assert r.status_code == 403 and "croydon" in r.text
        r = await api.http.get(f"{path}?quarter=2026-Q5", headers=api.token("supervisor"))
        assert r.status_code == 422 and "quarter" in r.text
        r = await api.http.get(f"{path}?quarters=99", headers=api.token("supervisor"))
        assert r.status_code == 422 and "quarters" in r.text
    r = await api.http.get("/v1/reports/outcomes/no-such-thing", headers=api.token("supervisor"))
    assert r.status_code == 404 and "indicator" in r.text
