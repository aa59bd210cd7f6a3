"""One Common Platform defendant's record: the order in which each decision is taken.

1. A defendant that is not an object is rejected.
2. An organisation (``legalEntityDefendant``) is skipped.
3. Without a first sitting day, or with one after ``today``, the record is rejected.
4. Without a date of birth: skipped when the results make no youth order (nothing would start
   whatever the age), held when they do (only a youth can be given one, but the pathway needs
   the date of birth and a person must find it). A date of birth that is not a date, or is
   not before the first sitting day, is rejected.
5. The age is judged on the earliest ``convictionDate`` of the order's offences, else on the
   first sitting day (a convictionDate that is not a date is rejected). Where Common
   Platform's youth marker disagrees with the age, the record is held.
6. 18 or over is skipped; under 10, the age of criminal responsibility, is held.
7. The order (``orders``): none is skipped; two kinds or two lengths are held; a length
   that cannot be read is rejected. A decision on an order already running (``changes``:
   breach, revocation, extension, re-sentence) gives an order change instead.
8. The canonical outcome is built and validated (``outcome``, with the conviction date as
   ``convicted_on``); a refusal is rejected. The law's terms and ages for the order
   (``ingest.order_terms``) are checked with the canonical record's, after mapping.

Reasons name ages and days, never a date of birth or a name: they are shown and stored.
"""

from contracts.court import FieldError, IngestResultKind, MappedRecord
from ingest.common_platform.changes import find_decisions, resolve_change
from ingest.common_platform.hearing import HearingContext
from ingest.common_platform.json import (
    JsonObject,
    at,
    child,
    kind_of,
    parse_date,
)
from ingest.common_platform.orders import (
    ORDER_NAMES,
    OrderProblem,
    defendant_results,
    find_candidates,
    resolve,
)
from ingest.common_platform.outcome import build_outcome
from ingest.common_platform.youth import (
    ADULT_AGE,
    MINIMUM_AGE,
    age_on,
    conviction_day,
    marker_disagreement,
    youth_markers,
)

NO_ORDER = (
    "no referral order, youth rehabilitation order or detention and training order in the "
    "FINAL results"
)


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
    # Age is judged on the day of conviction when the message gives it (ADR 0112).
    indexes = {c.offence_index for c in candidates}
    order_offences = None if None in indexes else {i for i in indexes if i is not None}
    conviction = conviction_day(defendant, defendant_path, order_offences)
    if conviction.error is not None:
        error = conviction.error
        return record(rejected, f"{error.field}: {error.reason}", original, error)
    judged, which = (
        (conviction.day, "the conviction date")
        if conviction.day is not None and conviction.day <= first.day
        else (first.day, "the first sitting day")
    )
    age = age_on(born, judged)
    claims = youth_markers(hearing.body, defendant)
    disagreement = marker_disagreement(claims, age, judged, which)
    if disagreement is not None:
        return record(held, disagreement, original)
    aged = f"aged {age} on {judged.isoformat()} ({which})"
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
            hearing,
            case,
            case_path,
            defendant,
            defendant_path,
            born,
            change.order,
            original,
            conviction,
            order_change=change.order_change,
        )
    if order is None:
        return record(skipped, f"{aged}: {NO_ORDER}", original)
    if isinstance(order, OrderProblem):
        return record(order.result, order.reason, original, *order.errors)
    return build_outcome(
        hearing, case, case_path, defendant, defendant_path, born, order, original, conviction
    )
