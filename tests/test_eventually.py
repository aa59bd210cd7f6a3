"""`eventually`, the one way tests wait: it returns what it saw once it holds, or says what never happened."""

import time

import pytest

from tests.eventually import NeverHappened, eventually


async def test_a_sync_probe_is_polled_until_it_holds_and_its_value_is_returned() -> None:
    seen: list[int] = []

    def probe() -> list[int]:
        seen.append(len(seen))
        return list(seen)

    assert await eventually(probe, lambda v: len(v) == 3, what="three polls", every=0.001) == [0, 1, 2]


async def test_an_async_probe_is_awaited() -> None:
    polls = 0

    async def probe() -> int:
        nonlocal polls
        polls += 1
        return polls

    assert await eventually(probe, lambda n: n >= 2, what="a second poll", every=0.001) == 2


async def test_what_never_happens_fails_in_time_naming_it_and_the_last_value_seen() -> None:
    started = time.monotonic()
    with pytest.raises(NeverHappened) as failed:
        await eventually(lambda: {"status": "pending"}, lambda v: v["status"] == "done",
                         what="the record done", seconds=0.3, every=0.05)
    assert 0.3 <= time.monotonic() - started < 2
    assert str(failed.value) == "the record done: not within 0.3 s; last seen: {'status': 'pending'}"
    assert isinstance(failed.value, AssertionError), "pytest reports it as a failed assertion"


async def test_a_probe_that_fails_ends_the_wait_at_once() -> None:
    def probe() -> bool:
        raise AssertionError("the server stopped")

    started = time.monotonic()
    with pytest.raises(AssertionError, match="the server stopped"):
        await eventually(probe, what="the server up", seconds=30)
    assert time.monotonic() - started < 1


async def test_the_pause_between_polls_can_be_another_clocks() -> None:
    skipped: list[float] = []

    async def skip(seconds: float) -> None:
        skipped.append(seconds)

    await eventually(lambda: len(skipped) == 2, what="two pauses", every=1, sleep=skip)
    assert skipped == [1, 1]


async def test_a_long_last_value_is_cut_in_the_message() -> None:
    with pytest.raises(NeverHappened) as failed:
        await eventually(lambda: "x" * 10_000, lambda v: False, what="nothing", seconds=0)
    assert len(str(failed.value)) < 2100 and str(failed.value).endswith("...")
