"""Common Platform results for breach, revocation, extension and re-sentence: mapped, not dropped.

Each invented message (samples/common_platform/invented/cp-*-breach-*, cp-referral-order-revoked)
gives one record whose canonical outcome carries the court's decision as an `order_change`;
each case below changes one thing in one of them and says what must follow.
"""

import copy
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from contracts.common import DisposalType
from contracts.court import IngestResultKind, MappedRecord
from ingest.common_platform import map_hearing_resulted
from samples import INVENTED_COMMON_PLATFORM

TODAY = date(2026, 12, 6)
RESULTS = "defendantJudicialResults"


def load(name: str) -> dict[str, Any]:
    return json.loads((INVENTED_COMMON_PLATFORM / f"{name}.json").read_text())


def one(message: dict[str, Any]) -> MappedRecord:
    (record,) = map_hearing_resulted(message, today=TODAY)
    return record


def change(record: MappedRecord) -> dict[str, Any]:
    assert record.outcome is not None and record.outcome.order_change is not None, record.reason
    return record.outcome.order_change.model_dump(mode="json", exclude_none=True)


@pytest.mark.parametrize(
    ("name", "order", "expected"),
    [
        pytest.param(
            "cp-yro-breach-continued",
            "youth_rehabilitation_order",
            {"change": "continued"},
            id="order to continue (CJS 1040)",
        ),
        pytest.param(
            "cp-yro-breach-extended",
            "youth_rehabilitation_order",
            {"change": "extended", "extended_to": "2028-08-22"},
            id="order extended (CJS 1031) to the prompt's end date",
        ),
        pytest.param(
            "cp-yro-breach-revoked-resentenced",
            "youth_rehabilitation_order",
            {
                "change": "revoked_and_resentenced",
                "disposal": {
                    "type": "detention_and_training_order",
                    "length_months": 4,
                    "made_on": "2026-12-01",
                    "requirements": [],
                },
            },
            id="order revoked (CJS 1029) with a new youth order: a re-sentence",
        ),
        pytest.param(
            "cp-dto-breach-detention",
            "detention_and_training_order",
            {"change": "detention_for_breach", "detention_months": 1},
            id="return to detention (CJS 1110) for a period",
        ),
        pytest.param(
            "cp-referral-order-revoked",
            "referral_order",
            {"change": "revoked"},
            id="a referral order revoked after the panel referred it back",
        ),
    ],
)
def test_each_road_is_mapped_to_an_order_change_on_the_order_its_label_names(
    name: str, order: str, expected: dict[str, Any]
) -> None:
    record = one(load(name))
    assert record.outcome is not None and record.outcome.disposal.type == order
    assert change(record) == expected
    assert record.outcome.hearing_date == date(2026, 12, 1)


def results(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["judicialResult"] for entry in message[RESULTS]]


def edited(name: str, edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    message = copy.deepcopy(load(name))
    edit(message)
    return message


def test_a_decision_known_only_by_its_cjs_code_and_naming_no_order_is_held_for_a_person() -> None:
    def no_label(m: dict[str, Any]) -> None:
        results(m)[0]["label"] = "Order to Continue"

    record = one(edited("cp-yro-breach-continued", no_label))
    assert record.result == IngestResultKind.HELD and "do not say which" in (record.reason or "")


def test_a_label_alone_maps_the_decision_without_a_cjs_code() -> None:
    def no_code(m: dict[str, Any]) -> None:
        del results(m)[0]["cjsCode"]

    assert change(one(edited("cp-yro-breach-extended", no_code)))["change"] == "extended"


def test_an_extension_without_a_new_end_date_is_rejected_naming_the_result() -> None:
    def no_end(m: dict[str, Any]) -> None:
        results(m)[0]["judicialResultPrompts"] = []

    record = one(edited("cp-yro-breach-extended", no_end))
    assert record.result == IngestResultKind.REJECTED
    assert [e.field for e in record.errors] == [
        "defendantJudicialResults[0].judicialResult.judicialResultPrompts"
    ]


def test_a_detention_without_a_period_is_rejected() -> None:
    def no_period(m: dict[str, Any]) -> None:
        results(m)[0]["judicialResultPrompts"] = []

    record = one(edited("cp-dto-breach-detention", no_period))
    assert record.result == IngestResultKind.REJECTED and "period" in (record.reason or "")


def test_an_interim_decision_is_not_the_courts_decision() -> None:
    def interim(m: dict[str, Any]) -> None:
        results(m)[0]["category"] = "INTERMEDIARY"

    record = one(edited("cp-yro-breach-continued", interim))
    assert record.result == IngestResultKind.SKIPPED


def test_a_new_order_beside_a_decision_that_does_not_revoke_is_held() -> None:
    def continued_and_new(m: dict[str, Any]) -> None:
        m[RESULTS].append(load("cp-yro-breach-revoked-resentenced")[RESULTS][1])

    record = one(edited("cp-yro-breach-continued", continued_and_new))
    assert record.result == IngestResultKind.HELD and "without revoking" in (record.reason or "")


def test_revoked_and_continued_together_are_a_revocation() -> None:
    def both(m: dict[str, Any]) -> None:
        m[RESULTS].append(load("cp-yro-breach-continued")[RESULTS][0])
        m[RESULTS][0]["judicialResult"] = {
            **results(m)[0],
            "label": "Youth rehabilitation order revoked",
            "cjsCode": "1029",
        }

    assert change(one(edited("cp-yro-breach-continued", both))) == {"change": "revoked"}


def test_a_new_order_alone_still_starts_a_pathway_as_before() -> None:
    record = one(load("cp-yro-defendant-level"))
    assert record.outcome is not None and record.outcome.order_change is None
    assert record.outcome.disposal.type == DisposalType.YOUTH_REHABILITATION_ORDER
