"""The `year` benchmark's driver: a service's days, one after another.

The driver works in days: it ingests the day's court orders (and police referrals) through
their intakes, sends the day's steps as updates, waits for their answers, and
only then moves on to the next day on which anything is planned. How a day is reached is the
`Days` given:

- `SkippingDays` (`pathway bench year`): the time-skipping server moves its clock only while
  nothing is in flight, so the driver sleeps (`env.sleep`) to 10:00 London time of the next
  day; the timers that fall due on the way (tasks turning overdue, escalations) fire during the
  sleep and are handled by the worker like any other.
- `PastDays` (`pathway dev --demo`, ADR 0143): on the dev server the clock is the real one, so
  the year is one that has passed: each day is only a date, the steps carry it as
  `completed_on`, nothing sleeps, and the run stops at today. The workflows' own clock is
  today's, so a task left open past its dates is overdue and escalated as soon as it is seen.
"""

import asyncio
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Protocol

from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from benchmarks.rig.output import progress
from benchmarks.year.plan import Action, Planner
from contracts.breach import OrderChange
from contracts.common import PathwayStatus, Step
from contracts.court import IngestResultKind
from contracts.pathway import PathwayState
from contracts.referrals import FactsCommand
from contracts.steps import (
    ClosureBody,
    ClosureReason,
    InitialPanelBody,
    InterventionPlanBody,
    StepCommand,
)
from contracts.victims import VictimToldWorkEndedBody
from core.workdays import london_midnight
from ingest.diversion import DiversionIntake, looks_like_referral
from ingest.service import IngestService
from samples import outcome_data
from workflows.pathway import PathwayWorkflow
from workflows.victim_tracks import untold

ORDER = {s.value: n for n, s in enumerate(Step)}
WORKDAY_HOUR = timedelta(hours=10)


class Days(Protocol):
    """How the driver reaches a simulated day, and lets the last changes land at the end."""

    async def reach(self, day: date) -> None:
        """Return once it is `day` for the service (10:00 London time)."""

    async def settle(self) -> None:
        """Return once the last changes have been handled (timers fired, projections written)."""


class SkippingDays:
    """Days on the time-skipping server: slept through, so the workflows' timers fire."""

    def __init__(self, env: WorkflowEnvironment) -> None:
        self.env = env

    async def reach(self, day: date) -> None:
        """Sleep to 10:00 London time of `day` (the server skips the time)."""
        target = london_midnight(day) + WORKDAY_HOUR
        now = await self.env.get_current_time()
        if target > now:
            await self.env.sleep(target - now)

    async def settle(self) -> None:
        """Five simulated minutes, for the last projections to land."""
        await self.env.sleep(timedelta(minutes=5))


class PastDays:
    """Days of a year that has passed, on a server whose clock is today's: only dates."""

    async def reach(self, day: date) -> None:
        """Nothing to wait for: the steps of `day` carry it as their date."""

    async def settle(self) -> None:
        """Nothing to wait for: the read model follows within the effects' grace (ADR 0070)."""


Arrival = dict[str, Any]
"""A court outcome, or a police referral (`diversions`), as JSON for its intake."""


@dataclass
class Tally:
    """What happened during the simulation."""

    orders: int = 0
    started: int = 0
    diversions: int = 0
    steps: int = 0
    facts_updates: int = 0
    refused: int = 0
    postponed: int = 0
    dropped_closed: int = 0
    days_stepped: int = 0
    refusals: Counter[str] = field(default_factory=Counter)


class Simulation:
    """Runs court orders and the planner's actions through the real intake and workflows."""

    def __init__(
        self,
        client: Client,
        service: IngestService,
        planner: Planner,
        days: Days,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.client, self.service, self.planner, self.days = client, service, planner, days
        self.diversions = DiversionIntake(service.store, client, service.settings)
        self.actions: dict[date, list[Action]] = defaultdict(list)
        self.latest: dict[str, PathwayState] = {}
        self.started: list[str] = []  # the pathways this simulation started
        self.tally = Tally()
        self._gate = asyncio.Semaphore(16)
        self._progress = progress or _days_progress

    async def run(
        self, start: date, days: int, arrivals: Mapping[date, Sequence[Arrival]]
    ) -> Tally:
        """Simulate `days` days from `start` (its 10:00 London time is reached first).

        Actions planned for a day after the last are left undone (the work still open).
        """
        end = start + timedelta(days=days)
        today = start
        await self.days.reach(today)
        while today < end:
            for raw in arrivals.get(today, []):
                if looks_like_referral(raw):
                    await self._divert(raw, today)
                else:
                    await self._ingest(raw, today)
            await self._do_day(today)
            self.tally.days_stepped += 1
            self._progress((today - start).days + 1, days)
            upcoming = [d for d in (*arrivals, *self.actions) if d > today]
            nxt = min([*upcoming, end])
            if nxt < end:
                await self.days.reach(nxt)
            today = nxt
        self._progress(days, days)
        await self.days.settle()
        return self.tally

    async def _divert(self, raw: dict[str, Any], today: date) -> None:
        (result,) = await self.diversions.ingest([raw], today=today)
        if result.result != IngestResultKind.STARTED or result.pathway_id is None:
            return
        self.tally.diversions += 1
        self.started.append(result.pathway_id)
        victim = bool(raw.get("has_identified_victim"))
        self._add(self.planner.on_start(result.pathway_id, today, victim))

    async def _ingest(self, raw: dict[str, Any], today: date) -> None:
        self.tally.orders += 1
        # Mapped with the simulated date as today: the order is not "in the future".
        candidates = self.service.candidates([raw], today)
        for candidate, result in zip(
            candidates, await self.service.ingest_candidates(candidates), strict=True
        ):
            outcome = candidate.record.outcome
            if result.result != IngestResultKind.STARTED or outcome is None:
                continue
            assert result.pathway_id is not None
            self.tally.started += 1
            self.started.append(result.pathway_id)
            self._add(
                self.planner.on_start(
                    result.pathway_id, outcome.disposal.made_on, outcome.has_identified_victim
                )
            )

    def _add(self, actions: list[Action]) -> None:
        for action in actions:
            self.actions[action.day].append(action)

    async def _do_day(self, today: date) -> None:
        while self.actions.get(today):
            by_pathway: dict[str, list[Action]] = defaultdict(list)
            for action in self.actions.pop(today):
                by_pathway[action.pathway_id].append(action)
            await asyncio.gather(
                *(self._pathway_day(pid, acts, today) for pid, acts in by_pathway.items())
            )

    async def _pathway_day(self, pathway_id: str, actions: list[Action], today: date) -> None:
        async with self._gate:
            for action in sorted(actions, key=_rank):
                state = await self._apply(action, today)
                if state is not None:
                    self.latest[pathway_id] = state
                    self._add(self.planner.on_state(state, today))
                    self._add(self.planner.follow_ups(state, action.body))

    def _postpone(self, action: Action, day: date) -> bool:
        if action.postponed >= 10:
            return False
        self.tally.postponed += 1
        action.postponed += 1
        body = action.body
        if isinstance(body, FactsCommand):
            action.body = body.model_copy(update={"recorded_on": day})
        else:
            action.body = body.model_copy(update={"completed_on": day})
        action.day = day
        self.actions[day].append(action)
        return True

    async def _apply(self, action: Action, today: date) -> PathwayState | None:
        latest = self.latest.get(action.pathway_id)
        if latest is not None and latest.status == PathwayStatus.CLOSED:
            self.tally.dropped_closed += 1
            return None
        body = action.body
        if latest is not None and isinstance(body, ClosureBody):
            ends = latest.order_ends_on
            final = latest.task(Step.FINAL_PANEL.value)
            if (
                body.reason == ClosureReason.COMPLETED
                and final is not None
                and not final.completed_on
            ):
                # A referral order closes as completed after its final panel: wait for it.
                self._postpone(action, today + timedelta(days=3))
                return None
            if body.reason == ClosureReason.COMPLETED and body.completed_on < ends:
                # The order moved (a referral order runs from its panel): close when it ends.
                self._postpone(action, max(ends, today))
                return None
        if latest is not None and isinstance(body, InterventionPlanBody):
            if latest.formulation_rules and latest.formulation is None:  # the plan follows it
                self._postpone(action, today + timedelta(days=3))
                return None
        if (
            latest is not None
            and isinstance(body, ClosureBody)
            and latest.formulation_rules
            and latest.formulation is None
        ):
            # Closed without a formulation: the supervisor closing it says why (issue 18).
            body = action.body = body.model_copy(
                update={"no_formulation_reason": "closed before a formulation meeting was held"}
            )
        if latest is not None and isinstance(body, InitialPanelBody):
            if not latest.done(Step.RESTORATIVE_ENQUIRY.value):
                self._postpone(action, today + timedelta(days=3))
                return None
        handle = self.client.get_workflow_handle(action.pathway_id)
        if latest is not None and isinstance(body, ClosureBody):
            # Every victim taking part is told the work has ended before the case closes
            # (`workflows.victim_tracks`, ADR 0120): the closing caseworker does it that day.
            for victim_id in untold(latest):
                told = VictimToldWorkEndedBody(completed_on=body.completed_on, victim_id=victim_id)
                await self._apply(replace(action, body=told), today)
            # The outcome data at the start and the end, before closure (issue 21): recorded on
            # the day by the one closing it, where a pathway takes it and it is missing.
            if latest.outcome_data_rules:
                start, end = latest.outcome_start, latest.outcome_end
                for answers, kept in ((outcome_data.start, start), (outcome_data.end, end)):
                    if kept is None:
                        await self._apply(replace(action, body=answers(body.completed_on)), today)
        try:
            if isinstance(body, OrderChange):  # the court's decision (`breaches`)
                self.tally.steps += 1
                return await handle.execute_update(PathwayWorkflow.order_change, body)
            if isinstance(body, FactsCommand):
                self.tally.facts_updates += 1
                return await handle.execute_update(PathwayWorkflow.record_facts, body)
            self.tally.steps += 1
            command = StepCommand(actor=action.actor, body=body)
            return await handle.execute_update(PathwayWorkflow.record_step, command)
        except WorkflowUpdateFailedError as refused:
            self.tally.refused += 1
            cause = refused.cause
            self.tally.refusals[str(getattr(cause, "message", cause))[:60]] += 1
        except RPCError:
            self.tally.dropped_closed += 1
        return None


async def run_apart(
    client: Client,
    service: IngestService,
    planner: Planner,
    start: date,
    days: int,
    arrivals: Mapping[date, Sequence[Arrival]],
    *,
    progress: Callable[[int, int], None],
    in_flight: int = 32,
) -> Tally:
    """Simulate the period child by child, `in_flight` children at a time (past days only).

    A child's days depend on nothing but that child's pathway, so on `PastDays`, where no
    clock has to move for everyone at once, each child's year runs on its own from their
    arrival to the end: many children's steps are in flight together, not one day's. Each
    child runs through a `Simulation` of their own, sharing the planner and the tally;
    `progress` is told how many children have been run of how many.
    """
    end = start + timedelta(days=days)
    tally, gate = Tally(), asyncio.Semaphore(in_flight)
    children = [(day, raw) for day in sorted(arrivals) if day < end for raw in arrivals[day]]
    done = 0

    async def one(day: date, raw: Arrival) -> None:
        nonlocal done
        async with gate:
            sim = Simulation(client, service, planner, PastDays(), progress=lambda _, __: None)
            sim.tally = tally
            await sim.run(day, (end - day).days, {day: [raw]})
            # Recorded in arrears up to today: each pathway's clock now runs on today's date,
            # and what was left undone falls overdue and escalates as it would have (ADR 0146).
            for pathway_id in sim.started:
                await client.get_workflow_handle(pathway_id).signal("caught_up")
        done += 1
        progress(done, len(children))

    progress(0, len(children))
    await asyncio.gather(*(one(day, raw) for day, raw in children))
    return tally


def _days_progress(done: int, total: int) -> None:
    progress("simulated days", done, total)


def _rank(action: Action) -> int:
    body = action.body
    return 99 if isinstance(body, FactsCommand | OrderChange) else ORDER[body.step]


async def history_runs(client: Client, pathway_id: str) -> list[int]:
    """Return the number of history events of each run of a workflow, first run first."""
    sizes: list[int] = []
    run_id: str | None = None
    while True:
        history = await client.get_workflow_handle(pathway_id, run_id=run_id).fetch_history()
        sizes.append(len(history.events))
        started = history.events[0].workflow_execution_started_event_attributes
        run_id = started.continued_execution_run_id or None
        if run_id is None:
            return list(reversed(sizes))
