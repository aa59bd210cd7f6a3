"""One Common Platform defendant's record: the order in which each decision is taken.

1. A defendant that is not an object is rejected.
2. An organisation (``legalEntityDefendant``) is skipped.
3. Without a first sitting day, or with one after ``today``, the record is rejected.
4. Without a date of birth: skipped when the results make no youth order (nothing would start
   whatever the age), held when they do (only a youth can be given one, but the pathway needs
   the date of birth and a person must find it). A date of birth that is not a date, or is
   not before the first sitting day, is rejected.
5. Where Common Platform's youth marker disagrees with the age, the record is held.
6. 18 or over is skipped; under 10, the age of criminal responsibility, is held.
7. The order (``orders``): none is skipped; two kinds or two lengths are held; a length
   that cannot be read is rejected. A decision on an order already running (``changes``:
   breach, revocation, extension, re-sentence) gives an order change instead.
8. The canonical outcome is built and validated (``outcome``); a refusal is rejected.

Reasons name ages and days, never a date of birth or a name: they are shown and stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from contracts.common import DisposalType
from contracts.court import FieldError, IngestResultKind, MappedRecord
from ingest.common_platform.changes import find_decisions, resolve_change
from ingest.common_platform.json import (
    JsonObject,
    as_object,
    at,
    child,
    items,
    kind_of,
    parse_date,
    text,
)
from ingest.common_platform.orders import (
    ORDER_NAMES,
    OrderProblem,
    belongs_to,
    defendant_results,
    find_candidates,
    resolve,
)
from ingest.common_platform.outcome import build_outcome
from ingest.common_platform.youth import (
    ADULT_AGE,
    MINIMUM_AGE,
    SittingDay,
    age_on,
    marker_disagreement,
    youth_markers,
)

NO_ORDER = (
    "no referral order, youth rehabilitation order or detention and training order in the "
    "FINAL results"
)
_HEARING_KEYS = ("id", "type", "jurisdictionType", "courtCentre", "hearingDays")
_CASE_KEYS = ("id", "prosecutionCaseIdentifier")


@dataclass(frozen=True)
class HearingContext:
    """The hearing being mapped, and what every defendant's record needs from it."""

    body: JsonObject
    path: str  # "hearing" in an envelope, "" for a bare hearing
    shared_time: object
    first: SittingDay
    cjs_codes: Mapping[str, DisposalType]
    today: date | None

    def original(self, case: object, defendant: object) -> JsonObject:
        """The record's original: ids, the defendant as received, and a replayable message."""
        case_object, defendant_object = as_object(case), as_object(defendant) or {}
        defendant_id = text(defendant_object, "id")
        body: JsonObject = {key: self.body[key] for key in _HEARING_KEYS if key in self.body}
        if case_object is not None:
            case = {key: case_object[key] for key in _CASE_KEYS if key in case_object}
            case["defendants"] = [defendant]
        body["prosecutionCases"] = [case]
        results = [
            entry
            for entry in items(self.body, "defendantJudicialResults")
            if belongs_to(as_object(entry) or {}, defendant_object)
        ]
        markers = [
            entry
            for entry in items(self.body, "defendantHearingYouthMarkers")
            if defendant_id is not None and text(as_object(entry), "defendantId") == defendant_id
        ]
        if results:
            body["defendantJudicialResults"] = results
        if markers:
            body["defendantHearingYouthMarkers"] = markers
        message: JsonObject = {"hearing": body}
        if self.shared_time is not None:
            message["sharedTime"] = self.shared_time
        hearing_id = text(self.body, "id")
        return {
            "hearing_id": hearing_id,
            "prosecution_case_id": text(case_object, "id"),
            "defendant": defendant,
            "message": message,
            # The id the outcome would have, so a held or rejected record sent again is known.
            "message_id": f"cp:{hearing_id}:{defendant_id}"
            if hearing_id and defendant_id
            else None,
        }


def record(
    kind: IngestResultKind, reason: str, original: JsonObject, *errors: FieldError
) -> MappedRecord:
    """A record that starts nothing: skipped, held or rejected, with its reason."""
    return MappedRecord(result=kind, reason=reason, errors=list(errors), original=original)


def map_defendant(
    hearing: HearingContext,
    case: JsonObject,
    case_path: str,
    defendant: object,
    defendant_path: str,
) -> MappedRecord:
    """The one record for one defendant; see the module docstring for the order of checks."""
    original = hearing.original(case, defendant)
    held, skipped, rejected = (
        IngestResultKind.HELD,
        IngestResultKind.SKIPPED,
        IngestResultKind.REJECTED,
    )
    if not isinstance(defendant, dict):
        problem = f"must be an object, not {kind_of(defendant)}"
        return record(
            rejected,
            f"{defendant_path}: {problem}",
            original,
            FieldError(field=defendant_path, reason=problem),
        )
    person = child(defendant, "personDefendant")
    if person is None and "legalEntityDefendant" in defendant:
        return record(
            skipped,
            "an organisation (legalEntityDefendant), not a child: not a youth case",
            original,
        )
    first = hearing.first
    if first.day is None:
        error = first.error or FieldError(field=first.path, reason="no sitting day")
        return record(rejected, f"{error.field}: {error.reason}", original, error)
    day = first.day.isoformat()
    if hearing.today is not None and first.day > hearing.today:
        problem = (
            f"the first sitting day {day} is after today ({hearing.today.isoformat()}): "
            "a hearing cannot be resulted before it sits"
        )
        return record(rejected, problem, original, FieldError(field=first.path, reason=problem))
    candidates = find_candidates(
        hearing=hearing.body,
        hearing_path=hearing.path,
        defendant=defendant,
        defendant_path=defendant_path,
        cjs_codes=hearing.cjs_codes,
    )
    # The court's decisions on an order already running (breach, revocation, extension,
    # re-sentence): mapped to an order change (`changes`), not dropped.
    decisions = find_decisions(
        defendant_results(
            hearing=hearing.body,
            hearing_path=hearing.path,
            defendant=defendant,
            defendant_path=defendant_path,
        )
    )
    dob_path = at(at(at(defendant_path, "personDefendant"), "personDetails"), "dateOfBirth")
    raw_dob = (child(person, "personDetails") or {}).get("dateOfBirth")
    if raw_dob is None or (isinstance(raw_dob, str) and not raw_dob.strip()):
        if decisions and not candidates:
            return record(
                held,
                f"no date of birth ({dob_path}): the results decide about a running youth "
                "order, and a person must find the child's date of birth to match it",
                original,
            )
        if not candidates:
            return record(
                skipped,
                f"no date of birth, and {NO_ORDER}: nothing to start whatever the age",
                original,
            )
        order_name = ORDER_NAMES[candidates[0].type]
        return record(
            held,
            f"no date of birth ({dob_path}): youth status cannot be decided, and the results "
            f"make a {order_name}: a person must find the child's date of birth",
            original,
        )
    born = parse_date(raw_dob)
    if born is None or born >= first.day:
        problem = (
            "not a date (YYYY-MM-DD)"
            if born is None
            else f"not before the first sitting day ({day})"
        )
        return record(
            rejected,
            f"the date of birth is {problem}",
            original,
            FieldError(field=dob_path, reason=problem),
        )
    age = age_on(born, first.day)
    disagreement = marker_disagreement(youth_markers(hearing.body, defendant), age, first.day)
    if disagreement is not None:
        return record(held, disagreement, original)
    aged = f"aged {age} on {day} (the first sitting day)"
    if age >= ADULT_AGE:
        return record(skipped, f"{aged}: {ADULT_AGE} or over, not a youth case", original)
    if age < MINIMUM_AGE:
        return record(
            held,
            f"{aged}: under {MINIMUM_AGE}, the age of criminal responsibility: "
            "a person must check the date of birth",
            original,
        )
    order = resolve(candidates)
    if decisions:
        if isinstance(order, OrderProblem):
            return record(order.result, order.reason, original, *order.errors)
        change = resolve_change(decisions, order, first.day)
        if isinstance(change, OrderProblem):
            return record(change.result, change.reason, original, *change.errors)
        return build_outcome(
            hearing=hearing.body,
            hearing_path=hearing.path,
            first_day=first.day,
            first_day_path=first.path,
            case=case,
            case_path=case_path,
            defendant=defendant,
            defendant_path=defendant_path,
            born=born,
            order=change.order,
            original=original,
            order_change=change.order_change,
        )
    if order is None:
        return record(skipped, f"{aged}: {NO_ORDER}", original)
    if isinstance(order, OrderProblem):
        return record(order.result, order.reason, original, *order.errors)
    return build_outcome(
        hearing=hearing.body,
        hearing_path=hearing.path,
        first_day=first.day,
        first_day_path=first.path,
        case=case,
        case_path=case_path,
        defendant=defendant,
        defendant_path=defendant_path,
        born=born,
        order=order,
        original=original,
    )
