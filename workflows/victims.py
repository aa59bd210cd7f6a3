"""Victim work: voluntary, consent-based, and never for the offender's benefit.

Details arrive from the police (the clock starts then); a victim who opted out is never
contacted; a consenting victim chooses a restorative option; a withdrawal ends all victim
work; a participating victim is told when the work ends.

This is the one victim of pathways started before the `victims-2026-12` patch, kept exactly
as it was so their histories replay; newer pathways keep victims one by one
(`workflows.victim_tracks`, ADR 0120), and `record_victim_step` hands their steps there.
"""

from datetime import date

from contracts.common import Step, TaskStatus
from contracts.pathway import Notification, NotificationKind, PathwayState, VictimStage, VictimState
from contracts.steps import (
    Actor,
    StepBody,
    VictimConsent,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import VictimContactSchemeReferralBody
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, notice, present, require
from workflows.victim_tracks import end_tracks, record_track_step

_ENDED = (VictimStage.OPTED_OUT, VictimStage.DECLINED, VictimStage.WITHDRAWN, VictimStage.ENDED)
_CONSENT_STAGE = {
    VictimConsent.CONSENTED: VictimStage.CONSENTED,
    VictimConsent.DECLINED: VictimStage.DECLINED,
    VictimConsent.NO_RESPONSE: VictimStage.NO_RESPONSE,
}


def _checks(state: PathwayState, body: StepBody) -> None:
    if state.victim is None and isinstance(body, VictimDetailsReceivedBody):
        if not state.order.victim_stated:
            # The court feed could not say (Common Platform); the police pass details only for
            # an identified victim, so their message identifies one. Replay-safe without a
            # patch: no pathway started before `victim_stated` existed can reach this line.
            state.victim = VictimState()
    v = present(
        state.victim,
        "this order has no offence with an identified direct victim"
        if state.order.victim_stated
        else "no victim has been identified yet: the police's victim details identify one",
    )
    if isinstance(body, VictimDetailsReceivedBody):
        require(
            v.details_received_on is None,
            f"the victim's details were already received on {v.details_received_on}",
        )
        return
    require(v.details_received_on is not None, "the victim's details have not been received yet")
    assert v.details_received_on is not None
    require(
        v.stage != VictimStage.OPTED_OUT,
        "the victim opted out of contact and must never be contacted",
    )
    require(v.stage not in _ENDED, f"victim work has ended ({v.stage.value})")
    not_before(body.completed_on, v.details_received_on, "the victim's details were received")
    if isinstance(body, VictimContactBody):
        require(
            v.stage in (VictimStage.AWAITING_CONTACT, VictimStage.NO_RESPONSE),
            f"the victim has already answered ({v.stage.value})",
        )
    elif isinstance(body, VictimRestorativeOptionBody):
        require(
            v.stage == VictimStage.CONSENTED,
            "a restorative option needs the victim's consent first"
            if v.stage != VictimStage.OPTION_CHOSEN
            else f"the victim already chose {v.option.value if v.option else ''}",
        )


def record_victim_step(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Check and record a victim step (details, contact, option, withdrawal)."""
    if state.victims_v2:  # victims one by one (`workflows.victim_tracks`)
        return record_track_step(state, body, actor, clock)
    if isinstance(body, VictimContactSchemeReferralBody):
        return record_track_step(state, body, actor, clock)  # refused: the order has no task
    if not isinstance(
        body,
        VictimDetailsReceivedBody
        | VictimContactBody
        | VictimRestorativeOptionBody
        | VictimWithdrawalBody,
    ):
        present(state.victim, "this order has no offence with an identified direct victim")
        require(
            False,
            f"{body.step} is for pathways that keep victims one by one: this pathway started "
            "before they did, with one victim; record its victim work with the four earlier "
            "victim steps",
        )
    _checks(state, body)
    assert state.victim is not None
    v = state.victim
    if isinstance(body, VictimDetailsReceivedBody):
        v.details_received_on, v.enhanced = body.completed_on, body.enhanced
        if body.opted_out:
            v.stage = VictimStage.OPTED_OUT
            return []
        v.stage = VictimStage.AWAITING_CONTACT
        policy = clock.policy
        days = policy.victim_contact_enhanced if body.enhanced else policy.victim_contact
        due = clock.due(body.completed_on, days)
        clock.open_task(
            state, Step.VICTIM_CONTACT.value, Step.VICTIM_CONTACT, due, body.completed_on
        )
        return []
    if isinstance(body, VictimContactBody):
        complete(state, Step.VICTIM_CONTACT.value, body.completed_on)
        v.consent, v.stage = body.consent, _CONSENT_STAGE[body.consent]
        if body.consent == VictimConsent.CONSENTED:
            _open_option_task(state, clock, body.completed_on)
        return []
    if isinstance(body, VictimRestorativeOptionBody):
        v.option, v.stage = body.option, VictimStage.OPTION_CHOSEN
        complete(state, Step.VICTIM_RESTORATIVE_OPTION.value, body.completed_on)
        return []
    # A withdrawal, at any time, ends all victim work.
    was_participating = v.participating
    _cancel_victim_tasks(state)
    v.stage = VictimStage.WITHDRAWN
    if was_participating:
        return [_tell_victim(state, body.completed_on, "the victim withdrew")]
    return []


def end_victim_work(state: PathwayState, on: date, why: str) -> list[Notification]:
    """End victim work when the order ends; a participating victim is told."""
    if state.victims_v2:
        return end_tracks(state, on, why)
    v = state.victim
    if v is None or v.stage in _ENDED:
        return []
    was_participating = v.participating
    _cancel_victim_tasks(state)
    v.stage = VictimStage.ENDED
    return [_tell_victim(state, on, why)] if was_participating else []


def _cancel_victim_tasks(state: PathwayState) -> None:
    for task in state.tasks:
        victim_step = task.step in (Step.VICTIM_CONTACT, Step.VICTIM_RESTORATIVE_OPTION)
        if victim_step and task.status in OPEN_STATUSES:
            task.status = TaskStatus.CANCELLED


def _open_option_task(state: PathwayState, clock: Clock, consented_on: date) -> None:
    # On a referral order the initial panel decides the option, so it is due by the panel.
    panel = state.task(Step.INITIAL_PANEL.value)
    if panel is not None and panel.status in OPEN_STATUSES and panel.due_date >= consented_on:
        due = panel.due_date
    else:
        due = clock.due(consented_on, clock.policy.victim_restorative_option)
    step = Step.VICTIM_RESTORATIVE_OPTION
    clock.open_task(state, step.value, step, due, consented_on)


def _tell_victim(state: PathwayState, on: date, why: str) -> Notification:
    assert state.victim is not None
    state.victim.told_work_ended_on = on
    message = f"Tell the victim that the restorative work has ended: {why}."
    return notice(state, NotificationKind.VICTIM_WORK_ENDED, "victim-work-ended", message)


def new_victim_state(has_identified_victim: bool) -> VictimState | None:
    """Return the victim work a new pathway starts with (none without an identified victim)."""
    return VictimState() if has_identified_victim else None
