"""Mapping rules for Common Platform hearings, one case per rule, on synthetic youth messages.

The messages in samples/common_platform/invented are in the shape of the Ministry of Justice's public
samples; each case changes one thing and says what must follow.
"""

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import pytest

from contracts.common import DisposalType, Gender
from contracts.court import IngestResultKind, MappedRecord
from ingest.common_platform import map_hearing_resulted
from samples import INVENTED_COMMON_PLATFORM

DATA = INVENTED_COMMON_PLATFORM
RO = "cp-referral-order-offence-level"
YRO = "cp-yro-defendant-level"
DTO = "cp-dto-cjs-code"
MARKERS = "cp-youth-marker-disagrees"
TWO = "cp-two-defendants"
INTERIM = "cp-interim-result"
DTO_CODES = {"1081": DisposalType.DETENTION_AND_TRAINING_ORDER}
RO_DEFENDANT = "hearing.prosecutionCases[0].defendants[0]"
RO_RESULT = f"{RO_DEFENDANT}.offences[0].judicialResults[0]"
RO_BIRTH = f"{RO_DEFENDANT}.personDefendant.personDetails.dateOfBirth"
RO_MESSAGE_ID = "cp:6f0d8f9e-1c2b-4a7e-9b1a-0c5d2e3f4a51:d1000000-0000-4000-8000-000000000001"
NO_ORDER = (
    "no referral order, youth rehabilitation order or detention and training order in the "
    "FINAL results"
)


@cache
def _read(name: str) -> str:
    return (DATA / f"{name}.json").read_text()


def load(name: str) -> dict[str, Any]:
    return json.loads(_read(name))


def hearing(m: dict[str, Any]) -> dict[str, Any]:
    return m.get("hearing", m)


def defendant(m: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return hearing(m)["prosecutionCases"][0]["defendants"][index]


def details(m: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return defendant(m, index)["personDefendant"]["personDetails"]


def results(m: dict[str, Any], offence: int = 0) -> list[dict[str, Any]]:
    return defendant(m)["offences"][offence].setdefault("judicialResults", [])


def set_in(get: Callable[[dict[str, Any]], dict[str, Any]], **values: Any) -> Callable:
    def change(m: dict[str, Any]) -> None:
        target = get(m)
        for key, value in values.items():
            if value is DELETE:
                target.pop(key, None)
            else:
                target[key] = value

    return change


DELETE = object()


def both(*changes: Callable) -> Callable:
    def change(m: dict[str, Any]) -> None:
        for one in changes:
            one(m)

    return change


def add_result(offence: int, label: str, period: str, **extra: Any) -> Callable:
    def change(m: dict[str, Any]) -> None:
        result = copy.deepcopy(results(m)[0]) | {"label": label, **extra}
        result["judicialResultPrompts"] = [{"label": "Period of order", "value": period}]
        results(m, offence).append(result)

    return change


def move_to_defendant(m: dict[str, Any]) -> None:
    defendant(m)["judicialResults"] = [results(m).pop()]


def early_cancelled_day(m: dict[str, Any]) -> None:
    hearing(m)["hearingDays"].insert(0, {"sittingDay": "2026-11-01T10:00:00Z", "isCancelled": True})


def summer_late_sitting(m: dict[str, Any]) -> None:
    hearing(m)["hearingDays"] = [{"sittingDay": "2026-06-30T23:30:00.000Z"}]
    results(m)[0]["orderedDate"] = "2026-07-01"


@dataclass(frozen=True)
class Case:
    name: str
    fixture: str
    change: Callable[[dict[str, Any]], None] = lambda m: None
    index: int = 0
    kind: IngestResultKind | None = None  # None: an outcome
    reason: str = ""
    fields: tuple[str, ...] = ()
    check: dict[str, Any] = field(default_factory=dict)
    today: date | None = None


def outcome_field(record: MappedRecord, dotted: str) -> Any:
    value: Any = record.outcome
    for part in dotted.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


CASES = [
    # Outcomes, field by field.
    Case(
        "a 15-year-old given a 9-month referral order at offence level starts a referral order",
        RO,
        check={"disposal.type": DisposalType.REFERRAL_ORDER, "disposal.length_months": 9},
    ),
    Case(
        "the message id is the hearing id and defendant id, so a resent message is a duplicate",
        RO,
        check={"message_id": RO_MESSAGE_ID},
    ),
    Case(
        "court, case URN, names, gender and PNC id come across from the message",
        RO,
        check={
            "source": "common_platform",
            "court.code": "B01LY00",
            "court.name": "Bromley Youth Court",
            "case_urn": "01LY1234526",
            "defendant.first_name": "Ada",
            "defendant.last_name": "Example",
            "defendant.gender": Gender.FEMALE,
            "defendant.pnc_id": "2025/0012345X",
            "defendant.date_of_birth": date(2011, 3, 14),
        },
    ),
    Case(
        "the offences are those the order was made for, with code, title and start date",
        RO,
        check={"offences.0.offence_code": "TH68010", "offences.0.offence_date": date(2026, 8, 1)},
    ),
    Case(
        "an identified victim is never taken from Common Platform, which does not say",
        RO,
        check={"offences.0.has_identified_victim": False, "has_identified_victim": False},
    ),
    Case(
        "the self-defined ethnicity wins over the observed one",
        RO,
        check={"defendant.ethnicity": "M3"},
    ),
    Case(
        "the observed ethnicity is used when there is no self-defined code",
        YRO,
        check={"defendant.ethnicity": "B1"},
    ),
    Case(
        "a 16-year-old's hearing-level youth rehabilitation order lasts its duration element's "
        "1 year 6 months",
        YRO,
        check={
            "disposal.type": DisposalType.YOUTH_REHABILITATION_ORDER,
            "disposal.length_months": 18,
        },
    ),
    Case(
        "a defendant-level order covers every offence",
        RO,
        move_to_defendant,
        check={"disposal.length_months": 9, "offences.1.offence_code": "CD71039"},
    ),
    Case(
        "the hearing date is the earliest sitting day whatever the order of hearingDays",
        YRO,
        check={"hearing_date": date(2026, 11, 20)},
    ),
    Case(
        "the order is made on the result's orderedDate",
        YRO,
        check={"disposal.made_on": date(2026, 11, 23)},
    ),
    Case(
        "without an orderedDate the order is made on the first sitting day",
        DTO,
        check={"disposal.made_on": date(2026, 10, 5)},
    ),
    Case(
        "a detention and training order is found by its configured CJS code alone",
        DTO,
        check={
            "disposal.type": DisposalType.DETENTION_AND_TRAINING_ORDER,
            "disposal.length_months": 12,
        },
    ),
    Case("the PNC id may sit on personDefendant", DTO, check={"defendant.pnc_id": "2024/0099999Z"}),
    Case(
        "gender NOT_KNOWN is not specified", DTO, check={"defendant.gender": Gender.NOT_SPECIFIED}
    ),
    Case(
        "a label with extra words names the order",
        TWO,
        index=1,
        check={"disposal.length_months": 6},
    ),
    Case(
        "a label in capitals names the order",
        RO,
        set_in(lambda m: results(m)[0], label="REFERRAL ORDER"),
        check={"disposal.type": DisposalType.REFERRAL_ORDER},
    ),
    Case(
        "an INTERMEDIARY order is ignored, leaving the FINAL one",
        INTERIM,
        check={
            "disposal.type": DisposalType.YOUTH_REHABILITATION_ORDER,
            "disposal.length_months": 24,
        },
    ),
    Case(
        "the case URN falls back to the prosecution authority reference",
        RO,
        set_in(
            lambda m: hearing(m)["prosecutionCases"][0]["prosecutionCaseIdentifier"],
            caseURN=DELETE,
            prosecutionAuthorityReference="PAR-2026-001",
        ),
        check={"case_urn": "PAR-2026-001"},
    ),
    Case(
        "the court name falls back to its code",
        RO,
        set_in(lambda m: hearing(m)["courtCentre"], name=DELETE),
        check={"court.name": "B01LY00"},
    ),
    Case(
        "the same order and length on two offences is one order for both",
        RO,
        add_result(1, "Referral order", "9 months"),
        check={"disposal.length_months": 9, "offences.1.offence_code": "CD71039"},
    ),
    # Youth status: both sides of each threshold.
    Case(
        "a child the day before their 18th birthday is a youth",
        RO,
        set_in(details, dateOfBirth="2008-11-21"),
        check={"disposal.length_months": 9},
    ),
    Case(
        "a child who turns 18 on the second sitting day is still a youth",
        YRO,
        set_in(details, dateOfBirth="2008-11-21"),
        check={"hearing_date": date(2026, 11, 20)},
    ),
    Case(
        "a defendant whose 18th birthday is the first sitting day is skipped",
        RO,
        both(set_in(details, dateOfBirth="2008-11-20"), set_in(defendant, isYouth=DELETE)),
        kind=IngestResultKind.SKIPPED,
        reason="aged 18 on 2026-11-20 (the first sitting day): 18 or over, not a youth case",
    ),
    Case(
        "an adult is skipped with their age and the first sitting day",
        TWO,
        kind=IngestResultKind.SKIPPED,
        reason="aged 19 on 2026-11-20",
    ),
    Case(
        "a 10-year-old is a youth",
        RO,
        set_in(details, dateOfBirth="2016-11-20"),
        check={"disposal.length_months": 9},
    ),
    Case(
        "a 9-year-old is held: below the age of criminal responsibility the date of birth is wrong",
        RO,
        set_in(details, dateOfBirth="2016-11-21"),
        kind=IngestResultKind.HELD,
        reason="aged 9 on 2026-11-20 (the first sitting day): under 10",
    ),
    Case(
        "a cancelled sitting day is not the first sitting day",
        RO,
        early_cancelled_day,
        check={"hearing_date": date(2026, 11, 20)},
    ),
    Case(
        "a sitting day late on a summer evening in UTC is the next day in London",
        RO,
        summer_late_sitting,
        check={"hearing_date": date(2026, 7, 1)},
    ),
    Case(
        "an isYouth false for a 14-year-old is held, not started",
        MARKERS,
        kind=IngestResultKind.HELD,
        reason='as not a youth (isYouth "false") but the date of birth makes them 14',
    ),
    Case(
        "a hearing youth marker on a 19-year-old is held, not skipped",
        MARKERS,
        index=1,
        kind=IngestResultKind.HELD,
        reason="as a youth (a defendantHearingYouthMarker) but the date of birth makes them 19",
    ),
    Case(
        "an isYouth that agrees with the age changes nothing",
        RO,
        set_in(defendant, isYouth="TRUE"),
        check={"disposal.length_months": 9},
    ),
    Case(
        "no date of birth and no youth order is skipped: nothing would start whatever the age",
        INTERIM,
        set_in(lambda m: details(m, 1), dateOfBirth=DELETE),
        index=1,
        kind=IngestResultKind.SKIPPED,
        reason="no date of birth, and no referral order",
    ),
    Case(
        "no date of birth with a referral order is held for a person to find it",
        RO,
        set_in(details, dateOfBirth=DELETE),
        kind=IngestResultKind.HELD,
        reason=f"no date of birth ({RO_BIRTH})",
    ),
    Case(
        "an organisation is skipped",
        TWO,
        lambda m: hearing(m)["prosecutionCases"].reverse(),
        kind=IngestResultKind.SKIPPED,
        reason="an organisation (legalEntityDefendant)",
    ),
    # Which results make an order.
    Case(
        "a youth whose results are all INTERMEDIARY is skipped",
        INTERIM,
        index=1,
        kind=IngestResultKind.SKIPPED,
        reason=f"aged 15 on 2026-11-20 (the first sitting day): {NO_ORDER}",
    ),
    Case(
        "without its CJS code in the table a result that does not name the order is no order",
        DTO,
        kind=IngestResultKind.SKIPPED,
        reason="no referral order",
        check={"cjs_codes": {}},
    ),
    Case(
        # Issue 17: a revocation was dropped (skipped); it is now the court's decision on the
        # running order, an order change (tests/ingest/test_common_platform_changes.py).
        "revoking a referral order is not a new one but a decision on the running one",
        RO,
        set_in(lambda m: results(m)[0], label="Revoke referral order"),
        check={"disposal.type": DisposalType.REFERRAL_ORDER, "order_change.change": "revoked"},
    ),
    Case(
        "a breach of a youth rehabilitation order is not a new one",
        RO,
        set_in(lambda m: results(m)[0], label="Breach of youth rehabilitation order"),
        kind=IngestResultKind.SKIPPED,
    ),
    Case(
        "a deleted result is ignored",
        RO,
        set_in(lambda m: results(m)[0], isDeleted=True),
        kind=IngestResultKind.SKIPPED,
    ),
    Case(
        "an ANCILLARY result is ignored",
        RO,
        set_in(lambda m: results(m)[0], category="ANCILLARY"),
        kind=IngestResultKind.SKIPPED,
    ),
    Case(
        "two kinds of youth order are held for a person to decide",
        RO,
        add_result(1, "Youth rehabilitation order", "12 months"),
        kind=IngestResultKind.HELD,
        reason="more than one youth order (a referral order and a youth rehabilitation order)",
    ),
    Case(
        "two lengths for the same order are held for a person to decide",
        RO,
        add_result(1, "Referral order", "6 months"),
        kind=IngestResultKind.HELD,
        reason="give different lengths (6 and 9 months)",
    ),
    # Rejections name the field.
    Case(
        "an order with no length is rejected naming where the length should be",
        RO,
        set_in(lambda m: results(m)[0], judicialResultPrompts=DELETE),
        kind=IngestResultKind.REJECTED,
        fields=(f"{RO_RESULT}.judicialResultPrompts",),
    ),
    Case(
        "a length in weeks is not read as months",
        RO,
        lambda m: results(m)[0]["judicialResultPrompts"][0].update(value="26 weeks"),
        kind=IngestResultKind.REJECTED,
        fields=(f"{RO_RESULT}.judicialResultPrompts",),
    ),
    Case(
        "a length over 36 months is refused by the contract",
        RO,
        lambda m: results(m)[0]["judicialResultPrompts"][0].update(value="4 years"),
        kind=IngestResultKind.REJECTED,
        fields=("disposal.length_months",),
        reason=f"(Common Platform: {RO_RESULT})",
    ),
    Case(
        "an orderedDate before the first sitting day is refused by the contract",
        RO,
        set_in(lambda m: results(m)[0], orderedDate="2026-11-19"),
        kind=IngestResultKind.REJECTED,
        fields=("disposal.made_on",),
    ),
    Case(
        "an orderedDate that is not a date is rejected",
        RO,
        set_in(lambda m: results(m)[0], orderedDate="20/11/2026"),
        kind=IngestResultKind.REJECTED,
        fields=(f"{RO_RESULT}.orderedDate",),
    ),
    Case(
        "a date of birth that is not a date is rejected",
        RO,
        set_in(details, dateOfBirth="14/03/2011"),
        kind=IngestResultKind.REJECTED,
        fields=(RO_BIRTH,),
    ),
    Case(
        "a date of birth after the first sitting day is rejected",
        RO,
        set_in(details, dateOfBirth="2027-01-01"),
        kind=IngestResultKind.REJECTED,
        reason="not before the first sitting day (2026-11-20)",
    ),
    Case(
        "a hearing without a sitting day is rejected",
        RO,
        set_in(hearing, hearingDays=[]),
        kind=IngestResultKind.REJECTED,
        fields=("hearing.hearingDays",),
    ),
    Case(
        "a first sitting day after today is rejected",
        RO,
        kind=IngestResultKind.REJECTED,
        reason="the first sitting day 2026-11-20 is after today (2026-11-19)",
        today=date(2026, 11, 19),
    ),
    Case(
        "a first sitting day of today is fine",
        RO,
        check={"disposal.length_months": 9},
        today=date(2026, 11, 20),
    ),
    Case(
        "a court centre without a code is rejected: its id is not a court code",
        RO,
        set_in(lambda m: hearing(m)["courtCentre"], code=DELETE),
        kind=IngestResultKind.REJECTED,
        fields=("court.code",),
        reason="(Common Platform: hearing.courtCentre.code)",
    ),
    Case(
        "a youth without a first name is rejected naming the canonical and the source field",
        RO,
        set_in(details, firstName=DELETE),
        kind=IngestResultKind.REJECTED,
        fields=("defendant.first_name",),
        reason="personDetails.firstName",
    ),
    Case(
        "an offence without a code is rejected",
        RO,
        set_in(lambda m: defendant(m)["offences"][0], offenceCode=DELETE),
        kind=IngestResultKind.REJECTED,
        fields=("offences.0.offence_code",),
    ),
    Case(
        "a defendant that is not an object is rejected",
        RO,
        lambda m: hearing(m)["prosecutionCases"][0]["defendants"].__setitem__(0, "Ada"),
        kind=IngestResultKind.REJECTED,
        fields=(RO_DEFENDANT,),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mapping_rule(case: Case) -> None:
    message = load(case.fixture)
    case.change(message)
    check = dict(case.check)
    codes = check.pop("cjs_codes", DTO_CODES)
    records = map_hearing_resulted(message, cjs_codes=codes, today=case.today)

    record = records[case.index]
    if case.kind is None:
        assert record.result is None, record.reason
        assert record.outcome is not None
        for dotted, expected in check.items():
            assert outcome_field(record, dotted) == expected, dotted
    else:
        assert record.outcome is None
        assert record.result == case.kind
        assert case.reason in (record.reason or "")
        assert [e.field for e in record.errors][: len(case.fields)] == list(case.fields)
        assert all(e.reason for e in record.errors)
