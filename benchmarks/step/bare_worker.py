"""The bare baseline's worker, in a process of its own (`pathway bench step`).

`pathway worker` runs in its own process, so a caseworker's step crosses from the API to the
server to the worker's process and back. The baseline runs its minimal workflow the same way:
one process, polling `QUEUE` with Temporal's default converter and `QUEUE-codec` with Pathway's
(pydantic and the encryption codec), until SIGTERM.

    python -m benchmarks.step.bare_worker QUEUE
"""

import asyncio
import signal
import sys

from temporalio.client import Client
from temporalio.worker import Worker

from benchmarks.step.bare import BareWorkflow, noop
from core.clients import connect_temporal
from core.settings import get_settings


async def serve(queue: str) -> None:
    """Run the two workers until SIGTERM."""
    settings = get_settings()
    plain = await Client.connect(settings.temporal_address, namespace=settings.temporal_namespace)
    encrypted = await connect_temporal(settings)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with (
        Worker(plain, task_queue=queue, workflows=[BareWorkflow], activities=[noop]),
        Worker(encrypted, task_queue=f"{queue}-codec", workflows=[BareWorkflow], activities=[noop]),
    ):
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
