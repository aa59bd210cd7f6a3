"""The evaluation extract (issue 21, point 6): auditors only, audited, pseudonymised rows per
child per quarter, with the purpose and lawful basis kept on each extract."""

import csv
import io
import json
from typing import Any

from sqlalchemy import select

from db.tables import AuditEvent
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.reports.test_reoffending import golden_rows

ASK: dict[str, Any] = {
    "since": "2025-01-01",
    "until": "2025-06-30",
    "purpose": "University evaluation of the practice model under the 2026 sharing agreement.",
    "lawful_basis": "public_task_research",
}
PATH = "/v1/evaluation-extracts"


def seed(api: Api) -> None:
    assert api.settings.database_url
    with sessions_for(api.settings.database_url) as sessions, sessions.begin() as s:
        golden_rows(s)


async def test_an_auditor_takes_a_pseudonymised_extract_with_its_purpose_kept(api: Api) -> None:
    seed(api)
    r = await api.http.post(PATH, json=ASK, headers=api.token("auditor", "ada", None))
    assert r.status_code == 200, r.text
    body = r.json()
    rows = body["rows"]
    q1 = [row for row in rows if row["quarter"] == "2025-Q1"]
    assert len(q1) == 9  # A to I: every child with a pathway open in the quarter
    assert body["extract"]["children"] == 9 and body["extract"]["rows"] == len(rows)
    assert body["extract"]["purpose"] == ASK["purpose"]
    # Nothing identifying leaves: no child or pathway ids, references, names or dates of birth.
    values = {str(v) for row in rows for v in row.values()}
    assert not values & {"A", "C", "a1", "c1", "c3", "ref-a1", "bromley", "casey.worker"}
    text = json.dumps(rows)
    for identifying in ("ref-", "bromley", "2024-09-01", "2025-03-01"):
        assert identifying not in text
    # C: the DTO released in the quarter (in the cohort), 2 re-offences proven in time.
    by_kind = {(row["order_types"], row["diversion_outcomes"]): row for row in q1}
    dtos = [row for row in q1 if row["order_types"] == "detention_and_training_order"]
    assert [row["in_reoffending_cohort"] for row in dtos].count(True) == 1  # C; not H and I
    (released,) = [row for row in dtos if row["in_reoffending_cohort"]]
    assert released["reoffended"] is True and released["reoffences"] == 2
    # D: a community resolution, not in a cohort.
    resolved = by_kind[("", "community_resolution")]
    assert not resolved["in_reoffending_cohort"] and resolved["reoffended"] is None
    # F: a referral order and a youth caution in the quarter; 1 re-offence.
    both = by_kind[("referral_order", "youth_caution")]
    assert (both["court_orders"], both["diversions"], both["reoffences"]) == (1, 1, 1)
    # One pseudonym per child within the extract, none shared with the next extract.
    q2 = {row["pseudonym"] for row in rows if row["quarter"] == "2025-Q2"}
    assert released["pseudonym"] in q2
    again = await api.http.post(
        f"{PATH}?format=csv", json=ASK, headers=api.token("auditor", "ada", None)
    )
    assert again.headers["content-type"].startswith("text/csv")
    second = list(csv.DictReader(io.StringIO(again.text)))
    assert len(second) == len(rows)
    assert not {row["pseudonym"] for row in second} & {row["pseudonym"] for row in rows}
    listed = (await api.http.get(PATH, headers=api.token("auditor", "ada", None))).json()
    assert [e["lawful_basis"] for e in listed] == ["public_task_research"] * 2
    with sessions_for(api.settings.database_url or "") as sessions, sessions() as s:
        acts = list(s.scalars(select(AuditEvent.action).where(AuditEvent.user == "ada")))
    assert acts.count("export_evaluation") == 3  # two extracts taken and one list read


async def test_only_auditors_take_an_extract_and_bad_asks_name_the_field(api: Api) -> None:
    assert (await api.http.post(PATH, json=ASK)).status_code == 401
    for role in ("supervisor", "caseworker", "integrator"):
        r = await api.http.post(PATH, json=ASK, headers=api.token(role))
        assert r.status_code == 403, (role, r.text)
        assert (await api.http.get(PATH, headers=api.token(role))).status_code == 403
    auditor = api.token("auditor", "ada", None)
    r = await api.http.post(PATH, json=ASK | {"purpose": "research"}, headers=auditor)
    assert r.status_code == 422 and "purpose" in r.text
    r = await api.http.post(PATH, json=ASK | {"until": "2024-01-01"}, headers=auditor)
    assert r.status_code == 422 and "until" in r.text
    r = await api.http.post(PATH, json=ASK | {"lawful_basis": "curiosity"}, headers=auditor)
    assert r.status_code == 422 and "lawful_basis" in r.text
    r = await api.http.post(PATH, json=ASK | {"name": "Ariadne"}, headers=auditor)
    assert r.status_code == 422 and "name" in r.text
