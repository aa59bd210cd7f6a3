"""The law's terms and ages for youth orders, on canonical records and Common Platform results.

Each refusal names the field and the rule; age is judged on the day of conviction.
"""

import json
from datetime import date
from typing import Any

import pytest

from contracts.common import DisposalType
from contracts.court import IngestResultKind, MappedRecord
from ingest.canonical import check_outcome, map_canonical
from ingest.common_platform import map_hearing_resulted
from ingest.order_terms import order_problems
from samples import INVENTED_COMMON_PLATFORM
from tests.factories import canonical_outcome

TODAY = date(2026, 12, 1)
HEARING = "2026-10-05"


def dto(months: int, **overrides: Any) -> dict[str, Any]:
    """A DTO for a 15-year-old, sentenced on 5 October 2026."""
    fields: dict[str, Any] = {
        "hearing_date": HEARING,
        "defendant__date_of_birth": "2011-05-14",
        "disposal": {
            "type": "detention_and_training_order",
            "length_months": months,
            "made_on": HEARING,
        },
    }
    return canonical_outcome(**(fields | overrides))


def order(kind: str, months: int) -> dict[str, Any]:
    return canonical_outcome(disposal__type=kind, disposal__length_months=months)


def refused(record: MappedRecord, field: str, rule: str) -> None:
    assert record.result == IngestResultKind.REJECTED, record
    assert record.outcome is None
    assert any(e.field == field and rule in e.reason for e in record.errors), record.errors
    assert f"{field}: " in (record.reason or "")


CANONICAL = [
    pytest.param(dto(12), None, "", id="a 12-month DTO is accepted"),
    pytest.param(dto(4), None, "", id="a 4-month DTO, the shortest, is accepted"),
    pytest.param(dto(24), None, "", id="a 24-month DTO, the longest, is accepted"),
    pytest.param(dto(3), "disposal.length_months", "s. 236(1)", id="a 3-month DTO is too short"),
    pytest.param(dto(30), "disposal.length_months", "at most 24", id="a 30-month DTO is too long"),
    pytest.param(dto(5), None, "", id="a 5-month DTO made since 28 June 2022 is accepted"),
    pytest.param(
        dto(
            5,
            hearing_date="2022-06-27",
            disposal={
                "type": "detention_and_training_order",
                "length_months": 5,
                "made_on": "2022-06-27",
            },
        ),
        "disposal.length_months",
        "4, 6, 8, 10, 12, 18 or 24 months",
        id="a 5-month DTO made before 28 June 2022 is refused",
    ),
    pytest.param(
        dto(12, defendant__date_of_birth="2014-07-01", convicted_on="2026-06-01"),
        "defendant.date_of_birth",
        "s. 234(1)(a)",
        id="11 at conviction and 12 at sentence: no DTO",
    ),
    pytest.param(
        dto(12, defendant__date_of_birth="2014-06-01", convicted_on="2026-06-01"),
        None,
        "",
        id="12 on the day of conviction: a DTO is available",
    ),
    pytest.param(
        dto(12, defendant__date_of_birth="2014-10-06"),
        "defendant.date_of_birth",
        "at least 12 when convicted",
        id="without convicted_on the hearing date is the conviction: 11 then, no DTO",
    ),
    pytest.param(
        dto(12, defendant__date_of_birth="2008-08-01", convicted_on="2026-06-01"),
        None,
        "",
        id="17 at conviction and 18 at sentence: still a youth, the DTO is accepted",
    ),
    pytest.param(
        dto(12, convicted_on="2026-10-06"),
        "convicted_on",
        "on or before the sentencing hearing_date",
        id="a conviction after the sentencing hearing is refused",
    ),
    pytest.param(order("referral_order", 3), None, "", id="a 3-month referral order"),
    pytest.param(order("referral_order", 12), None, "", id="a 12-month referral order"),
    pytest.param(
        order("referral_order", 2),
        "disposal.length_months",
        "3 to 12 months",
        id="a 2-month referral order is too short",
    ),
    pytest.param(
        order("referral_order", 13),
        "disposal.length_months",
        "3 to 12 months",
        id="a 13-month referral order is too long",
    ),
    pytest.param(
        order("youth_rehabilitation_order", 36), None, "", id="a 3-year youth rehabilitation order"
    ),
    pytest.param(
        order("youth_rehabilitation_order", 37),
        "disposal.length_months",
        "36",
        id="a youth rehabilitation order over 3 years is refused",
    ),
]


@pytest.mark.parametrize(("raw", "field", "rule"), CANONICAL)
def test_canonical_orders(raw: dict[str, Any], field: str | None, rule: str) -> None:
    record = map_canonical(raw, today=TODAY)
    if field is None:
        assert record.outcome is not None, record.reason
    else:
        refused(record, field, rule)


def test_18_at_conviction_is_not_a_youth_case_whatever_the_sentence_date() -> None:
    raw = dto(12, defendant__date_of_birth="2008-05-31", convicted_on="2026-06-01")
    record = map_canonical(raw, today=TODAY)
    assert record.result == IngestResultKind.SKIPPED
    assert "18 on conviction (2026-06-01)" in (record.reason or "")


def test_a_yro_of_37_months_is_also_refused_by_the_rule_itself() -> None:
    (problem,) = order_problems(DisposalType.YOUTH_REHABILITATION_ORDER, 37, TODAY, 15)
    assert problem.field == "disposal.length_months" and "s. 187(2)(a)" in problem.reason


def test_a_court_decision_is_judged_on_the_new_order_only() -> None:
    """An order change names the running order; only a re-sentence's new order is checked."""
    running = {"type": "referral_order", "length_months": 14, "made_on": HEARING}
    change = dto(12, disposal=running, order_change={"change": "continued"})
    assert map_canonical(change, today=TODAY).outcome is not None
    short = {"type": "detention_and_training_order", "length_months": 3, "made_on": HEARING}
    resentence = dto(12, order_change={"change": "revoked_and_resentenced", "disposal": short})
    refused(map_canonical(resentence, today=TODAY), "order_change.disposal.length_months", "236")


# Common Platform: the invented DTO (first sitting day 5 October 2026, 12 months, found by its
# CJS code) and referral order (20 November 2026, "9 months") messages, changed one thing each.
DTO_CODES = {"1081": DisposalType.DETENTION_AND_TRAINING_ORDER}


def cp(name: str) -> dict[str, Any]:
    message: dict[str, Any] = json.loads((INVENTED_COMMON_PLATFORM / f"{name}.json").read_text())
    return message


def cp_defendant(message: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = message.get("hearing", message)["prosecutionCases"][0]["defendants"][0]
    return found


def cp_dto(*, born: str | None = None, convicted: str | None = None, length: str | None = None):
    message = cp("cp-dto-cjs-code")
    defendant = cp_defendant(message)
    if born is not None:
        defendant["personDefendant"]["personDetails"]["dateOfBirth"] = born
    offence = defendant["offences"][0]
    if convicted is not None:
        offence["convictionDate"] = convicted
    if length is not None:
        offence["judicialResults"][0]["judicialResultPrompts"][0]["value"] = length
    return message


def cp_referral(length: str) -> dict[str, Any]:
    message = cp("cp-referral-order-offence-level")
    result = cp_defendant(message)["offences"][0]["judicialResults"][0]
    result["judicialResultPrompts"][0]["value"] = length
    return message


def through_intake(message: dict[str, Any]) -> MappedRecord:
    """Map a Common Platform message and check it as the intake does (`ingest.service`)."""
    record = map_hearing_resulted(message, cjs_codes=DTO_CODES, today=TODAY)[0]
    if record.outcome is None:
        return record
    return check_outcome(record.outcome, today=TODAY, original=record.original)


COMMON_PLATFORM = [
    pytest.param(cp_dto(), None, "", id="CP: the 12-month DTO is accepted"),
    pytest.param(
        cp_dto(length="3 Months"),
        "disposal.length_months",
        "s. 236(1)",
        id="CP: a 3-month DTO is refused",
    ),
    pytest.param(
        cp_dto(length="30 Months"),
        "disposal.length_months",
        "at most 24",
        id="CP: a 30-month DTO is refused",
    ),
    pytest.param(
        cp_dto(born="2014-07-01", convicted="2026-06-01"),
        "defendant.date_of_birth",
        "s. 234(1)(a)",
        id="CP: 11 at the offence's convictionDate and 12 at the hearing: no DTO",
    ),
    pytest.param(
        cp_dto(born="2014-07-01"),
        None,
        "",
        id="CP: without a convictionDate the first sitting day decides: 12, a DTO",
    ),
    pytest.param(
        cp_dto(born="2008-08-01", convicted="2026-06-01"),
        None,
        "",
        id="CP: 17 at conviction and 18 at the hearing: the DTO is accepted",
    ),
    pytest.param(
        cp_referral("13 months"),
        "disposal.length_months",
        "3 to 12 months",
        id="CP: a 13-month referral order is refused",
    ),
    pytest.param(
        cp_referral("2 months"),
        "disposal.length_months",
        "3 to 12 months",
        id="CP: a 2-month referral order is refused",
    ),
]


@pytest.mark.parametrize(("message", "field", "rule"), COMMON_PLATFORM)
def test_common_platform_orders(message: dict[str, Any], field: str | None, rule: str) -> None:
    record = through_intake(message)
    if field is None:
        assert record.outcome is not None, record.reason
    else:
        refused(record, field, rule)


def test_cp_the_conviction_date_travels_as_convicted_on() -> None:
    record = through_intake(cp_dto(born="2008-08-01", convicted="2026-06-01"))
    assert record.outcome is not None and record.outcome.convicted_on == date(2026, 6, 1)


def test_cp_18_at_the_hearing_without_a_conviction_date_is_skipped() -> None:
    record = through_intake(cp_dto(born="2008-08-01"))
    assert record.result == IngestResultKind.SKIPPED
    assert "aged 18 on 2026-10-05 (the first sitting day)" in (record.reason or "")


def test_cp_a_conviction_date_that_is_not_a_date_is_refused_naming_it() -> None:
    record = through_intake(cp_dto(convicted="yesterday"))
    assert record.result == IngestResultKind.REJECTED
    assert [e.field for e in record.errors] == [
        "hearing.prosecutionCases[0].defendants[0].offences[0].convictionDate"
    ]
