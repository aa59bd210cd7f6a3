"""What the case page shows of a pathway: its tasks in order, and which steps may be recorded."""

from datetime import date

from access import Act, User, may
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import PathwayState, Task, VictimStage
from web.i18n import N_
from workflows.tasks import applies

OPEN = (TaskStatus.OPEN, TaskStatus.OVERDUE)
VICTIM_STEPS = {
    Step.VICTIM_DETAILS_RECEIVED,
    Step.VICTIM_CONTACT,
    Step.VICTIM_RESTORATIVE_OPTION,
    Step.VICTIM_WITHDRAWAL,
    # Victims one by one (`workflows.victim_tracks`): never in the family's summary either.
    Step.VICTIM_SUITABILITY,
    Step.VICTIM_PROGRESS_UPDATE,
    Step.VICTIM_TOLD_WORK_ENDED,
    Step.VICTIM_CONTACT_SCHEME_REFERRAL,
}

# Tasks recorded elsewhere: allocation on the case page, the court's decision by the court feed.
NOT_OFFERED = {Step.ALLOCATION, Step.COURT_OUTCOME_AWAITED}

# What each step means to a child and family, for the summary printed for them (in Welsh too:
# `N_` marks each for `web/locale`).
FAMILY_WORDS: dict[str, str] = {
    Step.ALLOCATION: N_("We choose the worker who will be with you through your order"),
    Step.FIRST_CONTACT: N_("We meet you and your family for the first time"),
    Step.ASSESSMENT: N_("We get to know you and what would help"),
    Step.CASE_FORMULATION: N_("A meeting with the people who support you, to agree a plan"),
    Step.RESTORATIVE_ENQUIRY: N_("We talk with you about what happened and who was affected"),
    Step.INITIAL_PANEL: N_("Your first panel meeting, where you agree your contract"),
    Step.PARENT_RESTORATIVE_WORK: N_("We talk with your parent or carer about what happened"),
    Step.INTERVENTION_PLAN: N_("We agree your plan of support"),
    Step.INTERVENTION_REFERRAL: N_("We decide together about support for your family"),
    Step.CUSTODY_PLANNING: N_("A meeting to plan your time in custody and coming home"),
    Step.REVIEW: N_("We look together at how things are going"),
    Step.RESETTLEMENT_PLANNING: N_("A meeting to plan your coming home from custody"),
    Step.WARNING_GIVEN: N_("We talk with you about a missed appointment, and give you a warning"),
    Step.BREACH_ACTION: N_("We decide with you whether the panel or the court must hear about it"),
    Step.BREACH_PANEL: N_("A panel meeting about your contract"),
    Step.COURT_OUTCOME_AWAITED: N_("The court decides what happens to your order"),
    Step.PROGRESS_PANEL: N_("A panel meeting to look at how your contract is going"),
    Step.FINAL_PANEL: N_("Your last panel meeting, before your order ends"),
    # The diversion pathway's steps (issue 20): no order, so said without one.
    Step.JOINT_DECISION_PANEL: N_(
        "The police and our service meet to decide with you what happens next"
    ),
    Step.DIVERSION_PLAN: N_("We agree your plan of support"),
    Step.CONDITION_OUTCOME: N_("We look together at whether you did what your caution asked"),
    Step.NONCOMPLIANCE_TO_POLICE: N_(
        "We tell the police that something your caution asked was not done"
    ),
    Step.EXIT_PLAN: N_("We agree what will help you after our work together ends"),
    Step.LANGUAGE_PREFERENCE: N_("We ask whether you would like us to use Welsh or English"),
}


def tasks_in_order(state: PathwayState) -> list[Task]:
    """Open and overdue tasks by due date, then done ones, then cancelled ones."""
    rank = {TaskStatus.OVERDUE: 0, TaskStatus.OPEN: 0, TaskStatus.DONE: 1, TaskStatus.CANCELLED: 2}
    return sorted(state.tasks, key=lambda t: (rank[t.status], t.due_date, t.task_id))


def next_for_family(state: PathwayState) -> list[Task]:
    """The open tasks the family takes part in (victim work is never shown to them).

    The end of the order is said separately, with its date.
    """
    return [
        t
        for t in tasks_in_order(state)
        if t.status in OPEN
        and t.step
        not in VICTIM_STEPS | {Step.ALLOCATION, Step.CLOSURE, Step.AGREED_ACTION, Step.OUTCOME_DATA}
    ]  # agreed actions are listed with their owners under "Who will do what"; outcome data is
    # the service's record, not the family's task


def _track_steps(state: PathwayState) -> list[Step]:
    # Details may always come for a further victim; the rest as some victim's stage allows.
    identified = state.order.has_identified_victim or not state.order.victim_stated
    steps = [Step.VICTIM_DETAILS_RECEIVED] if identified else []
    for v in state.victims:
        if v.stage in (VictimStage.AWAITING_CONTACT, VictimStage.NO_RESPONSE):
            steps.append(Step.VICTIM_CONTACT)
        if v.stage == VictimStage.DECLINED:
            steps.append(Step.VICTIM_CONTACT)  # a victim who declined may later consent
        if v.participating:
            steps += [Step.VICTIM_SUITABILITY, Step.VICTIM_PROGRESS_UPDATE]
        if v.stage == VictimStage.CONSENTED:
            steps.append(Step.VICTIM_RESTORATIVE_OPTION)
        if v.participating:
            steps += [Step.VICTIM_WITHDRAWAL, Step.VICTIM_TOLD_WORK_ENDED]
    return list(dict.fromkeys(steps))


def _victim_steps(state: PathwayState) -> list[Step]:
    if state.victims_v2:
        return _track_steps(state)
    victim = state.victim
    if victim is None:
        return []
    if victim.details_received_on is None:
        return [Step.VICTIM_DETAILS_RECEIVED]
    steps = []
    if victim.stage in (VictimStage.AWAITING_CONTACT, VictimStage.NO_RESPONSE):
        steps.append(Step.VICTIM_CONTACT)
    if victim.stage == VictimStage.CONSENTED:
        steps.append(Step.VICTIM_RESTORATIVE_OPTION)
    if victim.participating:
        steps.append(Step.VICTIM_WITHDRAWAL)
    return steps


def release_offered(state: PathwayState) -> list[Step]:
    """The release, while a detention and training order's child is in custody."""
    in_custody = state.custody is None or state.custody.released_on is None
    dto = state.order.disposal == DisposalType.DETENTION_AND_TRAINING_ORDER
    return [Step.RELEASE] if dto and in_custody else []


def offered_steps(state: PathwayState, user: User) -> list[Step]:
    """The steps this user may try to record now: open tasks first, soonest due first.

    The workflow has the last word: a step offered here may still be refused (and the page
    says why). Allocation is offered to supervisors on the case page itself, not here.
    """
    if state.status != PathwayStatus.OPEN or not may(user.role, Act.OPEN_STEP_FORM):
        return []
    steps: list[Step] = []
    for task in tasks_in_order(state):
        if task.status in OPEN and task.step not in steps and task.step not in NOT_OFFERED:
            steps.append(task.step)
    extras = [*_victim_steps(state), Step.COMPLIANCE_FAILURE, Step.REVIEW, Step.CLOSURE]
    extras.append(Step.LANGUAGE_PREFERENCE)  # English or Welsh, at any time (ADR 0144)
    extras += release_offered(state)  # a DTO's child still in custody
    if state.referrals or state.eligibility is not None:
        extras.append(Step.INTERVENTION_REFERRAL)
    if state.referrals:  # who takes part, and its sessions (`workflows.programmes`)
        extras += [Step.PROGRAMME_PARTICIPANTS, Step.SESSION_PLANNED, Step.SESSION_OUTCOME]
    steps += [s for s in extras if s not in steps]
    return [s for s in steps if applies(s, state.order.disposal)]


def task_of(state: PathwayState, step: Step) -> Task | None:
    """The open task of a step (the soonest due), or None."""
    open_tasks = [t for t in tasks_in_order(state) if t.step == step and t.status in OPEN]
    return open_tasks[0] if open_tasks else None


def age_on(born: date, on: date) -> int:
    """Whole years from a date of birth to a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def timeline_details(details: dict[str, object]) -> list[tuple[str, str]]:
    """The simple facts of a timeline entry (nested ones, like assessment facts, are left out)."""
    shown = []
    for key, value in details.items():
        if value is None or isinstance(value, dict) or key == "bias_reflection":
            continue
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                continue
            text = ", ".join(value)
        else:
            text = str(value).replace("_", " ")
        shown.append((key.replace("_", " ").capitalize(), text))
    return shown
