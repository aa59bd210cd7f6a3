"""The Common Platform hearing being mapped, and what every defendant's record needs from it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from contracts.common import DisposalType
from ingest.common_platform.json import JsonObject, as_object, items, text
from ingest.common_platform.orders import belongs_to
from ingest.common_platform.youth import SittingDay

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
