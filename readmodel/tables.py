"""The read model's tables: pathways, tasks and victims as the workflows last reported them.

Written only through `readmodel.writers`, idempotently: each pathway's row carries the
workflow state's `version`, and an older version never overwrites a newer one. They answer
questions across pathways (caseloads, overdue lists, reports); the workflow remains the source
of truth, and `pathway rebuild-read-model` rebuilds them from it. They share the intake's
declarative base (`db.tables.Base`), so one metadata holds every table Alembic migrates.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from db.tables import Base
from db.types import UtcDateTime


class PathwayRow(Base):
    """One pathway: its order, status, case manager and demographics (no names)."""

    __tablename__ = "rm_pathways"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    child_id: Mapped[str] = mapped_column(String(40), index=True)
    disposal: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    caseworker: Mapped[str | None] = mapped_column(String(200), index=True)
    team: Mapped[str | None] = mapped_column(String(200), index=True)
    area: Mapped[str | None] = mapped_column(String(100), default=None)
    made_on: Mapped[date] = mapped_column(Date)
    order_starts_on: Mapped[date] = mapped_column(Date)
    order_ends_on: Mapped[date] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(String(40))
    closed_on: Mapped[date | None] = mapped_column(Date)
    case_manager_changes: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(20))
    ethnicity: Mapped[str | None] = mapped_column(String(10))
    age_at_order: Mapped[int] = mapped_column(Integer)
    has_victim: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The team a pending transfer asks to take the pathway on (ADR 0113); None: none pending.
    transfer_to: Mapped[str | None] = mapped_column(String(200), index=True, default=None)
    # Case formulation (issue 18): the latest version's number (None: none recorded), and
    # whether a supervisor closed the pathway without one (None for rows from before 0019).
    formulation_version: Mapped[int | None] = mapped_column(Integer, default=None)
    closed_without_formulation: Mapped[bool | None] = mapped_column(Boolean, default=None)
    # A court pathway that followed a diversion pathway's decision to charge (ADR 0132): the
    # link between the two lives here only, as the diversion pathway has closed by then.
    charged_from: Mapped[str | None] = mapped_column(String(40), default=None)
    # Outcomes (issue 21, `reports.reoffending`): the pathway whose order this one replaced on
    # re-sentence (a breach, not a new offence), and a DTO's release from custody (a cohort's
    # way in). None for rows written before migration 0031 until the read model is rebuilt.
    resentenced_from: Mapped[str | None] = mapped_column(String(40), default=None)
    released_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Outcome data (issue 21): whether the pathway takes it (started under its patch), and
    # whether a supervisor closed it without (None for rows from before migration 0030).
    outcome_data_rules: Mapped[bool | None] = mapped_column(Boolean, default=None)
    closed_without_outcome_data: Mapped[bool | None] = mapped_column(Boolean, default=None)
    # Last: tests read it as the row's last column.
    anonymised_on: Mapped[date | None] = mapped_column(Date, default=None)


class TaskRow(Base):
    """One task, with the pathway's case manager and team copied in for filtering."""

    __tablename__ = "rm_tasks"
    __table_args__ = (
        Index("ix_rm_tasks_status_due", "status", "due_date"),
        Index("ix_rm_tasks_team_status_due", "team", "status", "due_date"),
        Index("ix_rm_tasks_caseworker_status_due", "caseworker", "status", "due_date"),
    )

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    step: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date)
    escalate_on: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    escalated: Mapped[bool] = mapped_column(Boolean)
    caseworker: Mapped[str | None] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(200))
    area: Mapped[str | None] = mapped_column(String(100), default=None)
    # Cancelled because it was not done (a declined restorative enquiry, and the parent work
    # it cancels), not because the order ended: reports count it as not done (ADR 0118).
    not_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # An agreed action's owner (`workflows.formulation`); None for other tasks.
    owner_agency: Mapped[str | None] = mapped_column(String(40), default=None)
    owner_person: Mapped[str | None] = mapped_column(String(200), default=None)


class VictimRow(Base):
    """One victim of a pathway (no contact details or names: those never reach Pathway).

    A row per victim (migration 0021, ADR 0120); a pathway from before victims were kept one
    by one has its one victim as `v1`.
    """

    __tablename__ = "rm_victims"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    victim_id: Mapped[str] = mapped_column(String(10), primary_key=True, default="v1")
    stage: Mapped[str] = mapped_column(String(30))
    enhanced: Mapped[bool] = mapped_column(Boolean)
    details_received_on: Mapped[date | None] = mapped_column(Date)
    consent: Mapped[str | None] = mapped_column(String(20))
    option: Mapped[str | None] = mapped_column(String(40))
    told_work_ended_on: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="person")
    under_18: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the victim ever consented (a later withdrawal keeps it): the KPI's denominator.
    ever_consented: Mapped[bool] = mapped_column(Boolean, default=False)
    consented_on: Mapped[date | None] = mapped_column(Date, default=None)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, default=None)
    suitable: Mapped[bool | None] = mapped_column(Boolean, default=None)
    risk: Mapped[str | None] = mapped_column(String(10), default=None)
    progress_updates: Mapped[int] = mapped_column(Integer, default=0)


class DecisionRow(Base):
    """The latest eligibility decision of a pathway for one programme."""

    __tablename__ = "rm_decisions"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    programme: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(30))
    ruleset_version: Mapped[str] = mapped_column(String(20))
    evaluated_on: Mapped[date] = mapped_column(Date)
    missing_facts: Mapped[list[Any]] = mapped_column(JSON)


class FactsRow(Base):
    """A pathway's current assessment facts, as the rules read them (ADR 0123).

    The preview of a rule change (`reports.rule_preview`) decides every open pathway's facts under a
    proposed rule set version from here, not by asking each workflow. Empty (None) when the
    pathway is anonymised: the facts are about the child's health and family.
    """

    __tablename__ = "rm_facts"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ReferralRow(Base):
    """A referral to one programme: its status, any override, and when it moved."""

    __tablename__ = "rm_referrals"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    programme: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    eligibility_at_referral: Mapped[str] = mapped_column(String(30))
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by: Mapped[str | None] = mapped_column(String(200))
    first_on: Mapped[date] = mapped_column(Date)
    referred_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    # Who takes part (roles) and its sessions by how they went (`workflows.programmes`).
    participants: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sessions_planned: Mapped[int] = mapped_column(Integer, default=0)
    sessions_attended: Mapped[int] = mapped_column(Integer, default=0)
    sessions_missed: Mapped[int] = mapped_column(Integer, default=0)
    sessions_missed_unexcused: Mapped[int] = mapped_column(Integer, default=0)


class BiasReflectionRow(Base):
    """A bias reflection at a decision point (referral, override, closure)."""

    __tablename__ = "rm_bias_reflections"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision: Mapped[str] = mapped_column(String(60))
    on: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))
    aspects_considered: Mapped[list[Any]] = mapped_column(JSON)
    colleague_consulted: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class OffenceRow(Base):
    """One offence of a pathway's order, with its offence group (`contracts.offences`)."""

    __tablename__ = "rm_offences"
    __table_args__ = (Index("ix_rm_offences_group_pathway", "offence_group", "pathway_id"),)

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    offence_code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    offence_date: Mapped[date | None] = mapped_column(Date)
    offence_group: Mapped[str] = mapped_column(String(40))
    mapping_version: Mapped[str] = mapped_column(String(20))


class ComplianceRow(Base):
    """A failure to comply, a warning, a breach or a court's decision on the order.

    `kind` is `failure`, `warning`, `breach` or `order_change`; `outcome` is what became of a
    failure or a breach (None while a breach is open), or the court's decision. No free text:
    what happened stays in the workflow.
    """

    __tablename__ = "rm_compliance"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    reasonable_excuse: Mapped[bool | None] = mapped_column(Boolean)
    referred_to: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(40))


class RestorativeRow(Base):
    """A referral order's restorative enquiry, parent work or panel meeting (no free text).

    `kind` is `enquiry`, `parent_work` or a panel's (`initial`, `progress`, `final`).
    `choice` is the enquiry's readiness, or which carer; `items` the harmed parties, the
    programmes the parent work referred to, or the contract's elements. What was said stays in
    the workflow. Pathways started before the `restorative-2026-12` patch have none.
    """

    __tablename__ = "rm_restorative"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    not_done: Mapped[bool] = mapped_column(Boolean)
    choice: Mapped[str | None] = mapped_column(String(30))
    items: Mapped[list[Any]] = mapped_column(JSON)
    quorate: Mapped[bool | None] = mapped_column(Boolean)
    parent_attended: Mapped[bool | None] = mapped_column(Boolean)
    court_excused_parent: Mapped[bool | None] = mapped_column(Boolean)


class DiversionRow(Base):
    """A diversion pathway's referral and the joint decision panel's decision (no free text).

    One row per diversion pathway (`workflows.diversion`, migration 0026): what first-time
    entrants, the out-of-court disposal figures and disproportionality at the decision to
    divert or charge are counted from. The pathway's own row (`rm_pathways`, disposal
    `diversion`) holds the child, team, status and demographics.
    """

    __tablename__ = "rm_diversions"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    referral_id: Mapped[str] = mapped_column(String(60), index=True)
    source: Mapped[str] = mapped_column(String(30))
    referred_on: Mapped[date] = mapped_column(Date)
    force: Mapped[str | None] = mapped_column(String(60))
    trigger: Mapped[str | None] = mapped_column(String(60))
    trigger_on: Mapped[date | None] = mapped_column(Date)
    offence_code: Mapped[str | None] = mapped_column(String(20))
    offence_group: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(40), index=True)
    decided_on: Mapped[date | None] = mapped_column(Date, index=True)
    conditions: Mapped[int] = mapped_column(Integer, default=0)
    conditions_complied: Mapped[int] = mapped_column(Integer, default=0)
    conditions_not_complied: Mapped[int] = mapped_column(Integer, default=0)
    plan_agreed_on: Mapped[date | None] = mapped_column(Date)
    exit_plan_on: Mapped[date | None] = mapped_column(Date)


class OutcomeDataRow(Base):
    """A pathway's outcome data at its start or end, for the YJB's KPIs (issue 21, migration 0030).

    The answers of `contracts.outcome_data.OutcomeData`, one column each: choices, booleans and
    hours, no free text (the step's notes stay in the workflow). Kept when a pathway is
    anonymised, like every other count the reports read: nothing here names the child.
    """

    __tablename__ = "rm_outcome_data"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    point: Mapped[str] = mapped_column(String(10), primary_key=True)  # start or end
    on: Mapped[date] = mapped_column(Date)
    accommodation: Mapped[str] = mapped_column(String(30))
    accommodation_suitable: Mapped[bool] = mapped_column(Boolean)
    ete: Mapped[str] = mapped_column(String(30))
    ete_hours_offered: Mapped[int] = mapped_column(Integer)
    ete_hours_attended: Mapped[int] = mapped_column(Integer)
    ete_suitable: Mapped[bool] = mapped_column(Boolean)
    send_identified: Mapped[bool] = mapped_column(Boolean)
    send_formal_plan: Mapped[bool] = mapped_column(Boolean)
    mental_health_need: Mapped[bool] = mapped_column(Boolean)
    mental_health_offered: Mapped[bool] = mapped_column(Boolean)
    mental_health_attended: Mapped[bool] = mapped_column(Boolean)
    substance_use_need: Mapped[bool] = mapped_column(Boolean)
    substance_use_offered: Mapped[bool] = mapped_column(Boolean)
    substance_use_attended: Mapped[bool] = mapped_column(Boolean)
    looked_after: Mapped[bool] = mapped_column(Boolean)
    child_protection_plan: Mapped[bool] = mapped_column(Boolean)
    child_in_need: Mapped[bool] = mapped_column(Boolean)
    early_help: Mapped[bool] = mapped_column(Boolean)


FREE_TEXT: dict[type[Base], tuple[str, ...]] = {
    ReferralRow: ("override_reason",),
    BiasReflectionRow: ("note",),
    FactsRow: ("facts",),
    TaskRow: ("owner_person",),  # an agreed action's owner, by name
}
"""Columns written by people (free text), and the assessment facts about the child's health and
family (ADR 0123), emptied when a pathway is anonymised (ADR 0080)."""
