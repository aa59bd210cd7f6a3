"""Victims one by one, as the Code of Practice for Victims of Crime (2020) has them.

Pathways started from the `victims-2026-12` patch keep `state.victims`, one `VictimTrack` per
victim, each with its own tasks and clock (task ids `victim_contact:v2` and so on); older
pathways keep their one `state.victim` through `workflows.victims`, exactly as before, so
their recorded histories replay unchanged (ADR 0120).

The rules, and where they come from:
- the police pass each victim's details unless the victim objected (Victims' Code 2020,
  Right 4; Crime and Disorder Act 1998 s. 115 for the sharing), and a victim who objected is
  never contacted;
- a victim under 18 has enhanced entitlements (Victims' Code 2020, "Enhanced rights"): the
  shorter contact clock (`DeadlinePolicy.victim_contact_enhanced`);
- taking part is voluntary: a victim who declined may later consent, and one who consented
  may withdraw at any time (Victims' Code 2020, Right 7; YJB, "Work with victims and
  restorative justice: youth offending teams": "victims' involvement must always be
  voluntary");
- before a direct meeting the service decides whether restorative justice is suitable,
  with its reasons, on a risk assessment (Victims' Code 2020, Right 7: a trained facilitator
  decides it is safe and appropriate; the YJB guidance: record the reasons for the decision);
- a participating victim is kept informed and told when the work has ended (YJB guidance,
  "Keep victims informed", which the Code gives statutory backing);
- the victims of a detention and training order of 12 months or more for a sexual or violent
  offence are referred to the Probation Service's Victim Contact Scheme (Domestic Violence,
  Crime and Victims Act 2004, s. 35, with s. 45(1) "relevant sentence" (f) a DTO of 12 months
  or more; Victims' Code 2020, Right 11). "Violent or sexual" is read from the offence groups
  the order keeps: violence against the person, robbery (a specified violent offence,
  Sentencing Act 2020 Sch. 18) and sexual offences.
"""

from datetime import date

from contracts.common import DisposalType, Step, TaskStatus
from contracts.offences import OffenceGroup
from contracts.pathway import (
    Notification,
    NotificationKind,
    PathwayState,
    VictimStage,
    VictimTrack,
)
from contracts.reflections import ReflectionStage
from contracts.steps import (
    Actor,
    RestorativeOption,
    StepBody,
    VictimConsent,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import (
    MAX_PROGRESS_UPDATES,
    MAX_VICTIMS,
    ProgressUpdate,
    Suitability,
    VictimContactSchemeReferralBody,
    VictimProgressUpdateBody,
    VictimSuitabilityBody,
    VictimToldWorkEndedBody,
)
from workflows.reflections import reflect
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, notice, present, require

PATCH = "victims-2026-12"

# The options that bring the victim and the child face to face: each needs a suitability
# decision that found it suitable (Victims' Code 2020, Right 7).
DIRECT_OPTIONS = frozenset(
    {
        RestorativeOption.DIRECT_CONFERENCE,
        RestorativeOption.FAMILY_GROUP_CONFERENCE,
        RestorativeOption.DIRECT_REPARATION,
        RestorativeOption.ATTENDING_PANEL,
    }
)
_VIOLENT_OR_SEXUAL = frozenset(
    {OffenceGroup.VIOLENCE_AGAINST_THE_PERSON, OffenceGroup.ROBBERY, OffenceGroup.SEXUAL_OFFENCES}
)
_ENDED = (VictimStage.OPTED_OUT, VictimStage.WITHDRAWN, VictimStage.ENDED)
_CONSENT_STAGE = {
    VictimConsent.CONSENTED: VictimStage.CONSENTED,
    VictimConsent.DECLINED: VictimStage.DECLINED,
    VictimConsent.NO_RESPONSE: VictimStage.NO_RESPONSE,
}
_TRACK_STEPS = (Step.VICTIM_CONTACT, Step.VICTIM_RESTORATIVE_OPTION, Step.VICTIM_TOLD_WORK_ENDED)
VCS_STEP = Step.VICTIM_CONTACT_SCHEME_REFERRAL


def start_victims(state: PathwayState, clock: Clock) -> None:
    """Keep victims one by one on a new pathway; open the Victim Contact Scheme referral."""
    state.victims_v2, state.victim = True, None
    if contact_scheme_applies(state):
        made = state.order.made_on
        due = clock.due(made, clock.policy.victim_contact_scheme_referral)
        clock.open_task(state, VCS_STEP.value, VCS_STEP, due, made)


def victims_may_arise(state: PathwayState) -> bool:
    """Whether a new pathway may have victim work, so asks for the patch.

    An identified victim, one the police's details may identify (Common Platform), or victims
    owed the Victim Contact Scheme; other pathways have no victim work to record.
    """
    order = state.order
    return order.has_identified_victim or not order.victim_stated or contact_scheme_applies(state)


def contact_scheme_applies(state: PathwayState) -> bool:
    """A DTO of 12 months or more for a violent or sexual offence (DVCVA 2004, s. 45(1))."""
    order = state.order
    return (
        order.disposal == DisposalType.DETENTION_AND_TRAINING_ORDER
        and order.length_months >= 12
        and any(o.group in _VIOLENT_OR_SEXUAL for o in order.offences)
    )


def task_id(step: Step, victim_id: str) -> str:
    """The id of one victim's task for a step: the step, then the victim's id."""
    return f"{step.value}:{victim_id}"


def record_track_step(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Check and record a victim step on a pathway that keeps victims one by one."""
    if isinstance(body, VictimDetailsReceivedBody):
        return _details(state, body, clock)
    if isinstance(body, VictimContactSchemeReferralBody):
        task = present(
            state.task(VCS_STEP.value),
            "the Victim Contact Scheme is for the victims of a detention and training order of "
            "12 months or more for a violent or sexual offence: this order is not one",
        )
        require(
            task.status != TaskStatus.DONE,
            "the referral to the Victim Contact Scheme was already recorded on "
            f"{task.completed_on}",
        )
        complete(state, VCS_STEP.value, body.completed_on)
        return []
    assert isinstance(
        body,
        VictimContactBody
        | VictimRestorativeOptionBody
        | VictimWithdrawalBody
        | VictimSuitabilityBody
        | VictimProgressUpdateBody
        | VictimToldWorkEndedBody,
    )
    v = _track(state, body.victim_id)
    assert v.details_received_on is not None
    require(
        v.stage != VictimStage.OPTED_OUT,
        f"victim {v.victim_id} opted out of contact and must never be contacted",
    )
    not_before(body.completed_on, v.details_received_on, f"victim {v.victim_id}'s details arrived")
    if isinstance(body, VictimToldWorkEndedBody):
        return _told(state, v, body.completed_on)
    require(
        v.stage not in _ENDED,
        f"victim {v.victim_id}'s work has ended ({v.stage.value})",
    )
    if isinstance(body, VictimContactBody):
        _contact(state, v, body, clock)
    elif isinstance(body, VictimSuitabilityBody):
        _participating(v, "a suitability decision")
        verdict = "suitable" if body.suitable else "not_suitable"
        reflect(
            state,
            clock,
            body.bias_reflection,
            ReflectionStage.RESTORATIVE_SUITABILITY,
            f"restorative_suitability:{v.victim_id}:{verdict}",
            body.completed_on,
            actor.user,
        )
        v.suitability = Suitability(
            decided_on=body.completed_on, suitable=body.suitable, reason=body.reason, risk=body.risk
        )
    elif isinstance(body, VictimRestorativeOptionBody):
        _option(state, v, body)
    elif isinstance(body, VictimProgressUpdateBody):
        _participating(v, "a progress update")
        require(
            len(v.progress_updates) < MAX_PROGRESS_UPDATES,
            f"victim {v.victim_id} already has {MAX_PROGRESS_UPDATES} progress updates, the most "
            "a victim keeps: record further ones in the victim worker's own records",
        )
        v.progress_updates.append(ProgressUpdate(on=body.completed_on, told=body.told))
    else:
        _withdraw(state, v, body.completed_on, clock)
    return []


def _details(
    state: PathwayState, body: VictimDetailsReceivedBody, clock: Clock
) -> list[Notification]:
    order = state.order
    # The court feed could not say (Common Platform): the police's details identify a victim.
    require(
        order.has_identified_victim or not order.victim_stated,
        "this order has no offence with an identified direct victim",
    )
    same = next(
        (v for v in state.victims if v.police_reference == body.police_reference),
        None,
    )
    if same is not None:
        require(
            False,
            f"police_reference: victim {same.victim_id}'s details were already received on "
            f"{same.details_received_on}"
            + ("" if body.police_reference else "; each further victim needs its reference"),
        )
    require(
        len(state.victims) < MAX_VICTIMS,
        f"an order keeps at most {MAX_VICTIMS} victims: record the others in notes",
    )
    v = VictimTrack(
        victim_id=f"v{len(state.victims) + 1}",
        police_reference=body.police_reference,
        kind=body.kind,
        organisation_name=body.organisation_name,
        under_18=body.under_18,
        # Every victim under 18 has enhanced entitlements (Victims' Code 2020).
        enhanced=body.enhanced or body.under_18,
        details_received_on=body.completed_on,
    )
    state.victims.append(v)
    if body.opted_out:
        v.stage = VictimStage.OPTED_OUT
        return []
    v.stage = VictimStage.AWAITING_CONTACT
    days = clock.policy.victim_contact_enhanced if v.enhanced else clock.policy.victim_contact
    step = Step.VICTIM_CONTACT
    due = clock.due(body.completed_on, days)
    clock.open_task(state, task_id(step, v.victim_id), step, due, body.completed_on)
    return []


def _track(state: PathwayState, victim_id: str | None) -> VictimTrack:
    require(
        bool(state.victims),
        "no victim's details have been received yet"
        if state.order.victim_stated
        else "no victim has been identified yet: the police's victim details identify one",
    )
    if victim_id is None:
        require(
            len(state.victims) == 1,
            "victim_id: this order has "
            f"{len(state.victims)} victims ({', '.join(v.victim_id for v in state.victims)}): "
            "say which",
        )
        return state.victims[0]
    return present(
        next((v for v in state.victims if v.victim_id == victim_id), None),
        f"victim_id: this order has no victim {victim_id} "
        f"(its victims: {', '.join(v.victim_id for v in state.victims)})",
    )


def _participating(v: VictimTrack, what: str) -> None:
    require(
        v.participating,
        f"{what} is for a victim who consented to restorative work: victim {v.victim_id} "
        f"has not ({v.stage.value})",
    )


def _contact(state: PathwayState, v: VictimTrack, body: VictimContactBody, clock: Clock) -> None:
    if v.stage == VictimStage.DECLINED:
        # A victim who declined may change their mind: only their consent is news.
        require(
            body.consent == VictimConsent.CONSENTED,
            f"consent: victim {v.victim_id} declined; record contact again when they consent",
        )
    else:
        require(
            v.stage in (VictimStage.AWAITING_CONTACT, VictimStage.NO_RESPONSE),
            f"victim {v.victim_id} has already answered ({v.stage.value})",
        )
    complete(state, task_id(Step.VICTIM_CONTACT, v.victim_id), body.completed_on)
    v.consent, v.stage = body.consent, _CONSENT_STAGE[body.consent]
    if body.consent != VictimConsent.CONSENTED:
        return
    v.consented_on = v.consented_on or body.completed_on
    # On a referral order the initial panel decides the option, so it is due by the panel.
    panel = state.task(Step.INITIAL_PANEL.value)
    on = body.completed_on
    if panel is not None and panel.status in OPEN_STATUSES and panel.due_date >= on:
        due = panel.due_date
    else:
        due = clock.due(on, clock.policy.victim_restorative_option)
    step = Step.VICTIM_RESTORATIVE_OPTION
    clock.open_task(state, task_id(step, v.victim_id), step, due, on)


def _option(state: PathwayState, v: VictimTrack, body: VictimRestorativeOptionBody) -> None:
    require(
        v.stage == VictimStage.CONSENTED,
        f"victim {v.victim_id} already chose {v.option.value if v.option else ''}"
        if v.stage == VictimStage.OPTION_CHOSEN
        else f"a restorative option needs victim {v.victim_id}'s consent first",
    )
    require(
        bool(body.options_offered),
        "options_offered: list the restorative options offered to the victim",
    )
    require(
        body.option in body.options_offered,
        f"option: {body.option.value} was not among the options offered",
    )
    direct = [o.value for o in body.options_offered if o in DIRECT_OPTIONS]
    if direct:
        what = "option" if body.option in DIRECT_OPTIONS else "options_offered"
        s = present(
            v.suitability,
            f"{what}: a direct meeting ({', '.join(direct)}) needs a restorative suitability "
            f"decision, with its reason and risk assessment, for victim {v.victim_id} first "
            "(record victim_suitability)",
        )
        require(
            s.suitable,
            f"{what}: on {s.decided_on} a direct meeting was found not suitable for victim "
            f"{v.victim_id} ({s.reason}): offer indirect options only",
        )
        not_before(body.completed_on, s.decided_on, "the suitability decision")
    v.options_offered, v.option = list(body.options_offered), body.option
    v.stage = VictimStage.OPTION_CHOSEN
    complete(state, task_id(Step.VICTIM_RESTORATIVE_OPTION, v.victim_id), body.completed_on)


def _withdraw(state: PathwayState, v: VictimTrack, on: date, clock: Clock) -> None:
    # A withdrawal, at any time, ends this victim's work (not the others').
    was_participating = v.participating
    _cancel_tasks(state, v)
    v.stage, v.withdrawn_on = VictimStage.WITHDRAWN, on
    if was_participating:
        step = Step.VICTIM_TOLD_WORK_ENDED
        due = clock.due(on, clock.policy.victim_told_work_ended)
        clock.open_task(state, task_id(step, v.victim_id), step, due, on)


def _told(state: PathwayState, v: VictimTrack, on: date) -> list[Notification]:
    require(
        v.told_work_ended_on is None,
        f"victim {v.victim_id} was already told the work ended on {v.told_work_ended_on}",
    )
    tell = state.task(task_id(Step.VICTIM_TOLD_WORK_ENDED, v.victim_id))
    waiting = tell is not None and tell.status in OPEN_STATUSES
    require(
        waiting or v.participating,
        f"victim {v.victim_id} is not taking part in restorative work ({v.stage.value}): "
        "there is no work to tell them has ended",
    )
    if v.participating:  # the work ends now, as the order nears its end
        _cancel_tasks(state, v)
        v.stage = VictimStage.ENDED
    complete(state, task_id(Step.VICTIM_TOLD_WORK_ENDED, v.victim_id), on)
    v.told_work_ended_on = on
    return []


def untold(state: PathwayState) -> list[str]:
    """The victims still to be told the work has ended: a closure waits for them (ADR 0120)."""
    out = []
    for v in state.victims:
        tell = state.task(task_id(Step.VICTIM_TOLD_WORK_ENDED, v.victim_id))
        if v.participating or (tell is not None and tell.status in OPEN_STATUSES):
            out.append(v.victim_id)
    return out


def end_tracks(state: PathwayState, on: date, why: str) -> list[Notification]:
    """The order ended without a closure step (the court's decision): tell each victim.

    A caseworker's closure waits until every participating victim was told (`untold`); the
    court's decision cannot wait, so the outbox asks the team to tell them, as before.
    """
    notices = []
    for v in state.victims:
        tell = state.task(task_id(Step.VICTIM_TOLD_WORK_ENDED, v.victim_id))
        to_tell = v.participating or (tell is not None and tell.status in OPEN_STATUSES)
        _cancel_tasks(state, v)
        if v.stage not in _ENDED:
            v.stage = VictimStage.ENDED
        if to_tell and v.told_work_ended_on is None:
            v.told_work_ended_on = on
            message = f"Tell victim {v.victim_id} that the restorative work has ended: {why}."
            key = f"victim-work-ended:{v.victim_id}"
            notices.append(notice(state, NotificationKind.VICTIM_WORK_ENDED, key, message))
    return notices


def _cancel_tasks(state: PathwayState, v: VictimTrack) -> None:
    ids = {task_id(step, v.victim_id) for step in _TRACK_STEPS}
    for task in state.tasks:
        if task.task_id in ids and task.status in OPEN_STATUSES:
            task.status = TaskStatus.CANCELLED
