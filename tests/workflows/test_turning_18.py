"""Turning 18 on an order: a transition planning task, and no date of birth in Temporal."""

import base64
import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from activities.transitions import eighteenth_birthday, window_end
from contracts.common import DisposalType, TaskStatus
from contracts.pathway import PathwayState
from contracts.transfers import TransitionSweepInput, TransitionSweepResult
from core.bank_holidays import england_and_wales
from core.workdays import add_months, add_working_days, london_date
from readmodel.tables import PathwayRow
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import pathway_input
from tests.workflows.harness import Handle, Harness
from workflows.transitions import TransitionSweepWorkflow


def born_to_turn_18_in(month: date) -> date:
    """A date of birth whose 18th birthday is the 20th of `month`'s month."""
    return date(month.year - 18, month.month, 20)


async def projected(ts: Harness, handles: list[Handle]) -> None:
    """Wait until the read model holds the pathways (the sweep reads it)."""
    ids = {h.id for h in handles}

    def rows() -> set[str]:
        with sessions_for(ts.database_url) as sessions, sessions() as session:
            return set(session.scalars(select(PathwayRow.pathway_id)))

    await eventually(rows, lambda found: ids <= found, what="projected pathways", seconds=10)


async def sweep(ts: Harness) -> TransitionSweepResult:
    """Run the daily sweep once, as its schedule would."""
    return await ts.client.execute_workflow(
        TransitionSweepWorkflow.run,
        TransitionSweepInput(),
        id=f"transitions-{uuid.uuid4().hex[:8]}",
        task_queue=ts.task_queue,
    )


async def start(
    ts: Harness, today: date, disposal: DisposalType, born: date, months: int = 12
) -> Handle:
    return await ts.start(pathway_input(today, disposal, length_months=months), born)


async def test_a_child_turning_18_on_a_yro_gets_a_transition_task_and_a_referral_order_none(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    born = born_to_turn_18_in(add_months(today, 2))  # within 3 months: in the window
    yro = await start(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER, born)
    dto = await start(ts, today, DisposalType.DETENTION_AND_TRAINING_ORDER, born)
    referral = await start(ts, today, DisposalType.REFERRAL_ORDER, born)
    ends_first = await start(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER, born, months=1)
    later = born_to_turn_18_in(add_months(today, 6))  # turns 18 after the window
    not_yet = await start(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER, later)
    await projected(ts, [yro, dto, referral, ends_first, not_yet])

    told = await sweep(ts)

    assert set(told.pathway_ids) == {yro.id, dto.id}

    def task_of(state: PathwayState) -> Any:
        return state.task("transition_planning")

    async def yro_state() -> PathwayState:
        return await ts.state(yro)

    state = await eventually(yro_state, lambda s: task_of(s) is not None, what="the task")
    task = task_of(state)
    assert task.status == TaskStatus.OPEN and task.opened_on == today
    holidays = england_and_wales(today.year - 1, today.year + 5).holidays
    assert task.due_date == add_working_days(today, 10, holidays)
    assert state.timeline[-1].kind == "turning_18"
    for other in (referral, ends_first, not_yet):
        assert task_of(await ts.state(other)) is None
    # The next day's sweep (the read model may not show the task yet): still one task.
    await sweep(ts)
    state = await ts.state(yro)
    assert [t.task_id for t in state.tasks].count("transition_planning") == 1


def payload_texts(history_json: str) -> list[str]:
    """Every payload's data in a history, decoded (the tests' client has no codec)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "data" in node and "metadata" in node and isinstance(node["data"], str):
                found.append(base64.b64decode(node["data"]).decode("utf-8", "replace"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(history_json))
    return found


async def test_no_temporal_payload_carries_the_date_of_birth_or_a_date_derived_from_it(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    born = born_to_turn_18_in(add_months(today, 2))
    handle = await start(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER, born)
    await projected(ts, [handle])
    sweep_id = f"transitions-{uuid.uuid4().hex[:8]}"
    await ts.client.execute_workflow(
        TransitionSweepWorkflow.run, TransitionSweepInput(), id=sweep_id, task_queue=ts.task_queue
    )

    async def pathway_state() -> PathwayState:
        return await ts.state(handle)

    await eventually(
        pathway_state, lambda s: s.task("transition_planning") is not None, what="task"
    )

    birthday = eighteenth_birthday(born)
    derived = {born, birthday, add_months(birthday, -3), add_months(birthday, -6)}
    forbidden = {d.isoformat() for d in derived} | {born.strftime("%d/%m/%Y")}
    histories = [
        await handle.fetch_history(),
        await ts.client.get_workflow_handle(sweep_id).fetch_history(),
    ]
    texts = [t for h in histories for t in payload_texts(h.to_json())]
    assert texts, "the histories hold payloads"
    assert any("transition_planning" in t for t in texts)  # decoded, not sealed
    for text in texts:
        assert not any(f in text for f in forbidden), text
    # The day the pathway was told says at most the month: the window ends with a month.
    assert window_end(today, 3).day >= 28
