"""Recording a caseworker's step on a pathway: the checks that refuse it, then its effects.

`record(...)` either raises `StepRefused` with a reason a caseworker can act on, or changes
the state. The workflow's update validator runs it on a copy, so a refused step leaves no
trace, and the handler runs it for real: the two cannot disagree.
"""

from collections.abc import Callable
from datetime import date, datetime

from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import (
    Notification,
    PathwayState,
    TimelineEntry,
)
from contracts.reflections import ReflectionStage
from contracts.steps import (
    Actor,
    AllocationBody,
    ClosureBody,
    ClosureReason,
    InitialPanelBody,
    ParentRestorativeWorkBody,
    RestorativeEnquiryBody,
    StepBody,
)
from core.workdays import add_months, london_date
from workflows.breach import BREACH_HANDLERS
from workflows.diversion_steps import HANDLERS as DIVERSION_HANDLERS
from workflows.diversion_steps import check_closure_reason
from workflows.formulation import FORMULATION_HANDLERS, check_closure, revisable
from workflows.language import record_language
from workflows.programmes import HANDLERS as PROGRAMME_HANDLERS
from workflows.referrals import record_referral
from workflows.reflections import reflect
from workflows.release import record_release
from workflows.restorative import (
    check_final_panel_before_closure,
    enquiry_recorded_on,
    initial_panel_record,
    record_enquiry,
    record_final_panel,
    record_initial_panel,
    record_parent_work,
    record_progress_panel,
    refuse_parent_work_without_enquiry,
)
from workflows.tasks import OPEN_STATUSES, Clock, applies, complete, not_before, require
from workflows.transfers import HANDLERS as TRANSFER_HANDLERS
from workflows.transfers import complete_reopened_allocation
from workflows.victim_tracks import untold
from workflows.victims import end_victim_work, record_victim_step

DISPOSAL_NAMES = {
    DisposalType.REFERRAL_ORDER: "a referral order",
    DisposalType.YOUTH_REHABILITATION_ORDER: "a youth rehabilitation order",
    DisposalType.DETENTION_AND_TRAINING_ORDER: "a detention and training order",
    DisposalType.DIVERSION: "a diversion pathway",
}
# Steps recorded once; the others (allocation, review, victim contact) may be recorded again.
ONCE = {
    Step.FIRST_CONTACT,
    Step.ASSESSMENT,
    Step.CASE_FORMULATION,
    Step.RESTORATIVE_ENQUIRY,
    Step.INITIAL_PANEL,
    Step.PARENT_RESTORATIVE_WORK,
    Step.INTERVENTION_PLAN,
    Step.CUSTODY_PLANNING,
    Step.RESETTLEMENT_PLANNING,
    Step.TRANSITION_PLANNING,
}


def record(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock, now: datetime
) -> list[Notification]:
    """Check and record one step; return the notifications it causes."""
    step = Step(body.step)
    today = london_date(now)
    require(
        state.status == PathwayStatus.OPEN,
        f"this pathway is closed ({state.closure_reason.value if state.closure_reason else ''})",
    )
    require(
        applies(step, state.order.disposal),
        f"{step.value} does not apply to {DISPOSAL_NAMES[state.order.disposal]}",
    )
    start = "the referral" if state.diversion is not None else "the order was made"
    not_before(body.completed_on, state.order.made_on, start)
    require(
        body.completed_on <= today,
        f"completed_on {body.completed_on} is in the future (today is {today})",
    )
    if step in ONCE and not revisable(state, step):
        task = state.task(step.value)
        # A task recorded as not done (`workflows.restorative`) was recorded too.
        recorded_not_done = task is not None and task.not_done and task.completed_on is not None
        require(
            task is None or (task.status != TaskStatus.DONE and not recorded_not_done),
            f"{step.value} was already recorded on {task.completed_on if task else ''}",
        )
    notices = HANDLERS.get(step, _complete_task)(state, body, actor, clock)
    state.timeline.append(
        TimelineEntry(
            on=body.completed_on,
            at=now,
            kind=step.value,
            by=actor.user,
            summary=body.notes or step.value.replace("_", " "),
            details=body.model_dump(mode="json", exclude={"step", "completed_on", "notes"}),
        )
    )
    return notices


Handler = Callable[[PathwayState, StepBody, Actor, Clock], list[Notification]]


def _complete_task(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    complete(state, body.step, body.completed_on)
    return []


def _allocation(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, AllocationBody)
    require(actor.role == "supervisor", "only a supervisor allocates a case manager")
    if state.caseworker is not None and state.caseworker != body.caseworker:
        state.case_manager_changes += 1
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.ALLOCATION,
        f"allocation:{body.caseworker}",
        body.completed_on,
        actor.user,
    )
    state.caseworker, state.team = body.caseworker, body.team
    complete(state, Step.ALLOCATION.value, body.completed_on)
    complete_reopened_allocation(state, body.completed_on)  # after a transfer (ADR 0113)
    return []


def _restorative_enquiry(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, RestorativeEnquiryBody)
    if body.not_done_reason is not None:
        require(
            actor.role == "supervisor", "only a supervisor may record why the enquiry was not done"
        )
    if state.restorative is not None:  # started under the restorative patch (ADR 0118)
        record_enquiry(state, body, actor, clock)
        return []
    complete(state, Step.RESTORATIVE_ENQUIRY.value, body.completed_on)
    due = clock.due(body.completed_on, clock.policy.parent_restorative_work)
    clock.open_task(
        state,
        Step.PARENT_RESTORATIVE_WORK.value,
        Step.PARENT_RESTORATIVE_WORK,
        due,
        body.completed_on,
    )
    return []


def _enquiry_first(state: PathwayState, step: Step, on: date) -> None:
    enquiry = state.task(Step.RESTORATIVE_ENQUIRY.value)
    require(
        enquiry is not None and enquiry.status == TaskStatus.DONE,
        "the restorative enquiry with the child must be recorded before the "
        + step.value.replace("_", " "),
    )
    assert enquiry is not None and enquiry.completed_on is not None
    not_before(on, enquiry.completed_on, "the restorative enquiry")


def _initial_panel(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, InitialPanelBody)
    panel = None
    if state.restorative is not None:  # an enquiry recorded as not done lets the panel sit
        not_before(
            body.completed_on,
            enquiry_recorded_on(state, Step.INITIAL_PANEL),
            "the restorative enquiry",
        )
        panel = initial_panel_record(state, body)  # members, parent, contract
    else:
        _enquiry_first(state, Step.INITIAL_PANEL, body.completed_on)
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.PANEL_CONTRACT,
        "panel_contract",
        body.completed_on,
        actor.user,
    )
    complete(state, Step.INITIAL_PANEL.value, body.completed_on)
    # The order runs from the contract date: move its end, then review every 3 months from it.
    state.order_starts_on = body.completed_on
    state.order_ends_on = add_months(body.completed_on, state.order.length_months)
    closure = state.task(Step.CLOSURE.value)
    if closure is not None and closure.status in OPEN_STATUSES:
        clock.move_task(closure, state.order_ends_on)
    clock.schedule_next_review(state, body.completed_on)
    if panel is not None:
        record_initial_panel(state, body, panel, clock)  # then the later panels
    return []


def _parent_work(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, ParentRestorativeWorkBody)
    refuse_parent_work_without_enquiry(state)
    _enquiry_first(state, Step.PARENT_RESTORATIVE_WORK, body.completed_on)
    if state.restorative is not None:
        record_parent_work(state, body, actor, clock)
    complete(state, Step.PARENT_RESTORATIVE_WORK.value, body.completed_on)
    return []


def _review(state: PathwayState, body: StepBody, actor: Actor, clock: Clock) -> list[Notification]:
    open_reviews = sorted(
        (t for t in state.tasks if t.step == Step.REVIEW and t.status in OPEN_STATUSES),
        key=lambda t: t.due_date,
    )
    if open_reviews:
        complete(state, open_reviews[0].task_id, body.completed_on)
        if not open_reviews[0].task_id.startswith("review-t"):
            clock.schedule_next_review(state, body.completed_on)
    return []


def _closure(state: PathwayState, body: StepBody, actor: Actor, clock: Clock) -> list[Notification]:
    assert isinstance(body, ClosureBody)
    waiting = untold(state)  # victims one by one: each is told before the order closes
    require(
        not waiting,
        f"tell victim {', '.join(waiting)} that the restorative work has ended "
        "(record victim_told_work_ended) before closing",
    )
    check_closure_reason(state, body)  # a diversion's reasons, or a court order's
    if body.reason == ClosureReason.COMPLETED and state.diversion is None:
        require(
            body.completed_on >= state.order_ends_on,
            f"an order closed as completed must have run to its end on {state.order_ends_on}; "
            "use revoked_early, returned_to_court or superseded before then",
        )
        check_final_panel_before_closure(state)  # a referral order's final panel
    check_closure(state, body, actor)  # a formulation, or a supervisor's reason (issue 18)
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.CLOSURE,
        f"closure:{body.reason.value}",
        body.completed_on,
        actor.user,
    )
    complete(state, Step.CLOSURE.value, body.completed_on)
    for task in state.tasks:
        if task.status in OPEN_STATUSES:
            task.status = TaskStatus.CANCELLED
    state.status = PathwayStatus.CLOSED
    state.closure_reason = body.reason
    state.transfer = None  # a transfer still pending ends with the order
    return end_victim_work(state, body.completed_on, "the order has ended")


HANDLERS: dict[Step, Handler] = {
    Step.ALLOCATION: _allocation,
    Step.RESTORATIVE_ENQUIRY: _restorative_enquiry,
    Step.INITIAL_PANEL: _initial_panel,
    Step.PARENT_RESTORATIVE_WORK: _parent_work,
    Step.VICTIM_DETAILS_RECEIVED: record_victim_step,
    Step.VICTIM_CONTACT: record_victim_step,
    Step.VICTIM_RESTORATIVE_OPTION: record_victim_step,
    Step.VICTIM_WITHDRAWAL: record_victim_step,
    Step.VICTIM_SUITABILITY: record_victim_step,
    Step.VICTIM_PROGRESS_UPDATE: record_victim_step,
    Step.VICTIM_TOLD_WORK_ENDED: record_victim_step,
    Step.VICTIM_CONTACT_SCHEME_REFERRAL: record_victim_step,
    Step.REVIEW: _review,
    Step.CLOSURE: _closure,
    Step.INTERVENTION_REFERRAL: record_referral,
    Step.RELEASE: record_release,
    **TRANSFER_HANDLERS,
    **BREACH_HANDLERS,
    **PROGRAMME_HANDLERS,
    Step.PROGRESS_PANEL: record_progress_panel,  # `workflows.restorative`
    Step.FINAL_PANEL: record_final_panel,
    **FORMULATION_HANDLERS,  # case formulation, its agreed actions, the plan after it
    **DIVERSION_HANDLERS,  # the diversion pathway's (issue 20)
    Step.LANGUAGE_PREFERENCE: record_language,  # English or Welsh (issue 22, ADR 0144)
}
