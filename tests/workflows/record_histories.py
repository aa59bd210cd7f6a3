"""Record workflow histories from the current code, for the replay test.

Run `.venv/bin/python -m tests.workflows.record_histories NAME` after a change to the pathway
workflow that is guarded with `workflow.patched`: it runs a full referral order with a victim
(escalations, steps, facts updated three times, closure; commands sent as the command
client sends them, with no flags: the workflow takes every step and facts update as written to
the read model by its caller) on the time-skipping server and writes
`tests/workflows/histories/NAME.json`. `--retention NAME` records one run of the retention
workflow instead. `--dto NAME` records a 12-month detention and training order made 7 months
before today (custody planning, resettlement, an early release moving the supervision tasks,
the intervention plan and a review, closure at the end); `--transfer NAME` a youth
rehabilitation order offered to the child's case manager, transferred (a request refused,
another accepted), allocated by the receiving team, told that the child turns 18 (the
transition planning task) and closed (the `transfer-2026-12` patch); `--breach NAME` a youth
rehabilitation order through a failure, a warning, a breach taken to court and the court's
decisions from the court feed (continued, then revoked and re-sentenced), each decision with
its bias reflection (since `reflections-2026-12`, `2026-12-v12-reflections.json` was recorded
with `--breach`); `--restorative NAME` a 3-month referral order's restorative enquiry, initial
panel (progress panels monthly), parent work opening a referral decision, a progress panel, the
final panel and closure as completed (the `restorative-2026-12` patch); `--programmes NAME` a DV
groups referral's sessions, one missed and taken as a failure to comply (`programmes-2026-12`);
`--formulation NAME` case formulation versions 1 and 2 with agreed actions (the
`formulation-2026-12` patch); `--victims NAME` a 12-month DTO for violence with three victims one
by one (a person, one under 18, a shop): the Victim Contact Scheme referral, a decline then
consent, a suitability decision before a direct meeting, a progress update, a withdrawal, each
told the work ended, then closure (the `victims-2026-12` patch); `--diversion NAME` a diversion
pathway (`DiversionWorkflow`) through a youth conditional caution with a condition breached and
sent back to the police, the plan, the exit plan and closure; `--arrears NAME` a youth
rehabilitation order recorded in arrears, told it has caught up, then closed (the
`arrears-2026-12` patch); `--charge-link NAME` a youth
rehabilitation order that followed a diversion pathway's decision to charge (its input names
the diversion pathway: the `charge-link-2026-12` patch), allocated, first contact, closure; `--outcome-data NAME` a 6-month
youth rehabilitation order whose outcome data at the start falls overdue and escalates before it
is recorded, a closure refused without the end's, the end's recorded, then closure as completed
(the `outcome-data-2026-12` patch).
Keep every older file: the replay test replays them all, so a change that would break running
pathways (or a retention run in flight) fails CI.

`--language NAME` records a youth rehabilitation order whose family's language is recorded as
Welsh, then changed to English, closed early by a supervisor (`language-2026-12`, ADR 0144).
"""

import asyncio
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType
from contracts.custody import ReleaseKind
from contracts.facts import AssessmentFacts
from contracts.referrals import FactsCommand
from contracts.steps import (
    Actor,
    AllocationBody,
    AssessmentBody,
    ClosureBody,
    ClosureReason,
    CustodyPlanningBody,
    FirstContactBody,
    InterventionPlanBody,
    InterventionReferralBody,
    ReleaseBody,
    ResettlementPlanningBody,
    ReviewBody,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
)
from core.schedules import retention_input
from core.settings import Settings
from core.workdays import add_months, london_date
from db.session import migrate
from samples import restorative
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness, fresh_queue
from worker import running_worker
from workflows.pathway import PathwayWorkflow
from workflows.retention import RetentionWorkflow

HISTORIES = Path(__file__).resolve().parent / "histories"
POLICE_FEED = Actor(user="police-feed", role="integrator")


@asynccontextmanager
async def recording() -> AsyncIterator[tuple[WorkflowEnvironment, Harness]]:
    """A time-skipping server, a fresh SQLite database and a worker, for one recording."""
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'pathway.db'}"
    migrate(url)
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server"),
        data_converter=pydantic_data_converter,
    )
    queue = fresh_queue()
    try:
        async with running_worker(env.client, Settings(database_url=url), task_queue=queue):
            yield env, Harness(env.client, queue, url)
    finally:
        await env.shutdown()


def written(name: str, history: WorkflowHistory) -> Path:
    """Write a recorded history beside the others; return the file written."""
    path = HISTORIES / f"{name}.json"
    path.write_text(history.to_json())
    return path


async def outcome_data_if_taken(ts: Harness, handle: Handle, actor: Actor, on: date) -> None:
    """Record the outcome data a pathway under `outcome-data-2026-12` needs before closure.

    The scenarios recorded before that patch closed without it; run again, they record it on
    the day of closure, so the tool still records them (the files kept replay as they are).
    """
    from samples import outcome_data

    state = await ts.state(handle)
    start, end = state.outcome_start, state.outcome_end
    for answers, kept in ((outcome_data.start, start), (outcome_data.end, end)):
        if state.outcome_data_rules and kept is None:
            await ts.step(handle, actor, answers(on))


async def record(name: str) -> Path:
    """Run the scenario and write its history; return the file written."""
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        handle = await ts.start(pathway_input(today, victim=True))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        await ts.step(handle, POLICE_FEED, VictimDetailsReceivedBody(completed_on=today))
        await env.sleep(timedelta(days=12))  # first contact and the victim contact escalate
        today = london_date(await env.get_current_time())
        for body in (
            FirstContactBody(completed_on=today),
            AssessmentBody(completed_on=today, facts=AssessmentFacts(lives_with_caregiver=True)),
            VictimContactBody(completed_on=today, consent="consented"),
            VictimRestorativeOptionBody(completed_on=today, option="letter_of_explanation"),
            restorative.enquiry(today),
            restorative.initial_panel(today),
            InterventionReferralBody(
                completed_on=today,
                programme="fft",
                status="proposed",
                override_reason="judgement",
                bias_reflection=REFLECTION,
            ),
        ):
            await ts.step(handle, CASEWORKER, body)
        # Facts updated again: once to new facts, once the same (a no-op), once more.
        for facts in (
            AssessmentFacts(lives_with_caregiver=True, caregiver_willing_to_engage=True),
            AssessmentFacts(lives_with_caregiver=True, caregiver_willing_to_engage=True),
            AssessmentFacts(lives_with_caregiver=False),
        ):
            await handle.execute_update(
                PathwayWorkflow.record_facts,
                FactsCommand(actor_user="c", facts=facts, recorded_on=today),
            )
        await env.sleep(timedelta(days=200))
        today = london_date(await env.get_current_time())
        # A referral order closes as completed after its final panel (`restorative-2026-12`).
        await ts.step(handle, CASEWORKER, restorative.final_panel(today))
        await outcome_data_if_taken(ts, handle, CASEWORKER, today)
        await ts.step(
            handle,
            CASEWORKER,
            ClosureBody(
                bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.COMPLETED
            ),
        )
        await handle.result()
        history: WorkflowHistory = await handle.fetch_history()
    await env.shutdown()
    HISTORIES.mkdir(exist_ok=True)
    path = HISTORIES / f"{name}.json"
    path.write_text(history.to_json())
    return path


async def record_retention(name: str) -> Path:
    """Run the retention workflow once, as its schedule would, and write its history."""
    async with recording() as (env, ts):
        handle = await env.client.start_workflow(
            RetentionWorkflow.run,
            retention_input(Settings(database_url=ts.database_url)),  # as the schedule starts it
            id=f"retention-{uuid.uuid4().hex[:8]}",
            task_queue=ts.task_queue,
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_dto(name: str) -> Path:
    """Run a detention and training order through custody, release and supervision."""
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        made = add_months(today, -7)
        dto = DisposalType.DETENTION_AND_TRAINING_ORDER
        handle = await ts.start(pathway_input(made, dto, length_months=12))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=made, caseworker="c", team="bromley")
        )
        state = await ts.state(handle)
        assert state.custody is not None
        released = state.custody.release_expected_on - timedelta(days=10)
        for body in (
            CustodyPlanningBody(completed_on=made),
            ReviewBody(completed_on=add_months(made, 3)),
            ResettlementPlanningBody(completed_on=released),
            ReleaseBody(released_on=released, kind=ReleaseKind.EARLY),
            InterventionPlanBody(completed_on=today),
        ):
            await ts.step(handle, CASEWORKER, body)
        await env.sleep(timedelta(days=40))  # the first supervision review escalates
        state = await ts.step(
            handle, CASEWORKER, ReviewBody(completed_on=london_date(await env.get_current_time()))
        )
        await env.sleep(timedelta(days=(state.order_ends_on - today).days))
        await outcome_data_if_taken(ts, handle, CASEWORKER, today)
        await ts.step(
            handle,
            CASEWORKER,
            ClosureBody(
                bias_reflection=REFLECTION,
                completed_on=london_date(await env.get_current_time()),
                reason=ClosureReason.COMPLETED,
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_transfer(name: str) -> Path:
    """Run a youth rehabilitation order through transfers and turning 18; write its history."""
    from contracts.common import DisposalType
    from contracts.steps import (
        TransferAcceptedBody,
        TransferRefusedBody,
        TransferRequestedBody,
        TransitionPlanningBody,
    )
    from contracts.transfers import CaseManagerOffer, TransitionNotice

    croydon = Actor(user="cal.supervisor", role="supervisor", team="croydon")
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        offer = CaseManagerOffer(pathway_id="pw-earlier", caseworker="c", team="bromley")
        inp = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
        handle = await ts.start(inp.model_copy(update={"offer": offer}))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        asked = TransferRequestedBody(
            completed_on=today, to_team="croydon", reason="moved", bias_reflection=REFLECTION
        )
        await ts.step(handle, SUPERVISOR, asked)
        await ts.step(
            handle,
            croydon,
            TransferRefusedBody(completed_on=today, reason="not yet", bias_reflection=REFLECTION),
        )
        await env.sleep(timedelta(days=10))  # deadlines keep running with the sending team
        today = london_date(await env.get_current_time())
        await ts.step(handle, SUPERVISOR, asked.model_copy(update={"completed_on": today}))
        await ts.step(
            handle, croydon, TransferAcceptedBody(completed_on=today, bias_reflection=REFLECTION)
        )
        await ts.step(
            handle, croydon, AllocationBody(completed_on=today, caseworker="d", team="croydon")
        )
        await handle.signal(PathwayWorkflow.transition_due, TransitionNotice())
        await env.sleep(timedelta(days=3))
        today = london_date(await env.get_current_time())
        croydon_worker = Actor(user="d", role="caseworker", team="croydon")
        await ts.step(handle, croydon_worker, TransitionPlanningBody(completed_on=today))
        await outcome_data_if_taken(ts, handle, croydon_worker, today)
        await ts.step(
            handle,
            croydon_worker,
            ClosureBody(
                bias_reflection=REFLECTION,
                completed_on=today,
                reason=ClosureReason.REVOKED_EARLY,
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_language(name: str) -> Path:
    """Run a pathway whose family's language is recorded, then changed (`language-2026-12`)."""
    from contracts.language import Language, LanguagePreferenceBody

    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        yro = DisposalType.YOUTH_REHABILITATION_ORDER
        handle = await ts.start(pathway_input(today, yro, length_months=12))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        welsh = LanguagePreferenceBody(completed_on=today, language=Language.WELSH)
        await ts.step(handle, CASEWORKER, welsh)
        await ts.step(handle, CASEWORKER, FirstContactBody(completed_on=today))
        await env.sleep(timedelta(days=10))
        today = london_date(await env.get_current_time())
        english = LanguagePreferenceBody(completed_on=today, language=Language.ENGLISH)
        state = await ts.step(handle, CASEWORKER, english)
        assert state.language == Language.ENGLISH
        await ts.step(
            handle,
            SUPERVISOR,
            ClosureBody(
                bias_reflection=REFLECTION,
                completed_on=today,
                reason=ClosureReason.REVOKED_EARLY,
                no_formulation_reason="Revoked for good progress before the meeting could sit.",
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_restorative(name: str) -> Path:
    """Run a referral order's enquiry, parent work and panels (`restorative-2026-12`)."""
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        handle = await ts.start(pathway_input(today, length_months=3))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        panel = restorative.initial_panel(today, progress_panel_interval_months=1)
        for body in (
            restorative.enquiry(today),
            panel,
            restorative.parent_work(today, refer_to=["nvr"]),
            AssessmentBody(completed_on=today, facts=AssessmentFacts(lives_with_caregiver=True)),
        ):
            await ts.step(handle, CASEWORKER, body)
        await env.sleep(timedelta(days=32))  # the first progress panel falls due
        today = london_date(await env.get_current_time())
        await ts.step(handle, CASEWORKER, restorative.progress_panel(today))
        await env.sleep(timedelta(days=60))  # past the order's end: the final panel, closure
        today = london_date(await env.get_current_time())
        await ts.step(handle, CASEWORKER, restorative.final_panel(today))
        await outcome_data_if_taken(ts, handle, CASEWORKER, today)
        await ts.step(
            handle,
            CASEWORKER,
            ClosureBody(
                bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.COMPLETED
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_breach(name: str) -> Path:
    """Run a youth rehabilitation order through warning, breach and court; write its history."""
    from access import Role, User
    from contracts.breach import (
        BreachActionBody,
        ComplianceFailureBody,
        OrderChange,
        OrderChangeKind,
        WarningGivenBody,
    )
    from contracts.common import DisposalType

    feed = User(name="court feed", role=Role.INTEGRATOR).actor
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        made = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
        handle = await ts.start(made)
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        await ts.step(
            handle,
            CASEWORKER,
            ComplianceFailureBody(
                completed_on=today, failed_on=today, reasonable_excuse=False, details="Missed."
            ),
        )
        await ts.step(
            handle, CASEWORKER, WarningGivenBody(completed_on=today, bias_reflection=REFLECTION)
        )
        await env.sleep(timedelta(days=20))  # the warning's deadline passes quietly
        today = london_date(await env.get_current_time())
        for last in (False, True):  # a breach, to court, continued; then one re-sentenced
            await ts.step(
                handle,
                CASEWORKER,
                ComplianceFailureBody(
                    completed_on=today, failed_on=today, reasonable_excuse=False, details="Again."
                ),
            )
            await ts.step(
                handle,
                CASEWORKER,
                BreachActionBody(
                    completed_on=today, referred_to="court", bias_reflection=REFLECTION
                ),
            )
            await env.sleep(timedelta(days=15))
            today = london_date(await env.get_current_time())
            await handle.execute_update(
                PathwayWorkflow.order_change,
                OrderChange(
                    actor=feed,
                    change=OrderChangeKind.REVOKED_AND_RESENTENCED
                    if last
                    else OrderChangeKind.CONTINUED,
                    decided_on=today,
                    court_code="B01LY00",
                    new_pathway_id="pw-sample-resentenced" if last else None,
                ),
            )
        await handle.result()
        history: WorkflowHistory = await handle.fetch_history()
    return written(name, history)


async def record_programmes(name: str) -> Path:
    """A youth rehabilitation order's DV groups referral for the child and mother, its sessions
    (one attended, one missed and recorded as a failure to comply), a warning, and closure."""
    from contracts.common import DisposalType, Programme
    from contracts.programmes import SessionKind, SessionOutcomeBody, SessionPlannedBody
    from contracts.referrals import ReferralStatus

    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        made = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
        handle = await ts.start(made)
        await ts.allocate(handle)
        facts = AssessmentFacts(lives_with_caregiver=True, dv_exposure=True)
        await ts.step(handle, CASEWORKER, AssessmentBody(completed_on=today, facts=facts))
        dv = Programme.DV_GROUPS
        await ts.step(
            handle,
            CASEWORKER,
            InterventionReferralBody(
                completed_on=today,
                programme=dv,
                status=ReferralStatus.REFERRED,
                override_reason="professional judgement",
                bias_reflection=REFLECTION,
            ),
        )
        for status in (ReferralStatus.ACCEPTED, ReferralStatus.STARTED):
            await ts.step(
                handle,
                CASEWORKER,
                InterventionReferralBody(completed_on=today, programme=dv, status=status),
            )
        for _ in range(2):
            planned = SessionPlannedBody(
                completed_on=today, programme=dv, planned_on=today, kind=SessionKind.GROUP
            )
            await ts.step(handle, CASEWORKER, planned)
        await env.sleep(timedelta(days=7))
        today = london_date(await env.get_current_time())
        await ts.step(
            handle,
            CASEWORKER,
            SessionOutcomeBody(completed_on=today, programme=dv, session=1, attended=True),
        )
        missed = SessionOutcomeBody(
            completed_on=today,
            programme=dv,
            session=2,
            attended=False,
            acceptable_reason=False,
            record_as_failure=True,
        )
        await ts.step(handle, CASEWORKER, missed)
        from contracts.breach import WarningGivenBody

        warned = WarningGivenBody(completed_on=today, bias_reflection=REFLECTION)
        await ts.step(handle, CASEWORKER, warned)
        closed = ClosureBody(
            completed_on=today, reason=ClosureReason.REVOKED_EARLY, bias_reflection=REFLECTION
        )
        await outcome_data_if_taken(ts, handle, SUPERVISOR, today)
        await ts.step(handle, SUPERVISOR, closed)
        await handle.result()
        history: WorkflowHistory = await handle.fetch_history()
    return written(name, history)


async def record_formulation(name: str) -> Path:
    """Run a youth rehabilitation order through case formulation versions; write its history.

    The plan refused before the formulation; version 1 with an agreed action that falls
    overdue and escalates; a review, then version 2 (replacing version 1's open action); an
    agreed action done; closure (the `formulation-2026-12` patch).
    """
    from contracts.common import DisposalType
    from contracts.steps import AgreedAction, AgreedActionBody, CaseFormulationBody

    def formulation(on: date, due: date) -> CaseFormulationBody:
        return CaseFormulationBody(
            completed_on=on,
            agencies=["yjs", "education", "health"],
            formulation_summary="Offending linked to exclusion from school.",
            agreed_actions=[
                AgreedAction(
                    action="Return-to-school meeting",
                    owner_agency="education",
                    owner_person="Ms Patel",
                    due_on=due,
                )
            ],
            child_views="I want to go back to school.",
            family_views="We want help at home.",
            plain_language_summary="We agreed to help you back to school.",
            bias_reflection=REFLECTION,
        )

    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        inp = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
        handle = await ts.start(inp)
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        try:
            await ts.step(handle, CASEWORKER, InterventionPlanBody(completed_on=today))
        except Exception:  # noqa: BLE001 - refused in the validator: no trace in the history
            pass
        await ts.step(handle, CASEWORKER, formulation(today, today + timedelta(days=3)))
        await ts.step(handle, CASEWORKER, InterventionPlanBody(completed_on=today))
        await env.sleep(timedelta(days=10))  # the agreed action falls overdue and escalates
        today = london_date(await env.get_current_time())
        await ts.step(handle, CASEWORKER, ReviewBody(completed_on=today))
        await ts.step(handle, CASEWORKER, formulation(today, today + timedelta(days=5)))
        await ts.step(
            handle, CASEWORKER, AgreedActionBody(completed_on=today, action_id="action-v2-1")
        )
        await outcome_data_if_taken(ts, handle, CASEWORKER, today)
        await ts.step(
            handle,
            CASEWORKER,
            ClosureBody(
                bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.REVOKED_EARLY
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_victims(name: str) -> Path:
    """Run a 12-month DTO for violence with three victims, one by one; write its history."""
    from contracts.offences import OffenceGroup, OrderOffence
    from contracts.steps import RestorativeOption, VictimWithdrawalBody
    from contracts.victims import (
        RiskLevel,
        VictimContactSchemeReferralBody,
        VictimKind,
        VictimProgressUpdateBody,
        VictimSuitabilityBody,
        VictimToldWorkEndedBody,
    )

    violence = OrderOffence(
        offence_code="OF61018",
        title="Wounding with intent",
        group=OffenceGroup.VIOLENCE_AGAINST_THE_PERSON,
        mapping_version="2026.1",
    )
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        dto = DisposalType.DETENTION_AND_TRAINING_ORDER
        made = pathway_input(today, dto, length_months=12, victim=True)
        order = made.order.model_copy(update={"offences": [violence]})
        handle = await ts.start(made.model_copy(update={"order": order}))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        for ref, extra in (
            ("01YE-26-V1", {}),
            ("01YE-26-V2", {"under_18": True}),
            ("01YE-26-V3", {"kind": VictimKind.ORGANISATION, "organisation_name": "Shop Ltd"}),
        ):
            body = VictimDetailsReceivedBody(completed_on=today, police_reference=ref, **extra)  # type: ignore[arg-type]
            await ts.step(handle, POLICE_FEED, body)
        await env.sleep(timedelta(days=3))  # v2's enhanced contact escalates
        today = london_date(await env.get_current_time())
        for body in (
            VictimContactSchemeReferralBody(completed_on=today),
            VictimContactBody(completed_on=today, victim_id="v1", consent="declined"),
            VictimContactBody(completed_on=today, victim_id="v2", consent="consented"),
            VictimContactBody(completed_on=today, victim_id="v3", consent="consented"),
            VictimContactBody(completed_on=today, victim_id="v1", consent="consented"),
            VictimSuitabilityBody(
                completed_on=today,
                victim_id="v1",
                suitable=True,
                reason="Both ready.",
                risk=RiskLevel.LOW,
                bias_reflection=REFLECTION,
            ),
            VictimRestorativeOptionBody(
                completed_on=today,
                victim_id="v1",
                options_offered=[RestorativeOption.DIRECT_CONFERENCE],
                option=RestorativeOption.DIRECT_CONFERENCE,
            ),
            VictimProgressUpdateBody(completed_on=today, victim_id="v1", told="Meeting set."),
            VictimWithdrawalBody(completed_on=today, victim_id="v3"),
            VictimToldWorkEndedBody(completed_on=today, victim_id="v3"),
        ):
            await ts.step(handle, CASEWORKER, body)
        await env.sleep(timedelta(days=10))
        today = london_date(await env.get_current_time())
        for vid in ("v1", "v2"):
            await ts.step(
                handle, CASEWORKER, VictimToldWorkEndedBody(completed_on=today, victim_id=vid)
            )
        await outcome_data_if_taken(ts, handle, SUPERVISOR, today)
        await ts.step(
            handle,
            SUPERVISOR,
            ClosureBody(
                bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.REVOKED_EARLY
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_diversion(name: str) -> Path:
    """Run a diversion pathway through a youth conditional caution; write its history.

    A police referral allocated; the joint decision panel's caution with two conditions; first
    contact, the assessment (the programmes' rules), the case formulation and the plan in the
    child's own words; one condition complied with, the other falling overdue and escalating,
    then not complied with and sent back to the police; the exit plan; closure as completed
    (the `DiversionWorkflow`, issue 20).
    """
    from contracts.diversion import (
        ConditionIn,
        ConditionOutcomeBody,
        DiversionPlanBody,
        ExitPlanBody,
        JointDecisionPanelBody,
        NoncomplianceToPoliceBody,
        PanelOutcome,
    )
    from contracts.steps import AgreedAction, CaseFormulationBody
    from tests.factories import diversion_input

    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        handle = await ts.start(diversion_input(today), date_of_birth=date(2012, 3, 1))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        await ts.step(
            handle,
            SUPERVISOR,
            JointDecisionPanelBody(
                completed_on=today,
                outcome=PanelOutcome.YOUTH_CONDITIONAL_CAUTION,
                police_attendee="PS 1234",
                yjs_attendee="Youth justice practitioner",
                rationale="First offence, admitted.",
                conditions=[
                    ConditionIn(condition="Six sessions", due_on=today + timedelta(days=10)),
                    ConditionIn(condition="Apology letter", due_on=today + timedelta(days=30)),
                ],
                bias_reflection=REFLECTION,
            ),
        )
        await ts.step(handle, CASEWORKER, FirstContactBody(completed_on=today))
        await ts.step(
            handle, CASEWORKER, AssessmentBody(completed_on=today, facts=AssessmentFacts())
        )
        await ts.step(
            handle,
            CASEWORKER,
            CaseFormulationBody(
                completed_on=today,
                agencies=["yjs", "education", "police"],
                formulation_summary="Offending with older peers after school.",
                agreed_actions=[
                    AgreedAction(
                        action="Mentoring",
                        owner_agency="education",
                        owner_person="Mr Ade",
                        due_on=today + timedelta(days=5),
                    )
                ],
                child_views="I want to stay in school.",
                plain_language_summary="We will help you stay in school.",
                bias_reflection=REFLECTION,
            ),
        )
        await ts.step(
            handle,
            CASEWORKER,
            DiversionPlanBody(
                completed_on=today,
                plan_summary="Sessions and a mentor.",
                goals=["Stay in school"],
                child_own_words="I want to get my GCSEs.",
            ),
        )
        await ts.step(
            handle,
            CASEWORKER,
            ConditionOutcomeBody(completed_on=today, condition_id="c2", complied=True),
        )
        await env.sleep(timedelta(days=16))  # the sessions' condition falls overdue, escalates
        today = london_date(await env.get_current_time())
        await ts.step(
            handle,
            CASEWORKER,
            ConditionOutcomeBody(
                completed_on=today, condition_id="c1", complied=False, reason="Attended 2 of 6."
            ),
        )
        await ts.step(
            handle,
            CASEWORKER,
            NoncomplianceToPoliceBody(
                completed_on=today, condition_id="c1", police_contact="PS 1234"
            ),
        )
        await ts.step(
            handle,
            CASEWORKER,
            ExitPlanBody(
                completed_on=today, summary="Mentoring continues.", support_after="School."
            ),
        )
        await ts.step(
            handle,
            CASEWORKER,
            ClosureBody(
                bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.COMPLETED
            ),
        )


async def record_outcome_data(name: str) -> Path:
    """Run a 6-month youth rehabilitation order through its outcome data; write its history."""
    from samples import outcome_data
    from tests.workflows.test_journeys import formulation

    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        inp = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=6)
        handle = await ts.start(inp)
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        await env.sleep(timedelta(days=30))  # the start's outcome data escalates
        today = london_date(await env.get_current_time())
        for body in (
            FirstContactBody(completed_on=today),
            AssessmentBody(completed_on=today),
            outcome_data.start(today),
            formulation(today),
        ):
            await ts.step(handle, CASEWORKER, body)
        await env.sleep(timedelta(days=160))  # past the order's end
        today = london_date(await env.get_current_time())
        closed = ClosureBody(
            bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.COMPLETED
        )
        try:
            await ts.step(handle, CASEWORKER, closed)
        except Exception:  # noqa: BLE001 - refused in the validator: no trace in the history
            pass
        await ts.step(handle, CASEWORKER, outcome_data.end(today))
        await ts.step(handle, CASEWORKER, closed)
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


async def record_charge_link(name: str) -> Path:
    """Run a court order that followed a decision to charge (`charge-link-2026-12`)."""
    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        inp = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=6)
        handle = await ts.start(inp.model_copy(update={"charged_from": "pw-diversion0001"}))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley")
        )
        await env.sleep(timedelta(days=3))
        today = london_date(await env.get_current_time())
        await ts.step(handle, CASEWORKER, FirstContactBody(completed_on=today))
        await ts.step(
            handle,
            SUPERVISOR,
            ClosureBody(
                bias_reflection=REFLECTION,
                completed_on=today,
                reason=ClosureReason.REVOKED_EARLY,
                no_formulation_reason="Revoked on appeal before the formulation meeting.",
            ),
        )
        state = await handle.result()
        assert state.charged_from == "pw-diversion0001", state.charged_from
        history = await handle.fetch_history()
    return written(name, history)


async def record_arrears(name: str) -> Path:
    """Run a youth rehabilitation order recorded in arrears; write its history.

    Made 40 days ago and started with `in_arrears` (the demo's year): allocation and first
    contact recorded on their past days with the clock held, then the `caught_up` signal
    (tasks left undone fall overdue and escalate), then closure by a supervisor (the
    `arrears-2026-12` patch, ADR 0146).
    """
    from contracts.common import DisposalType

    async with recording() as (env, ts):
        today = london_date(await env.get_current_time())
        made = today - timedelta(days=40)
        inp = pathway_input(made, DisposalType.YOUTH_REHABILITATION_ORDER)
        handle = await ts.start(inp.model_copy(update={"in_arrears": True}))
        await ts.step(
            handle, SUPERVISOR, AllocationBody(completed_on=made, caseworker="c", team="bromley")
        )
        await ts.step(handle, CASEWORKER, FirstContactBody(completed_on=made + timedelta(days=2)))
        await handle.signal("caught_up")
        await env.sleep(timedelta(hours=1))
        await ts.step(
            handle,
            SUPERVISOR,
            ClosureBody(
                bias_reflection=REFLECTION,
                completed_on=today,
                reason=ClosureReason.REVOKED_EARLY,
                no_formulation_reason="Revoked before the formulation meeting.",
                no_outcome_data_reason="Revoked before the end.",
            ),
        )
        await handle.result()
        history = await handle.fetch_history()
    return written(name, history)


if __name__ == "__main__":
    if sys.argv[1] == "--arrears":
        sys.stdout.write(f"wrote {asyncio.run(record_arrears(sys.argv[2]))}\n")
    elif sys.argv[1] == "--charge-link":
        sys.stdout.write(f"wrote {asyncio.run(record_charge_link(sys.argv[2]))}\n")
    elif sys.argv[1] == "--diversion":
        sys.stdout.write(f"wrote {asyncio.run(record_diversion(sys.argv[2]))}\n")
    elif sys.argv[1] == "--outcome-data":
        sys.stdout.write(f"wrote {asyncio.run(record_outcome_data(sys.argv[2]))}\n")
    elif sys.argv[1] == "--victims":
        sys.stdout.write(f"wrote {asyncio.run(record_victims(sys.argv[2]))}\n")
    elif sys.argv[1] == "--formulation":
        sys.stdout.write(f"wrote {asyncio.run(record_formulation(sys.argv[2]))}\n")
    elif sys.argv[1] == "--programmes":
        sys.stdout.write(f"wrote {asyncio.run(record_programmes(sys.argv[2]))}\n")
    elif sys.argv[1] == "--restorative":
        sys.stdout.write(f"wrote {asyncio.run(record_restorative(sys.argv[2]))}\n")
    elif sys.argv[1] == "--breach":
        sys.stdout.write(f"wrote {asyncio.run(record_breach(sys.argv[2]))}\n")
    elif sys.argv[1] == "--transfer":
        sys.stdout.write(f"wrote {asyncio.run(record_transfer(sys.argv[2]))}\n")
    elif sys.argv[1] == "--language":
        sys.stdout.write(f"wrote {asyncio.run(record_language(sys.argv[2]))}\n")
    elif sys.argv[1] == "--dto":
        sys.stdout.write(f"wrote {asyncio.run(record_dto(sys.argv[2]))}\n")
    elif sys.argv[1] == "--retention":
        sys.stdout.write(f"wrote {asyncio.run(record_retention(sys.argv[2]))}\n")
    else:
        sys.stdout.write(f"wrote {asyncio.run(record(sys.argv[1]))}\n")
