"""Malformed input anywhere gets a 4xx, never a server error: each attack through the real app.

The attacks: a number written with a character that `str.isdigit` accepts but `int` refuses
(`²`) or reads as another number (`٢٠٢٦`); a number of 5,000 digits (Python refuses to read an
integer string of more than 4,300); numbers too large for a date; JSON nested 100,000 deep; in
query strings, path parameters, JSON bodies, headers and the pages' forms.
"""

import re
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.factories import canonical_outcome

FIVE_THOUSAND_DIGITS = "1" * 5000
DEEP = b"[" * 100_000 + b"]" * 100_000
JSON = {"content-type": "application/json"}


async def started(api: Api) -> str:
    made = canonical_outcome()
    r = await api.http.post("/v1/court-outcomes", json=made, headers=api.token("integrator"))
    return str(r.json()["results"][0]["pathway_id"])


def field_named(answer: Any, field: str) -> bool:
    return any(e["field"] == field for e in answer.get("errors", []))


@pytest.mark.parametrize(
    ("url", "field"),
    [
        pytest.param("/v1/tasks/overdue?limit=²", "query.limit", id="a superscript two as a number in a query"),
        pytest.param(f"/v1/tasks/overdue?limit={FIVE_THOUSAND_DIGITS}", "query.limit", id="a 5000-digit number in a query"),
        pytest.param("/v1/tasks/due?within_days=٣", "query.within_days", id="an arabic-indic digit in a query"),
        pytest.param("/v1/reports/kpis?since=2026-0²-01", "query.since", id="a superscript two in a date in a query"),
        pytest.param(f"/v1/reports/kpis?since={FIVE_THOUSAND_DIGITS}", "query.since", id="a 5000-digit date in a query"),
        pytest.param(f"/v1/pathways/{'p' * 5000}", "path.pathway_id", id="a 5000-character pathway id in the path"),
        pytest.param(f"/v1/tasks/overdue?team={'t' * 5000}", "query.team", id="a 5000-character team in a query"),
    ],
)
async def test_an_attack_on_a_query_or_path_is_refused_with_422_naming_it(api: Api, url: str, field: str) -> None:
    r = await api.http.get(url, headers=api.token("supervisor"))
    assert r.status_code == 422, r.text
    assert field_named(r.json(), field), r.text


@pytest.mark.parametrize(
    "held_id",
    [pytest.param("²", id="a superscript two as the held record id"), pytest.param(FIVE_THOUSAND_DIGITS, id="a 5000-digit held record id")],
)
async def test_an_attack_on_a_numeric_path_parameter_is_refused_with_422(api: Api, held_id: str) -> None:
    r = await api.http.post(f"/v1/court-outcomes/held/{held_id}/replay", headers=api.token("integrator"))
    assert r.status_code == 422, r.text
    assert field_named(r.json(), "path.held_id")


async def test_a_superscript_two_for_a_number_in_the_facts_is_refused_with_422_naming_the_field(api: Api) -> None:
    pid = await started(api)
    r = await api.http.put(f"/v1/pathways/{pid}/facts", json={"expected_return_home_weeks": "²"}, headers=api.token("supervisor"))
    assert r.status_code == 422, r.text
    assert field_named(r.json(), "expected_return_home_weeks")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        pytest.param("PUT", "/v1/pathways/{pid}/facts", f'{{"expected_return_home_weeks": {FIVE_THOUSAND_DIGITS}}}'.encode(), id="a 5000-digit number in the facts"),
        pytest.param("POST", "/v1/pathways/{pid}/steps/allocation", f'{{"completed_on": "2026-03-30", "caseworker": {FIVE_THOUSAND_DIGITS}}}'.encode(), id="a 5000-digit number in a step"),
        pytest.param("PUT", "/v1/pathways/{pid}/facts", DEEP, id="facts nested 100000 deep"),
        pytest.param("POST", "/v1/pathways/{pid}/steps/review", DEEP, id="a step nested 100000 deep"),
        pytest.param("POST", "/v1/court-outcomes", DEEP, id="a court outcome nested 100000 deep"),
        pytest.param("POST", "/v1/court-outcomes", f'{{"disposal": {{"length_months": {FIVE_THOUSAND_DIGITS}}}}}'.encode(), id="a 5000-digit number in a court outcome"),
        pytest.param("POST", "/v1/victim-details", DEEP, id="victim details nested 100000 deep"),
        pytest.param("POST", "/v1/court-outcomes/held/1/replay", DEEP, id="a replay nested 100000 deep"),
    ],
)
async def test_an_attack_on_a_json_body_is_refused_with_a_4xx(api: Api, method: str, path: str, body: bytes) -> None:
    pid = await started(api) if "{pid}" in path else ""
    role = "integrator" if "court-outcomes" in path or "victim" in path else "supervisor"
    r = await api.http.request(method, path.format(pid=pid), content=body, headers={**api.token(role), **JSON})
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["detail"]


async def test_a_content_length_written_with_a_superscript_two_is_not_a_server_error(api: Api) -> None:
    headers = {**api.token("integrator"), **JSON, "content-length": b"\xb2"}  # "²" in Latin-1
    r = await api.http.post("/v1/court-outcomes", content=b"{}", headers=headers)
    assert r.status_code == 400 and "Content-Length" in r.json()["detail"], r.text


# The pages' forms: a bad number or date is an error on its field, shown with the form again.
FORM_ATTACKS = [
    pytest.param("facts", {"facts-expected_return_home_weeks": "²"}, "Enter a whole number of weeks", id="a superscript two in the weeks field"),
    pytest.param("facts", {"facts-expected_return_home_weeks": FIVE_THOUSAND_DIGITS}, "Enter a whole number of weeks", id="a 5000-digit number in the weeks field"),
    pytest.param("facts", {"facts-expected_return_home_weeks": "١٢"}, "Enter a whole number of weeks", id="arabic-indic digits in the weeks field"),
    pytest.param("record/first_contact", {"completed_on-day": "²", "completed_on-month": "3", "completed_on-year": "2026"}, "Enter a real date", id="a superscript two as the day of a date"),
    pytest.param("record/first_contact", {"completed_on-day": "99999999999999999999", "completed_on-month": "3", "completed_on-year": "2026"}, "Enter a real date", id="a 20-digit day"),
    pytest.param("record/first_contact", {"completed_on-day": "1", "completed_on-month": "3", "completed_on-year": "99999999999"}, "Enter a real date", id="an 11-digit year"),
    pytest.param("record/first_contact", {"completed_on-day": "1", "completed_on-month": "3", "completed_on-year": FIVE_THOUSAND_DIGITS}, "Enter a real date", id="a 5000-digit year"),
    pytest.param("record/first_contact", {"completed_on-day": "1", "completed_on-month": "3", "completed_on-year": "٢٠٢٦"}, "Enter a real date", id="a year in arabic-indic digits"),
]


@pytest.mark.parametrize(("form", "data", "message"), FORM_ATTACKS)
async def test_an_attack_on_a_form_number_is_shown_on_its_field_never_a_server_error(
    api: Api, form: str, data: dict[str, str], message: str
) -> None:
    pid = await started(api)
    sign_in = await api.http.get("/sign-in")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', sign_in.text)
    assert csrf, sign_in.text
    r = await api.http.post("/sign-in", data={"who": "sam.supervisor", "next": "/", "csrf_token": csrf.group(1)})
    assert r.status_code == 303, r.text
    page = await api.http.get(f"/cases/{pid}/{form}")
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    r = await api.http.post(f"/cases/{pid}/{form}", data={**data, "csrf_token": token.group(1)})
    assert r.status_code == 422, r.text[:500]
    assert message in r.text
