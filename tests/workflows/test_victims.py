"""Victims one by one on the time-skipping server (`workflows.victim_tracks`, ADR 0120)."""

from datetime import date

from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, Step, TaskStatus
from contracts.offences import OffenceGroup, OrderOffence
from contracts.pathway import PathwayInput, PathwayState, VictimStage, VictimTrack
from contracts.steps import (
    ClosureBody,
    ClosureReason,
    RestorativeOption,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import (
    RiskLevel,
    VictimContactSchemeReferralBody,
    VictimKind,
    VictimProgressUpdateBody,
    VictimSuitabilityBody,
    VictimToldWorkEndedBody,
)
from core.bank_holidays import england_and_wales
from core.workdays import add_working_days, london_date
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness, outbox_keys

POLICE = SUPERVISOR  # the police's feed records details too; a supervisor may on a page


async def today_of(env: WorkflowEnvironment) -> date:
    return london_date(await env.get_current_time())


def due(start: date, days: int) -> date:
    return add_working_days(start, days, england_and_wales(start.year, start.year + 1).holidays)


def track(state: PathwayState, victim_id: str) -> VictimTrack:
    return next(v for v in state.victims if v.victim_id == victim_id)


def details(on: date, ref: str, **fields: object) -> VictimDetailsReceivedBody:
    return VictimDetailsReceivedBody(completed_on=on, police_reference=ref, **fields)  # type: ignore[arg-type]


async def started(ts: Harness, on: date, disposal: DisposalType, **order: object) -> Handle:
    inp: PathwayInput = pathway_input(on, disposal, victim=True, length_months=12)
    if order:
        inp = inp.model_copy(update={"order": inp.order.model_copy(update=order)})
    handle = await ts.start(inp)
    await ts.allocate(handle)
    return handle


async def test_two_victims_on_one_order_each_with_its_own_track_and_clock(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await started(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER)
    state = await ts.state(handle)
    assert state.victims_v2 and state.victim is None and state.victims == []
    # An adult, then a victim under 18: enhanced, so its contact is due sooner.
    await ts.step(handle, POLICE, details(today, "01YE-4711-V1"))
    state = await ts.step(handle, POLICE, details(today, "01YE-4711-V2", under_18=True))
    v1, v2 = track(state, "v1"), track(state, "v2")
    assert (v1.enhanced, v2.enhanced, v2.under_18) == (False, True, True)
    c1, c2 = state.task("victim_contact:v1"), state.task("victim_contact:v2")
    assert c1 is not None and c1.due_date == due(today, 5)
    assert c2 is not None and c2.due_date == due(today, 1), "under 18: enhanced clock"
    reason = await ts.refused(handle, POLICE, details(today, "01YE-4711-V1"))
    assert reason.startswith("police_reference: victim v1's details were already received")

    # With two victims, a step must say which.
    reason = await ts.refused(
        handle, CASEWORKER, VictimContactBody(completed_on=today, consent="declined")
    )
    assert reason.startswith("victim_id: this order has 2 victims (v1, v2)")

    # v1 declines, then later consents; v2 consents, then withdraws.
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimContactBody(completed_on=today, victim_id="v1", consent="declined"),
    )
    assert track(state, "v1").stage == VictimStage.DECLINED
    assert state.task("victim_restorative_option:v1") is None
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimContactBody(completed_on=today, victim_id="v2", consent="consented"),
    )
    assert state.task("victim_restorative_option:v2") is not None
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimContactBody(completed_on=today, victim_id="v1", consent="consented"),
    )
    v1 = track(state, "v1")
    assert v1.stage == VictimStage.CONSENTED and v1.consented_on == today
    assert track(state, "v2").stage == VictimStage.CONSENTED, "v1's answer leaves v2 alone"

    state = await ts.step(
        handle, CASEWORKER, VictimWithdrawalBody(completed_on=today, victim_id="v2")
    )
    v2 = track(state, "v2")
    assert v2.stage == VictimStage.WITHDRAWN and v2.withdrawn_on == today
    option2 = state.task("victim_restorative_option:v2")
    assert option2 is not None and option2.status == TaskStatus.CANCELLED
    tell = state.task("victim_told_work_ended:v2")
    assert tell is not None and tell.status == TaskStatus.OPEN and tell.due_date == due(today, 5)
    option1 = state.task("victim_restorative_option:v1")
    assert option1 is not None and option1.status == TaskStatus.OPEN, "v1 keeps its own clock"

    # v1 takes part: offered options, an indirect one chosen, kept informed.
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimRestorativeOptionBody(
            completed_on=today,
            victim_id="v1",
            options_offered=[
                RestorativeOption.LETTER_OF_EXPLANATION,
                RestorativeOption.INDIRECT_REPARATION,
            ],
            option=RestorativeOption.INDIRECT_REPARATION,
        ),
    )
    v1 = track(state, "v1")
    assert v1.stage == VictimStage.OPTION_CHOSEN and len(v1.options_offered) == 2
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimProgressUpdateBody(completed_on=today, victim_id="v1", told="Work has started."),
    )
    assert [u.told for u in track(state, "v1").progress_updates] == ["Work has started."]

    # The order cannot close while a victim has not been told the work ended.
    closure = ClosureBody(
        bias_reflection=REFLECTION,
        completed_on=today,
        reason=ClosureReason.REVOKED_EARLY,
        no_formulation_reason="Revoked before the formulation meeting.",
        no_outcome_data_reason="Revoked before the outcome data was gathered.",
    )
    reason = await ts.refused(handle, SUPERVISOR, closure)
    assert reason.startswith("tell victim v1, v2 that the restorative work has ended")
    for vid in ("v2", "v1"):
        state = await ts.step(
            handle, CASEWORKER, VictimToldWorkEndedBody(completed_on=today, victim_id=vid)
        )
    assert track(state, "v1").stage == VictimStage.ENDED
    assert track(state, "v1").told_work_ended_on == today
    assert track(state, "v2").told_work_ended_on == today
    tell = state.task("victim_told_work_ended:v2")
    assert tell is not None and tell.status == TaskStatus.DONE
    reason = await ts.refused(
        handle, CASEWORKER, VictimToldWorkEndedBody(completed_on=today, victim_id="v1")
    )
    assert "already told" in reason
    state = await ts.step(handle, SUPERVISOR, closure)
    assert state.status == "closed"


async def test_a_community_victim_is_kept_without_personal_details(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await started(ts, today, DisposalType.REFERRAL_ORDER)
    state = await ts.step(
        handle,
        POLICE,
        details(today, "01YE-4712-C1", kind=VictimKind.COMMUNITY, organisation_name="Elm Estate"),
    )
    v = track(state, "v1")
    assert (v.kind, v.organisation_name, v.police_reference) == (
        VictimKind.COMMUNITY,
        "Elm Estate",
        "01YE-4712-C1",
    )
    # A victim is a reference and a kind: nothing else of theirs is kept.
    assert set(VictimTrack.model_fields) >= {"victim_id", "police_reference", "kind"}
    assert not {"name", "address", "phone", "email", "date_of_birth"} & set(
        VictimTrack.model_fields
    )


async def test_a_direct_meeting_before_a_suitability_decision_is_refused(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await started(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER)
    await ts.step(handle, POLICE, details(today, "01YE-4713-V1"))
    await ts.step(handle, CASEWORKER, VictimContactBody(completed_on=today, consent="consented"))
    meeting = VictimRestorativeOptionBody(
        completed_on=today,
        options_offered=[
            RestorativeOption.DIRECT_CONFERENCE,
            RestorativeOption.LETTER_OF_EXPLANATION,
        ],
        option=RestorativeOption.DIRECT_CONFERENCE,
    )
    reason = await ts.refused(handle, CASEWORKER, meeting)
    assert reason.startswith("option: a direct meeting (direct_conference) needs a restorative")
    # Even offering one needs the decision first.
    letter = meeting.model_copy(update={"option": RestorativeOption.LETTER_OF_EXPLANATION})
    reason = await ts.refused(handle, CASEWORKER, letter)
    assert reason.startswith("options_offered: a direct meeting")
    reason = await ts.refused(
        handle, CASEWORKER, meeting.model_copy(update={"options_offered": []})
    )
    assert reason.startswith("options_offered: list the restorative options")

    # Found not suitable: still refused, with the decision's reason.
    unsuitable = VictimSuitabilityBody(
        completed_on=today, suitable=False, reason="Risk of retaliation.", risk=RiskLevel.HIGH
    )
    # A decision stage: refused without its bias reflection (`workflows.reflections`).
    reason = await ts.refused(handle, CASEWORKER, unsuitable)
    assert "a restorative suitability decision needs a bias reflection" in reason
    unsuitable = unsuitable.model_copy(update={"bias_reflection": REFLECTION})
    await ts.step(handle, CASEWORKER, unsuitable)
    reason = await ts.refused(handle, CASEWORKER, meeting)
    assert "not suitable" in reason and "Risk of retaliation." in reason

    # A new decision finds it suitable: the meeting may be chosen.
    suitable = unsuitable.model_copy(
        update={"suitable": True, "reason": "Reassessed after safety plan.", "risk": RiskLevel.LOW}
    )
    await ts.step(handle, CASEWORKER, suitable)
    state = await ts.step(handle, CASEWORKER, meeting)
    v = track(state, "v1")
    assert v.option == RestorativeOption.DIRECT_CONFERENCE
    assert v.suitability is not None and v.suitability.risk == RiskLevel.LOW


async def test_a_dto_of_a_year_for_violence_opens_the_victim_contact_scheme_referral(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    violence = OrderOffence(
        offence_code="OF61018",
        title="Wounding with intent",
        group=OffenceGroup.VIOLENCE_AGAINST_THE_PERSON,
        mapping_version="2026.1",
    )
    dto = DisposalType.DETENTION_AND_TRAINING_ORDER
    handle = await started(ts, today, dto, offences=[violence])
    state = await ts.state(handle)
    task = state.task(Step.VICTIM_CONTACT_SCHEME_REFERRAL.value)
    assert task is not None and task.due_date == due(today, 10)
    state = await ts.step(handle, CASEWORKER, VictimContactSchemeReferralBody(completed_on=today))
    task = state.task(Step.VICTIM_CONTACT_SCHEME_REFERRAL.value)
    assert task is not None and task.status == TaskStatus.DONE

    # A shorter DTO, or one for theft, has no such task, and the step is refused.
    theft = violence.model_copy(update={"group": OffenceGroup.THEFT_AND_HANDLING})
    other = await started(ts, today, dto, offences=[theft])
    assert (await ts.state(other)).task(Step.VICTIM_CONTACT_SCHEME_REFERRAL.value) is None
    reason = await ts.refused(
        other, CASEWORKER, VictimContactSchemeReferralBody(completed_on=today)
    )
    assert "Victim Contact Scheme" in reason


async def test_the_courts_end_of_the_order_asks_the_team_to_tell_each_victim(
    ts: Harness, time_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    from contracts.breach import OrderChange, OrderChangeKind
    from tests.workflows.test_breach import COURT_FEED
    from workflows.pathway import PathwayWorkflow

    today = await today_of(time_env)
    handle = await started(ts, today, DisposalType.YOUTH_REHABILITATION_ORDER)
    await ts.step(handle, POLICE, details(today, "01YE-4714-V1"))
    await ts.step(handle, POLICE, details(today, "01YE-4714-V2"))
    await ts.step(
        handle,
        CASEWORKER,
        VictimContactBody(completed_on=today, victim_id="v2", consent="consented"),
    )
    state = await handle.execute_update(
        PathwayWorkflow.order_change,
        OrderChange(
            actor=COURT_FEED, change=OrderChangeKind.REVOKED, decided_on=today, court_code="B01LY00"
        ),
    )
    assert state.status == "closed"
    assert track(state, "v2").told_work_ended_on == today
    assert track(state, "v1").told_work_ended_on is None, "v1 never took part"
    keys = await outbox_keys(sqlite_url, state.pathway_id, "victim-work-ended")
    assert keys == [f"{state.pathway_id}:victim-work-ended:v2"]
