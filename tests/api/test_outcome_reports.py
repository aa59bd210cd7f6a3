"""Proven re-offending and use of custody over HTTP: JSON and CSV, per team, audited, refused to
integrators, and not split by offence group."""

import csv
import io
from datetime import date

from sqlalchemy import select

from db.tables import AuditEvent
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.reports.test_reoffending import diversion, order


def seed(api: Api) -> None:
    assert api.settings.database_url
    with sessions_for(api.settings.database_url) as sessions, sessions.begin() as s:
        for n in range(6):  # six children cautioned in the first quarter of 2025, two re-offend
            diversion(s, f"dv{n}", f"K{n}", "youth_caution", date(2025, 1, 10 + n))
        for n in range(2):
            order(
                s,
                f"yro{n}",
                f"K{n}",
                "youth_rehabilitation_order",
                date(2025, 6, 1),
                offences=[(date(2025, 4, 1), "theft_and_handling")],
            )
        order(s, "dto", "K9", "detention_and_training_order", date(2025, 2, 1))


async def test_reoffending_and_custody_for_a_supervisors_team_as_json_and_csv(api: Api) -> None:
    seed(api)
    asked = "since=2025-01-01&until=2025-03-31"
    r = await api.http.get(f"/v1/reports/reoffending?{asked}", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    (cohort,) = r.json()["cohorts"]
    assert (cohort["children"], cohort["reoffenders"], cohort["reoffences"]) == (6, 2, 2)
    assert cohort["binary_rate"] == 2 / 6 and cohort["provisional"] is False
    r = await api.http.get(
        f"/v1/reports/reoffending?{asked}&format=csv", headers=api.token("supervisor")
    )
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows[0]["period_start"] == "2025-01-01" and rows[0]["children"] == "6"
    r = await api.http.get(
        f"/v1/reports/custody?{asked}&min_count=5", headers=api.token("supervisor")
    )
    assert r.status_code == 200, r.text
    (quarter,) = r.json()["quarters"]
    assert quarter["sentences"] is None and quarter["suppressed"] is True  # 1 sentence of 5
    r = await api.http.get(f"/v1/reports/custody?{asked}&min_count=1", headers=api.token("auditor"))
    (quarter,) = r.json()["quarters"]
    assert (quarter["sentences"], quarter["custodial"]) == (1, 1)
    assert quarter["population"] == 32_000 and quarter["per_1000"] == 1000 / 32_000
    with sessions_for(api.settings.database_url or "") as sessions, sessions() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"read_report:reoffending", "read_report:custody"} <= actions


async def test_outcome_reports_are_refused_before_anything_is_read(api: Api) -> None:
    for path in ("/v1/reports/reoffending", "/v1/reports/custody"):
        assert (await api.http.get(path)).status_code == 401
        r = await api.http.get(path, headers=api.token("integrator"))
        assert r.status_code == 403
        r = await api.http.get(f"{path}?min_count=1", headers=api.token("supervisor"))
        assert r.status_code == 403 and "min_count" in r.text
        r = await api.http.get(f"{path}?offence_group=robbery", headers=api.token("auditor"))
        assert r.status_code == 422 and "offence_group" in r.text
        r = await api.http.get(f"{path}?team=croydon", headers=api.token("supervisor"))
        assert r.status_code == 403
