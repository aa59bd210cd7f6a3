"""The faults of a chaos run: when the worker is killed and the server restarted.

The plan is drawn from the seed: a shuffled list of worker kills and server restarts (the
first restart kills the server with SIGKILL, the next stops it with SIGINT, and so on), each
after a random pause, so they land at random moments of the scripts. A watchdog restarts a
worker that exits by itself (and counts it): the run must go on, and the count says so.
"""

import asyncio
import random
import time
from dataclasses import dataclass, field

from benchmarks.chaos.cluster import Cluster
from benchmarks.rig.output import note

KILL, SERVER_KILL, SERVER_STOP = "kill worker", "kill server", "stop server"


@dataclass
class FaultLog:
    """What happened, when (seconds from the start), and whether commands were still going."""

    events: list[tuple[float, str, bool]] = field(default_factory=list)
    worker_crashes: int = 0
    server_down_seconds: float = 0.0

    def during_commands(self, kind: str) -> int:
        """Return how many faults of a kind (a prefix) happened while commands were in flight."""
        return sum(1 for _, k, busy in self.events if k.startswith(kind) and busy)


def plan(
    rng: random.Random, *, kills: int, restarts: int, seconds: float
) -> list[tuple[float, str]]:
    """Return `(pause, fault)` pairs: `kills` worker kills and `restarts` server restarts."""
    kinds = [KILL] * kills
    for n in range(restarts):
        kinds.insert(rng.randint(1, len(kinds)), SERVER_KILL if n % 2 == 0 else SERVER_STOP)
    mean = seconds / max(len(kinds), 1)
    low = min(2.5, mean)
    return [(rng.uniform(low, 2 * mean - low), kind) for kind in kinds]


class Faults:
    """Carries out a plan against a cluster while the scripts run."""

    def __init__(self, cluster: Cluster, started: float) -> None:
        self._cluster = cluster
        self._started = started
        self._lock = asyncio.Lock()
        self.log = FaultLog()
        self.commands_done = asyncio.Event()

    async def run(self, steps: list[tuple[float, str]]) -> None:
        """Carry out every fault of the plan, in order, after its pause."""
        for pause, kind in steps:
            await asyncio.sleep(pause)
            async with self._lock:
                busy = not self.commands_done.is_set()
                at = time.monotonic()
                if kind == KILL:
                    await asyncio.to_thread(self._cluster.kill_worker)
                else:
                    await asyncio.to_thread(self._cluster.restart_server, kill=kind == SERVER_KILL)
                    self.log.server_down_seconds += time.monotonic() - at
                self.log.events.append((round(at - self._started, 1), kind, busy))
                note(f"  {at - self._started:6.1f} s  {kind}")

    async def watch(self) -> None:
        """Restart a worker that exited by itself, until cancelled."""
        while True:
            await asyncio.sleep(0.5)
            async with self._lock:
                if not self._cluster.worker_alive():
                    self.log.worker_crashes += 1
                    note("  the worker exited by itself: restarted")
                    await asyncio.to_thread(self._cluster.start_worker)
