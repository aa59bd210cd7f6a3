"""Reading untrusted Common Platform JSON: typed look-ups, JSON paths and dates.

Every function here accepts any JSON value and answers ``None`` (or an empty list) for a
value of the wrong shape, so the mapper built on them never raises on a malformed message.
Paths are written the way an integrator would look for the field:
``hearing.prosecutionCases[0].defendants[1].personDefendant.personDetails.dateOfBirth``.
"""

import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

JsonObject = dict[str, Any]
"""A decoded JSON object."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _london() -> tzinfo:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # no time zone database: sitting days are read in UTC
        return UTC


_LONDON = _london()


def as_object(value: object) -> JsonObject | None:
    """The value if it is a JSON object, else None."""
    return value if isinstance(value, dict) else None


def child(parent: JsonObject | None, key: str) -> JsonObject | None:
    """The object under ``key``, or None when the parent or the child is not an object."""
    return as_object(parent.get(key)) if parent is not None else None


def items(parent: JsonObject | None, key: str) -> list[Any]:
    """The array under ``key``, or an empty list when there is none."""
    value = parent.get(key) if parent is not None else None
    return value if isinstance(value, list) else []


def text(parent: JsonObject | None, key: str) -> str | None:
    """The non-blank string under ``key``, stripped; None for anything else."""
    value = parent.get(key) if parent is not None else None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def raw_text(parent: JsonObject | None, key: str) -> object:
    """The string under ``key`` stripped, or the value as received so validation can name it."""
    value = parent.get(key) if parent is not None else None
    return value.strip() if isinstance(value, str) else value


def at(path: str, key: str | int) -> str:
    """Extend a JSON path by a key (``a.b``) or an array index (``a[0]``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_date(value: object) -> date | None:
    """A calendar date written ``YYYY-MM-DD``; None for anything else."""
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_day(value: object) -> date | None:
    """The day in England and Wales of a date or an ISO date-time such as a sitting day.

    ``2019-10-25T23:30:00Z`` is 26 October in London in summer time: a court sits by local
    time, so an aware date-time is converted to Europe/London before its date is taken.
    A date-time without an offset is taken as local already.
    """
    day = parse_date(value)
    if day is not None or not isinstance(value, str):
        return day
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is not None:
            moment = moment.astimezone(_LONDON)
    except (ValueError, OverflowError):
        return None
    return moment.date()


def parse_flag(value: object) -> bool | None:
    """A JSON boolean, or the strings ``"true"``/``"false"`` in any case; None otherwise.

    Common Platform consumers have sent ``isYouth`` both as a boolean and as a string.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return None


def kind_of(value: object) -> str:
    """The JSON name of a value's type, for messages about the wrong shape."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"
