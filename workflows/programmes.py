"""Programmes as families live them: who takes part, and sessions attended or missed.

Who takes part follows each programme's design (`contracts.programmes`): an NVR referral is
made for a parent or carer; a DV Community Groups referral includes the child and their
mother; FFT works with the child and a parent or carer; the violence reduction group work is
the child's. A new referral takes its programme's participants unless others are given, and
the required roles cannot be left out. Sessions are planned, then attended or missed; a
session missed without an acceptable reason may be recorded as a failure to comply with the
order, which then takes the compliance road (`workflows.breach`).

Pathways started under the `programmes-2026-12` patch (`state.programme_participants`) get
participants on new referrals; the session steps are new and need no flag.
"""

from contracts.breach import ComplianceFailureBody
from contracts.common import Programme, Step
from contracts.pathway import Notification, PathwayState
from contracts.programmes import (
    ParticipantRole,
    ProgrammeParticipantsBody,
    ProgrammeSession,
    SessionOutcomeBody,
    SessionPlannedBody,
    SessionStatus,
)
from contracts.referrals import Referral, ReferralStatus
from contracts.steps import Actor, StepBody
from workflows.breach import BREACH_HANDLERS
from workflows.tasks import Clock, not_before, present, require

PATCH = "programmes-2026-12"
STEPS = frozenset({Step.PROGRAMME_PARTICIPANTS, Step.SESSION_PLANNED, Step.SESSION_OUTCOME})

_P = ParticipantRole
# Each programme's participants when none are given, and the roles it cannot do without.
DEFAULT_PARTICIPANTS: dict[str, tuple[ParticipantRole, ...]] = {
    Programme.FFT.value: (_P.CHILD, _P.PARENT_OR_CARER),
    Programme.NVR.value: (_P.PARENT_OR_CARER,),
    Programme.DV_GROUPS.value: (_P.CHILD, _P.MOTHER),
    "violence_reduction": (_P.CHILD,),
}
REQUIRED: dict[str, tuple[frozenset[ParticipantRole], str]] = {
    Programme.NVR.value: (
        frozenset({_P.PARENT_OR_CARER, _P.MOTHER}),
        "NVR is done with the parent: include a parent or carer (or the mother)",
    ),
    Programme.DV_GROUPS.value: (
        frozenset({_P.MOTHER}),
        "the DV Community Groups Programme is for the child and their mother: include the mother",
    ),
}
_LIVE = (ReferralStatus.ACCEPTED, ReferralStatus.STARTED)


def check_participants(programme: str, participants: list[ParticipantRole]) -> None:
    """Refuse participants that leave out a role the programme cannot do without."""
    if programme in REQUIRED:
        roles, why = REQUIRED[programme]
        require(bool(roles & set(participants)), f"participants: {why}")
    if programme == Programme.DV_GROUPS.value:
        require(
            _P.CHILD in participants,
            "participants: the DV Community Groups Programme includes the child",
        )


def participants_for(
    state: PathwayState, programme: str, given: list[ParticipantRole] | None
) -> list[ParticipantRole]:
    """The participants of a new referral: those given (checked), else the programme's own."""
    if not state.programme_participants:
        return []
    if given is None:
        return list(DEFAULT_PARTICIPANTS.get(programme, (_P.CHILD,)))
    chosen = list(dict.fromkeys(given))
    check_participants(programme, chosen)
    return chosen


def _referral(state: PathwayState, programme: Programme, live: bool) -> Referral:
    referral = present(
        state.referral(programme), f"programme: there is no referral to {programme.value}"
    )
    if live:
        require(
            referral.status in _LIVE,
            f"programme: the {programme.value} referral is {referral.status.value}; sessions "
            "are for a referral accepted or started",
        )
    return referral


def _participants(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, ProgrammeParticipantsBody)
    referral = _referral(state, body.programme, live=False)
    chosen = list(dict.fromkeys(body.participants))
    check_participants(body.programme.value, chosen)
    referral.participants = chosen
    return []


def _planned(state: PathwayState, body: StepBody, actor: Actor, clock: Clock) -> list[Notification]:
    assert isinstance(body, SessionPlannedBody)
    referral = _referral(state, body.programme, live=True)
    require(len(referral.sessions) < 500, "programme: a referral holds at most 500 sessions")
    not_before(body.planned_on, state.order.made_on, "the order was made")
    referral.sessions.append(
        ProgrammeSession(
            number=len(referral.sessions) + 1, kind=body.kind, planned_on=body.planned_on
        )
    )
    return []


def _outcome(state: PathwayState, body: StepBody, actor: Actor, clock: Clock) -> list[Notification]:
    assert isinstance(body, SessionOutcomeBody)
    referral = _referral(state, body.programme, live=True)
    session = present(
        next((s for s in referral.sessions if s.number == body.session), None),
        f"session: the {body.programme.value} referral has no session {body.session}",
    )
    require(
        session.status == SessionStatus.PLANNED,
        f"session: session {session.number} was already recorded as {session.status.value}",
    )
    not_before(body.completed_on, session.planned_on, f"session {session.number} was planned")
    session.recorded_on = body.completed_on
    if body.attended:
        session.status = SessionStatus.ATTENDED
        return []
    session.status = SessionStatus.MISSED
    session.acceptable_reason, session.reason = body.acceptable_reason, body.reason
    if not body.record_as_failure:
        return []
    # A missed session without an acceptable reason, taken as a failure to comply: the
    # compliance road decides what follows (a warning, or breach action).
    failure = ComplianceFailureBody(
        completed_on=body.completed_on,
        failed_on=session.planned_on,
        reasonable_excuse=False,
        details=f"missed {body.programme.value} session {session.number}"
        + (f": {body.reason}" if body.reason else ""),
    )
    notices = BREACH_HANDLERS[Step.COMPLIANCE_FAILURE](state, failure, actor, clock)
    session.compliance_failure = len(state.compliance.failures)
    return notices


HANDLERS = {
    Step.PROGRAMME_PARTICIPANTS: _participants,
    Step.SESSION_PLANNED: _planned,
    Step.SESSION_OUTCOME: _outcome,
}
