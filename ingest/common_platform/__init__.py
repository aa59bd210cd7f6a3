"""HMCTS Common Platform "hearing resulted" messages, mapped to canonical court outcomes.

Pure: no I/O and no clock (the caller passes ``today``). Each defendant of each prosecution
case is a candidate and gets exactly one MappedRecord, in message order. The message's shape
is the Ministry of Justice's schema (`samples/common_platform/schema-hearing-resulted.json`,
with public samples beside it). The decisions are taken in ``defendant``, on the hearing of
``hearing``: youth status and markers in ``youth``, the order in ``orders`` and ``length``,
the canonical outcome in ``outcome``.

Every record's ``original`` holds ``hearing_id``, ``prosecution_case_id``, the ``defendant``
as received, ``message_id`` (the outcome's id, ``cp:{hearing.id}:{defendant.id}``) and
``message``: a hearing resulted message holding only that defendant and the parts of the
hearing the mapper reads, so that mapping it again replays the record without storing other
people's data. A message that is not a hearing, or has no prosecution cases,
gives one rejected record whose ``original["message"]`` is the message as received.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from contracts.common import DisposalType
from contracts.court import FieldError, IngestResultKind, MappedRecord
from ingest.common_platform.defendant import map_defendant, record
from ingest.common_platform.hearing import HearingContext
from ingest.common_platform.json import JsonObject, as_object, at, items, kind_of, text
from ingest.common_platform.orders import DEFAULT_CJS_CODES
from ingest.common_platform.youth import first_sitting_day

__all__ = ["DEFAULT_CJS_CODES", "is_common_platform", "map_hearing_resulted"]


def _is_bare_hearing(obj: JsonObject) -> bool:
    return "prosecutionCases" in obj or ("hearingDays" in obj and "courtCentre" in obj)


def _is_judicial_result(obj: JsonObject) -> bool:
    return "judicialResultId" in obj or ("orderedHearingId" in obj and "label" in obj)


def is_common_platform(obj: object) -> bool:
    """Whether a decoded JSON value is for the Common Platform mapper rather than canonical.

    True for a ``{"hearing": {...}, "sharedTime": ...}`` envelope (``sharedTime`` may be
    absent), for a bare hearing (``prosecutionCases``, or ``hearingDays`` with
    ``courtCentre``, at the top level), and for a lone judicial result, so that it is
    rejected with a reason an integrator can act on. A canonical outcome always has
    ``message_id`` and ``defendant`` at the top level and a hearing never does: an object with
    either is never Common Platform.
    """
    if not isinstance(obj, dict) or "message_id" in obj or "defendant" in obj:
        return False
    return "hearing" in obj or _is_bare_hearing(obj) or _is_judicial_result(obj)


def _rejected_message(
    message: object, field: str, problem: str, hearing_id: str | None = None, *, why: str = ""
) -> list[MappedRecord]:
    """The one rejected record of a message that cannot be mapped, keeping it whole."""
    original = {
        "hearing_id": hearing_id,
        "prosecution_case_id": None,
        "defendant": None,
        "message": message,
    }
    error = FieldError(field=field, reason=problem)
    reason = why or f"{field}: {problem}"
    return [record(IngestResultKind.REJECTED, reason, original, error)]


def _unwrap(message: object) -> tuple[JsonObject, str] | list[MappedRecord]:
    """The hearing and its path, or the one rejected record of a message that is not one."""
    if not isinstance(message, dict):
        return _rejected_message(
            message, "message", f"not a Common Platform message: {kind_of(message)}, not an object"
        )
    if "hearing" in message:
        hearing = as_object(message["hearing"])
        if hearing is None:
            return _rejected_message(
                message, "hearing", f"must be an object, not {kind_of(message['hearing'])}"
            )
        return hearing, "hearing"
    if _is_bare_hearing(message):
        return message, ""
    if _is_judicial_result(message):
        label = text(message, "label") or "no label"
        return _rejected_message(
            message,
            "hearing",
            "missing",
            why=f"not a hearing: a lone judicial result ('{label}') does not say whose result "
            "it is; send the whole hearing resulted message",
        )
    return _rejected_message(
        message,
        "hearing",
        'missing: expected {"hearing": {...}, "sharedTime": ...} or a bare hearing',
    )


def map_hearing_resulted(
    message: dict[str, Any],
    *,
    cjs_codes: Mapping[str, DisposalType] | None = None,
    today: date | None = None,
) -> list[MappedRecord]:
    """Map a Common Platform hearing to one record per defendant of each prosecution case.

    Never raises, whatever JSON value it is given. Common Platform does not say whether an
    offence has an identified victim: every offence's ``has_identified_victim`` is False, and
    victim details reach the service separately, from the police, whose message
    then identifies the victim (ADR 0011).

    Args:
        message: a ``{"hearing": {...}, "sharedTime": ...}`` envelope or a bare hearing.
        cjs_codes: CJS result codes that name a youth order; ``DEFAULT_CJS_CODES`` when None.
        today: when given, a first sitting day after it is rejected: a hearing cannot be
            resulted before it sits. None skips that check.

    Returns:
        A record per defendant, in order; a single rejected record when the message is not a
        hearing or has no prosecution cases, and one for each prosecution case that is not
        an object or has no defendants.
    """
    unwrapped = _unwrap(message)
    if isinstance(unwrapped, list):
        return unwrapped
    body, path = unwrapped
    cases_path = at(path, "prosecutionCases")
    cases = body.get("prosecutionCases")
    if not isinstance(cases, list) or not cases:
        problem = "missing" if cases is None else "empty: no prosecution case to map"
        if cases is not None and not isinstance(cases, list):
            problem = f"must be an array, not {kind_of(cases)}"
        return _rejected_message(message, cases_path, problem, text(body, "id"))
    hearing = HearingContext(
        body=body,
        path=path,
        shared_time=message.get("sharedTime") if path else None,
        first=first_sitting_day(body, path),
        cjs_codes=DEFAULT_CJS_CODES if cjs_codes is None else cjs_codes,
        today=today,
    )
    records = []
    for case_index, case in enumerate(cases):
        case_path = at(cases_path, case_index)
        case_object = as_object(case)
        defendants = items(case_object, "defendants")
        if case_object is None or not defendants:
            field, problem = (
                (case_path, f"must be an object, not {kind_of(case)}")
                if case_object is None
                else (at(case_path, "defendants"), "missing or empty: no defendant to map")
            )
            records += _rejected_message(message, field, problem, text(body, "id"))
            continue
        for index, defendant in enumerate(defendants):
            defendant_path = at(at(case_path, "defendants"), index)
            records.append(
                map_defendant(hearing, case_object, case_path, defendant, defendant_path)
            )
    return records
