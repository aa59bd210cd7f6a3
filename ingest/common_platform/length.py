"""The length of an order in whole months, from its duration element or a result prompt.

Common Platform states a length two ways. The result's ``durationElement`` is structured:
a primary, secondary and tertiary value with a unit each (``2`` ``Years`` and ``6``
``Months``), or a ``durationStartDate`` and ``durationEndDate``. A result prompt is free
text: a label that speaks of the order's period, length or duration ("Period of order",
"Length of referral order", "Youth rehabilitation order period") with a value such as
"6 months", "1 year", "12 Months" or "2 years 6 months".

The structured element is read first, then the prompts in order. Years are converted to
months. Weeks, days and hours are not whole months and are never rounded: a length that
cannot be read exactly is reported as missing rather than guessed. A prompt about anything
other than the order itself ("Duration of curfew", "Period of supervision") is a
requirement's length and is not read.
"""

import re
from datetime import date, timedelta

from ingest.common_platform.json import JsonObject, as_object, items, parse_date, text

_MONTHS_PER_UNIT = {
    "y": 12,
    "yr": 12,
    "yrs": 12,
    "year": 12,
    "years": 12,
    "m": 1,
    "mth": 1,
    "mths": 1,
    "month": 1,
    "months": 1,
}
_LENGTH_WORDS = frozenset({"period", "length", "duration"})
# Words that may sit beside a length word in a label about the order itself.
_ORDER_WORDS = frozenset(
    {"of", "the", "order", "referral", "youth", "rehabilitation", "detention", "and"}
    | {"training", "total", "yro", "dto", "in", "months", "years"}
)
_PART = re.compile(r"([0-9]{1,3})\s*([a-z]+)")
_MAX_MONTHS = 999  # the schema's ceiling for a duration value; anything above is not a length


def is_order_length_label(label: str) -> bool:
    """Whether a prompt label speaks of the period, length or duration of the order itself."""
    words = re.findall(r"[a-z]+", label.lower())
    return any(w in _LENGTH_WORDS for w in words) and all(
        w in _LENGTH_WORDS or w in _ORDER_WORDS for w in words
    )


def months_from_text(value: str, label: str = "") -> int | None:
    """Whole months from a prompt value such as "6 months" or "2 years 6 months".

    A bare number ("9") is read in the unit the label names ("Period of order in months").

    Returns:
        The months, or None when the value is not made only of years and months.
    """
    cleaned = re.sub(r"\band\b|,", " ", value.lower()).strip().rstrip(".")
    if cleaned.isdigit() and len(cleaned) <= 3:
        unit = "months" if "month" in label.lower() else "years" if "year" in label.lower() else ""
        cleaned = f"{cleaned} {unit}"
    total, position, found = 0, 0, False
    for part in _PART.finditer(cleaned):
        per_unit = _MONTHS_PER_UNIT.get(part.group(2))
        if cleaned[position : part.start()].strip() or per_unit is None:
            return None
        total += int(part.group(1)) * per_unit
        position, found = part.end(), True
    if not found or cleaned[position:].strip():
        return None
    return total if 0 < total <= _MAX_MONTHS else None


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value) if 0 < value <= _MAX_MONTHS else None


def _add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):  # the same day, or the month's last day
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")  # pragma: no cover


def _months_between(start: date | None, end: date | None) -> int | None:
    """Months from ``start`` to ``end``, or to the day after an inclusive ``end``; else None."""
    if start is None or end is None or end <= start or end.year - start.year > 10:
        return None
    for months in range(1, 121):
        anniversary = _add_months(start, months)
        if end in (anniversary, anniversary - timedelta(days=1)):
            return months
    return None


def months_from_duration(element: JsonObject) -> int | None:
    """Whole months from a ``durationElement``; None when any part is not years or months."""
    total, found = 0, False
    for level in ("primary", "secondary", "tertiary"):
        value, unit = element.get(f"{level}DurationValue"), element.get(f"{level}DurationUnit")
        if value is None and unit is None:
            continue
        count = _count(value)
        per_unit = _MONTHS_PER_UNIT.get(unit.strip().lower()) if isinstance(unit, str) else None
        if count is None or per_unit is None:
            return None
        total, found = total + count * per_unit, True
    if found:
        return total if total <= _MAX_MONTHS else None
    return _months_between(
        parse_date(element.get("durationStartDate")), parse_date(element.get("durationEndDate"))
    )


def order_length(result: JsonObject) -> int | None:
    """The order's length in months from a judicial result, or None when it gives none."""
    element = as_object(result.get("durationElement"))
    months = months_from_duration(element) if element is not None else None
    if months is not None:
        return months
    for prompt in items(result, "judicialResultPrompts"):
        prompt_object = as_object(prompt)
        label, value = text(prompt_object, "label"), text(prompt_object, "value")
        if label and value and is_order_length_label(label):
            months = months_from_text(value, label)
            if months is not None:
                return months
    return None
