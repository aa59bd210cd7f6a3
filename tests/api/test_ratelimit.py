"""The failed sign-in limiter alone: its window, both of its counts, and its memory bound."""

import time

from api.ratelimit import MAX_KEYS, FailedAuthLimiter


def test_failures_past_the_window_are_forgotten() -> None:
    limiter = FailedAuthLimiter(limit=3, window_seconds=0.2)
    assert [limiter.failed("10.0.0.1", f"guess{i}") for i in range(4)] == [False, False, False, True]
    assert limiter.blocked("10.0.0.1")
    time.sleep(0.25)
    assert not limiter.blocked("10.0.0.1")
    assert limiter.failed("10.0.0.1", "guess4") is False


def test_an_address_and_a_credential_are_each_counted_and_other_callers_are_not_held_up() -> None:
    limiter = FailedAuthLimiter(limit=2)
    limiter.failed("10.0.0.1", "a")
    limiter.failed("10.0.0.2", "a")
    assert limiter.blocked("10.0.0.3", "a"), "the credential failed twice, from anywhere"
    assert not limiter.blocked("10.0.0.3", "b")
    limiter.failed("10.0.0.4", "c")
    limiter.failed("10.0.0.4", "d")
    assert limiter.blocked("10.0.0.4", "e"), "the address failed twice, with anything"
    assert not limiter.blocked("10.0.0.5")


def test_a_flood_of_distinct_guesses_is_remembered_in_bounded_memory() -> None:
    limiter = FailedAuthLimiter(limit=5)
    for i in range(MAX_KEYS + 1000):
        limiter.failed(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}", f"guess-{i}")
    assert len(limiter._credentials) <= MAX_KEYS and len(limiter._addresses) <= MAX_KEYS
    for _ in range(5):
        limiter.failed("192.0.2.1", "latest")
    assert limiter.blocked("192.0.2.1") and limiter.blocked("192.0.2.2", "latest")
