"""Rows for report tests (and the pages' tests), written straight into the read model.

`add_*` write one row with plausible defaults; `seed_caseload` writes a whole team's caseload
whose counts are known by hand (see CASELOAD), so a test can check a report against arithmetic.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from core.bank_holidays import england_and_wales
from core.workdays import add_working_days
from readmodel.tables import ComplianceRow, DecisionRow, PathwayRow, ReferralRow, TaskRow, VictimRow

HOLIDAYS = frozenset(england_and_wales(2025, 2028).holidays)


def add_pathway(session: Session, pathway_id: str, **fields: Any) -> PathwayRow:
    values: dict[str, Any] = dict(
        child_id=f"ch-{pathway_id}", disposal="referral_order", status="open", caseworker="casey",
        team="bromley", made_on=date(2026, 1, 5), case_manager_changes=0, gender="male",
        ethnicity="W1", age_at_order=15, has_victim=False, closure_reason=None, closed_on=None,
        version=1, updated_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    values.update(fields)
    values.setdefault("order_starts_on", values["made_on"])
    values.setdefault("order_ends_on", values["made_on"] + timedelta(days=182))
    row = PathwayRow(pathway_id=pathway_id, **values)
    session.add(row)
    return row


def add_task(session: Session, pathway_id: str, step: str, *, status: str, due_date: date,
             completed_on: date | None = None, task_id: str | None = None, **fields: Any) -> TaskRow:
    values: dict[str, Any] = dict(
        escalate_on=add_working_days(due_date, 2, HOLIDAYS), opened_on=due_date - timedelta(days=7),
        escalated=False, caseworker="casey", team="bromley",
    )
    values.update(fields)
    row = TaskRow(pathway_id=pathway_id, task_id=task_id or step, step=step, status=status,
                  due_date=due_date, completed_on=completed_on, **values)
    session.add(row)
    return row


def add_decision(session: Session, pathway_id: str, programme: str, status: str = "eligible") -> None:
    session.add(DecisionRow(pathway_id=pathway_id, programme=programme, status=status,
                            ruleset_version="2026.1", evaluated_on=date(2026, 1, 20), missing_facts=[]))


def add_referral(session: Session, pathway_id: str, programme: str, status: str = "referred",
                 **fields: Any) -> None:
    on = date(2026, 2, 2)
    started = status in ("started", "completed", "disengaged")
    values: dict[str, Any] = dict(
        eligibility_at_referral="eligible", override_reason=None, overridden_by=None, first_on=on,
        referred_on=None if status == "proposed" else on, started_on=on + timedelta(days=14) if started else None,
        ended_on=on + timedelta(days=90) if status in ("completed", "disengaged", "declined") else None,
    )
    values.update(fields)
    session.add(ReferralRow(pathway_id=pathway_id, programme=programme, status=status, **values))


def add_victim(session: Session, pathway_id: str, stage: str, **fields: Any) -> None:
    values: dict[str, Any] = dict(enhanced=False, details_received_on=None, consent=None, option=None,
                                  told_work_ended_on=None)
    values.update(fields)
    session.add(VictimRow(pathway_id=pathway_id, stage=stage, **values))


def add_compliance(session: Session, pathway_id: str, *, to_court: bool | None, on: date, seq: int = 0) -> None:
    """A failure to comply; with a breach when `to_court` is not None, taken to court or not.

    A breach taken to court alternates between the case manager's route (referred to court)
    and the panel's (referred to the panel, which referred it on: the court's decision is its
    outcome); one not taken to court went to the panel, which continued the contract.
    """
    session.add(ComplianceRow(pathway_id=pathway_id, seq=seq, kind="failure", on=on, reasonable_excuse=False,
                              referred_to=None, outcome="breach"))
    if to_court is None:
        return
    route, outcome = ("court", "continued") if to_court and seq == 0 else (
        ("panel", "extended") if to_court else ("panel", "panel_continued"))
    session.add(ComplianceRow(pathway_id=pathway_id, seq=seq + 1, kind="breach", on=on, reasonable_excuse=None,
                              referred_to=route, outcome=outcome))


@dataclass(frozen=True)
class Group:
    """One ethnic group of the seeded caseload and its counts at each decision point."""

    codes: tuple[str | None, ...]
    children: int  # pathways, each with an eligibility decision for every programme
    fft_referred: int
    overrides: int  # among the group's FFT referrals
    custody: int  # detention and training orders
    closed: int
    returned: int  # closed as returned to court, among the closed: each with a breach taken to court
    # (the closed are the pathways with a failure to comply recorded)


# The hand calculation the tests check against (min_count 5, reference White):
#   FFT referral: Black 6/20 = 0.3 vs White 5/50 = 0.1: RRI 3.0; Asian 1 event, Mixed 3 children,
#     Other 0 events, Not stated 4 children: suppressed.
#   custody: Black 8/20 = 0.4 vs White 10/50 = 0.2: RRI 2.0.
#   breach return (breaches taken to court among pathways with a failure to comply):
#     Black 5/10 = 0.5 vs White 5/20 = 0.25: RRI 2.0.
#   override: White 1 of 5 referrals: the reference is too small, every group suppressed.
CASELOAD: dict[str, Group] = {
    "White": Group(("W1", "W2", "W9"), 50, 5, 1, 10, 20, 5),
    "Black": Group(("B1", "B2", "B9"), 20, 6, 2, 8, 10, 5),
    "Asian": Group(("A1", "A2", "A9"), 10, 1, 0, 1, 4, 1),
    "Mixed": Group(("M1", "M2", "M3"), 3, 2, 1, 0, 1, 0),
    "Other": Group(("O2", "O9"), 6, 0, 0, 0, 2, 0),
    "Not stated": Group((None,), 4, 0, 0, 0, 1, 0),
}

_REFERRAL_STATUSES = ("referred", "started", "completed", "accepted", "disengaged", "declined", "proposed")
_CLOSURES = ("completed", "revoked_early", "superseded")
_CASEWORKERS = ("casey", "robin", "alex")
_VICTIM_STAGES: tuple[dict[str, Any], ...] = (
    dict(stage="awaiting_details"),
    dict(stage="opted_out", details_received_on=date(2026, 1, 12)),
    dict(stage="consented", details_received_on=date(2026, 1, 12), consent="consented"),
    dict(stage="option_chosen", details_received_on=date(2026, 1, 12), consent="consented",
         option="letter_of_explanation"),
    dict(stage="declined", details_received_on=date(2026, 1, 12), consent="declined"),
)


def _tasks(session: Session, pid: str, made_on: date, i: int, team: str, caseworker: str) -> None:
    def due(days: int) -> date:
        return add_working_days(made_on, days, HOLIDAYS)

    who = dict(team=team, caseworker=caseworker)
    add_task(session, pid, "allocation", status="done", due_date=due(1),
             completed_on=due(4 if i % 10 == 0 else 1), **who)
    if i % 3 == 0:
        add_task(session, pid, "first_contact", status="overdue", due_date=due(5), escalated=i % 6 == 0, **who)
    else:
        add_task(session, pid, "first_contact", status="done", due_date=due(5), completed_on=due(4), **who)
    add_task(session, pid, "assessment", status="done" if i % 2 else "open", due_date=due(15),
             completed_on=due(12 if i % 4 == 1 else 18) if i % 2 else None, **who)


def seed_caseload(session: Session, *, team: str = "bromley", made_on: date = date(2026, 1, 5),
                  prefix: str = "pw-seed") -> list[str]:
    """Write CASELOAD for `team` (orders made on `made_on`); return the pathway ids."""
    ids: list[str] = []
    for name, g in CASELOAD.items():
        slug = name.lower().replace(" ", "-")
        for i in range(g.children):
            pid = f"{prefix}-{slug}-{i:03d}"
            closed = i < g.closed
            reason = ("returned_to_court" if i < g.returned else _CLOSURES[i % 3]) if closed else None
            caseworker = _CASEWORKERS[i % 3]
            add_pathway(
                session, pid, team=team, caseworker=caseworker, made_on=made_on,
                ethnicity=g.codes[i % len(g.codes)], gender="female" if i % 5 == 4 else "male",
                age_at_order=12 + i % 6, has_victim=i % 4 == 0,
                disposal="detention_and_training_order" if i >= g.children - g.custody else "referral_order",
                status="closed" if closed else "open", closure_reason=reason,
                closed_on=made_on + timedelta(days=120) if closed else None,
                case_manager_changes=1 if i % 7 == 6 else 0,
            )
            for programme in ("fft", "nvr", "dv_groups"):
                add_decision(session, pid, programme, "eligible" if i >= g.overrides else "ineligible")
            if i < g.fft_referred:
                override = i < g.overrides
                add_referral(session, pid, "fft", _REFERRAL_STATUSES[i % len(_REFERRAL_STATUSES)],
                             eligibility_at_referral="ineligible" if override else "eligible",
                             override_reason="the family asked for it" if override else None,
                             overridden_by=caseworker if override else None)
            if closed:
                # Every closed pathway had a failure to comply; the returned ones a breach taken
                # to court; of the rest, every other one a breach the panel kept.
                to_court = True if i < g.returned else (False if i % 2 == 0 else None)
                add_compliance(session, pid, to_court=to_court, on=made_on + timedelta(days=60), seq=2 * (i % 2))
            if i % 4 == 0:
                add_victim(session, pid, **_VICTIM_STAGES[(i // 4) % len(_VICTIM_STAGES)])
            _tasks(session, pid, made_on, i, team, caseworker)
            ids.append(pid)
    return ids
