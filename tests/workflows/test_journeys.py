"""Each disposal from court to closure, the victim path, reviews, and continue-as-new."""

from datetime import date, timedelta

from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import NewOrderNotice, VictimStage
from contracts.steps import (
    AgreedAction,
    AllocationBody,
    AssessmentBody,
    CaseFormulationBody,
    ClosureBody,
    ClosureReason,
    CustodyPlanningBody,
    FirstContactBody,
    InterventionPlanBody,
    ResettlementPlanningBody,
    RestorativeOption,
    ReviewBody,
    StepBody,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import VictimToldWorkEndedBody
from core.workdays import add_months, london_date
from samples import outcome_data
from samples.restorative import enquiry, final_panel, initial_panel, parent_work
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness
from workflows.pathway import PathwayWorkflow


def formulation(on: date) -> CaseFormulationBody:
    return CaseFormulationBody(
        completed_on=on,
        agencies=["yjs", "childrens_social_care", "education"],
        formulation_summary="Offending linked to exclusion from school and conflict at home.",
        agreed_actions=[
            AgreedAction(
                action="Education referral",
                owner_agency="yjs",
                owner_person="YJS education officer",
                due_on=on + timedelta(days=10),
            )
        ],
        child_views="I want to go back to school and stop arguing with mum.",
        plain_language_summary="We will help you get back into school and meet every week.",
        bias_reflection=REFLECTION,
    )


async def today_of(env: WorkflowEnvironment) -> date:
    return london_date(await env.get_current_time())


async def run_to_closure(
    ts: Harness,
    env: WorkflowEnvironment,
    disposal: DisposalType,
    steps: list[StepBody],
    panel: bool = False,
    review_months: tuple[int, ...] = (3,),
) -> None:
    today = await today_of(env)
    handle = await ts.start(pathway_input(today, disposal, length_months=6))
    common: list[StepBody] = [
        FirstContactBody(completed_on=today),
        AssessmentBody(completed_on=today),
        formulation(today),
        outcome_data.start(today),  # issue 21: the KPIs' data at the start
    ]
    await ts.step(
        handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="casey", team="bromley")
    )
    for body in common + steps:
        await ts.step(handle, CASEWORKER, body)
    state = await ts.state(handle)
    assert state.formulation is not None and state.formulation.child_views.startswith("I want")
    # Skip to the order's end, recording the 3-monthly reviews on the way.
    while True:
        review = next(
            (
                t
                for t in state.tasks
                if t.step == Step.REVIEW and t.status in (TaskStatus.OPEN, TaskStatus.OVERDUE)
            ),
            None,
        )
        target = review.due_date if review else state.order_ends_on
        await env.sleep(timedelta(days=(target - await today_of(env)).days + 1))
        if review is None:
            break
        state = await ts.step(handle, CASEWORKER, ReviewBody(completed_on=await today_of(env)))
    await ts.step(handle, CASEWORKER, outcome_data.end(await today_of(env)))
    state = await ts.step(
        handle,
        CASEWORKER,
        ClosureBody(bias_reflection=REFLECTION, completed_on=await today_of(env), reason=ClosureReason.COMPLETED),
    )
    assert state.status == PathwayStatus.CLOSED and state.closure_reason == ClosureReason.COMPLETED
    final = await handle.result()
    assert final.status == PathwayStatus.CLOSED
    reviews = [t for t in final.tasks if t.step == Step.REVIEW]
    assert [t.status for t in reviews] == [TaskStatus.DONE] * len(reviews)
    assert [add_months(today, m) for m in review_months] == [t.due_date for t in reviews]
    done = {t.task_id for t in final.tasks if t.status == TaskStatus.DONE}
    expected = {
        "allocation",
        "first_contact",
        "assessment",
        "case_formulation",
        "closure",
        "outcome_data_start",
        "outcome_data_end",
    } | {f"review-{n}" for n in range(1, len(review_months) + 1)}
    assert expected | {s.step for s in steps} <= done
    assert panel == ("initial_panel" in done)


async def test_a_referral_order_runs_from_court_to_closure(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    await run_to_closure(
        ts,
        time_env,
        DisposalType.REFERRAL_ORDER,
        [
            enquiry(today),
            initial_panel(today),
            parent_work(today),
            final_panel(today),  # a referral order closes as completed after its final panel
        ],
        panel=True,
    )


async def test_a_youth_rehabilitation_order_runs_from_court_to_closure(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    await run_to_closure(
        ts,
        time_env,
        DisposalType.YOUTH_REHABILITATION_ORDER,
        [InterventionPlanBody(completed_on=today)],
    )


async def test_a_detention_and_training_order_runs_from_court_to_closure(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    await run_to_closure(
        ts,
        time_env,
        DisposalType.DETENTION_AND_TRAINING_ORDER,
        [
            CustodyPlanningBody(completed_on=today),
            ResettlementPlanningBody(completed_on=today),
            InterventionPlanBody(completed_on=today),
        ],
        # 3 months in custody, then 3 on supervision: no review falls before the release or
        # 3 months after it, within the order (`workflows.custody`).
        review_months=(),
    )


async def test_the_victim_path_from_details_to_withdrawal(
    ts: Harness, time_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(pathway_input(today, victim=True))
    await ts.allocate(handle)  # so the caseworker's team sees it
    state = await ts.state(handle)
    assert state.victims == [], "a victim is known once the police pass their details"
    assert state.task("victim_contact:v1") is None, "the victim clock starts when details arrive"
    state = await ts.step(
        handle, CASEWORKER, VictimDetailsReceivedBody(completed_on=today, enhanced=True)
    )
    contact = state.task("victim_contact:v1")
    assert contact is not None and contact.due_date == ts_due(state, today, 1)
    state = await ts.step(
        handle, CASEWORKER, VictimContactBody(completed_on=today, consent="consented")
    )
    option = state.task("victim_restorative_option:v1")
    panel = state.task("initial_panel")
    assert option is not None and panel is not None
    assert option.due_date == panel.due_date, "on a referral order the panel decides the option"
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimRestorativeOptionBody(
            completed_on=today,
            options_offered=[RestorativeOption.LETTER_OF_EXPLANATION],
            option=RestorativeOption.LETTER_OF_EXPLANATION,
        ),
    )
    assert state.victims[0].participating
    state = await ts.step(handle, CASEWORKER, VictimWithdrawalBody(completed_on=today))
    assert state.victims[0].stage == VictimStage.WITHDRAWN
    # Telling the victim the work ended is a task someone records (ADR 0120).
    tell = state.task("victim_told_work_ended:v1")
    assert tell is not None and tell.status == TaskStatus.OPEN
    reason = await ts.refused(
        handle, CASEWORKER, VictimContactBody(completed_on=today, consent="consented")
    )
    assert "victim v1's work has ended" in reason



def ts_due(state: object, start: date, days: int) -> date:
    from core.bank_holidays import england_and_wales
    from core.workdays import add_working_days

    return add_working_days(start, days, england_and_wales(start.year, start.year + 1).holidays)


async def test_a_withdrawal_before_the_option_cancels_the_open_victim_tasks(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(
        pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, victim=True)
    )
    await ts.allocate(handle)  # so the caseworker's team sees it
    await ts.step(handle, CASEWORKER, VictimDetailsReceivedBody(completed_on=today))
    state = await ts.step(
        handle, CASEWORKER, VictimContactBody(completed_on=today, consent="consented")
    )
    option = state.task("victim_restorative_option:v1")
    assert option is not None and option.due_date == ts_due(state, today, 20)
    state = await ts.step(handle, CASEWORKER, VictimWithdrawalBody(completed_on=today))
    option = state.task("victim_restorative_option:v1")
    assert option is not None and option.status == TaskStatus.CANCELLED


async def test_a_participating_victim_is_told_before_the_order_closes(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(
        pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, victim=True)
    )
    await ts.allocate(handle)  # so the caseworker's team sees it
    await ts.step(handle, CASEWORKER, VictimDetailsReceivedBody(completed_on=today))
    await ts.step(handle, CASEWORKER, VictimContactBody(completed_on=today, consent="consented"))
    closure = ClosureBody(
        bias_reflection=REFLECTION,
        completed_on=today,
        reason=ClosureReason.RETURNED_TO_COURT,
        no_formulation_reason="Returned to court before the formulation meeting.",
        no_outcome_data_reason="Returned to court before the outcome data was gathered.",
    )
    reason = await ts.refused(handle, SUPERVISOR, closure)
    assert reason.startswith("tell victim v1 that the restorative work has ended")
    await ts.step(handle, CASEWORKER, VictimToldWorkEndedBody(completed_on=today))
    state = await ts.step(handle, SUPERVISOR, closure)
    assert state.victims[0].stage == VictimStage.ENDED
    assert state.victims[0].told_work_ended_on == today


async def test_a_declining_victim_ends_victim_work_without_an_option_task(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(pathway_input(today, victim=True))
    await ts.allocate(handle)  # so the caseworker's team sees it
    await ts.step(handle, CASEWORKER, VictimDetailsReceivedBody(completed_on=today))
    state = await ts.step(
        handle, CASEWORKER, VictimContactBody(completed_on=today, consent="declined")
    )
    assert state.victims[0].stage == VictimStage.DECLINED
    assert state.task("victim_restorative_option:v1") is None


async def test_reviews_come_every_three_months_and_a_new_order_triggers_one(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(
        pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
    )
    await ts.allocate(handle)  # so the caseworker's team sees it
    state = await ts.state(handle)
    review = state.task("review-1")
    assert review is not None and review.due_date == add_months(today, 3)
    state = await ts.step(handle, CASEWORKER, ReviewBody(completed_on=today))
    review2 = state.task("review-2")
    assert review2 is not None and review2.due_date == add_months(today, 6)
    state = await handle.execute_update(
        PathwayWorkflow.new_order,
        NewOrderNotice(
            new_pathway_id="pw-other", made_on=today, disposal=DisposalType.REFERRAL_ORDER
        ),
    )
    triggered = state.task("review-t1")
    assert triggered is not None and triggered.status == TaskStatus.OPEN
    assert triggered.due_date == ts_due(state, today, 10)
    assert state.timeline[-1].kind == "new_order"


async def test_a_long_order_continues_as_new_and_keeps_its_state(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(
        pathway_input(
            today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=36, max_history_events=60
        )
    )
    await ts.step(
        handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="casey", team="bromley")
    )
    for _ in range(12):
        await ts.step(handle, CASEWORKER, ReviewBody(completed_on=today))
    await time_env.sleep(timedelta(days=400))
    state = await ts.state(handle)
    assert state.runs > 1, "the history was cut with continue-as-new"
    assert state.caseworker == "casey"
    assert state.reviews_scheduled >= 11
    desc = await handle.describe()
    assert desc.raw_description.workflow_execution_info.history_length <= 80
