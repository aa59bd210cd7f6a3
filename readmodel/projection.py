"""A pathway's state as read-model rows, written in one version-checked step.

`write_projection` is the one write every writer of a pathway's rows goes through; callers
outside this package reach it only through `readmodel.writers`, which says who writes and
when. See `readmodel.tables` for the tables.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from contracts.common import Step
from contracts.diversion import ConditionStatus
from contracts.pathway import PathwayState, VictimTrack
from contracts.programmes import SessionStatus
from contracts.referrals import Referral, ReferralStatus
from contracts.steps import VictimConsent
from db.tables import AnonymisedPathway, Base
from readmodel.tables import (
    FREE_TEXT,
    BiasReflectionRow,
    ComplianceRow,
    DecisionRow,
    DiversionRow,
    FactsRow,
    OffenceRow,
    OutcomeDataRow,
    PathwayRow,
    ReferralRow,
    RestorativeRow,
    TaskRow,
    VictimRow,
)

# The columns of a pathway's other rows that hold an attribute of the same name, as it is.
_TASK = (
    "task_id",
    "due_date",
    "escalate_on",
    "opened_on",
    "completed_on",
    "escalated",
    "not_done",
    "owner_agency",
    "owner_person",
)
_DECISION = ("ruleset_version", "evaluated_on", "missing_facts")
_REFLECTION = ("decision", "on", "by", "colleague_consulted", "note")
_OFFENCE = ("offence_code", "title", "offence_date", "mapping_version")


def copied(source: object, names: Iterable[str]) -> dict[str, Any]:
    """The attributes `names` of `source`, as they are, under the same names."""
    return {name: getattr(source, name) for name in names}


def write_projection(session: Session, state: PathwayState) -> bool:
    """Write one pathway's rows unless a newer version is already there; return if written.

    Two writers may project the same pathway at once (the caller that made a change, and the
    workflow's own projection): the version check and the write are one statement (a
    conditional UPDATE, else an INSERT that does nothing on conflict), so an older state never
    overwrites a newer one on SQLite or PostgreSQL. The statements are built once (`_Statements`)
    and run on the session's connection, without the ORM: the projection runs after every
    change, and building statements cost more than running them (ADR 0073).

    An anonymised pathway's rows are never overwritten (the UPDATE skips them); when they are
    written afresh (a rebuild of the read model), they are written anonymised: `anonymised_on`
    from `anonymised_pathways`, and no free text, whatever the workflow's state still holds.
    """
    conn = session.connection()
    sql = _STATEMENTS
    pid = state.pathway_id
    closure = state.task(Step.CLOSURE.value)
    values = dict(
        child_id=state.child.child_id,
        disposal=state.order.disposal.value,
        status=state.status.value,
        caseworker=state.caseworker,
        team=state.team,
        area=state.order.area,
        made_on=state.order.made_on,
        order_starts_on=state.order_starts_on,
        order_ends_on=state.order_ends_on,
        closure_reason=state.closure_reason.value if state.closure_reason else None,
        closed_on=closure.completed_on if closure and state.closure_reason else None,
        case_manager_changes=state.case_manager_changes,
        gender=state.child.gender.value,
        ethnicity=state.child.ethnicity,
        age_at_order=state.child.age_at_order,
        has_victim=state.order.has_identified_victim
        or state.victim is not None
        or bool(state.victims),
        version=state.version,
        updated_at=datetime.now(UTC),
        transfer_to=state.transfer.to_team if state.transfer else None,
        formulation_version=state.formulation.version if state.formulation else None,
        closed_without_formulation=state.closed_without_formulation is not None,
        charged_from=state.charged_from,
        resentenced_from=state.compliance.resentenced_from,
        released_on=state.custody.released_on if state.custody else None,
        outcome_data_rules=state.outcome_data_rules,
        closed_without_outcome_data=state.closed_without_outcome_data is not None,
    )
    # RETURNING, not row counts: the PostgreSQL driver reports -1 for the INSERT.
    key = {"b_pathway_id": pid}
    anonymised = None
    if (
        conn.execute(sql.update_pathway, {**values, **key, "b_version": state.version}).scalar()
        is None
    ):
        insert_new = sql.insert_pathway[conn.dialect.name]
        if conn.execute(insert_new, {**values, "pathway_id": pid}).scalar() is not None:
            # A new row: once per pathway, or again after a rebuild emptied the read model.
            anonymised = conn.execute(sql.anonymised_on, key).scalar()
        elif (
            # The row was there after all: another writer inserted it after the UPDATE looked
            # (PostgreSQL lets the INSERT wait for that writer's commit, then skip). Its version
            # may be older than ours (the workflow's first projection racing a caller's first
            # step), so the UPDATE is asked again, now that the row is visible.
            conn.execute(sql.update_pathway, {**values, **key, "b_version": state.version}).scalar()
            is None
        ):
            return False  # the row holds this version or a newer one, or is anonymised
        if anonymised is not None:
            conn.execute(sql.mark_anonymised, {**key, "b_anonymised_on": anonymised})
    # The other tables are replaced whole: a pathway has a few dozen rows at most.
    whose = dict(caseworker=state.caseworker, team=state.team, area=state.order.area)
    tasks = [
        dict(pathway_id=pid, step=t.step.value, status=t.status.value, **whose, **copied(t, _TASK))
        for t in state.tasks
    ]
    victims = [dict(pathway_id=pid, **_victim(v)) for v in state.victim_tracks()]
    decisions = state.eligibility.by_programme().items() if state.eligibility else []
    rows: dict[type[Base], list[dict[str, Any]]] = {
        TaskRow: tasks,
        VictimRow: victims,
        DecisionRow: [
            dict(pathway_id=pid, programme=p.value, status=d.status.value, **copied(d, _DECISION))
            for p, d in decisions
        ],
        ReferralRow: [_referral(state, r) for r in state.referrals],
        BiasReflectionRow: [
            dict(
                pathway_id=pid,
                seq=i,
                aspects_considered=[a.value for a in b.aspects_considered],
                **copied(b, _REFLECTION),
            )
            for i, b in enumerate(state.bias_reflections)
        ],
        OffenceRow: [
            dict(pathway_id=pid, seq=i, offence_group=o.group.value, **copied(o, _OFFENCE))
            for i, o in enumerate(state.order.offences)
        ],
        ComplianceRow: compliance_rows(state),
        FactsRow: (
            []
            if state.facts is None
            else [dict(pathway_id=pid, facts=state.facts.model_dump(mode="json"))]
        ),
        RestorativeRow: restorative_rows(state),
        DiversionRow: diversion_rows(state),
        OutcomeDataRow: [  # issue 21: the answers at the start and end
            dict(pathway_id=pid, point=r.point.value, on=r.on, **r.answers())
            for r in (state.outcome_start, state.outcome_end)
            if r is not None
        ],
    }
    if anonymised is not None:
        for table, columns in FREE_TEXT.items():
            rows[table] = [{**r, **dict.fromkeys(columns)} for r in rows[table]]
    for table, new_rows in rows.items():
        conn.execute(sql.delete_rows[table], key)
        if new_rows:
            conn.execute(sql.insert_rows[table], new_rows)
    return True


class _Statements:
    """The projection's statements, built once with bound parameters (either database).

    Without `.values()`, an UPDATE sets and an INSERT fills the columns its parameters name.
    """

    def __init__(self) -> None:
        pathways = _core(PathwayRow)
        self.update_pathway = (
            update(pathways)
            .where(pathways.c.pathway_id == bindparam("b_pathway_id"))
            .where(pathways.c.version < bindparam("b_version"))
            .where(pathways.c.anonymised_on.is_(None))
            .returning(pathways.c.pathway_id)
        )
        self.anonymised_on = select(AnonymisedPathway.anonymised_on).where(
            AnonymisedPathway.pathway_id == bindparam("b_pathway_id")
        )
        self.mark_anonymised = (
            update(pathways)
            .where(pathways.c.pathway_id == bindparam("b_pathway_id"))
            .values(anonymised_on=bindparam("b_anonymised_on"))
        )
        self.insert_pathway = {  # by dialect name: each database spells ON CONFLICT its own way
            name: dialect.insert(pathways).on_conflict_do_nothing().returning(pathways.c.pathway_id)
            for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))
        }
        children: tuple[type[Base], ...] = (
            TaskRow,
            VictimRow,
            DecisionRow,
            ReferralRow,
            BiasReflectionRow,
            OffenceRow,
            ComplianceRow,
            FactsRow,
            RestorativeRow,
            DiversionRow,
            OutcomeDataRow,
        )
        self.delete_rows = {
            t: delete(_core(t)).where(_core(t).c.pathway_id == bindparam("b_pathway_id"))
            for t in children
        }
        self.insert_rows = {t: insert(_core(t)) for t in children}


def _core(table: type[Base]) -> Table:
    return cast(Table, table.__table__)


_STATEMENTS = _Statements()


def compliance_rows(state: PathwayState) -> list[dict[str, Any]]:
    """The pathway's failures, warnings, breaches and court decisions as `rm_compliance` rows."""
    c, pid = state.compliance, state.pathway_id
    rows: list[dict[str, Any]] = []

    def add(kind: str, on: Any, **values: Any) -> None:
        row = dict(reasonable_excuse=None, referred_to=None, outcome=None) | values
        rows.append(dict(pathway_id=pid, seq=len(rows), kind=kind, on=on, **row))

    for f in c.failures:
        add("failure", f.failed_on, reasonable_excuse=f.reasonable_excuse, outcome=f.outcome.value)
    for w in c.warnings:
        add("warning", w.given_on)
    for b in c.breaches:
        route = b.referred_to.value if b.referred_to else None
        add("breach", b.opened_on, referred_to=route, outcome=b.outcome)
    for o in c.order_changes:
        add("order_change", o.decided_on, outcome=o.change.value)
    return rows


def diversion_rows(state: PathwayState) -> list[dict[str, Any]]:
    """A diversion pathway's one row (none for a court pathway)."""
    if state.diversion is None:
        return []
    d, details = state.diversion, state.diversion.details
    statuses = [c.status for c in d.conditions]
    return [
        dict(
            pathway_id=state.pathway_id,
            referral_id=details.referral_id,
            source=details.source.value,
            referred_on=details.referred_on,
            force=details.force,
            trigger=details.trigger.value if details.trigger else None,
            trigger_on=details.trigger_on,
            offence_code=details.offence.offence_code if details.offence else None,
            offence_group=details.offence.group.value if details.offence else None,
            outcome=d.decision.outcome.value if d.decision else None,
            decided_on=d.decision.decided_on if d.decision else None,
            conditions=len(statuses),
            conditions_complied=statuses.count(ConditionStatus.COMPLIED),
            conditions_not_complied=statuses.count(ConditionStatus.NOT_COMPLIED),
            plan_agreed_on=d.plan.agreed_on if d.plan else None,
            exit_plan_on=d.exit_plan.agreed_on if d.exit_plan else None,
        )
    ]


def _victim(v: VictimTrack) -> dict[str, Any]:
    # No name, reference, reason or words told: counts, dates and choices only.
    s = v.suitability
    return dict(
        victim_id=v.victim_id,
        stage=v.stage.value,
        enhanced=v.enhanced,
        details_received_on=v.details_received_on,
        consent=v.consent.value if v.consent else None,
        option=v.option.value if v.option else None,
        told_work_ended_on=v.told_work_ended_on,
        kind=v.kind.value,
        under_18=v.under_18,
        # An older pathway's victim consented if their answer was consent (kept on withdrawal).
        ever_consented=v.consented_on is not None or v.consent == VictimConsent.CONSENTED,
        consented_on=v.consented_on,
        withdrawn_on=v.withdrawn_on,
        suitable=s.suitable if s else None,
        risk=s.risk.value if s else None,
        progress_updates=len(v.progress_updates),
    )


def restorative_rows(state: PathwayState) -> list[dict[str, Any]]:
    """A referral order's enquiry, parent work and panels as `rm_restorative` rows."""
    work, pid = state.restorative, state.pathway_id
    if work is None:
        return []
    rows: list[dict[str, Any]] = []

    def add(kind: str, on: Any, **values: Any) -> None:
        row: dict[str, Any] = dict(
            not_done=False,
            choice=None,
            items=[],
            quorate=None,
            parent_attended=None,
            court_excused_parent=None,
        )
        rows.append(dict(pathway_id=pid, seq=len(rows), kind=kind, on=on, **(row | values)))

    if (e := work.enquiry) is not None:
        add(
            "enquiry",
            e.on,
            not_done=e.not_done_reason is not None,
            choice=e.readiness.value if e.readiness else None,
            items=[h.value for h in e.harmed_parties],
        )
    if (w := work.parent_work) is not None:
        add("parent_work", w.on, choice=w.carer.value, items=[p.value for p in w.refer_to])
    for panel in work.panels:
        add(
            panel.kind.value,
            panel.on,
            items=[c.value for c in panel.contract_elements],
            quorate=panel.quorate,
            parent_attended=panel.parent_attended,
            court_excused_parent=panel.court_excused_parent,
        )
    return rows


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
        participants=[p.value for p in r.participants],
        sessions_planned=sum(s.status == SessionStatus.PLANNED for s in r.sessions),
        sessions_attended=sum(s.status == SessionStatus.ATTENDED for s in r.sessions),
        sessions_missed=sum(s.status == SessionStatus.MISSED for s in r.sessions),
        sessions_missed_unexcused=sum(
            s.status == SessionStatus.MISSED and not s.acceptable_reason for s in r.sessions
        ),
    )
