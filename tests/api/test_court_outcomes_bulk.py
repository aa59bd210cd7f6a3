"""POST /v1/court-outcomes with arrays and malformed bodies: one result per record, limits, 4xx.

Every malformed input is answered 4xx with a detail a person can act on (field errors where
there are fields) and starts nothing: no court record is claimed and no workflow appears on
the test's task queue.
"""

import json
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from api.routes.court_outcomes import MAX_BODY_BYTES, MAX_RECORDS
from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import (
    court_records,
    cp,
    held_records,
    post,
    post_raw,
    workflows_on,
)

MALFORMED: list[Any] = [
    pytest.param(b'{"message_id": "x", ', None, id="truncated JSON"),
    pytest.param(b"\xff\xfe{}", None, id="bytes that are not UTF-8"),
    pytest.param(b"", None, id="an empty body"),
    pytest.param(b"[" * 100_000, None, id="arrays nested too deeply"),
    pytest.param(b"1" * 5000, None, id="a number too long to read"),
    pytest.param(b"[]", None, id="an empty array"),
    pytest.param(b"[1e999]", None, id="a number too large for a float"),
    pytest.param(b'{"length": NaN}', None, id="NaN"),
    pytest.param(b'{"message_id": "\\ud800"}', None, id="a lone surrogate"),
    pytest.param(b'"a string"', "(record)", id="a string"),
    pytest.param(b"null", "(record)", id="null"),
    pytest.param(b"[[1, 2]]", "(record)", id="an array inside the array"),
    pytest.param({"message_id": 5}, "message_id", id="a number for a string"),
    pytest.param({"offences": "theft"}, "offences", id="a string for a list"),
    pytest.param({"disposal__length_months": "six"}, "disposal.length_months", id="wrong type"),
    pytest.param({"disposal__length_months": 0}, "disposal.length_months", id="a zero length"),
    pytest.param({"hearing_date": "2026-02-30"}, "hearing_date", id="the 30th of February"),
    pytest.param({"hearing_date": "2026-13-01"}, "hearing_date", id="a thirteenth month"),
    pytest.param({"defendant__date_of_birth": "soon"}, "defendant.date_of_birth", id="not a date"),
    pytest.param(
        {"hearing_date": "2099-01-01", "disposal__made_on": "2099-01-01"},
        "hearing_date",
        id="a hearing in the future",
    ),
    pytest.param({"disposal__type": "community_order"}, "disposal.type", id="an unknown disposal"),
    pytest.param({"source": "fax"}, "source", id="an unknown source"),
    pytest.param({"defendant__nickname": "Al"}, "defendant.nickname", id="an unknown field"),
]


@pytest.mark.parametrize(("body", "field"), MALFORMED)
async def test_a_malformed_input_is_refused_with_a_4xx_and_starts_nothing(
    api: Api, dev_env: WorkflowEnvironment, body: Any, field: str | None
) -> None:
    record = canonical_outcome()
    if isinstance(body, dict):
        for key, value in body.items():
            parts = key.split("__")
            target = record
            for part in parts[:-1]:
                target = target[part]
            target[parts[-1]] = value
        body = json.dumps(record).encode()
    status, answer = await post_raw(api, body)
    assert status == 422, answer
    assert answer["detail"]
    if field is not None:
        (result,) = answer["results"]
        assert result["result"] == "rejected" and result["pathway_id"] is None
        assert field in [e["field"] for e in result["errors"]], result
        assert result["held_id"] is not None, "a rejected record is kept"
    assert court_records(api.settings.sqlalchemy_url) == 0
    # Nothing was started: the one workflow on the queue is the next, good record's.
    status, answer = await post(api, canonical_outcome())
    assert answer["results"][0]["result"] == "started"
    assert await workflows_on(dev_env.client, api.settings.temporal_task_queue) == 1


async def test_an_array_gets_one_result_per_record_and_one_per_cp_defendant(api: Api) -> None:
    good = canonical_outcome()
    body = [good, canonical_outcome(disposal__type="fine"), cp("cp-two-defendants"), good]
    status, answer = await post(api, body)
    assert status == 200, answer
    got = [(r["index"], r["result"]) for r in answer["results"]]
    assert got == [
        (0, "started"),
        (1, "rejected"),
        (2, "skipped"),  # an adult
        (2, "started"),  # the youth on a referral order
        (2, "skipped"),  # an organisation
        (3, "duplicate"),
    ]
    assert answer["results"][5]["pathway_id"] == answer["results"][0]["pathway_id"]
    assert [h.result for h in held_records(api.settings.sqlalchemy_url)] == ["rejected"]


async def test_an_array_of_more_than_the_limit_is_refused_with_413_and_starts_nothing(
    api: Api,
) -> None:
    record = canonical_outcome()
    status, answer = await post(api, [record] * (MAX_RECORDS + 1))
    assert status == 413
    assert f"at most {MAX_RECORDS}" in answer["detail"]
    assert court_records(api.settings.sqlalchemy_url) == 0 and not held_records(
        api.settings.sqlalchemy_url
    )


async def test_a_body_over_the_size_limit_is_refused_with_413(api: Api) -> None:
    padding = "x" * (MAX_BODY_BYTES + 1)
    status, answer = await post_raw(api, json.dumps({"padding": padding}).encode())
    assert status == 413 and "larger than" in answer["detail"]
    assert court_records(api.settings.sqlalchemy_url) == 0 and not held_records(
        api.settings.sqlalchemy_url
    )


async def test_a_large_array_is_ingested_whole(api: Api) -> None:
    records = [canonical_outcome() for _ in range(300)]
    status, answer = await post(api, records)
    assert status == 200
    assert [r["index"] for r in answer["results"]] == list(range(300))
    assert {r["result"] for r in answer["results"]} == {"started"}
    assert len({r["pathway_id"] for r in answer["results"]}) == 300
    assert court_records(api.settings.sqlalchemy_url) == 300


async def test_a_broken_resend_of_an_accepted_message_is_a_duplicate_not_a_rejection(
    api: Api,
) -> None:
    record = canonical_outcome()
    _, first = await post(api, record)
    broken = {**record, "disposal": {**record["disposal"], "type": "fine"}}
    status, answer = await post(api, broken)
    assert status == 200
    assert answer["results"][0]["result"] == "duplicate"
    assert answer["results"][0]["pathway_id"] == first["results"][0]["pathway_id"]
    assert not held_records(api.settings.sqlalchemy_url)
