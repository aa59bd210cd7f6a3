"""The public Common Platform samples, messages that are not hearings, and replaying records.

The samples are committed in samples/common_platform (copied from the MoJ's open-source services). None holds a
youth sentence: each defendant must be skipped or held with a reason, and nothing started.
"""

import json
from typing import Any

import pytest

from contracts.court import IngestResultKind
from ingest.common_platform import is_common_platform, map_hearing_resulted
from samples import COMMON_PLATFORM, INVENTED_COMMON_PLATFORM

SAMPLES = COMMON_PLATFORM
DATA = INVENTED_COMMON_PLATFORM
SKIPPED, HELD, REJECTED = IngestResultKind.SKIPPED, IngestResultKind.HELD, IngestResultKind.REJECTED


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def test_the_public_samples_are_beside_the_clone() -> None:
    assert (SAMPLES / "README.md").is_file(), SAMPLES


SAMPLE_RESULTS = [
    (
        "an adult in the LAA hearing resulted message is skipped",
        "laa-hearing-resulted.json",
        [(SKIPPED, "aged 32 on 2019-10-23 (the first sitting day): 18 or over")],
    ),
    (
        "a lone judicial result is not a hearing and is rejected with what to send instead",
        "laa-judicial-result-all-fields.json",
        [(REJECTED, "not a hearing: a lone judicial result ('Legal Aid Transfer Granted')")],
    ),
    (
        "in a bare sentence hearing an adult is skipped and an adult marked isYouth is held",
        "cher-sentence-hearing.json",
        [
            (SKIPPED, "aged 35 on 2019-01-28"),
            (
                HELD,
                "marks the defendant as a youth (isYouth true) but the date of birth makes them 21",
            ),
        ],
    ),
    (
        'adults marked isYouth "true" are held, not skipped',
        "ccm-youth-defendant-hearing.json",
        [
            (HELD, 'as a youth (isYouth "true") but the date of birth makes them 46 on 2021-09-08'),
            (HELD, 'as a youth (isYouth "true") but the date of birth makes them 24 on 2021-09-08'),
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "expected"), [(s[1], s[2]) for s in SAMPLE_RESULTS], ids=[s[0] for s in SAMPLE_RESULTS]
)
def test_public_sample(name: str, expected: list[tuple[IngestResultKind, str]]) -> None:
    records = map_hearing_resulted(sample(name))

    assert [(r.result, r.outcome) for r in records] == [(kind, None) for kind, _ in expected]
    for record, (_, reason) in zip(records, expected, strict=True):
        assert reason in (record.reason or "")


def test_no_reason_shows_a_date_of_birth_or_a_name() -> None:
    for name in ("laa-hearing-resulted.json", "cher-sentence-hearing.json"):
        for record in map_hearing_resulted(sample(name)):
            defendant = record.original["defendant"]
            details = defendant["personDefendant"]["personDetails"]
            for private in (details["dateOfBirth"], details["firstName"], details["lastName"]):
                assert private not in (record.reason or "")


DETECTION = [
    ("an envelope with sharedTime is Common Platform", "laa-hearing-resulted.json", True),
    ("an envelope without sharedTime is Common Platform", "ccm-youth-defendant-hearing.json", True),
    ("a bare hearing is Common Platform", "cher-sentence-hearing.json", True),
    (
        "a lone judicial result goes to the Common Platform mapper",
        "laa-judicial-result-all-fields.json",
        True,
    ),
    ("a JSON schema is not a message", "schema-hearing-resulted.json", False),
]
CANONICAL = {"message_id": "m1", "source": "manual", "defendant": {}, "offences": []}
VALUES = [
    ("a canonical outcome is not Common Platform", CANONICAL, False),
    (
        "a canonical outcome with a stray hearing key is still canonical",
        CANONICAL | {"hearing": {}},
        False,
    ),
    (
        "a bare hearing with only an application is Common Platform",
        {"hearingDays": [], "courtCentre": {}},
        True,
    ),
    ("an array is not", [{"hearing": {}}], False),
    ("a string is not", "hearing", False),
    ("null is not", None, False),
    ("an empty object is not", {}, False),
]


@pytest.mark.parametrize(
    ("name", "expected"), [(d[1], d[2]) for d in DETECTION], ids=[d[0] for d in DETECTION]
)
def test_detecting_a_sample(name: str, expected: bool) -> None:
    assert is_common_platform(sample(name)) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(v[1], v[2]) for v in VALUES], ids=[v[0] for v in VALUES]
)
def test_detecting_a_value(value: Any, expected: bool) -> None:
    assert is_common_platform(value) is expected


HEARING = {"id": "h1", "hearingDays": [{"sittingDay": "2026-11-20T10:00:00Z"}]}
MALFORMED = [
    ("an array is rejected", [1, 2], "message"),
    ("a string is rejected", "hello", "message"),
    ("null is rejected", None, "message"),
    ("an empty object has no hearing", {}, "hearing"),
    ("a hearing that is not an object is rejected", {"hearing": []}, "hearing"),
    (
        "a hearing without prosecution cases is rejected",
        {"hearing": HEARING},
        "hearing.prosecutionCases",
    ),
    (
        "an empty list of prosecution cases is rejected",
        {"hearing": HEARING | {"prosecutionCases": []}},
        "hearing.prosecutionCases",
    ),
    (
        "prosecution cases that are not an array are rejected",
        {"hearing": HEARING | {"prosecutionCases": {"id": "c1"}}},
        "hearing.prosecutionCases",
    ),
    (
        "a prosecution case that is not an object is rejected",
        {"hearing": HEARING | {"prosecutionCases": [7]}},
        "hearing.prosecutionCases[0]",
    ),
    (
        "a prosecution case without defendants is rejected",
        HEARING | {"prosecutionCases": [{"id": "c1", "defendants": []}]},
        "prosecutionCases[0].defendants",
    ),
]


@pytest.mark.parametrize(
    ("message", "field"), [(m[1], m[2]) for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_message_gives_one_rejected_record(message: Any, field: str) -> None:
    records = map_hearing_resulted(message)

    assert len(records) == 1
    assert records[0].result == REJECTED
    assert [e.field for e in records[0].errors] == [field]
    assert records[0].reason and records[0].errors[0].reason
    assert records[0].original["message"] == message


def messages() -> list[tuple[str, Any]]:
    public = [p for p in sorted(SAMPLES.glob("*.json")) if not p.name.startswith("schema-")]
    return [(p.name, json.loads(p.read_text())) for p in [*public, *sorted(DATA.glob("*.json"))]]


@pytest.mark.parametrize(("name", "message"), messages(), ids=[n for n, _ in messages()])
def test_every_record_keeps_enough_to_store_and_replay(name: str, message: Any) -> None:
    records = map_hearing_resulted(message, cjs_codes={"1081": "detention_and_training_order"})

    hearing = message.get("hearing", message)
    for record in records:
        original = record.original
        assert {"hearing_id", "prosecution_case_id", "defendant", "message"} <= original.keys()
        if original["defendant"] is None:
            continue
        assert original["hearing_id"] == hearing["id"]
        assert original["message_id"] == f"cp:{hearing['id']}:{original['defendant']['id']}"
        assert record.outcome is None or record.outcome.message_id == original["message_id"]
        replayed = map_hearing_resulted(
            original["message"], cjs_codes={"1081": "detention_and_training_order"}
        )
        assert [(r.result, r.outcome) for r in replayed] == [(record.result, record.outcome)]
        kept = json.dumps(original["message"])
        assert "policeOfficerInCase" not in kept and "defenceCounsels" not in kept
