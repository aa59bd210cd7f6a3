"""The reports over HTTP, restricted by `offence_group` to the orders with an offence in a group.

Two teams' caseloads with the offences of `tests.reports.offence_seed`: in each, 20 robbery
orders (White 10, all in custody; Black 10, 8 in custody), 18 of them allocated on time.
"""

import csv
import io

import pytest

from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.reports.offence_seed import seed_with_offences


def seed(api: Api) -> None:
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions.begin() as s:
        seed_with_offences(s)
        seed_with_offences(s, team="croydon", prefix="pw-cro")


async def test_each_report_counts_only_the_robbery_orders_of_the_callers_team(api: Api) -> None:
    seed(api)
    sup = api.token("supervisor")
    kpis = (await api.http.get("/v1/reports/kpis?offence_group=robbery", headers=sup)).json()
    assert kpis["cohort"] == {"team": "bromley", "since": None, "until": None, "offence_group": "robbery"}
    assert kpis["pathways"] == 20
    assert {c["key"]: c["count"] for c in kpis["offences"]["by_group"] if c["count"]} == {
        "robbery": 20, "theft_and_handling": 5}

    timeliness = (await api.http.get("/v1/reports/timeliness?offence_group=robbery", headers=sup)).json()
    allocation = timeliness["steps"][0]
    assert (allocation["step"], allocation["tasks"], allocation["done_on_time"]) == ("allocation", 20, 18)

    r = await api.http.get("/v1/reports/disproportionality?dimension=ethnicity&offence_group=robbery", headers=sup)
    rows = {(x["decision_point"], x["group"]): x for x in r.json()["rows"]}
    assert (rows[("custody", "White")]["events"], rows[("custody", "White")]["base"]) == (10, 10)
    assert (rows[("custody", "Black")]["events"], rows[("custody", "Black")]["base"]) == (8, 10)
    assert rows[("custody", "Black")]["rri"] == pytest.approx(0.8)

    everyone = (await api.http.get("/v1/reports/kpis?offence_group=robbery", headers=api.token("auditor", "ada", None))).json()
    assert everyone["pathways"] == 40
    unclassified = (await api.http.get("/v1/reports/kpis?offence_group=unclassified", headers=sup)).json()
    assert (unclassified["pathways"], unclassified["offences"]["unclassified_offences"]) == (2, 2)


async def test_without_an_offence_group_the_reports_count_every_order_as_before(api: Api) -> None:
    seed(api)
    body = (await api.http.get("/v1/reports/kpis", headers=api.token("supervisor"))).json()
    assert body["cohort"] == {"team": "bromley", "since": None, "until": None}
    assert body["pathways"] == 93
    assert body["offences"]["orders_with_offences"] == 80


async def test_the_csv_of_a_group_holds_only_its_orders(api: Api) -> None:
    seed(api)
    r = await api.http.get("/v1/reports/kpis?offence_group=drugs&format=csv", headers=api.token("supervisor"))
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    values = {(row["section"], row["item"]): row["value"] for row in csv.DictReader(io.StringIO(r.text))}
    assert values[("pathways", "pathways")] == "10"
    assert values[("orders_by_offence_group", "drugs")] == "10"
    assert values[("offences", "unclassified_offences")] == "2"


async def test_an_offence_group_the_statistics_do_not_have_is_refused_naming_the_field(api: Api) -> None:
    for path in ("/v1/reports/kpis", "/v1/reports/timeliness", "/v1/reports/disproportionality?dimension=gender"):
        sep = "&" if "?" in path else "?"
        r = await api.http.get(f"{path}{sep}offence_group=knife_crime", headers=api.token("supervisor"))
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == "query.offence_group"


async def test_a_report_read_by_offence_group_is_audited_with_the_group(api: Api) -> None:
    await api.http.get("/v1/reports/kpis?offence_group=robbery", headers=api.token("supervisor", "sam"))
    r = await api.http.get("/v1/audit", headers=api.token("auditor", "ada", None))
    events = {(e["user"], e["action"]): e["detail"] for e in r.json()}
    assert events[("sam", "read_report:kpis")] == "team=bromley since= until= offence_group=robbery"
