"""POST /v1/court-outcomes: an order the law does not allow is rejected naming the field and
the rule, and kept with its reason in the held records."""

from tests.api.conftest import Api
from tests.factories import canonical_outcome

HELD = "/v1/court-outcomes/held"


async def test_a_dto_for_an_11_year_old_at_conviction_is_rejected_and_kept(api: Api) -> None:
    record = canonical_outcome(
        defendant__date_of_birth="2014-07-01",
        convicted_on="2026-03-20",
        hearing_date="2026-07-10",
        disposal={
            "type": "detention_and_training_order",
            "length_months": 3,
            "made_on": "2026-07-10",
        },
    )
    r = await api.http.post("/v1/court-outcomes", json=record, headers=api.token("integrator"))
    assert r.status_code == 422, r.text  # one record, rejected
    (result,) = r.json()["results"]
    assert result["result"] == "rejected"
    assert [e["field"] for e in result["errors"]] == [
        "disposal.length_months",
        "defendant.date_of_birth",
    ]
    assert "s. 236(1)" in result["errors"][0]["reason"]
    assert "age 11 on conviction (2026-03-20)" in result["errors"][1]["reason"]
    assert "s. 234(1)(a)" in result["errors"][1]["reason"]
    page = (await api.http.get(HELD, headers=api.token("integrator"))).json()
    (kept,) = [h for h in page["records"] if h["id"] == result["held_id"]]
    assert kept["result"] == "rejected" and "s. 234(1)(a)" in kept["reason"]
