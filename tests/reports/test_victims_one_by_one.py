"""Reports count victims one by one, from the read model the projection writes (ADR 0120).

A pathway's state is built and its steps recorded by the workflow's own pure functions, then
projected: the KPIs count each victim, the share engaged in restorative justice is over the
victims who consented, and timeliness counts each victim's contact task.
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from contracts.pathway import PathwayState
from contracts.steps import (
    RestorativeOption,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from core.bank_holidays import england_and_wales
from readmodel.projection import write_projection
from reports.kpis import kpis
from reports.timeliness import timeliness
from samples.orders import CASEWORKER, SUPERVISOR, pathway_input
from workflows.steps import record
from workflows.tasks import Clock
from workflows.victim_tracks import start_victims

MADE = date(2026, 3, 2)
NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


def four_victims() -> PathwayState:
    """v1 took part; v2 consented, then withdrew; v3 declined; v4 opted out."""
    inp = pathway_input(MADE, victim=True)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=date(2026, 9, 2),
    )
    clock = Clock(inp.deadlines, inp.calendar.holidays)
    clock.open_initial_tasks(state)
    start_victims(state, clock)
    on = date(2026, 3, 3)
    late = date(2026, 3, 16)  # after v2's 5 working days: late
    bodies = [
        VictimDetailsReceivedBody(completed_on=on, police_reference="R-1"),
        VictimDetailsReceivedBody(completed_on=on, police_reference="R-2"),
        VictimDetailsReceivedBody(completed_on=on, police_reference="R-3"),
        VictimDetailsReceivedBody(completed_on=on, police_reference="R-4", opted_out=True),
        VictimContactBody(completed_on=on, victim_id="v1", consent="consented"),
        VictimContactBody(completed_on=late, victim_id="v2", consent="consented"),
        VictimContactBody(completed_on=on, victim_id="v3", consent="declined"),
        VictimRestorativeOptionBody(
            completed_on=on,
            victim_id="v1",
            options_offered=[RestorativeOption.LETTER_OF_EXPLANATION],
            option=RestorativeOption.LETTER_OF_EXPLANATION,
        ),
        VictimWithdrawalBody(completed_on=late, victim_id="v2"),
    ]
    for body in bodies:
        actor = SUPERVISOR if body.step == "victim_details_received" else CASEWORKER
        record(state, body, actor, clock, NOW)
    return state


def test_victims_are_counted_one_by_one_and_engagement_is_of_those_who_consented(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        write_projection(s, four_victims())
    with sessions() as s:
        v = kpis(s).victims
        steps = {
            line.step: line
            for line in timeliness(s, holidays=england_and_wales(2026, 2027).holidays).steps
        }
    assert (v.identified, v.details_received, v.opted_out) == (1, 4, 1)
    assert (v.contacted, v.consenting, v.taking_part, v.withdrew) == (3, 2, 1, 1)
    # Engaged in restorative justice: 1 of the 2 who consented (not of the 3 contacted).
    assert v.taking_part_share == 0.5
    contact = steps["victim_contact"]
    assert (contact.tasks, contact.done_on_time, contact.done_late) == (3, 2, 1)
    told = steps["victim_told_work_ended"]
    assert told.tasks == 0, "v2's telling task is open and not yet due"
