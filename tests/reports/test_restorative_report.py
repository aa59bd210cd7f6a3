"""Restorative enquiries, parent work and panels in the reports, by what was really done.

Pathways are recorded through the workflow's own rules (`workflows.steps.record`) and written
by the projection, so the rows are the ones a running service writes.
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from contracts.common import DisposalType, Step
from contracts.pathway import DeadlinePolicy, PathwayState
from contracts.restorative import RestorativeWork
from contracts.steps import RestorativeEnquiryBody
from core.workdays import add_months
from readmodel.projection import write_projection
from reports.csv import to_csv
from reports.kpis import kpis
from reports.timeliness import timeliness
from samples.restorative import enquiry, final_panel, initial_panel, parent_work
from tests.factories import CASEWORKER, SUPERVISOR, pathway_input
from tests.reports.seed import HOLIDAYS
from workflows.steps import record
from workflows.tasks import Clock

MADE = date(2026, 1, 5)
NOW = datetime(2027, 6, 1, 12, tzinfo=UTC)


def referral_order() -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, DisposalType.REFERRAL_ORDER, length_months=6)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=add_months(MADE, 6),
        restorative=RestorativeWork(),
    )
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays)
    clock.open_initial_tasks(state)
    return state, clock


def test_a_declined_enquiry_is_not_done_and_panels_are_counted_as_they_sat(
    sessions: sessionmaker[Session],
) -> None:
    done, clock = referral_order()
    record(done, enquiry(date(2026, 1, 12)), CASEWORKER, clock, NOW)
    record(done, parent_work(date(2026, 1, 14), refer_to=["fft"]), CASEWORKER, clock, NOW)
    why = "A community member was taken ill; the family asked to go ahead."
    panel = initial_panel(
        date(2026, 1, 19),
        community_panel_members=1,
        not_quorate_reason=why,
        parent_attended=False,
        court_excused_parent=True,
    )
    record(done, panel, CASEWORKER, clock, NOW)
    record(done, final_panel(date(2026, 7, 1)), CASEWORKER, clock, NOW)
    declined, clock = referral_order()
    body = RestorativeEnquiryBody(completed_on=date(2026, 1, 12), not_done_reason="Declined.")
    record(declined, body, SUPERVISOR, clock, NOW)
    with sessions.begin() as s:
        assert write_projection(s, done) and write_projection(s, declined)
    with sessions() as s:
        k = kpis(s).restorative
        report = timeliness(s, holidays=HOLIDAYS)
        csv = to_csv(kpis(s))
    assert (k.enquiries_done, k.enquiries_not_done, k.ready) == (1, 1, 1)
    assert (k.parent_work_done, k.parent_work_cancelled, k.parent_work_referring) == (1, 1, 1)
    assert (k.initial_panels, k.progress_panels, k.final_panels) == (1, 0, 1)
    assert (k.panels_not_quorate, k.panels_parent_attended, k.panels_parent_excused_by_court) == (
        1,
        1,
        1,
    )
    lines = {line.step: line for line in report.steps}
    enquiry_line = lines[Step.RESTORATIVE_ENQUIRY.value]
    # The declined enquiry is not done, apart: never on time, not in the share.
    assert (enquiry_line.tasks, enquiry_line.done_on_time, enquiry_line.not_done) == (1, 1, 1)
    assert enquiry_line.on_time == 1.0
    assert lines[Step.PARENT_RESTORATIVE_WORK.value].not_done == 1
    assert lines[Step.FINAL_PANEL.value].done == 1
    assert "restorative,enquiries_not_done,1" in csv
