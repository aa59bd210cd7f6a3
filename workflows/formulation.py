"""Case formulation as the keystone (issue 18): its versions, its agreed actions, what waits for it.

The rules, and where they come from:

- The formulation comes before the plan: the intervention plan is refused until one is
  recorded (YJB Case management guidance 2022, "Planning": plans follow from the shared
  understanding of the child; Standards for children in the youth justice system 2019,
  standard 4, "in the community": plans are agreed with the child and the other agencies).
- Closure needs a formulation, or a supervisor's written reason (recorded, and counted in
  the reports as "closed without a formulation"): the case record must show why a child's
  order ended without one (Standards 2019, standard 4.3 on case records and oversight).
- At least two agencies besides the youth justice service, or a recorded reason: the
  statutory partners of Working Together to Safeguard Children 2023, ch. 2-3 (police,
  children's social care, education, health); Crime and Disorder Act 1998, s. 39(5) names
  the agencies of a youth offending team. The list is configuration.
- Revisable: a new version after a review, a breach or a court's decision (a new order, a
  change to the order) since the last (YJB Case management guidance 2022, "Review": the plan
  is reviewed when circumstances change). Each version is kept; `state.formulation` is the
  latest. A new version's agreed actions replace the open actions of the last: the open ones
  are cancelled, and the meeting restates any still needed (ADR 0115).
- Agreed actions are tasks (`agreed_action`, ids `action-v<version>-<n>`) with their owner
  (agency and person) and due date, so the clock marks them overdue and escalates them like
  every task; an `agreed_action` step naming the id marks one done.
- The child's and the family's views in their own words (voice, choice and co-production:
  YJB "Child First" principle 3, Standards 2019 standard 1).

Only pathways started under the `formulation-2026-12` patch follow these rules
(`state.formulation_rules`, set once at start): running pathways keep the rules they started
with, and their recorded histories replay. Pure functions on the state, as `workflows.steps`.
"""

from contracts.common import Step, TaskStatus
from contracts.formulation import FormulationWaiver
from contracts.pathway import CaseFormulation, Notification, PathwayState
from contracts.reflections import ReflectionStage
from contracts.steps import (
    Actor,
    AgreedActionBody,
    CaseFormulationBody,
    ClosureBody,
    StepBody,
)
from workflows.reflections import reflect
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, present, require

__all__ = ["FORMULATION_HANDLERS", "PATCH", "check_closure", "record_formulation", "revisable"]

PATCH = "formulation-2026-12"
"""Marks the pathways (from their start) that follow the issue-18 formulation rules."""
# Every version is kept in the state, which travels in each Temporal payload (a query's answer,
# continue-as-new): a bound keeps it well inside Temporal's limits (docs/security.md, ADR 0115).
MAX_VERSIONS = 20
# Timeline kinds that allow a new version of the formulation, and the trigger each records.
REVISION_EVENTS = {
    "review": "review",
    "breach_action": "breach",
    "breach_panel": "breach",
    "new_order": "new_order",
    "order_change": "order_change",
    "resentenced": "new_order",
}


def revisable(state: PathwayState, step: Step) -> bool:
    """Whether `step`, though recorded once, may be recorded again (a formulation's version)."""
    return step == Step.CASE_FORMULATION and state.formulation_rules


def _trigger(state: PathwayState) -> str | None:
    """The event since the last version that allows a new one (None: there is none)."""
    last = max(
        (i for i, e in enumerate(state.timeline) if e.kind == Step.CASE_FORMULATION.value),
        default=None,
    )
    if last is None:
        return None
    later = (REVISION_EVENTS.get(e.kind) for e in state.timeline[last + 1 :])
    return next((t for t in later if t is not None), None)


def record_formulation(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Record a version of the case formulation (the only one, on an older pathway)."""
    assert isinstance(body, CaseFormulationBody)
    if not state.formulation_rules:
        _record_first_shape(state, body)
        return []
    previous = state.formulation
    trigger = "first"
    if previous is not None:
        require(
            previous.version < MAX_VERSIONS,
            f"the case formulation has {MAX_VERSIONS} versions, the most a pathway keeps: "
            "record what changed in a review's notes instead",
        )
        trigger = present(
            _trigger(state),
            f"case formulation version {previous.version} was recorded on "
            f"{previous.meeting_on}: a new version follows a review, a breach or a court's "
            "decision since then; record that first",
        )
        not_before(body.completed_on, previous.meeting_on, f"version {previous.version}")
    agencies = present(
        body.agencies,
        "agencies: choose the agencies at the meeting from the service's list (not "
        "agencies_present)",
    )
    # At least two besides the YJS, or `agencies_reason`: the body's own check
    # (`CaseFormulationBody`), which every command passes before it reaches the workflow.
    version = 1 if previous is None else previous.version + 1
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.CASE_FORMULATION,
        f"case_formulation:v{version}",
        body.completed_on,
        actor.user,
    )
    for i, a in enumerate(body.agreed_actions):
        where = f"agreed_actions.{i}"
        present(a.owner_agency, f"{where}.owner_agency: give the agency that owns the action")
        present(a.owner_person, f"{where}.owner_person: give the person who owns the action")
        due = present(a.due_on, f"{where}.due_on: give the date the action is due")
        require(
            due >= body.completed_on,
            f"{where}.due_on {due} is before the meeting on {body.completed_on}",
        )
    if previous is not None:
        # The new version is the plan now: the last one's open actions end with it (ADR 0115).
        for task in state.tasks:
            if task.step == Step.AGREED_ACTION and task.status in OPEN_STATUSES:
                task.status = TaskStatus.CANCELLED
    ids = []
    for n, a in enumerate(body.agreed_actions, start=1):
        assert a.due_on is not None
        task = clock.open_task(
            state, f"action-v{version}-{n}", Step.AGREED_ACTION, a.due_on, body.completed_on
        )
        task.owner_agency, task.owner_person = a.owner_agency, a.owner_person
        ids.append(task.task_id)
    formulation = CaseFormulation(
        meeting_on=body.completed_on,
        agencies_present=list(agencies),
        formulation_summary=body.formulation_summary,
        agreed_actions=body.agreed_actions,
        child_views=body.child_views,
        plain_language_summary=body.plain_language_summary,
        version=version,
        agencies=list(agencies),
        agencies_reason=body.agencies_reason,
        family_views=body.family_views,
        trigger=trigger,
        recorded_by=actor.user,
        action_ids=ids,
    )
    state.formulations.append(formulation)
    state.formulation = formulation
    complete(state, Step.CASE_FORMULATION.value, body.completed_on)
    return []


def _record_first_shape(state: PathwayState, body: CaseFormulationBody) -> None:
    """A pathway started before the patch: one formulation, as it always was recorded."""
    state.formulation = CaseFormulation(
        meeting_on=body.completed_on,
        agencies_present=body.agencies_present or body.agencies or [],
        formulation_summary=body.formulation_summary,
        agreed_actions=body.agreed_actions,
        child_views=body.child_views,
        plain_language_summary=body.plain_language_summary,
        family_views=body.family_views,
    )
    state.formulations = [state.formulation]
    complete(state, Step.CASE_FORMULATION.value, body.completed_on)


def _agreed_action(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, AgreedActionBody)
    task = state.task(body.action_id)
    require(
        task is not None and task.step == Step.AGREED_ACTION,
        f"action_id: there is no agreed action {body.action_id} on this pathway",
    )
    assert task is not None
    require(
        task.status in OPEN_STATUSES,
        f"action_id: agreed action {body.action_id} is {task.status.value} already",
    )
    not_before(body.completed_on, task.opened_on, "the meeting that agreed it")
    complete(state, task.task_id, body.completed_on)
    return []


def _intervention_plan(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """The plan follows from the formulation: refused until one is recorded."""
    if state.formulation_rules:
        formulation = present(
            state.formulation,
            "the case formulation must be recorded before the intervention plan: the plan "
            "follows from it",
        )
        not_before(body.completed_on, formulation.meeting_on, "the case formulation")
    complete(state, Step.INTERVENTION_PLAN.value, body.completed_on)
    return []


def check_closure(state: PathwayState, body: ClosureBody, actor: Actor) -> None:
    """Closure needs a formulation, or a supervisor's written reason (recorded and reported)."""
    if not state.formulation_rules:
        return
    if state.formulation is not None:
        require(
            body.no_formulation_reason is None,
            "no_formulation_reason: a case formulation was recorded; leave it out",
        )
        return
    reason = present(
        body.no_formulation_reason,
        "no_formulation_reason: no case formulation was recorded: only a supervisor may close "
        "the pathway without one, giving the reason",
    )
    require(
        actor.role == "supervisor",
        "no_formulation_reason: only a supervisor may close a pathway without a case formulation",
    )
    state.closed_without_formulation = FormulationWaiver(
        reason=reason, by=actor.user, on=body.completed_on
    )


FORMULATION_HANDLERS = {
    Step.CASE_FORMULATION: record_formulation,
    Step.AGREED_ACTION: _agreed_action,
    Step.INTERVENTION_PLAN: _intervention_plan,
}
