"""The pathway's effects on the world: notifications for the outbox and the read model.

The workflow queues what it must tell (`notify`) and changes its state; `Effects` writes both
out through activities in a task beside the main loop, so a database that is down delays them
but never the pathway's own clock. Notices go out in order, each before the next projection;
the read model follows the state, one projection for all the versions that arrived meanwhile.

A change its caller has written to the read model already (ADR 0070) is projected again only
after `CALLER_PROJECTION_GRACE`, as a safety net: a burst of steps then shares one projection
and a step costs no activity of its own. Before continue-as-new or completion, `flush` writes
everything out with no grace, so nothing queued is lost.
"""

import asyncio
from collections.abc import Callable, Iterable
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.notifications import NotificationActivities
    from activities.projection import ProjectionActivities
    from contracts.pathway import Notification, PathwayState

# Activities are short and idempotent: a worker that died mid-attempt is retried after 10 s.
IO_TIMEOUT = timedelta(seconds=10)
# Notifications and the read model are retried until the database is back, however long.
IO_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5))
# Runs from before this patch projected every change at once.
CALLER_PROJECTS_PATCH = "caller-projects-2026-11"
CALLER_PROJECTION_GRACE = timedelta(seconds=10)


class Effects:
    """Writes a workflow's notifications and state out beside its main loop."""

    def __init__(self, state: Callable[[], PathwayState]) -> None:
        """Take how to read the workflow's current state (it swaps the object on each change)."""
        self._state = state
        self._outbox: list[Notification] = []
        self._projected_version = -1
        self._caller_projected = -1  # the latest version its caller wrote to the read model
        self._flushing = False  # before continue-as-new or completion: no grace
        self._io: asyncio.Task[None] | None = None

    def notify(self, notices: Iterable[Notification]) -> None:
        """Queue notices; they go out, in order, when the main loop next starts the writer."""
        self._outbox.extend(notices)

    def written_by_caller(self, version: int) -> None:
        """Note that the caller wrote this version to the read model: project it after grace."""
        self._caller_projected = version

    def start(self) -> None:
        """Start the writer beside the main loop, unless it is running already."""
        if self._io is None or self._io.done():
            self._io = asyncio.create_task(self._drain())

    async def flush(self) -> None:
        """Write out everything queued, with no grace (before continue-as-new or completion)."""
        self._flushing = True
        while self._io is not None and not self._io.done() or self._pending():
            self.start()
            assert self._io is not None
            await self._io

    def _pending(self) -> bool:
        return bool(self._outbox) or self._state().version != self._projected_version

    async def _drain(self) -> None:
        while self._pending():
            await self._send_outbox()
            await self._project()

    async def _send_outbox(self) -> None:
        while self._outbox:
            # Removed only once queued: a notice is never lost to a failed attempt.
            await workflow.execute_activity_method(
                NotificationActivities.send_notification,
                self._outbox[0],
                start_to_close_timeout=IO_TIMEOUT,
                retry_policy=IO_RETRY,
            )
            self._outbox.pop(0)

    async def _project(self) -> None:
        # The read model follows the workflow; an unchanged state is not sent again.
        if self._state().version == self._projected_version:
            return
        if self._caller_wrote_latest() and workflow.patched(CALLER_PROJECTS_PATCH):
            try:
                await workflow.wait_condition(
                    lambda: self._flushing or bool(self._outbox) or not self._caller_wrote_latest(),
                    timeout=CALLER_PROJECTION_GRACE,
                )
            except TimeoutError:
                pass
            if self._outbox and not self._flushing and self._caller_wrote_latest():
                return  # notices go first; the writer comes back to project
        state = self._state()
        version = state.version  # read now: a new order changes the state in place
        await workflow.execute_activity_method(
            ProjectionActivities.project_pathway,
            state,
            start_to_close_timeout=IO_TIMEOUT,
            retry_policy=IO_RETRY,
        )
        self._projected_version = version

    def _caller_wrote_latest(self) -> bool:
        return self._state().version == self._caller_projected
