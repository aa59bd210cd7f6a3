"""Task lists, caseloads and the audit log over HTTP, from the read model."""

from typing import Any

from tests.api.conftest import Api
from tests.eventually import eventually
from tests.factories import canonical_outcome


async def listed(api: Api, path: str, token: dict[str, str], check: Any) -> Any:
    """The read model follows the workflows within moments: poll until it shows `check`."""

    async def body() -> Any:
        r = await api.http.get(path, headers=token)
        assert r.status_code == 200, r.text
        return r.json()

    return await eventually(body, check, what=f"{path} showing it", every=0.1)


async def ingest(api: Api, **overrides: Any) -> str:
    r = await api.http.post("/v1/court-outcomes", json=canonical_outcome(**overrides), headers=api.token("integrator"))
    return str(r.json()["results"][0]["pathway_id"])


async def allocate(api: Api, pid: str, caseworker: str, team: str) -> None:
    r = await api.http.post(f"/v1/pathways/{pid}/steps/allocation",
                            json={"completed_on": "2026-03-30", "caseworker": caseworker, "team": team},
                            headers=api.token("supervisor", team=team))
    assert r.status_code == 200, r.text


async def test_the_overdue_list_shows_a_backlog_most_overdue_first_with_working_days(api: Api) -> None:
    pid = await ingest(api)
    await allocate(api, pid, "casey", "bromley")
    mine = lambda rows: any(r["pathway_id"] == pid and r["step"] == "restorative_enquiry" for r in rows)  # noqa: E731
    rows = await listed(api, "/v1/tasks/overdue?caseworker=casey", api.token("caseworker", "casey"), mine)
    rows = [r for r in rows if r["pathway_id"] == pid]
    # Issue 21: the outcome data at the start (due with the assessment) and at the end.
    outcome = [(r["task_id"], r["due_date"]) for r in rows if r["step"] == "outcome_data"]
    assert sorted(outcome) == [("outcome_data_end", "2026-09-27"), ("outcome_data_start", "2026-04-21")]
    rows = [r for r in rows if r["step"] != "outcome_data"]
    assert [r["step"] for r in rows] == ["first_contact", "assessment", "restorative_enquiry",
                                         "case_formulation", "initial_panel", "closure"]
    assert all(r["escalated"] and r["team"] == "bromley" for r in rows)
    # first contact was due Tuesday 7 April 2026: working days from 8 April to today.
    from datetime import date

    from core.bank_holidays import england_and_wales
    from core.workdays import working_days_between
    expected = working_days_between(date(2026, 4, 7), date.today(), england_and_wales(2026, 2027).holidays)
    assert rows[0]["working_days_overdue"] == expected
    dues = [r["due_date"] for r in rows]
    assert dues == sorted(dues)
    only_panel = await api.http.get("/v1/tasks/overdue?step=initial_panel&caseworker=casey", headers=api.token("supervisor"))
    assert {r["step"] for r in only_panel.json()} == {"initial_panel"}


async def test_task_lists_are_scoped_to_the_callers_team(api: Api) -> None:
    pid = await ingest(api)
    sup = api.token("supervisor")
    await listed(api, "/v1/tasks/overdue", sup, lambda rows: any(r["pathway_id"] == pid for r in rows))
    # Unallocated: every supervisor sees it, no caseworker does.
    rows = (await api.http.get("/v1/tasks/overdue", headers=api.token("caseworker"))).json()
    assert all(r["pathway_id"] != pid for r in rows)
    await allocate(api, pid, "robin", "croydon")
    await listed(api, "/v1/tasks/overdue", api.token("caseworker", "robin", "croydon"),
                 lambda rows: any(r["pathway_id"] == pid for r in rows))
    rows = (await api.http.get("/v1/tasks/overdue", headers=sup)).json()
    assert all(r["pathway_id"] != pid for r in rows), "bromley's supervisor no longer sees croydon's case"
    r = await api.http.get("/v1/tasks/overdue?team=croydon", headers=sup)
    assert r.status_code == 403
    assert (await api.http.get("/v1/tasks/overdue", headers=api.token("integrator"))).status_code == 403


async def test_soon_due_tasks_and_the_caseload(api: Api) -> None:
    from datetime import date
    today = date.today().isoformat()
    pid = await ingest(api, hearing_date=today, disposal__made_on=today)
    r = await api.http.post(f"/v1/pathways/{pid}/steps/allocation",
                            json={"completed_on": today, "caseworker": "casey", "team": "bromley"},
                            headers=api.token("supervisor"))
    assert r.status_code == 200
    rows = await listed(api, "/v1/tasks/due?within_days=60", api.token("caseworker", "casey"),
                        lambda rows: any(r["pathway_id"] == pid for r in rows))
    steps = {r["step"] for r in rows if r["pathway_id"] == pid}
    assert {"first_contact", "assessment", "restorative_enquiry", "initial_panel"} <= steps
    cases = (await api.http.get("/v1/caseload", headers=api.token("caseworker", "casey"))).json()
    assert pid in {c["pathway_id"] for c in cases}
    assert all(c["caseworker"] == "casey" for c in cases)


async def test_reads_and_writes_of_a_pathway_are_audited_and_only_auditors_read_the_log(api: Api) -> None:
    pid = await ingest(api)
    await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor", "sam"))
    await allocate(api, pid, "casey", "bromley")
    assert (await api.http.get("/v1/audit", headers=api.token("supervisor"))).status_code == 403
    r = await api.http.get(f"/v1/audit?pathway_id={pid}", headers=api.token("auditor", "ada", None))
    assert r.status_code == 200
    events = {(e["user"], e["action"]) for e in r.json()}
    assert ("sam", "read_pathway") in events and ("sam", "record_step:allocation") in events
