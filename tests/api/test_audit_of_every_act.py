"""Issue 15, point 6: every act is audited with its outcome, refusals included.

Court-outcome and victim-details intake say who sent what and what it started or held; denied
reads and writes are recorded as refused with their status; reading the audit log and the
filters of a report are audited too.
"""

from typing import Any

from sqlalchemy import select

from db.tables import AuditEvent
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.factories import canonical_outcome
from tests.ingest.intake import post


def rows(api: Api, action: str | None = None) -> list[AuditEvent]:
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        return list(s.scalars(query))


async def started(api: Api) -> tuple[dict[str, Any], str]:
    record = canonical_outcome()
    _, answer = await post(api, record)
    return record, answer["results"][0]["pathway_id"]


async def test_court_outcome_intake_is_audited_with_who_sent_what_and_what_it_started_or_held(
    api: Api,
) -> None:
    good, bad = canonical_outcome(), canonical_outcome(disposal__type="fine")
    _, answer = await post(api, [good, bad])
    started_id = answer["results"][0]["pathway_id"]
    held_id = answer["results"][1]["held_id"]
    (row,) = rows(api, "ingest_court_outcomes")
    assert (row.user, row.role, row.outcome, row.status) == ("sam", "integrator", "done", 200)
    assert row.detail is not None
    assert "2 record(s): 1 started, 1 rejected" in row.detail
    assert started_id in row.detail and f"held records {held_id}" in row.detail


async def test_victim_details_intake_is_audited_with_its_result(api: Api) -> None:
    record, pid = await started(api)
    message = {"message_id": "police-9", "case_urn": record["case_urn"],
               "defendant_id": record["defendant"]["defendant_id"], "received_on": "2026-04-01"}
    r = await api.http.post("/v1/victim-details", json=message, headers=api.token("integrator", "police"))
    assert r.status_code == 200
    (row,) = rows(api, "victim_details_received")
    assert row.user == "police" and row.outcome == "done"
    assert row.detail == f"message police-9; recorded on {pid}"


async def test_a_denied_read_and_a_refused_write_are_audited_with_their_outcome(api: Api) -> None:
    _, pid = await started(api)
    other_team = api.token("caseworker", "robin", "croydon")
    assert (await api.http.get(f"/v1/pathways/{pid}", headers=other_team)).status_code == 404
    r = await api.http.post(f"/v1/pathways/{pid}/steps/initial_panel",
                            json={"completed_on": "2026-03-30"}, headers=api.token("supervisor"))
    assert r.status_code == 409  # the panel before the restorative enquiry
    r = await api.http.post(f"/v1/pathways/{pid}/steps/first_contact",
                            json={"completed_on": "2026-03-30"}, headers=api.token("supervisor"))
    assert r.status_code == 200
    assert (await api.http.get(f"/v1/pathways/{pid}")).status_code == 401
    assert (await api.http.get(f"/v1/pathways/{pid}", headers=api.token("integrator"))).status_code == 403
    seen = [(r.user, r.action, r.pathway_id, r.outcome, r.status)
            for r in rows(api) if r.pathway_id == pid]
    assert seen == [
        ("robin", "read_pathway", pid, "refused", 404),
        ("sam", "record_step:initial_panel", pid, "refused", 409),
        ("sam", "record_step:first_contact", pid, "done", 200),
        ("anonymous 127.0.0.1", "read_pathway", pid, "refused", 401),
        ("sam", "read_pathway", pid, "refused", 403),
    ]
    refused = [r for r in rows(api) if r.action == "record_step:initial_panel"][0]
    assert refused.detail and "restorative enquiry" in refused.detail


async def test_reading_the_audit_log_is_itself_audited_with_its_filters(api: Api) -> None:
    r = await api.http.get("/v1/audit?user=robin&outcome=refused", headers=api.token("auditor", "alex", None))
    assert r.status_code == 200
    (row,) = rows(api, "read_audit")
    assert row.user == "alex" and row.detail == "user=robin outcome=refused" and row.outcome == "done"
    r = await api.http.get("/v1/audit", headers=api.token("supervisor"))
    assert r.status_code == 403
    assert [x.outcome for x in rows(api, "read_audit")] == ["done", "refused"]


async def test_the_filters_of_a_report_are_audited(api: Api) -> None:
    r = await api.http.get("/v1/reports/kpis?since=2026-01-01&until=2026-06-30&format=csv",
                           headers=api.token("supervisor"))
    assert r.status_code == 200
    (row,) = rows(api, "read_report:kpis")
    assert row.detail == "team=bromley since=2026-01-01 until=2026-06-30" and row.outcome == "done"
