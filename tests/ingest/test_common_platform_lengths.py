"""Reading an order's type and length out of Common Platform judicial results."""

from typing import Any

import pytest

from contracts.common import DisposalType
from ingest.common_platform.length import (
    is_order_length_label,
    months_from_duration,
    months_from_text,
    order_length,
)
from ingest.common_platform.orders import order_type

RO = DisposalType.REFERRAL_ORDER
YRO = DisposalType.YOUTH_REHABILITATION_ORDER
DTO = DisposalType.DETENTION_AND_TRAINING_ORDER

TEXTS = [
    ("months are months", "6 months", "", 6),
    ("a year is 12 months", "1 year", "", 12),
    ("the unit's case does not matter", "12 Months", "", 12),
    ("years and months add up", "2 years 6 months", "", 30),
    ("years and months joined by and add up", "1 year and 6 months", "", 18),
    ("short units are read", "18 mths", "", 18),
    ("a unit written against the number is read", "6m", "", 6),
    ("a full stop at the end is ignored", "6 months.", "", 6),
    ("a bare number is read in the label's unit", "9", "Period of order in months", 9),
    ("a bare number without a unit is not read", "9", "Period of order", None),
    ("weeks are not whole months", "26 weeks", "", None),
    ("days are not whole months", "90 days", "", None),
    ("words are not numbers", "six months", "", None),
    ("extra words make it something else", "6 months suspended", "", None),
    ("zero is not a length", "0 months", "", None),
    ("blank is not a length", " ", "", None),
]


@pytest.mark.parametrize(
    ("value", "label", "months"), [t[1:] for t in TEXTS], ids=[t[0] for t in TEXTS]
)
def test_months_from_a_prompt_value(value: str, label: str, months: int | None) -> None:
    assert months_from_text(value, label) == months


LABELS = [
    ("Period of order", True),
    ("Length of referral order", True),
    ("Youth rehabilitation order period", True),
    ("Duration", True),
    ("Total length of detention", True),
    ("Duration of curfew", False),
    ("Period of supervision", False),
    ("End date", False),
    ("Number of days to abstain from consuming any alcohol", False),
    ("Unpaid work hours", False),
]


@pytest.mark.parametrize(("label", "about_the_order"), LABELS, ids=[label for label, _ in LABELS])
def test_which_prompt_labels_speak_of_the_order_length(label: str, about_the_order: bool) -> None:
    assert is_order_length_label(label) is about_the_order


def unit(value: Any, name: Any, level: str = "primary") -> dict[str, Any]:
    return {f"{level}DurationValue": value, f"{level}DurationUnit": name}


DURATIONS = [
    ("months in the primary duration", unit(9, "Months"), 9),
    ("a year and six months", unit(1, "Years") | unit(6, "Months", "secondary"), 18),
    ("single-letter units", unit(2, "Y"), 24),
    ("a whole float", unit(6.0, "M"), 6),
    ("weeks are not read", unit(26, "Weeks"), None),
    (
        "one unreadable part spoils the whole",
        unit(1, "Years") | unit(2, "Weeks", "secondary"),
        None,
    ),
    ("a string value is not a count", unit("6", "Months"), None),
    ("a boolean value is not a count", unit(True, "Months"), None),
    ("zero is not a length", unit(0, "Months"), None),
    (
        "a start and end on the same day of the month",
        {"durationStartDate": "2026-11-20", "durationEndDate": "2027-05-20"},
        6,
    ),
    (
        "an end date the day before, inclusive",
        {"durationStartDate": "2026-11-20", "durationEndDate": "2027-05-19"},
        6,
    ),
    (
        "month ends are anniversaries",
        {"durationStartDate": "2026-08-31", "durationEndDate": "2027-02-28"},
        6,
    ),
    (
        "dates that are not whole months",
        {"durationStartDate": "2026-11-20", "durationEndDate": "2027-05-25"},
        None,
    ),
    (
        "an end before the start",
        {"durationStartDate": "2026-11-20", "durationEndDate": "2026-05-20"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("element", "months"), [d[1:] for d in DURATIONS], ids=[d[0] for d in DURATIONS]
)
def test_months_from_a_duration_element(element: dict[str, Any], months: int | None) -> None:
    assert months_from_duration(element) == months


def test_the_duration_element_is_read_before_the_prompts() -> None:
    result = {
        "durationElement": unit(12, "Months"),
        "judicialResultPrompts": [{"label": "Period of order", "value": "6 months"}],
    }
    assert order_length(result) == 12


def test_an_unreadable_duration_element_falls_back_to_the_prompts() -> None:
    result = {
        "durationElement": unit(26, "Weeks"),
        "judicialResultPrompts": [
            {"label": "Duration of curfew", "value": "3 months"},
            {"label": "Period of order", "value": "6 months"},
        ],
    }
    assert order_length(result) == 6


def result(label: str, **extra: Any) -> dict[str, Any]:
    return {"label": label, "category": "FINAL"} | extra


ORDERS = [
    ("a referral order", result("Referral order"), RO),
    ("a label in capitals", result("REFERRAL ORDER"), RO),
    ("a label with extra words", result("Referral Order - 6 months"), RO),
    (
        "a youth rehabilitation order for England and Wales",
        result("Youth Rehabilitation Order England and Wales"),
        YRO,
    ),
    (
        "a youth rehabilitation order with intensive supervision",
        result("Youth rehabilitation order with intensive supervision and surveillance"),
        YRO,
    ),
    ("a detention and training order", result("Detention and training order"), DTO),
    ("a lowercase final category", result("Referral order", category="final"), RO),
    ("no category at all", {"label": "Referral order"}, RO),
    ("revoking an order", result("Revoke referral order"), None),
    ("extending an order", result("Referral order extended"), None),
    ("breaching an order", result("Breach of youth rehabilitation order"), None),
    ("amending an order", result("Youth rehabilitation order - amended"), None),
    ("varying an order", result("Detention and training order varied"), None),
    ("an adult order", result("Community order"), None),
    ("a different youth order", result("Reparation order"), None),
    ("an intermediary result", result("Referral order", category="INTERMEDIARY"), None),
    ("an ancillary result", result("Referral order", category="ANCILLARY"), None),
    ("a deleted result", result("Referral order", isDeleted=True), None),
    ("a configured CJS code", result("Custodial sentence", cjsCode="1081"), DTO),
    ("a configured CJS code sent as a number", result("Custodial sentence", cjsCode=1081), DTO),
    ("an unknown CJS code", result("Custodial sentence", cjsCode="1002"), None),
]


@pytest.mark.parametrize(("result", "order"), [o[1:] for o in ORDERS], ids=[o[0] for o in ORDERS])
def test_which_results_make_a_youth_order(
    result: dict[str, Any], order: DisposalType | None
) -> None:
    assert order_type(result, {"1081": DTO}) == order
