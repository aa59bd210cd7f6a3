"""Waiting for what follows a change within moments: the one way tests wait.

The read model, Temporal's visibility, the outbox's delivery and a server that is starting
each catch up a little after whatever moved them. A test polls for what it expects with
`eventually`, which returns what it saw once it holds, or fails naming what never happened and
the last thing seen. The test's own assertions follow, as they would without the wait.
"""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

T = TypeVar("T")

SHOWN = 2000
"""At most this many characters of the last value seen go into a failure's message."""


class NeverHappened(AssertionError):
    """What a test waited for did not happen in time."""


async def eventually(
    probe: Callable[[], T] | Callable[[], Awaitable[T]],
    until: Callable[[T], object] = bool,
    *,
    what: str,
    seconds: float = 10.0,
    every: float = 0.05,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> T:
    """Poll `probe` until `until` holds for what it returns; return that value.

    Args:
        probe: Reads what the test waits for, sync or async. An exception it raises (an
            assertion that something went wrong, not merely late) ends the wait at once.
        until: Whether a value is the one waited for; by default, whether it is truthy.
        what: What is waited for, in words, for the failure's message.
        seconds: How long to wait, in real time, before failing.
        every: The pause between polls, in seconds.
        sleep: How to pause; e.g. a time-skipping environment's sleep, to let its clock move
            `every` seconds between polls.

    Returns:
        The first value for which `until` held.

    Raises:
        NeverHappened: `until` did not hold within `seconds`.
    """
    deadline = time.monotonic() + seconds
    while True:
        seen = probe()
        value = cast(T, await seen) if inspect.isawaitable(seen) else seen
        if until(value):
            return value
        if time.monotonic() >= deadline:
            shown = repr(value)
            if len(shown) > SHOWN:
                shown = shown[:SHOWN] + "..."
            raise NeverHappened(f"{what}: not within {seconds:g} s; last seen: {shown}")
        await sleep(every)
