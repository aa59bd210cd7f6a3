"""Every step that is not allowed now is refused with a reason, and leaves nothing behind."""

from datetime import date, timedelta

import pytest

from contracts.common import DisposalType
from contracts.steps import (
    AllocationBody,
    ClosureBody,
    ClosureReason,
    CustodyPlanningBody,
    FirstContactBody,
    InitialPanelBody,
    InterventionPlanBody,
    ParentRestorativeWorkBody,
    RestorativeEnquiryBody,
    StepBody,
    VictimContactBody,
    VictimDetailsReceivedBody,
)
from samples.restorative import enquiry, initial_panel
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness

MADE = date(2026, 3, 27)

CASES = [
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        InitialPanelBody(completed_on=date(2026, 4, 20)),
        "restorative enquiry",
        id="the initial panel before the restorative enquiry",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        ParentRestorativeWorkBody(completed_on=date(2026, 4, 20)),
        "restorative enquiry",
        id="parent restorative work before the restorative enquiry",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [enquiry(date(2026, 4, 14))],
        InitialPanelBody(completed_on=date(2026, 4, 13)),
        "before the restorative enquiry on 2026-04-14",
        id="a panel dated before the enquiry it follows",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        CustodyPlanningBody(completed_on=date(2026, 4, 1)),
        "does not apply to a referral order",
        id="custody planning on a referral order",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        InterventionPlanBody(completed_on=date(2026, 4, 1)),
        "does not apply to a referral order",
        id="an intervention plan on a referral order",
    ),
    pytest.param(
        DisposalType.YOUTH_REHABILITATION_ORDER,
        [],
        InitialPanelBody(completed_on=date(2026, 4, 1)),
        "does not apply to a youth rehabilitation order",
        id="a panel on a youth rehabilitation order",
    ),
    pytest.param(
        DisposalType.YOUTH_REHABILITATION_ORDER,
        [],
        CustodyPlanningBody(completed_on=date(2026, 4, 1)),
        "does not apply to a youth rehabilitation order",
        id="custody planning on a YRO",
    ),
    pytest.param(
        DisposalType.DETENTION_AND_TRAINING_ORDER,
        [],
        RestorativeEnquiryBody(completed_on=date(2026, 4, 1)),
        "does not apply to a detention and training order",
        id="a restorative enquiry on a DTO",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        FirstContactBody(completed_on=date(2026, 3, 26)),
        "before the order was made on 2026-03-27",
        id="a completion date before the order",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        FirstContactBody(completed_on=date.today() + timedelta(days=3)),
        "is in the future",
        id="a completion date in the future",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [FirstContactBody(completed_on=date(2026, 4, 1))],
        FirstContactBody(completed_on=date(2026, 4, 2)),
        "already recorded on 2026-04-01",
        id="first contact recorded twice",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        VictimDetailsReceivedBody(completed_on=date(2026, 4, 1)),
        "no offence with an identified direct victim",
        id="victim details on an order without a victim",
    ),
    pytest.param(
        DisposalType.REFERRAL_ORDER,
        [],
        ClosureBody(bias_reflection=REFLECTION, completed_on=date(2026, 4, 1), reason=ClosureReason.COMPLETED),
        "must have run to its end",
        id="closing as completed before the order has run",
    ),
]


@pytest.mark.parametrize(("disposal", "before", "body", "reason"), CASES)
async def test_refused(
    ts: Harness, disposal: DisposalType, before: list[StepBody], body: StepBody, reason: str
) -> None:
    handle = await ts.start(pathway_input(MADE, disposal))
    await ts.allocate(handle)  # so the caseworker's team sees it
    for earlier in before:
        await ts.step(handle, CASEWORKER, earlier)
    state_before = await ts.state(handle)
    assert reason in await ts.refused(handle, CASEWORKER, body)
    assert await ts.state(handle) == state_before, "a refused step must leave no trace"


async def test_only_a_supervisor_allocates(ts: Harness) -> None:
    handle = await ts.start(pathway_input(MADE))
    body = AllocationBody(completed_on=date(2026, 3, 30), caseworker="casey.worker", team="bromley")
    state = await ts.step(handle, SUPERVISOR, body)
    assert state.caseworker == "casey.worker" and state.case_manager_changes == 0
    other = AllocationBody(
        completed_on=date(2026, 4, 10), caseworker="robin.worker", team="bromley"
    )
    # Refused once the caseworker's team has it (before, the pathway is not visible to them).
    assert "only a supervisor" in await ts.refused(handle, CASEWORKER, other)
    state = await ts.step(handle, SUPERVISOR, other)
    assert state.caseworker == "robin.worker" and state.case_manager_changes == 1


async def test_only_a_supervisor_records_why_an_enquiry_was_not_done(ts: Harness) -> None:
    handle = await ts.start(pathway_input(MADE))
    body = RestorativeEnquiryBody(
        completed_on=date(2026, 4, 2), not_done_reason="child in hospital"
    )
    await ts.allocate(handle)  # so the caseworker's team sees it
    assert "only a supervisor" in await ts.refused(handle, CASEWORKER, body)
    await ts.step(handle, SUPERVISOR, body)
    await ts.step(handle, CASEWORKER, initial_panel(date(2026, 4, 20)))


async def test_nothing_is_recorded_on_a_closed_pathway(ts: Harness) -> None:
    handle = await ts.start(pathway_input(MADE))
    await ts.allocate(handle)  # so the caseworker's team sees it
    await ts.step(
        handle,
        SUPERVISOR,
        ClosureBody(
            bias_reflection=REFLECTION,
            completed_on=date(2026, 5, 1),
            reason=ClosureReason.SUPERSEDED,
            no_formulation_reason="Superseded before the meeting could be held.",
            no_outcome_data_reason="Superseded before any outcome data was gathered.",
        ),
    )
    assert "closed" in await ts.refused(
        handle, CASEWORKER, FirstContactBody(completed_on=date(2026, 5, 2))
    )


async def test_a_victim_who_opted_out_is_never_contacted(ts: Harness) -> None:
    handle = await ts.start(pathway_input(MADE, victim=True))
    await ts.allocate(handle)  # so the caseworker's team sees it
    await ts.step(
        handle, CASEWORKER, VictimDetailsReceivedBody(completed_on=date(2026, 4, 1), opted_out=True)
    )
    reason = await ts.refused(
        handle, CASEWORKER, VictimContactBody(completed_on=date(2026, 4, 2), consent="consented")
    )
    assert "opted out" in reason
    state = await ts.state(handle)
    assert state.task("victim_contact") is None
