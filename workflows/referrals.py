"""Referrals into FFT, NVR and DV groups: moved through their states, overrides explained.

A new referral to a programme the child is not eligible for (or for which information is
missing) is a professional-judgement override: it needs a written reason, is recorded with who
made it, and is sent to the team's supervisors. Every new referral carries a bias reflection.
"""

from datetime import date

from contracts.common import Step
from contracts.eligibility import EligibilityStatus
from contracts.pathway import Notification, NotificationKind, PathwayState
from contracts.referrals import (
    TRANSITIONS,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from contracts.reflections import ReflectionStage
from contracts.steps import Actor, InterventionReferralBody, StepBody
from workflows.programmes import participants_for
from workflows.reflections import reflect
from workflows.tasks import OPEN_STATUSES, Clock, complete, notice, present, require

_ENDED = (ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.DISENGAGED)


def _complete_decision(state: PathwayState, on: date) -> None:
    """Complete the oldest open referral decision.

    Work with a parent may open a second one (`workflows.restorative`) after the first.
    """
    open_ = [
        t for t in state.tasks if t.step == Step.INTERVENTION_REFERRAL and t.status in OPEN_STATUSES
    ]
    if open_:
        complete(state, min(open_, key=lambda t: t.due_date).task_id, on)


def record_referral(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Check and record a referral step."""
    assert isinstance(body, InterventionReferralBody)
    eligibility = present(
        state.eligibility, "eligibility has not been decided yet: record the assessment facts first"
    )
    if body.no_referral_reason is not None:
        reflect(
            state,
            clock,
            body.bias_reflection,
            ReflectionStage.NO_REFERRAL,
            "no_referral",
            body.completed_on,
            actor.user,
        )
        _complete_decision(state, body.completed_on)
        return []
    assert body.programme is not None and body.status is not None
    existing = state.referral(body.programme)
    current = None if existing is None or existing.status in _ENDED else existing.status
    allowed = TRANSITIONS[current]
    require(
        body.status in allowed,
        f"a {body.programme.value} referral that is {current.value if current else 'not made'} "
        f"cannot become {body.status.value}; it can become "
        f"{', '.join(sorted(s.value for s in allowed)) or 'nothing more'}",
    )
    notices: list[Notification] = []
    if current is None:
        decision = eligibility.by_programme()[body.programme]
        override = decision.status != EligibilityStatus.ELIGIBLE
        require(
            not override or body.override_reason is not None,
            f"the child is {decision.status.value.replace('_', ' ')} for {body.programme.value}: "
            "a referral against the rules needs an override_reason (professional judgement)",
        )
        kind = "override" if override else "referral"
        if not state.reflection_stages:
            require(
                body.bias_reflection is not None,
                "a referral needs a bias_reflection: which GRACES aspects were considered and "
                "whether a colleague was consulted",
            )
        stage = ReflectionStage.OVERRIDE if override else ReflectionStage.PROGRAMME_REFERRAL
        reflect(
            state,
            clock,
            body.bias_reflection,
            stage,
            f"{kind}:{body.programme.value}",
            body.completed_on,
            actor.user,
        )
        referral = Referral(
            programme=body.programme,
            participants=participants_for(state, body.programme.value, body.participants),
            status=body.status,
            eligibility_at_referral=decision.status.value,
            override_reason=body.override_reason if override else None,
            overridden_by=actor.user if override else None,
        )
        state.referrals = [r for r in state.referrals if r.programme != body.programme]
        state.referrals.append(referral)
        if override:
            key = f"override:{body.programme.value}:{len(state.timeline)}"
            message = (
                f"{actor.user} referred to {body.programme.value} against the rules "
                f"({decision.status.value}): {body.override_reason}"
            )
            notices.append(notice(state, NotificationKind.OVERRIDE, key, message))
    else:
        assert existing is not None
        referral = existing
        referral.status = body.status
    referral.history.append(ReferralEvent(status=body.status, on=body.completed_on, by=actor.user))
    if body.status == ReferralStatus.REFERRED:
        _complete_decision(state, body.completed_on)
    return notices
