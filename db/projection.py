"""Writing a pathway's state into the read model, idempotently by its version.

Used by the projection activity (`activities/projection.py`) and by the API and pages, which
write the state a step's update returns (ADR 0070). See `db/readmodel.py` for the tables.
"""

import logging
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Insert, Table, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from contracts.common import Step
from contracts.pathway import PathwayState
from contracts.referrals import Referral, ReferralStatus
from db.readmodel import (
    BiasReflectionRow,
    DecisionRow,
    PathwayRow,
    ReferralRow,
    TaskRow,
    VictimRow,
)
from db.tables import Base

log = logging.getLogger(__name__)


def project(sessions: sessionmaker[Session], state: PathwayState) -> bool:
    """Write the state in a transaction of its own; return whether it was newer."""
    with sessions.begin() as session:
        return write_projection(session, state)


def project_quietly(sessions: sessionmaker[Session], state: PathwayState) -> None:
    """Write the state as a caller that changed it; a failure is logged, not raised.

    The workflow projects the same state itself a little later (the safety net), so a caller
    whose write failed (a database outage) loses nothing.
    """
    try:
        project(sessions, state)
    except Exception:
        log.warning(
            "the read model was not updated for %s version %s: the workflow will retry",
            state.pathway_id,
            state.version,
            exc_info=True,
        )


def write_projection(session: Session, state: PathwayState) -> bool:
    """Write one pathway's rows unless a newer version is already there; return if written.

    Two writers may project the same pathway at once (the caller that made a change, and the
    workflow's own projection): the version check and the write are one statement (a
    conditional UPDATE, else an INSERT that does nothing on conflict), so an older state never
    overwrites a newer one on SQLite or PostgreSQL. Plain SQL statements, no ORM objects: the
    projection runs after every change, and the ORM's unit of work cost more than the writes.
    """
    pid = state.pathway_id
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
        has_victim=state.order.has_identified_victim or state.victim is not None,
        version=state.version,
        updated_at=datetime.now(UTC),
    )
    pathways = _core(PathwayRow)
    newer = update(pathways).where(pathways.c.pathway_id == pid, pathways.c.version < state.version)
    # RETURNING, not row counts: the PostgreSQL driver reports -1 for the INSERT.
    key = pathways.c.pathway_id
    if session.execute(newer.values(**values).returning(key)).scalar() is None:
        insert_new = _insert_if_absent(session, pathways).values(pathway_id=pid, **values)
        if session.execute(insert_new.returning(key)).scalar() is None:
            return False  # the row holds this version or a newer one
    # Tasks are replaced whole: a pathway has a few dozen at most.
    _replace(
        session,
        TaskRow,
        pid,
        [
            dict(
                pathway_id=pid,
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
        ],
    )
    v = state.victim
    _replace(
        session,
        VictimRow,
        pid,
        []
        if v is None
        else [
            dict(
                pathway_id=pid,
                stage=v.stage.value,
                enhanced=v.enhanced,
                details_received_on=v.details_received_on,
                consent=v.consent.value if v.consent else None,
                option=v.option.value if v.option else None,
                told_work_ended_on=v.told_work_ended_on,
            )
        ],
    )
    _write_decisions(session, state)
    return True


def _replace(
    session: Session, table: type[Base], pathway_id: str, rows: list[dict[str, Any]]
) -> None:
    """Delete a pathway's rows of one table and insert `rows` in their place."""
    core = _core(table)
    session.execute(delete(core).where(core.c.pathway_id == pathway_id))
    if rows:
        session.execute(insert(core), rows)


def _core(table: type[Base]) -> Table:
    return cast(Table, table.__table__)


def _insert_if_absent(session: Session, table: Table) -> Insert:
    """An INSERT that does nothing when the primary key is already there (either database)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def _write_decisions(session: Session, state: PathwayState) -> None:
    pid = state.pathway_id
    decisions = state.eligibility.by_programme().items() if state.eligibility else []
    _replace(
        session,
        DecisionRow,
        pid,
        [
            dict(
                pathway_id=pid,
                programme=programme.value,
                status=d.status.value,
                ruleset_version=d.ruleset_version,
                evaluated_on=d.evaluated_on,
                missing_facts=d.missing_facts,
            )
            for programme, d in decisions
        ],
    )
    _replace(session, ReferralRow, pid, [_referral(state, r) for r in state.referrals])
    _replace(
        session,
        BiasReflectionRow,
        pid,
        [
            dict(
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
        ],
    )


def _referral(state: PathwayState, r: Referral) -> dict[str, Any]:
    dates = {e.status: e.on for e in r.history}
    ended = [
        dates[s]
        for s in (ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.DISENGAGED)
        if s in dates
    ]
    return dict(
        pathway_id=state.pathway_id,
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
