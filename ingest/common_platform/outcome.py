"""Building the canonical court outcome for one youth defendant of a Common Platform hearing.

Field by field (the canonical outcome is `contracts.court.CourtOutcome`):

- ``message_id``: ``cp:{hearing.id}:{defendant.id}``, so a resent message is a duplicate;
- ``court``: ``hearing.courtCentre`` ``code`` and ``name``; the name falls back to the code
  because the canonical court needs one and it is only for display; a court centre without a
  code is rejected (its ``id`` is a UUID, too long and not a court code);
- ``hearing_date``: the first sitting day;
- ``convicted_on``: the earliest ``convictionDate`` of the order's offences, if any;
- ``case_urn``: ``prosecutionCaseIdentifier.caseURN``, else its
  ``prosecutionAuthorityReference`` (the schema requires one of the two);
- ``defendant``: ``id``, ``pncId`` (on ``personDefendant`` or the defendant), names,
  date of birth, gender (MALE, FEMALE; NOT_KNOWN and NOT_SPECIFIED are ``not_specified``) and
  ethnicity (``selfDefinedEthnicityCode``, else ``observedEthnicityCode``);
- ``offences``: those the order was made for (every offence when the order is a
  defendant-level result), with ``offenceCode``, ``offenceTitle`` and ``startDate``;
  ``has_identified_victim`` is always False: Common Platform does not say, and victim
  details reach the service separately from the police, whose message then identifies the
  victim (the pathway's order has ``victim_stated`` false);
- ``disposal``: the order's type and length; ``made_on`` is the result's ``orderedDate``,
  else the first sitting day.

When the contract refuses the record, each pydantic error becomes a FieldError on the
canonical field (``defendant.first_name``), its reason naming the Common Platform field the
value came from.
"""

import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from contracts.common import Gender
from contracts.court import CourtOutcome, FieldError, IngestResultKind, MappedRecord, Source
from ingest.common_platform.hearing import HearingContext
from ingest.common_platform.json import (
    JsonObject,
    as_object,
    at,
    child,
    items,
    parse_date,
    raw_text,
    text,
)
from ingest.common_platform.orders import Order
from ingest.common_platform.youth import Conviction

_GENDERS = {"MALE": Gender.MALE, "FEMALE": Gender.FEMALE}
_CANONICAL_FIELD = re.compile(r"[a-z_]+(\.[a-z_0-9]+)*")


def _present(**fields: object) -> dict[str, object]:
    return {name: value for name, value in fields.items() if value is not None}


def build_outcome(
    hearing: HearingContext,
    case: JsonObject,
    case_path: str,
    defendant: JsonObject,
    defendant_path: str,
    born: date,
    order: Order,
    original: dict[str, Any],
    conviction: Conviction | None = None,
    order_change: dict[str, Any] | None = None,
) -> MappedRecord:
    """The youth defendant's canonical outcome, or a rejection naming each bad field.

    The hearing has a first sitting day (`map_defendant` checked it); `case` and `defendant`
    are the objects at `case_path` and `defendant_path` in the message. With `order_change`
    (`changes`), the outcome is the court's decision on the running `order` (whose length is
    not the court's now: the pathway keeps its own).
    """
    first_day, first_day_path = hearing.first.day, hearing.first.path
    hearing_path = hearing.path
    court = child(hearing.body, "courtCentre")
    court_path = at(hearing_path, "courtCentre")
    identifier = child(case, "prosecutionCaseIdentifier")
    identifier_path = at(case_path, "prosecutionCaseIdentifier")
    person_path = at(defendant_path, "personDefendant")
    details_path = at(person_path, "personDetails")
    details = child(child(defendant, "personDefendant"), "personDetails")
    ethnicity = child(details, "ethnicity")
    hearing_id, defendant_id = text(hearing.body, "id"), text(defendant, "id")
    gender = text(details, "gender")
    sources = {
        "message_id": f"{at(hearing_path, 'id')} and {at(defendant_path, 'id')}",
        "court.code": at(court_path, "code"),
        "court.name": at(court_path, "name"),
        "hearing_date": first_day_path,
        "case_urn": at(
            identifier_path,
            "caseURN" if text(identifier, "caseURN") else "prosecutionAuthorityReference",
        ),
        "defendant.defendant_id": at(defendant_path, "id"),
        "defendant.pnc_id": at(defendant_path, "pncId"),
        "defendant.first_name": at(details_path, "firstName"),
        "defendant.last_name": at(details_path, "lastName"),
        "defendant.date_of_birth": at(details_path, "dateOfBirth"),
        "defendant.ethnicity": at(details_path, "ethnicity"),
        "disposal.length_months": order.path,
        "convicted_on": (conviction.path if conviction else None) or first_day_path,
        "disposal.made_on": at(order.path, "orderedDate") if order.made_on else first_day_path,
    }
    offences: list[object] = []
    for index, offence in enumerate(items(defendant, "offences")):
        if order.offence_indexes is not None and index not in order.offence_indexes:
            continue
        offence_object, offence_path = as_object(offence), at(at(defendant_path, "offences"), index)
        number = len(offences)
        sources[f"offences.{number}"] = offence_path
        sources[f"offences.{number}.offence_code"] = at(offence_path, "offenceCode")
        sources[f"offences.{number}.title"] = at(offence_path, "offenceTitle")
        sources[f"offences.{number}.offence_date"] = at(offence_path, "startDate")
        if offence_object is None:
            offences.append(offence)
            continue
        started = offence_object.get("startDate")
        offences.append(
            _present(
                offence_code=raw_text(offence_object, "offenceCode"),
                title=raw_text(offence_object, "offenceTitle"),
                offence_date=parse_date(started) or started,
                has_identified_victim=False,
            )
        )
    data = _present(
        message_id=f"cp:{hearing_id}:{defendant_id}" if hearing_id and defendant_id else None,
        source=Source.COMMON_PLATFORM,
        court=_present(
            code=raw_text(court, "code"), name=text(court, "name") or text(court, "code")
        ),
        hearing_date=first_day,
        convicted_on=conviction.day if conviction else None,
        case_urn=text(identifier, "caseURN")
        or raw_text(identifier, "prosecutionAuthorityReference"),
        defendant=_present(
            defendant_id=raw_text(defendant, "id"),
            pnc_id=text(child(defendant, "personDefendant"), "pncId") or text(defendant, "pncId"),
            first_name=raw_text(details, "firstName"),
            last_name=raw_text(details, "lastName"),
            date_of_birth=born,
            gender=_GENDERS.get(gender.upper(), Gender.NOT_SPECIFIED) if gender else None,
            ethnicity=text(ethnicity, "selfDefinedEthnicityCode")
            or text(ethnicity, "observedEthnicityCode"),
        ),
        offences=offences,
        disposal=_present(
            type=order.type, length_months=order.length_months, made_on=order.made_on or first_day
        ),
        order_change=order_change,
    )
    try:
        outcome = CourtOutcome.model_validate(data)
    except ValidationError as error:
        errors = field_errors(error, sources)
        return MappedRecord(
            result=IngestResultKind.REJECTED,
            reason="the youth order cannot be made into a court outcome: "
            + "; ".join(f"{e.field}: {e.reason}" for e in errors),
            errors=errors,
            original=original,
        )
    return MappedRecord(outcome=outcome, original=original)


def field_errors(error: ValidationError, sources: dict[str, str]) -> list[FieldError]:
    """One FieldError per pydantic error, on the canonical field, naming its source."""
    errors = []
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"])
        reason = str(detail["msg"])
        if not field:  # the outcome's own validator: "field: reason"
            named, _, rest = reason.removeprefix("Value error, ").partition(": ")
            field, reason = (
                (named, rest) if _CANONICAL_FIELD.fullmatch(named) else ("outcome", reason)
            )
        source = next(
            (sources[key] for key in (field, field.rsplit(".", 1)[0]) if key in sources), None
        )
        errors.append(
            FieldError(
                field=field, reason=f"{reason} (Common Platform: {source})" if source else reason
            )
        )
    return errors
