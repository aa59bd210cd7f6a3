"""The pathway workflow: one child's court order, from sentence to closure.

The workflow opens the tasks the disposal needs, due in working days from the order; sleeps
until the next task falls due or escalates; records each caseworker step through an update
whose validator refuses steps that are not allowed now; and tells supervisors (through an
activity) when a task is escalated. Orders last up to 3 years, so the history is kept short
with continue-as-new, carrying the whole state across.
"""

import asyncio
from datetime import date, datetime, timedelta
from typing import cast

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.common import PathwayStatus, Step
    from contracts.eligibility import EligibilityDecisions
    from contracts.facts import AssessmentFacts
    from contracts.pathway import (
        NewOrderNotice,
        Notification,
        PathwayInput,
        PathwayState,
        TimelineEntry,
    )
    from contracts.referrals import EvaluateRequest, FactsCommand
    from contracts.steps import AssessmentBody, ReviewBody, StepCommand
    from core.errors import NOT_VISIBLE, STEP_NOT_ALLOWED
    from core.workdays import add_months, london_date
    from workflows.steps import record
    from workflows.tasks import Clock, StepRefused
    from workflows.victims import new_victim_state
    from workflows.visibility import visible_to

# Activities are short and idempotent: a worker that died mid-attempt is retried after 10 s.
IO_TIMEOUT = timedelta(seconds=10)
# Notifications and the read model are retried until the database is back, however long.
IO_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5))
# A change whose caller wrote the read model itself (the API, the pages) is projected again by
# the workflow only after this grace, as a safety net: a burst of steps shares one projection,
# and a step costs no activity of its own (ADR 0070).
CALLER_PROJECTS_PATCH = "caller-projects-2026-11"
CALLER_PROJECTION_GRACE = timedelta(seconds=10)
_SHARED = {"timeline"}  # its entries are shared by copies of the state: see `_copy`
# The main loop keeps its wake-up timer while the next deadline is unchanged.
STEADY_TIMER_PATCH = "steady-timer-2026-11"
# Facts that change nothing are a no-op, and facts updates in a row share one timeline entry.
BOUNDED_FACTS_PATCH = "bounded-facts-2026-12"
# Continue-as-new waits for updates that arrived while the run was finishing its I/O.
HANDLERS_BEFORE_CONTINUE_PATCH = "handlers-before-continue-2026-12"


@workflow.defn
class PathwayWorkflow:
    """One child's journey through one court order."""

    @workflow.init
    def __init__(self, input: PathwayInput) -> None:
        # State is built here, not in run(), so an update arriving in the first task sees it.
        self._input = input
        self._clock = Clock(input.deadlines, input.calendar.holidays)
        self._outbox: list[Notification] = []
        self._changed = False
        self._projected_version = -1
        self._caller_projected = -1  # the latest version its caller wrote to the read model
        self._flushing = False  # before continue-as-new or completion: no grace
        self._timer: asyncio.Task[None] | None = None  # the main loop's wake-up timer
        self._timer_for: datetime | None = None  # the instant it was set for
        self._io: asyncio.Task[None] | None = None
        if input.carried is not None:
            self._state = input.carried
            return
        order = input.order
        self._state = PathwayState(
            pathway_id=input.pathway_id,
            child=input.child,
            order=order,
            order_starts_on=order.made_on,
            order_ends_on=add_months(order.made_on, order.length_months),
            victim=new_victim_state(order.has_identified_victim),
            calendar_version=input.calendar.version,
        )
        self._clock.open_initial_tasks(self._state)

    @workflow.run
    async def run(self, input: PathwayInput) -> PathwayState:
        """Keep the tasks' clocks until the pathway is closed; return the final state."""
        while True:
            # Reset before the work below: an update arriving during it must wake the wait.
            self._changed = False
            self._outbox.extend(self._clock.tick(self._state, workflow.now()))
            self._start_io()
            if self._state.status == PathwayStatus.CLOSED:
                break
            if self._history_is_long():
                await workflow.wait_condition(workflow.all_handlers_finished)
                await self._finish_io()
                if workflow.patched(HANDLERS_BEFORE_CONTINUE_PATCH):
                    # An update accepted while the I/O was finishing would be cut off by
                    # continue-as-new (its caller told the run had ended): let it finish first.
                    while not workflow.all_handlers_finished():
                        await workflow.wait_condition(workflow.all_handlers_finished)
                        await self._finish_io()
                self._state.runs += 1
                workflow.continue_as_new(self._input.model_copy(update={"carried": self._state}))
            wake = self._clock.next_wakeup(self._state)
            if workflow.patched(STEADY_TIMER_PATCH):
                await self._wait_for_change_or(wake)
                continue
            timeout = None if wake is None else max(wake - workflow.now(), timedelta(seconds=1))
            try:
                await workflow.wait_condition(lambda: self._changed, timeout=timeout)
            except TimeoutError:
                pass
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._finish_io()
        return self._state

    @workflow.query
    def state(self) -> PathwayState:
        """Return the pathway as it stands."""
        return self._state

    @workflow.update
    async def record_step(self, command: StepCommand) -> PathwayState:
        """Record a caseworker's step and return the pathway as it now stands."""
        body = command.body
        # New facts (at assessment) and a review (the child may be older) are decided first,
        # so the step and its decision land together or not at all.
        decisions = None
        if isinstance(body, AssessmentBody):
            decisions = await self._decide(body.facts, body.completed_on)
        elif isinstance(body, ReviewBody) and self._state.facts is not None:
            decisions = await self._decide(self._state.facts, body.completed_on)
        # Applied to a copy and swapped in, so a refusal (another update may have changed the
        # state since validation) leaves the state untouched.
        state = self._copy()
        try:
            notices = record(state, body, command.actor, self._clock, workflow.now())
        except StepRefused as refused:
            raise ApplicationError(
                str(refused), type=STEP_NOT_ALLOWED, non_retryable=True
            ) from None
        if decisions is not None:
            facts = body.facts if isinstance(body, AssessmentBody) else state.facts
            assert facts is not None
            self._apply_decisions(state, facts, decisions, body.completed_on)
        state.version += 1
        self._state = state
        if command.caller_projects:
            self._caller_projected = state.version
        self._outbox.extend(notices)
        self._changed = True
        return state

    @record_step.validator
    def _validate_step(self, command: StepCommand) -> None:
        # The API asks the workflow itself whether the caller may see it, saving a query.
        if command.check_visibility and not visible_to(self._state, command.actor):
            raise ApplicationError("no such pathway", type=NOT_VISIBLE, non_retryable=True)
        try:
            record(
                self._copy(),
                command.body,
                command.actor,
                self._clock,
                workflow.now(),
            )
        except StepRefused as refused:
            raise ApplicationError(
                str(refused), type=STEP_NOT_ALLOWED, non_retryable=True
            ) from None

    @workflow.update
    async def record_facts(self, command: FactsCommand) -> PathwayState:
        """Record new assessment facts (replacing the old) and decide eligibility again."""
        decisions = await self._decide(command.facts, command.recorded_on)
        bounded = workflow.patched(BOUNDED_FACTS_PATCH)
        if bounded and (command.facts, decisions) == (self._state.facts, self._state.eligibility):
            return self._state  # nothing changed: no entry, no new version
        state = self._copy()
        self._apply_decisions(state, command.facts, decisions, command.recorded_on)
        entry = TimelineEntry(
            on=command.recorded_on,
            at=workflow.now(),
            kind="facts",
            by=command.actor_user,
            summary="assessment facts updated; eligibility decided again",
        )
        last = state.timeline[-1] if state.timeline else None
        if bounded and last is not None and last.kind == "facts":
            # Updates in a row share one entry, counting them (the audit log keeps each), so
            # however often the facts are sent the state grows by one entry at most.
            updates = int(last.details.get("updates", 1)) + 1
            since = last.details.get("since", last.on.isoformat())
            state.timeline[-1] = entry.model_copy(
                update={"details": {"updates": updates, "since": since}}
            )
        else:
            state.timeline.append(entry)
        state.version += 1
        self._state = state
        if command.caller_projects:
            self._caller_projected = state.version
        self._changed = True
        return state

    @record_facts.validator
    def _validate_facts(self, command: FactsCommand) -> None:
        today = london_date(workflow.now())
        reason = None
        if self._state.status != PathwayStatus.OPEN:
            reason = "this pathway is closed"
        elif command.recorded_on < self._state.order.made_on:
            reason = f"recorded_on {command.recorded_on} is before the order"
        elif command.recorded_on > today:
            reason = f"recorded_on {command.recorded_on} is in the future (today is {today})"
        if reason:
            raise ApplicationError(reason, type=STEP_NOT_ALLOWED, non_retryable=True)

    async def _decide(self, facts: AssessmentFacts, on: date) -> EligibilityDecisions:
        try:
            decided = await workflow.execute_activity(
                "evaluate_eligibility",
                EvaluateRequest(child_id=self._state.child.child_id, facts=facts, on=on),
                result_type=EligibilityDecisions,
                start_to_close_timeout=IO_TIMEOUT,
                retry_policy=IO_RETRY,
            )
            return cast(EligibilityDecisions, decided)
        except ActivityError as failed:
            cause = failed.cause
            message = cause.message if isinstance(cause, ApplicationError) else str(failed)
            raise ApplicationError(
                f"eligibility could not be decided: {message}", type=STEP_NOT_ALLOWED
            ) from None

    def _apply_decisions(
        self, state: PathwayState, facts: AssessmentFacts, decisions: EligibilityDecisions, on: date
    ) -> None:
        state.facts = facts
        state.eligibility = decisions
        if state.eligibility_first_decided_on is None:
            # The first decision opens the referral task, due `intervention_referral` days later.
            state.eligibility_first_decided_on = on
            due = self._clock.due(on, self._input.deadlines.intervention_referral)
            step = Step.INTERVENTION_REFERRAL
            self._clock.open_task(state, step.value, step, due, on)

    @workflow.update
    def new_order(self, notice: NewOrderNotice) -> PathwayState:
        """A new order for the same child: open a review of this pathway."""
        today = london_date(workflow.now())
        state = self._state
        if state.status == PathwayStatus.OPEN:
            number = sum(1 for t in state.tasks if t.task_id.startswith("review-t")) + 1
            due = self._clock.due(today, self._input.deadlines.triggered_review)
            self._clock.open_task(state, f"review-t{number}", Step.REVIEW, due, today)
            state.timeline.append(
                TimelineEntry(
                    on=notice.made_on,
                    at=workflow.now(),
                    kind="new_order",
                    by="court",
                    summary=f"new {notice.disposal.value.replace('_', ' ')}: review this pathway",
                    details={"new_pathway_id": notice.new_pathway_id},
                )
            )
            state.version += 1
            self._changed = True
        return state

    def _start_io(self) -> None:
        # Notifications and the read model are written beside the main loop, so a database
        # that is down delays them but never the pathway's own clock.
        if self._io is None or self._io.done():
            self._io = asyncio.create_task(self._drain_io())

    async def _finish_io(self) -> None:
        # Before continue-as-new or completion: nothing queued may be lost, nothing waits.
        self._flushing = True
        while self._io is not None and not self._io.done() or self._io_pending():
            self._start_io()
            assert self._io is not None
            await self._io

    def _io_pending(self) -> bool:
        return bool(self._outbox) or self._state.version != self._projected_version

    async def _drain_io(self) -> None:
        while self._io_pending():
            await self._send_outbox()
            await self._project()

    async def _send_outbox(self) -> None:
        while self._outbox:
            notice = self._outbox[0]
            await workflow.execute_activity(
                "send_notification",
                notice,
                start_to_close_timeout=IO_TIMEOUT,
                retry_policy=IO_RETRY,
            )
            self._outbox.pop(0)

    async def _project(self) -> None:
        # The read model follows the workflow; an unchanged state is not sent again.
        if self._state.version == self._projected_version:
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
                return  # notices go first; the I/O loop comes back to project
        version = self._state.version
        await workflow.execute_activity(
            "project_pathway",
            self._state,
            start_to_close_timeout=IO_TIMEOUT,
            retry_policy=IO_RETRY,
        )
        self._projected_version = version

    async def _wait_for_change_or(self, wake: datetime | None) -> None:
        """Wait for a change or the next wake-up, keeping one timer while that instant holds.

        A step that does not move the next deadline (most do not) leaves the timer running, so
        it costs no timer cancelled and started again: two history events and a timer task on
        the server fewer per step.
        """
        if wake != self._timer_for:
            if self._timer is not None:
                self._timer.cancel()
            self._timer_for = wake
            self._timer = None
            if wake is not None:
                seconds = max((wake - workflow.now()).total_seconds(), 1.0)
                self._timer = asyncio.create_task(asyncio.sleep(seconds))
        timer = self._timer
        await workflow.wait_condition(lambda: self._changed or (timer is not None and timer.done()))
        if timer is not None and timer.done():
            self._timer, self._timer_for = None, None

    def _caller_wrote_latest(self) -> bool:
        return self._state.version == self._caller_projected

    def _copy(self) -> PathwayState:
        # A JSON round trip is several times faster than a deep copy of the models. The timeline
        # is append-only and its entries are frozen, so the copy shares them in a list of its
        # own: a step then costs the same on a long pathway as on a new one.
        copy = PathwayState.model_validate_json(self._state.model_dump_json(exclude=_SHARED))
        copy.timeline = list(self._state.timeline)
        return copy

    def _history_is_long(self) -> bool:
        info = workflow.info()
        return (
            info.is_continue_as_new_suggested()
            or info.get_current_history_length() > self._input.max_history_events
        )
