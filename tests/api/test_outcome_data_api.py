"""Outcome data (issue 21) over HTTP: the step recorded, 422 naming the field, closure 409 until
both points are recorded; board meetings recorded by supervisors only, per service, audited."""

from typing import Any

from sqlalchemy import select

from db.tables import AuditEvent
from readmodel.tables import OutcomeDataRow, PathwayRow
from samples.outcome_data import ANSWERS, ENDED
from tests.api.conftest import Api
from tests.api.test_formulation import REFLECTION, formulation, started, step
from tests.conftest import sessions_for
from tests.eventually import eventually


def audited(api: Api, action: str) -> list[AuditEvent]:
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(s.scalars(query))


def body(point: str, answers: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"completed_on": "2026-04-21", "point": point} | answers | changes


async def test_an_inconsistent_or_missing_answer_gets_422_naming_the_field(api: Api) -> None:
    pid = await started(api)
    r = await step(api, pid, "outcome_data", body("start", ANSWERS, ete_hours_offered=41))
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["ete_hours_offered"]
    attended_more = body("end", ENDED, ete_hours_attended=30)
    r = await step(api, pid, "outcome_data", attended_more)
    assert r.status_code == 422, r.text
    assert "ete_hours_attended: 30 hours attended is more than the 25 offered" in r.text
    missing = body("start", ANSWERS)
    del missing["accommodation_suitable"]
    r = await step(api, pid, "outcome_data", missing)
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["accommodation_suitable"]
    r = await step(api, pid, "outcome_data", body("middle", ANSWERS))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "point"


async def test_closure_waits_for_both_points_and_the_read_model_keeps_them(api: Api) -> None:
    pid = await started(api)
    assert (await step(api, pid, "case_formulation", formulation())).status_code == 200
    closure = {"completed_on": "2026-04-22", "reason": "revoked_early", "bias_reflection": REFLECTION}
    r = await step(api, pid, "closure", closure)
    assert r.status_code == 409, r.text
    assert r.json()["detail"].startswith(
        "no_outcome_data_reason: the outcome data at the start and the end is not recorded"
    )
    r = await step(api, pid, "outcome_data", body("start", ANSWERS))
    assert r.status_code == 200, r.text
    assert r.json()["outcome_start"]["accommodation"] == "temporary"
    r = await step(api, pid, "outcome_data", body("end", ENDED, completed_on="2026-04-22"))
    assert r.status_code == 200, r.text
    r = await step(api, pid, "closure", closure)
    assert r.status_code == 200, r.text

    def kept() -> tuple[list[OutcomeDataRow], PathwayRow | None]:
        with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
            rows = list(s.scalars(select(OutcomeDataRow).where(OutcomeDataRow.pathway_id == pid)))
            return rows, s.get(PathwayRow, pid)

    rows, row = await eventually(
        kept, lambda k: k[1] is not None and k[1].status == "closed", what="the closed pathway"
    )
    assert row is not None and row.outcome_data_rules and row.closed_without_outcome_data is False
    by_point = {r.point: r for r in rows}
    assert set(by_point) == {"start", "end"}
    assert (by_point["start"].accommodation_suitable, by_point["end"].accommodation_suitable) == (
        False,
        True,
    )
    assert by_point["end"].ete_hours_attended == 20
    # The KPI report reads it: by the order's end, suppressed below the floor unless an auditor.
    query = "/v1/reports/yjb-kpis?since=2026-04-01&until=2026-04-30"
    r = await api.http.get(f"{query}&min_count=1", headers=api.token("supervisor"))
    assert r.status_code == 403 and "min_count" in r.text
    r = await api.http.get(f"{query}&min_count=1", headers=api.token("auditor", "alex", None))
    assert r.status_code == 200, r.text
    report = r.json()
    assert (report["children"], report["not_recorded"], report["cohort"]["until"]) == (
        1, 0, "2026-04-30"
    )
    first = report["kpis"][0]["measures"]
    assert [(m["numerator"], m["denominator"]) for m in first] == [(1, 1), (None, 1)]  # 0 < 1
    r = await api.http.get(f"{query}&format=csv", headers=api.token("supervisor"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "1,Accommodation,suitable at the end,children,,,,true" in r.text  # below 5: hidden
    assert [e.detail for e in audited(api, "read_report:yjb-kpis")][-1].startswith("team=bromley")


async def test_board_meetings_are_recorded_by_supervisors_of_their_own_service(api: Api) -> None:
    meeting = {"met_on": "2026-11-18", "attended": ["health", "police", "education"]}
    r = await api.http.post("/v1/board-meetings", json=meeting, headers=api.token("caseworker"))
    assert r.status_code == 403
    r = await api.http.post("/v1/board-meetings", json=meeting, headers=api.token("supervisor"))
    assert r.status_code == 201, r.text
    view = r.json()
    assert view["team"] == "bromley" and view["recorded_by"] == "sam"
    assert view["expected"] == ["police", "probation", "childrens_social_care", "education", "health"]
    assert view["attended"] == ["police", "education", "health"]  # in the list's order
    again = await api.http.post("/v1/board-meetings", json=meeting, headers=api.token("supervisor"))
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "met_on"
    wizards = {"met_on": "2026-11-19", "attended": ["police", "wizards"]}
    r = await api.http.post("/v1/board-meetings", json=wizards, headers=api.token("supervisor"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "attended"
    future = {"met_on": "2099-01-01", "attended": []}
    r = await api.http.post("/v1/board-meetings", json=future, headers=api.token("supervisor"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "met_on"
    bad_date = {"met_on": "yesterday", "attended": []}
    r = await api.http.post("/v1/board-meetings", json=bad_date, headers=api.token("supervisor"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "met_on"
    # Another service's supervisor sees none of Bromley's; an auditor sees any.
    croydon = api.token("supervisor", "cat", "croydon")
    assert (await api.http.get("/v1/board-meetings", headers=croydon)).json() == []
    mine = await api.http.get("/v1/board-meetings", headers=api.token("supervisor"))
    assert [m["met_on"] for m in mine.json()] == ["2026-11-18"]
    auditor = api.token("auditor", "alex", None)
    r = await api.http.get("/v1/board-meetings?team=bromley", headers=auditor)
    assert [m["id"] for m in r.json()] == [view["id"]]
    outcomes = [(e.outcome, e.user) for e in audited(api, "record_board_meeting")]
    assert ("done", "sam") in outcomes and ("refused", "sam") in outcomes
    assert any(e.outcome == "denied" or e.outcome == "refused" for e in audited(api, "record_board_meeting"))
