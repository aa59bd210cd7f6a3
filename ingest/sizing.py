"""How much one intake may hold: records as the intake counts them, and the shape of the JSON.

A Common Platform message is one record per defendant of each prosecution case,
so a single message can hold thousands; the cap counts records that way, not top-level array
items. The JSON's nesting depth and its number of values are capped too, so that no body makes
the mapper (or storing a held record) do unbounded work. Everything here runs on the decoded
body before anything is stored or started, and answers a problem a person can act on.
"""

from collections.abc import Iterable
from typing import Any

from core.errors import TooMuch as TooMuch  # an intake over a limit: 413, or 422 when nested
from ingest.common_platform import is_common_platform

MAX_RECORDS = 5000
"""Records (a Common Platform message counts one per defendant) in one request or message."""
MAX_DEPTH = 32
"""Nesting of JSON objects and arrays; Common Platform messages nest about 13 deep."""
MAX_VALUES = 1_000_000
"""JSON values (objects, arrays, strings, numbers...) in one request: about twice as many as
20 MB of Common Platform messages hold."""


def records_in(value: Any) -> int:
    """The records the intake will make of one input: one per Common Platform defendant.

    Mirrors `map_hearing_resulted`: a prosecution case that is not an object or has no
    defendants is one (rejected) record, and so is a message that is not a usable hearing.
    """
    if not is_common_platform(value):
        return 1
    hearing = value.get("hearing") if "hearing" in value else value
    cases = hearing.get("prosecutionCases") if isinstance(hearing, dict) else None
    if not isinstance(cases, list) or not cases:
        return 1
    count = 0
    for case in cases:
        defendants = case.get("defendants") if isinstance(case, dict) else None
        count += len(defendants) if isinstance(defendants, list) and defendants else 1
    return count


def check_shape(value: Any, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> None:
    """Refuse JSON nested deeper than `max_depth` or holding more than `max_values` values.

    Walks without recursion and stops at the first limit passed, so the check itself is
    bounded by the limits, not by the body.

    Raises:
        TooMuch: 422 for nesting, 413 for the number of values.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    seen = 0
    while stack:
        item, depth = stack.pop()
        seen += 1
        if seen > max_values:
            raise TooMuch(
                413, f"the JSON holds more than {max_values:,} values: send it in smaller parts"
            )
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise TooMuch(
                    422, f"the JSON is nested more than {max_depth} levels deep: no record is"
                )
            inner: Iterable[Any] = item.values() if isinstance(item, dict) else item
            stack.extend((v, depth + 1) for v in inner)


def check_intake(records: list[Any], *, max_records: int = MAX_RECORDS) -> int:
    """Check a request's records against every limit; return how many records they make.

    Raises:
        TooMuch: the JSON is too deep or too big, or the records (Common Platform defendants
            counted one by one) are more than `max_records`.
    """
    check_shape(records)
    count = 0
    for value in records:
        count += records_in(value)
        if count > max_records:
            break
    if count > max_records:
        total = sum(records_in(v) for v in records)
        raise TooMuch(
            413,
            f"the body holds {total:,} records (each Common Platform defendant of each "
            f"prosecution case is a record); send at most {max_records} per request",
        )
    return count
