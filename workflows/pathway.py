"""The pathway workflow: one child's court order, from sentence to closure.

The workflow opens the tasks the disposal needs, due in working days from the order; sleeps
until the next task falls due or escalates; records each caseworker step through an update
whose validator refuses steps that are not allowed now; and tells supervisors when a task is
escalated. What it tells and its state reach the world through `workflows.effects`, beside the
main loop. Orders last up to 3 years, so the history is kept short with continue-as-new,
carrying the whole state across.

Callers write the state a step or facts update returns to the read model themselves; the
workflow projects that change again only after a grace, as a safety net (ADR 0070). Changes
the workflow makes on its own (deadlines, escalations, a new order's review) it projects at
once.
"""

import asyncio
from datetime import date, datetime, timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from access.identity import Role
    from activities.eligibility import EligibilityActivities
    from contracts.breach import OrderChange
    from contracts.common import PathwayStatus, Step
    from contracts.diversion import DiversionState
    from contracts.eligibility import EligibilityDecisions
    from contracts.facts import AssessmentFacts
    from contracts.pathway import (
        NewOrderNotice,
        PathwayInput,
        PathwayState,
        TimelineEntry,
    )
    from contracts.referrals import EvaluateRequest, FactsCommand
    from contracts.steps import AssessmentBody, ReviewBody, StepCommand
    from contracts.transfers import TransitionNotice
    from core.errors import NOT_VISIBLE, STEP_NOT_ALLOWED
    from core.workdays import add_months, london_date, london_midnight
    from workflows.breach import BREACH_HANDLERS
    from workflows.breach import PATCH as ORDER_CHANGES_PATCH
    from workflows.court import apply_order_change, order_change_entry, start_resentenced
    from workflows.custody import DTO_RELEASE_PATCH, custody_for
    from workflows.effects import CALLER_PROJECTION_GRACE, IO_RETRY, IO_TIMEOUT, Effects
    from workflows.formulation import PATCH as FORMULATION_PATCH
    from workflows.language import PATCH as LANGUAGE_PATCH
    from workflows.outcome_data import PATCH as OUTCOME_DATA_PATCH
    from workflows.outcome_data import open_tasks as open_outcome_data_tasks
    from workflows.programmes import PATCH as PROGRAMMES_PATCH
    from workflows.programmes import STEPS as PROGRAMME_STEPS
    from workflows.reflections import PATCH as REFLECTIONS_PATCH
    from workflows.restorative import PATCH as RESTORATIVE_PATCH
    from workflows.restorative import new_restorative
    from workflows.steps import record
    from workflows.tasks import Clock, StepRefused
    from workflows.transfers import TRANSFER_STEPS, open_transition_task
    from workflows.victim_tracks import PATCH as VICTIMS_PATCH
    from workflows.victim_tracks import start_victims, victims_may_arise
    from workflows.victims import new_victim_state
    from workflows.visibility import (
        DECIDES_TRANSFER,
        feed_may_record,
        is_person,
        only_deciding,
        visible_to,
    )

__all__ = ["CALLER_PROJECTION_GRACE", "PathwayWorkflow"]

_SHARED = {"timeline"}  # its entries are shared by copies of the state: see `_copy`
# The main loop keeps its wake-up timer while the next deadline is unchanged.
STEADY_TIMER_PATCH = "steady-timer-2026-11"
# Facts that change nothing are a no-op, and facts updates in a row share one timeline entry.
BOUNDED_FACTS_PATCH = "bounded-facts-2026-12"
# Continue-as-new waits for updates that arrived while the run was finishing its I/O.
HANDLERS_BEFORE_CONTINUE_PATCH = "handlers-before-continue-2026-12"
# Every step and facts update is written to the read model by its caller, whatever the
# command's deprecated `caller_projects` says (runs from before this patch read the flag).
CALLERS_PROJECT_PATCH = "callers-project-2026-12"
# A child, not an order: transfers between services, the transition to probation at 18, and a
# new order offered to the child's case manager (`workflows.transfers`). Older histories hold
# none of these commands; a run that does carries the marker.
TRANSFER_PATCH = "transfer-2026-12"
# A pathway recorded in arrears (the demo's year) keeps its clock at the latest day recorded
# until told it has caught up (ADR 0146). Only inputs that ask for it take the marker.
ARREARS_PATCH = "arrears-2026-12"
# A court order that followed a diversion pathway's decision to charge keeps its link (ADR 0132).
CHARGE_LINK_PATCH = "charge-link-2026-12"


@workflow.defn
class PathwayWorkflow:
    """One child's journey through one court order."""

    @workflow.init
    def __init__(self, input: PathwayInput) -> None:
        # State is built here, not in run(), so an update arriving in the first task sees it.
        self._input = input
        self._clock = Clock(input.deadlines, input.calendar.holidays, input.reflections)
        self._effects = Effects(lambda: self._state)
        self._changed = False
        self._timer: asyncio.Task[None] | None = None  # the main loop's wake-up timer
        self._timer_for: datetime | None = None  # the instant it was set for
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
            # A diversion pathway's referral (`DiversionWorkflow`); None for a court order.
            diversion=None if input.diversion is None else DiversionState(details=input.diversion),
        )
        # Reflections at every decision stage, as the input's policy says (`workflows.reflections`).
        self._state.reflection_stages = workflow.patched(REFLECTIONS_PATCH)
        self._state.programme_participants = workflow.patched(PROGRAMMES_PATCH)
        if custody_for(order) is not None and workflow.patched(DTO_RELEASE_PATCH):
            self._state.custody = custody_for(order)  # a DTO: release dates, custody tasks
        if new_restorative(order.disposal) is not None and workflow.patched(RESTORATIVE_PATCH):
            # A referral order's enquiry, parent work and panels with content (ADR 0118).
            self._state.restorative = new_restorative(order.disposal)
        if input.in_arrears and workflow.patched(ARREARS_PATCH):
            self._state.clock_held_at = order.made_on
        self._clock.open_initial_tasks(self._state)
        if victims_may_arise(self._state) and workflow.patched(VICTIMS_PATCH):
            # Victims one by one for new pathways; running ones keep their one victim (ADR 0120).
            start_victims(self._state, self._clock)
        if workflow.patched(FORMULATION_PATCH):
            # Issue 18's case formulation rules, for pathways started from now on: running
            # ones keep the rules they started with (`workflows.formulation`, ADR 0115).
            self._state.formulation_rules = True
        if workflow.patched(OUTCOME_DATA_PATCH):
            # Issue 21's outcome data at the start and end, needed at closure, for pathways
            # started from now on: running ones keep their rules (`workflows.outcome_data`).
            open_outcome_data_tasks(self._state, self._clock)
        if input.offer is not None:
            # The child's case manager's team takes the new order on; a supervisor confirms
            # the case manager by allocating (ADR 0114).
            self._state.team, self._state.offered = input.offer.team, input.offer
        if input.resentenced_from is not None:
            # A re-sentence: the case manager and team of the revoked order's pathway carry over.
            start_resentenced(self._state, input.resentenced_from, self._clock)
            self._state.timeline.append(
                TimelineEntry(
                    on=order.made_on,
                    at=workflow.now(),
                    kind="resentenced",
                    by="court",
                    summary="a new order on re-sentence, replacing an earlier order",
                    details={"resentenced_from": input.resentenced_from.pathway_id},
                )
            )

        if input.charged_from is not None and workflow.patched(CHARGE_LINK_PATCH):
            # The diversion pathway whose decision to charge this order followed (ADR 0132);
            # only inputs carrying a link mark the history, so others replay as before.
            self._state.charged_from = input.charged_from
            self._state.timeline.append(
                TimelineEntry(
                    on=order.made_on,
                    at=workflow.now(),
                    kind="charged_from",
                    by="court",
                    summary="an order after the joint decision panel's decision to charge",
                    details={"charged_from": input.charged_from},
                )
            )

    @workflow.run
    async def run(self, input: PathwayInput) -> PathwayState:
        """Keep the tasks' clocks until the pathway is closed; return the final state."""
        while True:
            # Reset before the work below: an update arriving during it must wake the wait.
            self._changed = False
            self._effects.notify(self._clock.tick(self._state, self._now()))
            self._effects.start()
            if self._state.status == PathwayStatus.CLOSED:
                break
            if self._history_is_long():
                await workflow.wait_condition(workflow.all_handlers_finished)
                await self._effects.flush()
                if workflow.patched(HANDLERS_BEFORE_CONTINUE_PATCH):
                    # An update accepted while the I/O was finishing would be cut off by
                    # continue-as-new (its caller told the run had ended): let it finish first.
                    while not workflow.all_handlers_finished():
                        await workflow.wait_condition(workflow.all_handlers_finished)
                        await self._effects.flush()
                self._state.runs += 1
                workflow.continue_as_new(self._input.model_copy(update={"carried": self._state}))
            # A clock held in arrears moves only with the steps recorded: nothing to wake for.
            held = self._state.clock_held_at is not None
            wake = None if held else self._clock.next_wakeup(self._state)
            if workflow.patched(STEADY_TIMER_PATCH):
                await self._wait_for_change_or(wake)
                continue
            timeout = None if wake is None else max(wake - workflow.now(), timedelta(seconds=1))
            try:
                await workflow.wait_condition(lambda: self._changed, timeout=timeout)
            except TimeoutError:
                pass
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._effects.flush()
        return self._state

    @workflow.query
    def state(self) -> PathwayState:
        """Return the pathway as it stands."""
        return self._state

    @workflow.update
    async def record_step(self, command: StepCommand) -> PathwayState:
        """Record a caseworker's step and return the pathway as it now stands."""
        body = command.body
        if Step(body.step) in TRANSFER_STEPS:
            workflow.patched(TRANSFER_PATCH)
        if Step(body.step) in PROGRAMME_STEPS:
            workflow.patched(PROGRAMMES_PATCH)  # marks the histories that take these steps
        if Step(body.step) == Step.LANGUAGE_PREFERENCE:
            workflow.patched(LANGUAGE_PATCH)  # marks the histories that take this step
        # New facts (at assessment) and a review (the child may be older) are decided first,
        # so the step and its decision land together or not at all.
        await self._before_step(command)
        decisions = None
        if Step(body.step) in BREACH_HANDLERS:
            workflow.patched(ORDER_CHANGES_PATCH)  # marks the histories that take these steps
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
        if state.clock_held_at is not None and body.completed_on > state.clock_held_at:
            state.clock_held_at = body.completed_on  # recorded in arrears: the clock follows
        state.version += 1
        self._state = state
        self._written_by_caller(command.caller_projects)
        self._effects.notify(notices)
        self._changed = True
        return state

    @record_step.validator
    def _validate_step(self, command: StepCommand) -> None:
        # Whoever sends the step, by whichever door, and whatever its deprecated
        # `check_visibility` says: a person records only on a pathway they may see (else it does
        # not exist for them); a feed only the steps its role's act allows, on any pathway.
        # Validators do not run on replay and a refusal leaves no history: this needs no patch.
        actor, step = command.actor, Step(command.body.step)
        if is_person(actor):
            if not visible_to(self._state, actor):
                raise ApplicationError("no such pathway", type=NOT_VISIBLE, non_retryable=True)
            if only_deciding(self._state, actor) and step not in DECIDES_TRANSFER:
                raise ApplicationError(
                    "until the transfer is accepted the pathway stays with its team: the "
                    "receiving team's supervisors may only accept or refuse it",
                    type=STEP_NOT_ALLOWED,
                    non_retryable=True,
                )
        elif not feed_may_record(actor, step):
            raise ApplicationError(
                f"the {actor.role} role may not record {step.value}",
                type=STEP_NOT_ALLOWED,
                non_retryable=True,
            )
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
    def order_change(self, change: OrderChange) -> PathwayState:
        """A court's decision on the order, from the court feed; completes the court's task."""
        workflow.patched(ORDER_CHANGES_PATCH)
        state = self._copy()
        try:
            notices = apply_order_change(state, change, self._clock, london_date(workflow.now()))
        except StepRefused as refused:
            raise ApplicationError(
                str(refused), type=STEP_NOT_ALLOWED, non_retryable=True
            ) from None
        state.timeline.append(order_change_entry(state, change, workflow.now()))
        state.version += 1
        self._state = state
        self._written_by_caller(False)
        self._effects.notify(notices)
        self._changed = True
        return state

    @order_change.validator
    def _validate_order_change(self, change: OrderChange) -> None:
        # Only the court feed (an integrator's role, as the intake sends it) decides for a court.
        if change.actor.role != Role.INTEGRATOR.value:
            raise ApplicationError(
                "only the court feed sends a court's decision on an order",
                type=STEP_NOT_ALLOWED,
                non_retryable=True,
            )
        try:
            apply_order_change(self._copy(), change, self._clock, london_date(workflow.now()))
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
        self._written_by_caller(command.caller_projects)
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

    async def _before_step(self, command: StepCommand) -> None:
        """What a step needs asked of the world before it is recorded: nothing on a court order.

        `DiversionWorkflow` asks Turnaround's rules before a Turnaround decision.
        """

    async def _decide(self, facts: AssessmentFacts, on: date) -> EligibilityDecisions:
        try:
            return await workflow.execute_activity_method(
                EligibilityActivities.evaluate_eligibility,
                EvaluateRequest(child_id=self._state.child.child_id, facts=facts, on=on),
                start_to_close_timeout=IO_TIMEOUT,
                retry_policy=IO_RETRY,
            )
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

    @workflow.signal
    def transition_due(self, notice: TransitionNotice) -> None:
        """The child turns 18 within the planning window: open the transition planning task.

        Sent by the daily sweep (`workflows.transitions`), which alone reads dates of birth;
        a repeat, a referral order or a closed pathway changes nothing.
        """
        workflow.patched(TRANSFER_PATCH)
        if open_transition_task(self._state, self._clock, workflow.now()):
            self._state.version += 1
            self._changed = True

    @workflow.signal
    def caught_up(self) -> None:
        """A pathway recorded in arrears has caught up: its clock runs on today's date again.

        Overdue and escalated work follows at once from the tasks' dates (ADR 0146); a pathway
        not held changes nothing.
        """
        if self._state.clock_held_at is not None:
            workflow.patched(ARREARS_PATCH)
            self._state.clock_held_at = None
            self._state.version += 1
            self._changed = True

    def _now(self) -> datetime:
        """Now, as the pathway's clock stands: today, or the day it is held at in arrears."""
        held = self._state.clock_held_at
        return workflow.now() if held is None else london_midnight(held)

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

    def _written_by_caller(self, caller_projects: bool) -> None:
        # The change an update just made is in the read model already (its caller wrote it):
        # the effects project it again only after the grace.
        if workflow.patched(CALLERS_PROJECT_PATCH) or caller_projects:
            self._effects.written_by_caller(self._state.version)

    def _copy(self) -> PathwayState:
        # A JSON round trip copies the models with less work than a deep copy. The timeline
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
