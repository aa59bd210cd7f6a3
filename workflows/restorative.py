"""A referral order's restorative enquiry, work with the parent or carer, and its panels.

Pure rules on `PathwayState`, as `workflows.steps`: each refusal raises `StepRefused` naming
the field to put right. They apply to referral orders started under `PATCH` (the pathway's
`state.restorative` is set then, ADR 0118); a pathway started earlier keeps the rules it
started with, so its history replays and its caseworkers are not asked for what the older
forms never held.

The law and guidance beside each rule:

- The enquiry records who was harmed, the child's account, what the child is willing to do and
  a readiness judgement (Referral Order Guidance, Ministry of Justice and YJB, 2018: the
  restorative justice approach, the victim's and the community's harm, the child's readiness).
  Not done (the child declined): a supervisor says why; it is reported as not done, never as on
  time, and the work with the parent that depends on it is cancelled.
- Work with a parent or carer names the relationship (never the person), the harm addressed and
  the next steps; it may open the decision on a referral to FFT, NVR or DV groups.
- Every panel meeting has at least one youth justice service member and two community panel
  members (Sentencing Act 2020, s. 91(4)), or says why it was not quorate; a parent or guardian
  of a child under 16 when the order was made attends, unless the court decided otherwise
  (s. 90; attendance, s. 92). The initial panel agrees the contract and its terms (ss. 95-97);
  progress panels follow at the interval the contract sets, at least every 3 months (ss. 99-100;
  Referral Order Guidance 2018); a final panel meets before the order closes as completed.
"""

from datetime import date

from contracts.common import DisposalType, Step, TaskStatus
from contracts.pathway import Notification, PathwayState
from contracts.restorative import (
    EnquiryRecord,
    FinalPanelBody,
    PanelKind,
    PanelMeeting,
    PanelRecord,
    ParentWorkRecord,
    ProgressPanelBody,
    RestorativeWork,
)
from contracts.steps import (
    Actor,
    InitialPanelBody,
    ParentRestorativeWorkBody,
    RestorativeEnquiryBody,
    StepBody,
)
from core.workdays import add_months
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, present, require

__all__ = [
    "PATCH",
    "check_final_panel_before_closure",
    "enquiry_recorded_on",
    "initial_panel_record",
    "record_enquiry",
    "record_initial_panel",
    "record_parent_work",
    "record_progress_panel",
    "record_final_panel",
    "refuse_parent_work_without_enquiry",
]

PATCH = "restorative-2026-12"
"""Referral orders started under it keep the enquiry, parent work and panels with content."""
FINAL_TASK = Step.FINAL_PANEL.value
PARENT_MUST_ATTEND_UNDER = 16  # Sentencing Act 2020, s. 90: under 16 when the order is made


def _work(state: PathwayState) -> RestorativeWork:
    # Only called on pathways under the patch (`workflows.steps` checks `state.restorative`).
    assert state.restorative is not None
    return state.restorative


def new_restorative(disposal: DisposalType) -> RestorativeWork | None:
    """The empty record a new pathway of this disposal starts with (None: not a referral order)."""
    return RestorativeWork() if disposal == DisposalType.REFERRAL_ORDER else None


def record_enquiry(
    state: PathwayState, body: RestorativeEnquiryBody, actor: Actor, clock: Clock
) -> None:
    """Record the enquiry's content, or that it was not done (and cancel the parent work)."""
    work = _work(state)
    task = state.task(Step.RESTORATIVE_ENQUIRY.value)
    due = clock.due(body.completed_on, clock.policy.parent_restorative_work)
    parent_id, parent = Step.PARENT_RESTORATIVE_WORK.value, Step.PARENT_RESTORATIVE_WORK
    if body.not_done_reason is not None:
        # Not done is its own outcome: cancelled and marked, so no report counts it on time.
        if task is not None and task.status in OPEN_STATUSES:
            task.status, task.not_done, task.completed_on = (
                TaskStatus.CANCELLED,
                True,
                body.completed_on,
            )
        cancelled = clock.open_task(state, parent_id, parent, due, body.completed_on)
        cancelled.status, cancelled.not_done = TaskStatus.CANCELLED, True
        work.enquiry = EnquiryRecord(on=body.completed_on, not_done_reason=body.not_done_reason)
        return
    require(
        len(body.harmed_parties) > 0,
        "harmed_parties: say who was harmed (the direct victim, the family, the community or "
        "the child's own relationships)",
    )
    child_account = present(body.child_account, "child_account: enter the child's account")
    willing_to_do = present(body.willing_to_do, "willing_to_do: enter what the child will do")
    readiness = present(
        body.readiness, "readiness: say whether the child is ready, not yet ready or not suitable"
    )
    work.enquiry = EnquiryRecord(
        on=body.completed_on,
        harmed_parties=body.harmed_parties,
        child_account=child_account,
        willing_to_do=willing_to_do,
        readiness=readiness,
    )
    complete(state, Step.RESTORATIVE_ENQUIRY.value, body.completed_on)
    clock.open_task(state, parent_id, parent, due, body.completed_on)


def enquiry_recorded_on(state: PathwayState, step: Step) -> date:
    """The enquiry's date: done, or (under the patch) recorded as not done, before the panel."""
    enquiry = state.task(Step.RESTORATIVE_ENQUIRY.value)
    recorded = enquiry is not None and (enquiry.status == TaskStatus.DONE or enquiry.not_done)
    require(
        recorded,
        "the restorative enquiry with the child must be recorded before the "
        + step.value.replace("_", " "),
    )
    assert enquiry is not None and enquiry.completed_on is not None
    return enquiry.completed_on


def refuse_parent_work_without_enquiry(state: PathwayState) -> None:
    """Refuse the parent work when the enquiry it depends on was recorded as not done."""
    enquiry = state.restorative.enquiry if state.restorative is not None else None
    require(
        enquiry is None or enquiry.not_done_reason is None,
        "the restorative enquiry was not done, so the work with the parent or carer it informs "
        f"was cancelled ({enquiry.not_done_reason if enquiry else ''})",
    )


def record_parent_work(
    state: PathwayState, body: ParentRestorativeWorkBody, actor: Actor, clock: Clock
) -> None:
    """Record the work with a parent or carer; `refer_to` opens a referral decision."""
    work = _work(state)
    carer = present(body.carer, "carer: say which parent or carer (their relationship)")
    harm = present(body.harm_addressed, "harm_addressed: enter the harm to relationships addressed")
    next_steps = present(body.next_steps, "next_steps: enter the next steps agreed")
    work.parent_work = ParentWorkRecord(
        on=body.completed_on,
        carer=carer,
        harm_addressed=harm,
        next_steps=next_steps,
        refer_to=body.refer_to,
    )
    complete(state, Step.PARENT_RESTORATIVE_WORK.value, body.completed_on)
    if body.refer_to:
        _open_referral_decision(state, clock, body.completed_on)


def _open_referral_decision(state: PathwayState, clock: Clock, on: date) -> None:
    """Open a decision on referral (the intervention referral task) unless one is pending."""
    step = Step.INTERVENTION_REFERRAL
    if any(t.step == step and t.status in OPEN_STATUSES for t in state.tasks):
        return
    taken = sum(1 for t in state.tasks if t.step == step)
    task_id = step.value if taken == 0 else f"{step.value}-{taken + 1}"
    clock.open_task(state, task_id, step, clock.due(on, clock.policy.intervention_referral), on)


def _meeting(state: PathwayState, body: PanelMeeting, kind: PanelKind, on: date) -> PanelRecord:
    """The panel meeting's record, refused unless quorate (or why not) and a parent attended."""
    yjs = present(
        body.youth_justice_members,
        "youth_justice_members: enter how many youth justice service members sat on the panel",
    )
    community = present(
        body.community_panel_members,
        "community_panel_members: enter how many community panel members sat on the panel",
    )
    if body.not_quorate_reason is None:
        require(
            yjs >= 1 and community >= 2,
            f"not_quorate_reason: a panel of {yjs} youth justice and {community} community "
            "members is not quorate (at least 1 and 2: Sentencing Act 2020, s. 91(4)); "
            "say why it went ahead",
        )
    else:
        require(
            not (yjs >= 1 and community >= 2),
            "not_quorate_reason: the panel was quorate (at least 1 youth justice and 2 "
            "community members): leave the reason empty",
        )
    attended = present(body.parent_attended, "parent_attended: say whether a parent or carer came")
    if state.child.age_at_order < PARENT_MUST_ATTEND_UNDER:
        require(
            attended or body.court_excused_parent,
            "parent_attended: a parent or guardian of a child under 16 must attend the panel "
            "(Sentencing Act 2020, s. 90) unless the court decided otherwise "
            "(court_excused_parent)",
        )
    return PanelRecord(
        kind=kind,
        on=on,
        youth_justice_members=yjs,
        community_panel_members=community,
        not_quorate_reason=body.not_quorate_reason,
        parent_attended=attended,
        court_excused_parent=body.court_excused_parent,
    )


def initial_panel_record(state: PathwayState, body: InitialPanelBody) -> PanelRecord:
    """The initial panel's record: refused (before anything changes) unless it may sit."""
    panel = _meeting(state, body, PanelKind.INITIAL, body.completed_on)
    require(
        len(body.contract_elements) > 0,
        "contract_elements: choose the kinds of term the contract holds (Sentencing Act 2020, "
        "s. 97)",
    )
    panel.contract_elements = body.contract_elements
    panel.contract_terms = body.contract_terms
    return panel


def record_initial_panel(
    state: PathwayState, body: InitialPanelBody, panel: PanelRecord, clock: Clock
) -> None:
    """Keep the initial panel and its contract; open the progress and final panels.

    Runs after `workflows.steps` has moved the order to run from the contract date.
    """
    work = _work(state)
    work.panels.append(panel)
    work.progress_panel_interval_months = body.progress_panel_interval_months
    _open_next_progress_panel(state, clock, body.completed_on)
    final = state.order_ends_on
    clock.open_task(state, FINAL_TASK, Step.FINAL_PANEL, final, body.completed_on)


def _open_next_progress_panel(state: PathwayState, clock: Clock, last: date) -> None:
    """Open the next progress panel, due the contract's interval after `last`, within the order."""
    assert state.restorative is not None
    due = add_months(last, state.restorative.progress_panel_interval_months)
    if due >= state.order_ends_on:
        return  # the final panel comes next
    number = sum(1 for t in state.tasks if t.step == Step.PROGRESS_PANEL) + 1
    clock.open_task(state, f"progress_panel-{number}", Step.PROGRESS_PANEL, due, last)


def _last_panel_on(state: PathwayState, step: Step) -> date:
    work = state.restorative
    require(
        work is not None and len(work.panels) > 0,
        f"no {step.value.replace('_', ' ')} is due: the initial panel (the contract) comes first",
    )
    assert work is not None
    return work.panels[-1].on


def record_progress_panel(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Record a progress panel; the next one falls due the contract's interval after it."""
    assert isinstance(body, ProgressPanelBody)
    last = _last_panel_on(state, Step.PROGRESS_PANEL)
    not_before(body.completed_on, last, "the last panel meeting")
    assert state.restorative is not None
    open_ = sorted(
        (t for t in state.tasks if t.step == Step.PROGRESS_PANEL and t.status in OPEN_STATUSES),
        key=lambda t: t.due_date,
    )
    require(
        len(open_) > 0,
        "no progress panel is due before the final panel: record the final panel instead",
    )
    state.restorative.panels.append(_meeting(state, body, PanelKind.PROGRESS, body.completed_on))
    complete(state, open_[0].task_id, body.completed_on)
    _open_next_progress_panel(state, clock, body.completed_on)
    return []


def record_final_panel(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Record the final panel; progress panels still open are no longer needed."""
    assert isinstance(body, FinalPanelBody)
    last = _last_panel_on(state, Step.FINAL_PANEL)
    not_before(body.completed_on, last, "the last panel meeting")
    assert state.restorative is not None
    final = state.task(FINAL_TASK)
    require(
        final is not None and final.status in OPEN_STATUSES,
        "the final panel was already recorded",
    )
    state.restorative.panels.append(_meeting(state, body, PanelKind.FINAL, body.completed_on))
    complete(state, FINAL_TASK, body.completed_on)
    for task in state.tasks:
        if task.step == Step.PROGRESS_PANEL and task.status in OPEN_STATUSES:
            task.status = TaskStatus.CANCELLED
    return []


def check_final_panel_before_closure(state: PathwayState) -> None:
    """A referral order under the patch closes as completed only after its final panel."""
    if state.restorative is None:
        return
    require(
        state.done(FINAL_TASK),
        "reason: a referral order closes as completed only after its final panel meeting "
        "(Referral Order Guidance, 2018): record the final panel first",
    )
