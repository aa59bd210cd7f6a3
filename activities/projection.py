"""The projection: the workflow's state, written into the read model idempotently."""

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.common import Step
from contracts.pathway import PathwayState
from contracts.referrals import ReferralStatus
from db.readmodel import (
    BiasReflectionRow,
    DecisionRow,
    PathwayRow,
    ReferralRow,
    TaskRow,
    VictimRow,
)


def write_projection(session: Session, state: PathwayState) -> bool:
    """Write one pathway's rows unless a newer version is already there; return if written."""
    row = session.get(PathwayRow, state.pathway_id, with_for_update=True)
    if row is not None and row.version >= state.version:
        return False
    closure = state.task(Step.CLOSURE.value)
    values = dict(
        child_id=state.child.child_id,
        disposal=state.order.disposal.value,
        status=state.status.value,
        caseworker=state.caseworker,
        team=state.team,
        made_on=state.order.made_on,
        order_starts_on=state.order_starts_on,
        order_ends_on=state.order_ends_on,
        closure_reason=state.closure_reason.value if state.closure_reason else None,
        closed_on=closure.completed_on if closure and state.closure_reason else None,
        case_manager_changes=state.case_manager_changes,
        gender=state.child.gender.value,
        ethnicity=state.child.ethnicity,
        age_at_order=state.child.age_at_order,
        has_victim=state.order.has_identified_victim,
        version=state.version,
        updated_at=datetime.now(UTC),
    )
    if row is None:
        session.add(PathwayRow(pathway_id=state.pathway_id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    # Tasks are replaced whole: a pathway has a few dozen at most.
    session.execute(delete(TaskRow).where(TaskRow.pathway_id == state.pathway_id))
    session.add_all(
        TaskRow(
            pathway_id=state.pathway_id,
            task_id=t.task_id,
            step=t.step.value,
            status=t.status.value,
            due_date=t.due_date,
            escalate_on=t.escalate_on,
            opened_on=t.opened_on,
            completed_on=t.completed_on,
            escalated=t.escalated,
            caseworker=state.caseworker,
            team=state.team,
        )
        for t in state.tasks
    )
    session.execute(delete(VictimRow).where(VictimRow.pathway_id == state.pathway_id))
    if state.victim is not None:
        v = state.victim
        session.add(
            VictimRow(
                pathway_id=state.pathway_id,
                stage=v.stage.value,
                enhanced=v.enhanced,
                details_received_on=v.details_received_on,
                consent=v.consent.value if v.consent else None,
                option=v.option.value if v.option else None,
                told_work_ended_on=v.told_work_ended_on,
            )
        )
    _write_decisions(session, state)
    return True


def _write_decisions(session: Session, state: PathwayState) -> None:
    pid = state.pathway_id
    for table in (DecisionRow, ReferralRow, BiasReflectionRow):
        session.execute(delete(table).where(table.pathway_id == pid))
    if state.eligibility is not None:
        session.add_all(
            DecisionRow(
                pathway_id=pid,
                programme=programme.value,
                status=d.status.value,
                ruleset_version=d.ruleset_version,
                evaluated_on=d.evaluated_on,
                missing_facts=d.missing_facts,
            )
            for programme, d in state.eligibility.by_programme().items()
        )
    for r in state.referrals:
        dates = {e.status: e.on for e in r.history}
        ended = [
            dates[s]
            for s in (ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.DISENGAGED)
            if s in dates
        ]
        session.add(
            ReferralRow(
                pathway_id=pid,
                programme=r.programme.value,
                status=r.status.value,
                eligibility_at_referral=r.eligibility_at_referral,
                override_reason=r.override_reason,
                overridden_by=r.overridden_by,
                first_on=r.history[0].on if r.history else state.order.made_on,
                referred_on=dates.get(ReferralStatus.REFERRED),
                started_on=dates.get(ReferralStatus.STARTED),
                ended_on=ended[0] if ended else None,
            )
        )
    session.add_all(
        BiasReflectionRow(
            pathway_id=pid,
            seq=i,
            decision=b.decision,
            on=b.on,
            by=b.by,
            aspects_considered=[a.value for a in b.aspects_considered],
            colleague_consulted=b.colleague_consulted,
            note=b.note,
        )
        for i, b in enumerate(state.bias_reflections)
    )


class ProjectionActivities:
    """Keeps the read model in step with the workflows."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="project_pathway")
    def project_pathway(self, state: PathwayState) -> bool:
        """Write the pathway's state into the read model (a stale or repeated call is a no-op)."""
        with self._sessions.begin() as session:
            return write_projection(session, state)
