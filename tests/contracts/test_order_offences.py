"""The offences in the workflow input: bounded, added with a default, and no more than needed."""

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from contracts.court import CourtOutcome
from contracts.offences import MAX_ORDER_OFFENCES, OrderOffence
from contracts.pathway import OrderDetails
from tests.contracts.test_input_limits import unbounded

OLD_ORDER = {  # an order as pathways started before offences were kept hold it
    "disposal": "referral_order", "length_months": 6, "made_on": "2026-03-27",
    "hearing_date": "2026-03-27", "court_code": "B01LY00", "has_identified_victim": True,
}
ROBBERY = {"offence_code": "TH68023", "title": "Robbery", "offence_date": "2026-02-01",
           "group": "robbery", "mapping_version": "2026.1"}


def test_an_order_from_before_offences_were_kept_reads_with_none() -> None:
    assert OrderDetails.model_validate(OLD_ORDER).offences == []


def test_an_offence_carries_its_code_title_date_and_group_and_nothing_else() -> None:
    assert set(OrderOffence.model_fields) == {"offence_code", "title", "offence_date", "group", "mapping_version"}
    with pytest.raises(ValidationError, match="group"):
        OrderOffence.model_validate({**ROBBERY, "group": "knife_crime"})


def test_every_string_of_an_offence_has_a_maximum() -> None:
    schema = TypeAdapter(OrderOffence).json_schema()
    assert unbounded(schema, schema.get("$defs", {})) == []


def test_the_workflow_takes_as_many_offences_as_the_intake_and_no_more() -> None:
    court = CourtOutcome.model_json_schema()
    offences = OrderDetails.model_json_schema()["properties"]["offences"]
    assert offences["maxItems"] == court["properties"]["offences"]["maxItems"] == MAX_ORDER_OFFENCES
    court_offence = court["$defs"]["Offence"]["properties"]
    ours = OrderOffence.model_json_schema()["properties"]
    for name in ("offence_code", "title"):
        assert ours[name]["maxLength"] == court_offence[name]["maxLength"], name

    many: dict[str, Any] = {**OLD_ORDER, "offences": [ROBBERY] * (MAX_ORDER_OFFENCES + 1)}
    with pytest.raises(ValidationError, match="at most 200 items"):
        OrderDetails.model_validate(many)
    kept = OrderDetails.model_validate({**OLD_ORDER, "offences": [ROBBERY] * MAX_ORDER_OFFENCES})
    assert len(kept.offences) == MAX_ORDER_OFFENCES


def test_an_order_with_offences_survives_the_json_the_workflow_is_carried_in() -> None:
    order = OrderDetails.model_validate({**OLD_ORDER, "offences": [ROBBERY]})
    again = OrderDetails.model_validate_json(order.model_dump_json())
    assert again == order
    assert again.offences[0].offence_date == date(2026, 2, 1)
