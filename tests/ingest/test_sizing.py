"""The intake's limits: records counted as the intake will see them, and the JSON's shape."""

import copy
import json
from datetime import date
from typing import Any

import pytest

from ingest.service import map_input
from ingest.sizing import MAX_DEPTH, MAX_RECORDS, TooMuch, check_intake, check_shape, records_in
from samples import COMMON_PLATFORM
from tests.factories import canonical_outcome
from tests.ingest.intake import cp

TODAY = date(2026, 12, 1)


def nested(depth: int) -> Any:
    """Arrays nested `depth` deep."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def with_defendants(cases: list[int]) -> dict[str, Any]:
    """A Common Platform message whose prosecution cases hold these many defendants each."""
    message = cp("cp-two-defendants")
    case, defendant = (
        message["hearing"]["prosecutionCases"][0],
        message["hearing"]["prosecutionCases"][0]["defendants"][0],
    )
    message["hearing"]["prosecutionCases"] = [
        {**copy.deepcopy(case), "defendants": [defendant] * n} for n in cases
    ]
    return message


def shapes() -> list[Any]:
    """Inputs of every shape: samples, our messages, and broken hearings."""
    found: list[Any] = [json.loads(p.read_text()) for p in sorted(COMMON_PLATFORM.glob("*.json"))]
    found += [cp(n) for n in ("cp-two-defendants", "cp-dto-cjs-code", "cp-interim-result")]
    found += [canonical_outcome(), "text", None, [1, 2], {}]
    bare = cp("cp-two-defendants")["hearing"]
    found += [bare, {"hearing": 5}, {"hearing": {"prosecutionCases": []}}]
    found += [{"hearing": {"prosecutionCases": [5, {"defendants": []}, {"defendants": [1, 2]}]}}]
    found += [with_defendants([3, 0, 2])]
    return found


@pytest.mark.parametrize("value", shapes())
def test_the_records_counted_are_the_records_the_intake_makes(value: Any) -> None:
    assert records_in(value) == len(map_input(value, TODAY))


def test_a_common_platform_message_counts_one_record_per_defendant_of_each_case() -> None:
    assert records_in(with_defendants([2, 3])) == 5


def test_records_up_to_the_cap_are_accepted() -> None:
    assert check_intake([with_defendants([MAX_RECORDS - 1]), canonical_outcome()]) == MAX_RECORDS


def test_one_record_over_the_cap_is_refused_with_413_naming_the_count() -> None:
    with pytest.raises(TooMuch) as refused:
        check_intake([with_defendants([3000, 3000])])
    assert refused.value.status == 413
    assert "holds 6,000 records" in str(refused.value) and "at most 5000" in str(refused.value)


def test_json_nested_to_the_limit_is_accepted_and_one_level_more_is_refused_with_422() -> None:
    check_shape(nested(MAX_DEPTH))
    with pytest.raises(TooMuch) as refused:
        check_shape(nested(MAX_DEPTH + 1))
    assert refused.value.status == 422 and f"more than {MAX_DEPTH} levels" in str(refused.value)


def test_json_with_more_values_than_the_limit_is_refused_with_413() -> None:
    check_shape([0] * 9, max_values=10)
    with pytest.raises(TooMuch) as refused:
        check_shape([0] * 10, max_values=10)
    assert refused.value.status == 413 and "more than 10 values" in str(refused.value)
