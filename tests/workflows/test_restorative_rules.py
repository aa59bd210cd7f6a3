"""The restorative enquiry, parent work and panel rules as pure functions: each refusal.

Pathways started under the `restorative-2026-12` patch carry `state.restorative`; one without
it (started earlier) keeps the older rules, shown last. On the time-skipping server:
`tests/workflows/test_restorative.py`.
"""

from datetime import UTC, date, datetime

import pytest

from contracts.common import DisposalType, PathwayStatus, Programme, Step, TaskStatus
from contracts.pathway import DeadlinePolicy, PathwayState
from contracts.restorative import PanelKind, Readiness, RestorativeWork
from contracts.steps import (
    ClosureBody,
    ClosureReason,
    InitialPanelBody,
    ParentRestorativeWorkBody,
    RestorativeEnquiryBody,
)
from core.workdays import add_months
from samples.restorative import enquiry, final_panel, initial_panel, parent_work, progress_panel
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from workflows.steps import record
from workflows.tasks import Clock, StepRefused

MADE = date(2026, 1, 5)
ENQUIRY = date(2026, 1, 19)
PANEL = date(2026, 2, 2)
NOW = datetime(2028, 1, 1, 12, tzinfo=UTC)


def new_state(*, patched: bool = True, age: int = 15) -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, DisposalType.REFERRAL_ORDER, length_months=12)
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child.model_copy(update={"age_at_order": age}),
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=add_months(MADE, 12),
        restorative=RestorativeWork() if patched else None,
    )
    clock.open_initial_tasks(state)
    return state, clock


def refused(state: PathwayState, clock: Clock, body: object, actor: object = CASEWORKER) -> str:
    """The refusal, on a copy: the workflow swaps in the copy only when nothing refused."""
    with pytest.raises(StepRefused) as refusal:
        record(state.model_copy(deep=True), body, actor, clock, NOW)  # type: ignore[arg-type]
    return str(refusal.value)


def panelled(**overrides: object) -> tuple[PathwayState, Clock]:
    state, clock = new_state(**overrides)  # type: ignore[arg-type]
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    record(state, initial_panel(PANEL), CASEWORKER, clock, NOW)
    return state, clock


# The enquiry.


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"harmed_parties": []}, "harmed_parties:"),
        ({"child_account": None}, "child_account:"),
        ({"willing_to_do": None}, "willing_to_do:"),
        ({"readiness": None}, "readiness:"),
    ],
)
def test_an_enquiry_without_each_part_is_refused_naming_it(
    missing: dict[str, object], field: str
) -> None:
    state, clock = new_state()
    body = enquiry(ENQUIRY).model_copy(update=missing)
    assert refused(state, clock, body).startswith(field)
    assert state.task(Step.RESTORATIVE_ENQUIRY.value).status == TaskStatus.OPEN  # type: ignore[union-attr]


def test_an_enquiry_with_content_is_kept_and_opens_the_parent_work() -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    assert state.restorative is not None and state.restorative.enquiry is not None
    assert state.restorative.enquiry.readiness == Readiness.READY
    assert state.done(Step.RESTORATIVE_ENQUIRY.value)
    parent = state.task(Step.PARENT_RESTORATIVE_WORK.value)
    assert parent is not None and parent.status == TaskStatus.OPEN


def test_an_enquiry_not_done_is_a_supervisors_and_cancels_the_parent_work() -> None:
    state, clock = new_state()
    body = RestorativeEnquiryBody(completed_on=ENQUIRY, not_done_reason="The child declined.")
    assert "only a supervisor" in refused(state, clock, body)
    record(state, body, SUPERVISOR, clock, NOW)
    done = state.task(Step.RESTORATIVE_ENQUIRY.value)
    parent = state.task(Step.PARENT_RESTORATIVE_WORK.value)
    assert done is not None and parent is not None
    assert (done.status, done.not_done, done.completed_on) == (TaskStatus.CANCELLED, True, ENQUIRY)
    assert (parent.status, parent.not_done) == (TaskStatus.CANCELLED, True)
    assert not state.done(Step.RESTORATIVE_ENQUIRY.value)
    # Recorded once; the parent work is refused with the reason; the panel may still sit.
    assert "already recorded" in refused(state, clock, enquiry(ENQUIRY), SUPERVISOR)
    assert "was not done" in refused(state, clock, parent_work(PANEL))
    record(state, initial_panel(PANEL), CASEWORKER, clock, NOW)
    assert state.done(Step.INITIAL_PANEL.value)


def test_an_enquiry_with_content_and_a_not_done_reason_is_invalid() -> None:
    with pytest.raises(ValueError, match="not_done_reason"):
        RestorativeEnquiryBody(
            completed_on=ENQUIRY, not_done_reason="Declined.", readiness=Readiness.READY
        )


# Parent work.


@pytest.mark.parametrize("field", ["carer", "harm_addressed", "next_steps"])
def test_parent_work_without_each_part_is_refused_naming_it(field: str) -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    assert refused(state, clock, parent_work(PANEL, **{field: None})).startswith(f"{field}:")


def test_parent_work_before_the_enquiry_is_refused() -> None:
    state, clock = new_state()
    assert "restorative enquiry" in refused(state, clock, parent_work(PANEL))


def test_parent_work_referring_to_a_programme_opens_a_referral_decision() -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    record(state, parent_work(PANEL, refer_to=["nvr"]), CASEWORKER, clock, NOW)
    assert state.restorative is not None and state.restorative.parent_work is not None
    assert state.restorative.parent_work.refer_to == [Programme.NVR]
    decision = state.task(Step.INTERVENTION_REFERRAL.value)
    assert decision is not None and decision.status == TaskStatus.OPEN
    assert decision.due_date == clock.due(PANEL, clock.policy.intervention_referral)


def test_a_second_referral_decision_opens_when_the_first_was_made() -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    clock.open_task(state, "intervention_referral", Step.INTERVENTION_REFERRAL, PANEL, MADE)
    state.task("intervention_referral").status = TaskStatus.DONE  # type: ignore[union-attr]
    record(state, parent_work(PANEL, refer_to=["fft"]), CASEWORKER, clock, NOW)
    second = state.task("intervention_referral-2")
    assert second is not None and second.status == TaskStatus.OPEN


# Panels.


def test_an_initial_panel_with_one_community_member_and_no_reason_is_refused() -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    reason = refused(state, clock, initial_panel(PANEL, community_panel_members=1))
    assert reason.startswith("not_quorate_reason:") and "s. 91(4)" in reason
    # With the reason it sits, and the record says it was not quorate.
    why = "A community member was taken ill; the family asked to go ahead."
    body = initial_panel(PANEL, community_panel_members=1, not_quorate_reason=why)
    record(state, body, CASEWORKER, clock, NOW)
    assert state.restorative is not None
    assert not state.restorative.panels[0].quorate


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"youth_justice_members": 0}, "not_quorate_reason:"),
        ({"youth_justice_members": None}, "youth_justice_members:"),
        ({"community_panel_members": None}, "community_panel_members:"),
        ({"not_quorate_reason": "No reason needed."}, "not_quorate_reason:"),
        ({"parent_attended": None}, "parent_attended:"),
        ({"contract_elements": []}, "contract_elements:"),
    ],
)
def test_an_initial_panel_missing_each_part_is_refused_naming_it(
    change: dict[str, object], field: str
) -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    assert refused(state, clock, initial_panel(PANEL, **change)).startswith(field)


def test_a_parent_of_a_child_under_16_must_attend_unless_the_court_decided_otherwise() -> None:
    state, clock = new_state(age=15)
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    reason = refused(state, clock, initial_panel(PANEL, parent_attended=False))
    assert reason.startswith("parent_attended:") and "s. 90" in reason
    excused = initial_panel(PANEL, parent_attended=False, court_excused_parent=True)
    record(state, excused, CASEWORKER, clock, NOW)
    assert state.done(Step.INITIAL_PANEL.value)


def test_a_child_of_16_may_come_to_the_panel_without_a_parent() -> None:
    state, clock = new_state(age=16)
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    record(state, initial_panel(PANEL, parent_attended=False), CASEWORKER, clock, NOW)
    assert state.done(Step.INITIAL_PANEL.value)


def test_the_contract_sets_the_progress_panels_and_the_final_panel() -> None:
    state, clock = new_state()
    record(state, enquiry(ENQUIRY), CASEWORKER, clock, NOW)
    record(state, initial_panel(PANEL, progress_panel_interval_months=2), CASEWORKER, clock, NOW)
    first = state.task("progress_panel-1")
    final = state.task(Step.FINAL_PANEL.value)
    assert first is not None and first.due_date == add_months(PANEL, 2)
    assert final is not None and final.due_date == state.order_ends_on == add_months(PANEL, 12)
    # The next falls due the interval after the panel as held.
    held = date(2026, 3, 30)
    record(state, progress_panel(held), CASEWORKER, clock, NOW)
    second = state.task("progress_panel-2")
    assert state.done("progress_panel-1") and second is not None
    assert second.due_date == add_months(held, 2)
    # The final panel ends the progress panels still open.
    record(state, final_panel(date(2026, 5, 4)), CASEWORKER, clock, NOW)
    assert second.status == TaskStatus.CANCELLED and state.done(Step.FINAL_PANEL.value)
    assert state.restorative is not None
    assert [p.kind for p in state.restorative.panels] == [
        PanelKind.INITIAL,
        PanelKind.PROGRESS,
        PanelKind.FINAL,
    ]


def test_an_interval_over_3_months_is_invalid() -> None:
    with pytest.raises(ValueError, match="progress_panel_interval_months"):
        InitialPanelBody(completed_on=PANEL, progress_panel_interval_months=4)


def test_progress_and_final_panels_are_refused_before_the_initial_panel() -> None:
    state, clock = new_state()
    assert "initial panel" in refused(state, clock, progress_panel(PANEL))
    assert "initial panel" in refused(state, clock, final_panel(PANEL))


def test_a_progress_panel_is_refused_quorum_and_parent_as_the_first() -> None:
    state, clock = panelled()
    held = date(2026, 4, 27)
    assert refused(state, clock, progress_panel(held, community_panel_members=1)).startswith(
        "not_quorate_reason:"
    )
    assert refused(state, clock, final_panel(held, parent_attended=False)).startswith(
        "parent_attended:"
    )
    assert "before the last panel" in refused(state, clock, progress_panel(date(2026, 1, 30)))


def test_a_final_panel_is_recorded_once() -> None:
    state, clock = panelled()
    record(state, final_panel(date(2026, 12, 1)), CASEWORKER, clock, NOW)
    assert "already recorded" in refused(state, clock, final_panel(date(2026, 12, 2)))


def closure(on: date) -> ClosureBody:
    return ClosureBody(completed_on=on, reason=ClosureReason.COMPLETED, bias_reflection=REFLECTION)


def test_a_referral_order_closes_as_completed_only_after_its_final_panel() -> None:
    state, clock = panelled()
    end = state.order_ends_on
    reason = refused(state, clock, closure(end))
    assert reason.startswith("reason:") and "final panel" in reason
    record(state, final_panel(end), CASEWORKER, clock, NOW)
    record(state, closure(end), CASEWORKER, clock, NOW)
    assert state.status == PathwayStatus.CLOSED


def test_other_closures_need_no_final_panel() -> None:
    state, clock = panelled()
    body = closure(PANEL).model_copy(update={"reason": ClosureReason.REVOKED_EARLY})
    record(state, body, CASEWORKER, clock, NOW)
    assert state.status == PathwayStatus.CLOSED


# A pathway started before the patch keeps the rules it started with.


def test_a_pathway_started_before_the_patch_keeps_the_older_rules() -> None:
    state, clock = new_state(patched=False)
    declined = RestorativeEnquiryBody(completed_on=ENQUIRY, not_done_reason="Declined.")
    record(state, declined, SUPERVISOR, clock, NOW)
    assert state.done(Step.RESTORATIVE_ENQUIRY.value)  # as it always was
    record(state, InitialPanelBody(completed_on=PANEL), CASEWORKER, clock, NOW)
    record(state, ParentRestorativeWorkBody(completed_on=PANEL), CASEWORKER, clock, NOW)
    assert state.task(Step.FINAL_PANEL.value) is None
    assert "initial panel" in refused(state, clock, final_panel(PANEL))
    record(state, closure(state.order_ends_on), CASEWORKER, clock, NOW)
    assert state.status == PathwayStatus.CLOSED
