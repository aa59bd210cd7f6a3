"""A minimal workflow: the baseline `pathway bench step` measures a caseworker's step against.

It lives in a small module of its own, in packages whose `__init__` imports nothing, so the
default workflow sandbox imports it as cheaply as it imports the pathway workflow; it runs on
a worker of its own task queue.
"""

from datetime import timedelta

from temporalio import activity, workflow


@activity.defn(name="bench_noop")
async def noop(version: int) -> int:
    """Do nothing (stands in for the projection activity); return the version it was given."""
    return version


@workflow.defn(name="BenchBareWorkflow")
class BareWorkflow:
    """A workflow that only counts its updates: the cheapest update Temporal can do.

    With `project` true, every update also makes the main loop run one activity afterwards,
    as the pathway workflow runs its projection after each step.
    """

    @workflow.init
    def __init__(self, project: bool) -> None:
        self._count = 0
        self._projected = 0
        self._done = False

    @workflow.run
    async def run(self, project: bool) -> int:
        """Wait for updates until told to finish; return how many there were."""
        while not self._done:
            await workflow.wait_condition(lambda: self._done or self._count > self._projected)
            if project and self._count > self._projected:
                seen = self._count
                await workflow.execute_activity(
                    noop, seen, start_to_close_timeout=timedelta(seconds=30)
                )
                self._projected = seen
            else:
                self._projected = self._count
        return self._count

    @workflow.update
    def bump(self, by: int) -> int:
        """Count one update; return the count."""
        self._count += by
        return self._count

    @workflow.update
    def echo(self, text: str) -> str:
        """Count one update and send its argument back (for payload-size effects)."""
        self._count += 1
        return text

    @workflow.signal
    def finish(self) -> None:
        """End the workflow."""
        self._done = True
