"""Youth status on Common Platform: the age at the first sitting day, and youth markers.

Youth status is the age at the first sitting day, from
``personDefendant.personDetails.dateOfBirth``: youth sentences are for a child aged under 18
(for example a referral order, Sentencing Act 2020, s. 84(1)(b)). The first sitting day is the
earliest ``hearingDays[].sittingDay`` that is not cancelled (``isCancelled``), as a day in
England and Wales. Common Platform also marks youths itself, in two places: the defendant's
``isYouth`` (a boolean in the schema, the string ``"true"`` in some services' messages) and the
hearing's ``defendantHearingYouthMarkers`` (one entry per defendant marked as a youth for the
hearing). Where a marker disagrees with the age, a person must look before anything starts.
"""

from dataclasses import dataclass
from datetime import date

from contracts.court import FieldError
from ingest.common_platform.json import (
    JsonObject,
    as_object,
    at,
    items,
    parse_day,
    parse_flag,
    text,
)

ADULT_AGE = 18
"""A defendant this old or older at the first sitting day is not a youth case."""

MINIMUM_AGE = 10
"""The age of criminal responsibility in England and Wales (Children and Young Persons Act
1933, s. 50): a younger defendant means the date of birth is wrong."""


@dataclass(frozen=True)
class SittingDay:
    """The hearing's first sitting day, or why there is none."""

    day: date | None
    path: str
    error: FieldError | None = None


def first_sitting_day(hearing: JsonObject, hearing_path: str) -> SittingDay:
    """The earliest sitting day of the hearing that was not cancelled."""
    days_path = at(hearing_path, "hearingDays")
    earliest: tuple[date, str] | None = None
    for index, hearing_day in enumerate(items(hearing, "hearingDays")):
        day_object = as_object(hearing_day)
        if day_object is None or day_object.get("isCancelled") is True:
            continue
        path = at(at(days_path, index), "sittingDay")
        day = parse_day(day_object.get("sittingDay"))
        if day is not None and (earliest is None or day < earliest[0]):
            earliest = (day, path)
    if earliest is None:
        error = FieldError(
            field=days_path,
            reason="no sitting day that is a date: the age at the first sitting day decides "
            "whether a defendant is a youth",
        )
        return SittingDay(None, days_path, error)
    return SittingDay(earliest[0], earliest[1])


def age_on(born: date, day: date) -> int:
    """Age in whole years on ``day``; someone born on 29 February turns a year older on 1 March."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def youth_markers(hearing: JsonObject, defendant: JsonObject) -> list[tuple[bool, str]]:
    """What Common Platform says about this defendant's youth: (is a youth, where it says so)."""
    claims: list[tuple[bool, str]] = []
    marker = defendant.get("isYouth")
    flag = parse_flag(marker)
    if flag is not None:
        shown = f'"{marker}"' if isinstance(marker, str) else str(marker).lower()
        claims.append((flag, f"isYouth {shown}"))
    defendant_id = text(defendant, "id")
    for entry in items(hearing, "defendantHearingYouthMarkers"):
        if defendant_id is not None and text(as_object(entry), "defendantId") == defendant_id:
            claims.append((True, "a defendantHearingYouthMarker"))
            break
    return claims


def marker_disagreement(
    claims: list[tuple[bool, str]], age: int, day: date, which: str = "the first sitting day"
) -> str | None:
    """The reason to hold the record when a youth marker disagrees with the age, else None."""
    is_youth = age < ADULT_AGE
    for claimed, where in claims:
        if claimed != is_youth:
            said = "a youth" if claimed else "not a youth"
            return (
                f"Common Platform marks the defendant as {said} ({where}) but the date of birth "
                f"makes them {age} on {day.isoformat()} ({which}): a person must check which "
                "is right"
            )
    return None


@dataclass(frozen=True)
class Conviction:
    """The day the child was convicted of the order's offences, when the message says."""

    day: date | None
    path: str | None
    error: FieldError | None = None


def conviction_day(
    defendant: JsonObject, defendant_path: str, offence_indexes: set[int] | None
) -> Conviction:
    """The earliest ``offences[].convictionDate`` of the order's offences.

    Every offence's for a defendant-level order (``offence_indexes`` None). Youth orders' age
    rules are judged on it (Sentencing Act 2020, s. 234(1)(a): "when convicted"). None when no
    offence gives one: the first sitting day is used instead. A convictionDate that is not a
    date is an error naming it.
    """
    earliest: tuple[date, str] | None = None
    for index, offence in enumerate(items(defendant, "offences")):
        if offence_indexes is not None and index not in offence_indexes:
            continue
        raw = (as_object(offence) or {}).get("convictionDate")
        if raw is None:
            continue
        path = at(at(at(defendant_path, "offences"), index), "convictionDate")
        day = parse_day(raw)
        if day is None:
            return Conviction(None, path, FieldError(field=path, reason="not a date"))
        if earliest is None or day < earliest[0]:
            earliest = (day, path)
    return Conviction(*earliest) if earliest else Conviction(None, None)
