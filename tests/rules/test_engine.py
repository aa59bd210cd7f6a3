"""The durable_rules path: volume, threads, and the library's surprises turned into errors."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from contracts.facts import EligibilityRequest
from rules import RulesEngineError, engine, evaluate, evaluate_many
from rules.decision import age_on
from rules.parameters import parameters_on
from samples.random_facts import random_requests


def test_ten_thousand_evaluations_in_one_process_leave_no_session_behind() -> None:
    # Far beyond durable_rules' 1,024 live sessions: each evaluation deletes its own.
    requests = random_requests(200, seed=7)
    for index in range(10_000):
        evaluate(requests[index % len(requests)])
    assert engine._sinks == {}
    assert engine._failures == {}


def test_evaluations_from_many_threads_match_one_thread() -> None:
    requests = random_requests(1_500, seed=11)
    expected = evaluate_many(requests)
    with ThreadPoolExecutor(max_workers=16) as pool:
        got = list(pool.map(evaluate, requests))
    assert got == expected


async def test_evaluations_from_parallel_activities_match() -> None:
    requests = random_requests(200, seed=13)
    got = await asyncio.gather(*(asyncio.to_thread(evaluate, r) for r in requests))
    assert list(got) == evaluate_many(requests)


def test_evaluate_many_keeps_the_order() -> None:
    requests = random_requests(50, seed=17)
    assert evaluate_many(requests) == [evaluate(r) for r in requests]


def test_the_engine_runs_no_background_dispatch_threads() -> None:
    evaluate(random_requests(1)[0])
    durable_threads = [
        t
        for t in threading.enumerate()
        if isinstance(t, threading.Timer)
        and getattr(t.function, "__module__", "").startswith("durable")
    ]
    assert durable_threads == []


def test_the_ruleset_is_registered_once_per_process() -> None:
    evaluate(random_requests(1)[0])
    host = engine._get_host()
    evaluate(random_requests(1)[0])
    assert engine._get_host() is host


def test_an_error_inside_a_rule_action_is_raised_not_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(engine, "_record", broken)
    with pytest.raises(RulesEngineError, match="action failed.*boom"):
        evaluate(random_requests(1)[0])
    monkeypatch.undo()
    assert evaluate(random_requests(1)[0]).fft.status
    assert engine._sinks == {} and engine._failures == {}


def test_a_fact_no_rule_matches_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # durable_rules runs no action at all when one fact of a batch matches nothing.
    monkeypatch.setattr(engine, "_FIELDS", (*engine._FIELDS, (999, ())))
    with pytest.raises(RulesEngineError, match="matched no eligibility rule"):
        evaluate(random_requests(1)[0])


def test_a_probe_judged_twice_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    original = engine._record

    def twice(sink: list[tuple[str, int]], tag: str, messages: object) -> None:
        original(sink, tag, messages)
        sink.append(("met" if tag != "met" else "not_met", 0))

    monkeypatch.setattr(engine, "_record", twice)
    with pytest.raises(RulesEngineError, match="not judged exactly once"):
        evaluate(random_requests(1)[0])


def test_requests_are_validated_by_the_contract() -> None:
    with pytest.raises(ValueError, match="placement"):
        EligibilityRequest.model_validate(
            {
                "date_of_birth": date(2014, 1, 1),
                "on": date(2026, 1, 1),
                "facts": {"placement": "prison"},
            }
        )


def test_batches_of_many_children_decide_as_one_child_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small batches, so the requests cross several sessions and a session's last child.
    monkeypatch.setattr(engine, "BATCH", 7)
    requests = random_requests(60, seed=23)
    assert evaluate_many(requests) == [evaluate(r) for r in requests]
    assert engine._sinks == {} and engine._failures == {}


def test_the_previews_statuses_are_the_full_decisions_statuses() -> None:
    requests = random_requests(1_500, seed=29)
    full = evaluate_many(requests)
    by_version: dict[str, list[int]] = {}
    for index, request in enumerate(requests):
        by_version.setdefault(parameters_on(request.on).version, []).append(index)
    for indices in by_version.values():
        version = parameters_on(requests[indices[0]].on)
        children = [
            (
                requests[i].facts.model_dump(mode="json"),
                age_on(requests[i].date_of_birth, requests[i].on),
            )
            for i in indices
        ]
        statuses = engine.decide_statuses(children, version)
        for i, found in zip(indices, statuses, strict=True):
            assert found == {p: d.status for p, d in full[i].by_programme().items()}


def test_a_batch_of_identical_children_asserts_each_probe_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asserted: list[int] = []
    host = engine._get_host()
    original = host.assert_facts

    def counting(ruleset: str, facts: list[object]) -> object:
        asserted.append(len(facts))
        return original(ruleset, facts)

    monkeypatch.setattr(host, "assert_facts", counting)
    same = random_requests(1, seed=31) * 500
    assert len(set(map(str, evaluate_many(same)))) == 1
    assert asserted == [len(engine._PROBES)]
