"""Common Platform messages through the API, and resending anything, in any order, at once.

The public samples hold no youth sentence: each defendant is skipped or held with a reason.
Our synthetic youth messages start one pathway per sentenced child, one result per defendant.
However messages are resent (again, in another order, concurrently, singly or in arrays),
each order starts exactly one pathway.
"""

import asyncio
import random
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import court_records, cp, held_records, post, sample, workflows_on

SAMPLES = [
    ("laa-hearing-resulted.json", ["skipped"]),
    ("laa-judicial-result-all-fields.json", ["rejected"]),
    ("cher-sentence-hearing.json", ["skipped", "held"]),
    ("ccm-youth-defendant-hearing.json", ["held", "held"]),
]


@pytest.mark.parametrize(("name", "expected"), SAMPLES, ids=[s[0] for s in SAMPLES])
async def test_a_public_sample_gives_skipped_or_held_results_with_reasons_and_starts_nothing(
    api: Api, name: str, expected: list[str]
) -> None:
    status, answer = await post(api, sample(name))
    assert status == (422 if expected == ["rejected"] else 200), answer
    assert [r["result"] for r in answer["results"]] == expected
    assert all(r["reason"] and r["pathway_id"] is None for r in answer["results"])
    kept = [r for r in answer["results"] if r["result"] in ("held", "rejected")]
    assert all(r["held_id"] for r in kept)
    assert len(held_records(api.settings.sqlalchemy_url)) == len(kept)
    assert court_records(api.settings.sqlalchemy_url) == 0


YOUTH = [
    ("cp-referral-order-offence-level", ["started"]),
    ("cp-yro-defendant-level", ["started"]),
    ("cp-two-defendants", ["skipped", "started", "skipped"]),
    ("cp-interim-result", ["started", "skipped"]),
    ("cp-youth-marker-disagrees", ["held", "held"]),
    ("cp-dto-cjs-code", ["skipped"]),
]


@pytest.mark.parametrize(("name", "expected"), YOUTH, ids=[y[0] for y in YOUTH])
async def test_a_youth_sentencing_message_gives_one_result_per_defendant(
    api: Api, name: str, expected: list[str]
) -> None:
    status, answer = await post(api, cp(name))
    assert status == 200, answer
    assert [r["result"] for r in answer["results"]] == expected
    assert [r["index"] for r in answer["results"]] == [0] * len(expected)
    started = [r for r in answer["results"] if r["result"] == "started"]
    assert all(r["pathway_id"].startswith("pw-") for r in started)
    assert court_records(api.settings.sqlalchemy_url) == len(started)


async def test_concurrent_copies_of_a_cp_message_start_one_pathway(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    message = cp("cp-referral-order-offence-level")
    replies = await asyncio.gather(*(post(api, message) for _ in range(8)))
    kinds = sorted(answer["results"][0]["result"] for _, answer in replies)
    assert kinds == ["duplicate"] * 7 + ["started"]
    assert len({answer["results"][0]["pathway_id"] for _, answer in replies}) == 1
    assert await workflows_on(dev_env.client, api.settings.temporal_task_queue) == 1


def messages() -> list[Any]:
    """Messages holding six orders: three canonical, three from Common Platform."""
    canonical = [canonical_outcome() for _ in range(3)]
    same_case = {**canonical[0], "message_id": "the same order under a new message id"}
    hearings = [
        cp(name)
        for name in ("cp-referral-order-offence-level", "cp-two-defendants", "cp-interim-result")
    ]
    return [*canonical, same_case, *hearings]


async def test_resending_every_message_in_any_order_and_at_once_starts_each_order_once(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    rng = random.Random(5)
    sent = messages()
    bodies: list[Any] = []
    for _ in range(3):
        shuffled = rng.sample(sent, len(sent))
        bodies += shuffled  # one at a time
        bodies.append(shuffled)  # and the lot as one array
    rng.shuffle(bodies)
    replies = await asyncio.gather(*(post(api, body) for body in bodies))
    pathways = {
        r["pathway_id"]
        for _, answer in replies
        for r in answer["results"]
        if r["result"] in ("started", "duplicate")
    }
    started = [r for _, a in replies for r in a["results"] if r["result"] == "started"]
    assert len(pathways) == len(started) == 6
    assert court_records(api.settings.sqlalchemy_url) == 6
    assert await workflows_on(dev_env.client, api.settings.temporal_task_queue, at_least=6) == 6
    # And once more, after all that: nothing new.
    _, answer = await post(api, sent)
    assert {r["result"] for r in answer["results"]} == {"duplicate", "skipped"}
