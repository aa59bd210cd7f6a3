"""Case formulation in the read model and the KPIs (issue 18): the owner on an agreed action's
task row and in the task lists, the version on the pathway's row, closures without one counted."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from access import Role
from access.scope import scope_of
from contracts.common import PathwayStatus, Step, TaskStatus
from contracts.formulation import DEFAULT_AGENCIES, FormulationWaiver
from contracts.pathway import CaseFormulation, PathwayState, Task
from contracts.steps import AgreedAction, ClosureReason
from readmodel.projection import write_projection
from readmodel.queries import Filters, overdue_tasks
from readmodel.tables import PathwayRow
from reports.csv import to_csv
from reports.kpis import kpis
from tests.factories import pathway_input

MADE = date(2026, 3, 27)


def a_state(pathway_id: str, **fields: object) -> PathwayState:
    inp = pathway_input(MADE)
    return PathwayState(
        pathway_id=pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=MADE + timedelta(days=182),
        caseworker="casey",
        team="bromley",
        version=1,
        formulation_rules=True,
        **fields,  # type: ignore[arg-type]
    )


def version(n: int) -> CaseFormulation:
    action = AgreedAction(
        action="Book CAMHS",
        owner_agency="camhs",
        owner_person="Dr Okafor",
        due_on=date(2026, 6, 19),
    )
    return CaseFormulation(
        meeting_on=date(2026, 6, 5),
        agencies_present=["yjs", "camhs", "education"],
        formulation_summary="s",
        agreed_actions=[action],
        child_views="c",
        plain_language_summary="p",
        version=n,
        action_ids=[f"action-v{n}-1"],
    )


def test_owners_versions_and_closures_without_a_formulation_reach_the_lists_and_kpis(
    sessions: sessionmaker[Session],
) -> None:
    overdue = Task(
        task_id="action-v2-1",
        step=Step.AGREED_ACTION,
        status=TaskStatus.OVERDUE,
        due_date=date(2026, 6, 19),
        escalate_on=date(2026, 6, 23),
        opened_on=date(2026, 6, 5),
        owner_agency="camhs",
        owner_person="Dr Okafor",
    )
    revised = a_state("p-revised", formulations=[version(1), version(2)], formulation=version(2))
    revised.tasks.append(overdue)
    waived = a_state(
        "p-waived",
        status=PathwayStatus.CLOSED,
        closure_reason=ClosureReason.REVOKED_EARLY,
        closed_without_formulation=FormulationWaiver(reason="r", by="sam", on=date(2026, 4, 1)),
    )
    closed_with = a_state(
        "p-closed-with",
        status=PathwayStatus.CLOSED,
        closure_reason=ClosureReason.COMPLETED,
        formulations=[version(1)],
        formulation=version(1),
    )
    with sessions.begin() as s:
        for state in (revised, waived, closed_with, a_state("p-none")):
            assert write_projection(s, state)
    with sessions() as s:
        row = s.scalars(select(PathwayRow).where(PathwayRow.pathway_id == "p-revised")).one()
        assert (row.formulation_version, row.closed_without_formulation) == (2, False)
        [line] = overdue_tasks(
            s,
            scope=scope_of(Role.SUPERVISOR, "bromley", None),
            filters=Filters(step="agreed_action"),
            today=date(2026, 12, 6),
            holidays=(),
        )
        assert (line.task_id, line.owner_agency, line.owner_person) == (
            "action-v2-1",
            "camhs",
            "Dr Okafor",
        )
        report = kpis(s)
    f = report.formulation
    assert (f.with_formulation, f.revised, f.closed, f.closed_without_formulation) == (2, 1, 2, 1)
    assert "formulation,closed_without_formulation,1" in to_csv(report).replace("\r", "")
    assert any(a.id == "camhs" for a in DEFAULT_AGENCIES)
