"""KPI counts on a small caseload whose every number is counted by hand."""

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.kpis import KpiReport, kpis
from tests.reports.seed import add_pathway, add_referral, add_task, add_victim, seed_caseload

RECEIVED = date(2026, 1, 12)


@pytest.fixture
def report(sessions: sessionmaker[Session]) -> KpiReport:
    with sessions.begin() as s:
        add_pathway(s, "p1", has_victim=True, status="closed", closure_reason="completed", closed_on=date(2026, 7, 1))
        add_victim(s, "p1", "option_chosen", details_received_on=RECEIVED, consent="consented", option="direct_conference")
        add_referral(s, "p1", "fft", "completed")
        add_pathway(s, "p2", has_victim=True, status="closed", closure_reason="returned_to_court",
                    closed_on=date(2026, 5, 1), case_manager_changes=1, disposal="youth_rehabilitation_order")
        add_victim(s, "p2", "opted_out", details_received_on=RECEIVED)
        add_referral(s, "p2", "nvr", "declined", eligibility_at_referral="ineligible",
                     override_reason="the parent asked", overridden_by="casey")
        add_pathway(s, "p3", has_victim=True, caseworker=None, team=None)
        add_victim(s, "p3", "awaiting_details")
        add_pathway(s, "p4", has_victim=True, case_manager_changes=2, disposal="detention_and_training_order")
        add_victim(s, "p4", "declined", details_received_on=RECEIVED, consent="declined")
        add_referral(s, "p4", "fft", "disengaged")
        add_task(s, "p4", "first_contact", status="overdue", due_date=date(2026, 1, 12), escalated=True)
        add_task(s, "p4", "assessment", status="overdue", due_date=date(2026, 1, 26), escalated=True)
        add_pathway(s, "p5")
        add_referral(s, "p5", "dv_groups", "proposed")
        add_task(s, "p5", "first_contact", status="done", due_date=date(2026, 1, 12), completed_on=date(2026, 1, 9))
        add_pathway(s, "p6", has_victim=True)
        add_victim(s, "p6", "consented", details_received_on=RECEIVED, consent="consented")
        add_pathway(s, "p7", has_victim=True, team="croydon")
        add_victim(s, "p7", "no_response", details_received_on=RECEIVED, consent="no_response")
        add_task(s, "p7", "first_contact", status="overdue", due_date=date(2026, 1, 12), escalated=True)
    with sessions() as s:
        return kpis(s)


def test_victims_are_counted_from_identified_through_contact_and_consent_to_taking_part(report: KpiReport) -> None:
    v = report.victims
    assert (v.identified, v.details_received, v.opted_out) == (6, 5, 1)
    assert (v.contacted, v.consenting, v.taking_part) == (4, 2, 1)  # p1, p4, p6, p7 answered
    # Engaged in restorative justice: of the victims who consented (issue 18), not contacted.
    assert (v.consenting_share, v.taking_part_share) == (0.5, 0.5)


def test_referrals_are_counted_per_programme_to_completion_with_overrides(report: KpiReport) -> None:
    fft, nvr, dv, vr = report.referrals
    assert (fft.programme, fft.made, fft.started, fft.completed, fft.disengaged) == ("fft", 2, 2, 1, 1)
    assert (nvr.made, nvr.overridden, nvr.declined, nvr.started) == (1, 1, 1, 0)
    assert (dv.made, dv.proposed, dv.started) == (1, 1, 0)
    assert (vr.programme, vr.made) == ("violence_reduction", 0)


def test_consistency_is_the_share_that_kept_one_case_manager_closed_and_allocated(report: KpiReport) -> None:
    c = report.consistency
    assert (c.closed, c.closed_kept_one, c.closed_share) == (2, 1, 0.5)
    # p3 is unallocated; of the other six, p2 and p4 changed case manager.
    assert (c.allocated, c.allocated_kept_one) == (6, 4)
    assert c.allocated_share == pytest.approx(4 / 6)


def test_orders_closures_and_escalations_are_counted(report: KpiReport) -> None:
    assert report.pathways == 7
    assert {c.key: c.count for c in report.orders_by_disposal} == {
        "referral_order": 5, "youth_rehabilitation_order": 1, "detention_and_training_order": 1}
    # revoked_by_court: the court's revocation of an order (issue 17, `workflows.breach`).
    assert {c.key: c.count for c in report.closures_by_reason} == {
        "completed": 1, "revoked_early": 0, "returned_to_court": 1, "superseded": 0, "revoked_by_court": 0,
        "no_further_action": 0, "charged": 0}  # a diversion pathway's closures (issue 20)
    e = report.escalations
    assert (e.tasks, e.pathways) == (3, 2)
    assert [(c.key, c.count) for c in e.by_step] == [("first_contact", 2), ("assessment", 1)]


def test_a_team_report_counts_only_that_teams_pathways(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        seed_caseload(s)
        seed_caseload(s, team="croydon", prefix="pw-cro")
    with sessions() as s:
        bromley, everyone = kpis(s, team="bromley"), kpis(s)
    assert (bromley.pathways, everyone.pathways) == (93, 186)
    assert bromley.cohort.team == "bromley" and everyone.cohort.team is None
    # One child in four has a victim: White 13, Black 5, Asian 3, Mixed 1, Other 2, Not stated 1.
    assert bromley.victims.identified == 25
