"""Bias reflections read back, and the supervision queue, on a known set of reflections."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from access.identity import Role
from access.scope import scope_of
from contracts.reflections import Discussion, DiscussionOutcome, ReflectionStage, stage_of
from core.errors import InvalidInput, NotFound
from readmodel import discussions
from readmodel.tables import BiasReflectionRow
from reports.csv import to_csv
from reports.disproportionality import disproportionality
from reports.reflections import RRI_POINTS, bias_reflections
from tests.reports.seed import add_pathway, seed_caseload

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def reflect(s: Session, pid: str, seq: int, decision: str, on: date, aspects: list[str], checked: bool) -> None:
    s.add(BiasReflectionRow(pathway_id=pid, seq=seq, decision=decision, on=on, by="casey",
                            aspects_considered=aspects, colleague_consulted=checked, note=None))


@pytest.fixture
def known(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        for i in range(8):
            pid = f"pw-b{i}"
            add_pathway(s, pid, made_on=date(2026, 10, 1))
            # Every pathway: a referral in Q4 (8 in all: 6 checked with a colleague; race on 5,
            # class on all 8 (listed twice on one: counted once)).
            aspects = ["class", "race"] if i < 5 else ["class", "class"]
            reflect(s, pid, 0, "referral:fft", date(2026, 10, 10), aspects, i < 6)
            # Three overrides in Q4: below the threshold of 5, suppressed.
            if i < 3:
                reflect(s, pid, 1, "override:nvr", date(2026, 11, 2), ["culture"], True)
        # Croydon's reflections are another team's line.
        for i in range(5):
            add_pathway(s, f"pw-c{i}", team="croydon", made_on=date(2026, 10, 1))
            reflect(s, f"pw-c{i}", 0, "closure:completed", date(2027, 1, 4), ["age"], False)
    return sessions


def test_each_stage_team_and_quarter_is_counted_with_its_share_checked_and_its_aspects(known: sessionmaker[Session]) -> None:
    with known() as s:
        report = bias_reflections(s, min_count=5)
    lines = {(line.stage, line.team, line.quarter): line for line in report.lines}
    referral = lines[(ReflectionStage.PROGRAMME_REFERRAL, "bromley", "2026-Q4")]
    assert (referral.reflections, referral.checked_with_colleague) == (8, 6)
    assert referral.checked_share == pytest.approx(0.75)
    aspects = {a.aspect.value: a.count for a in referral.aspects}
    assert (aspects["class"], aspects["race"], aspects["culture"]) == (8, 5, 0)
    override = lines[(ReflectionStage.OVERRIDE, "bromley", "2026-Q4")]
    assert override.suppressed and override.reflections is None and override.aspects == []
    assert override.note == "suppressed: fewer than 5 reflections"
    closure = lines[(ReflectionStage.CLOSURE, "croydon", "2027-Q1")]
    assert (closure.reflections, closure.checked_share) == (5, 0.0)
    # The RRI beside: the referral points by ethnic group, at the programme referral stage.
    stages = {r.stage for r in report.rri}
    assert stages == {ReflectionStage.PROGRAMME_REFERRAL, ReflectionStage.OVERRIDE, ReflectionStage.BREACH_ACTION}
    assert report.rri_reference == "White"


def test_a_team_and_a_period_choose_the_cohort_and_the_csv_has_a_line_each(known: sessionmaker[Session]) -> None:
    with known() as s:
        report = bias_reflections(s, min_count=3, team="bromley")
    assert [(line.stage, line.reflections) for line in report.lines] == [
        (ReflectionStage.PROGRAMME_REFERRAL, 8), (ReflectionStage.OVERRIDE, 3)]
    csv = to_csv(report).splitlines()
    assert csv[0].startswith("stage,team,quarter,reflections,checked_with_colleague,checked_share,aspect:gender")
    assert csv[1].startswith("programme_referral,bromley,2026-Q4,8,6,0.75,0,5,")


def test_every_override_and_one_decision_in_n_is_offered_and_discussed_once(known: sessionmaker[Session]) -> None:
    bromley = scope_of(Role.SUPERVISOR, "bromley", None)
    with known() as s:
        offered = discussions.queue(s, bromley, 10)
        everything = discussions.queue(s, bromley, 1)
        croydon = discussions.queue(s, scope_of(Role.SUPERVISOR, "croydon", None), 1)
    overrides = [q for q in offered if q.stage == ReflectionStage.OVERRIDE]
    assert len(overrides) == 3 and all(q.why_offered == "every override is discussed" for q in overrides)
    sampled = [q for q in offered if q.stage != ReflectionStage.OVERRIDE]
    expected = [i for i in range(8) if discussions.offered(f"pw-b{i}", 0, ReflectionStage.PROGRAMME_REFERRAL, 10)]
    assert [q.pathway_id for q in sampled] == [f"pw-b{i}" for i in expected]
    assert len(everything) == 11  # sampling every decision: all of bromley's
    assert {q.team for q in croydon} == {"croydon"}
    first = overrides[0]
    talk = Discussion(discussed_on=date(2026, 12, 1), outcome=DiscussionOutcome.DECISION_STANDS, note="ok")
    with known.begin() as s:
        done = discussions.record_discussion(s, bromley, 10, first.pathway_id, 1, talk, "sam", date(2026, 12, 2))
    assert (done.discussed_by, done.outcome) == ("sam", DiscussionOutcome.DECISION_STANDS)
    with known() as s:
        waiting = discussions.queue(s, bromley, 10)
        discussed = discussions.queue(s, bromley, 10, discussed=True)
    assert (first.pathway_id, 1) not in {(q.pathway_id, q.seq) for q in waiting}
    assert [(q.pathway_id, q.seq) for q in discussed] == [(first.pathway_id, 1)]
    with known.begin() as s, pytest.raises(InvalidInput, match="was discussed on 2026-12-01 by sam"):
        discussions.record_discussion(s, bromley, 10, first.pathway_id, 1, talk, "sam", date(2026, 12, 2))
    croydon_scope = scope_of(Role.SUPERVISOR, "croydon", None)
    with known.begin() as s, pytest.raises(NotFound):
        discussions.record_discussion(s, croydon_scope, 10, "pw-b1", 1, talk, "cat", date(2026, 12, 2))


@pytest.mark.parametrize(("decision", "stage"), [
    ("referral:fft", ReflectionStage.PROGRAMME_REFERRAL), ("override:nvr", ReflectionStage.OVERRIDE),
    ("closure:revoked_early", ReflectionStage.CLOSURE), ("breach_action:court", ReflectionStage.BREACH_ACTION),
    ("case_formulation:v2", ReflectionStage.CASE_FORMULATION), ("something:else", ReflectionStage.OTHER)])
def test_a_decision_names_its_stage(decision: str, stage: ReflectionStage) -> None:
    assert stage_of(decision) == stage


@pytest.mark.parametrize("min_count", [0, 5])
def test_the_rri_beside_is_the_disproportionality_reports_own_at_each_stages_decision_points(
        sessions: sessionmaker[Session], min_count: int) -> None:
    # The reflections count the RRI's units in their own statement: they must stay the
    # disproportionality report's rows (referrals, overrides, breaches returned to court).
    with sessions.begin() as s:
        seed_caseload(s)
    with sessions() as s:
        beside = bias_reflections(s, min_count=min_count, team="bromley").rri
        rri = disproportionality(s, dimension="ethnicity", min_count=min_count, team="bromley")
    expected = [(RRI_POINTS[r.decision_point], r) for r in rri.rows if r.decision_point in RRI_POINTS]
    assert [(b.stage, b.row) for b in beside] == expected
    assert {r.decision_point for _, r in expected} == set(RRI_POINTS)
    if min_count == 0:  # something to count at each stage (suppressed at 5: small counts)
        assert any(r.events for _, r in expected if r.decision_point == "breach_return")
        assert any(r.events for _, r in expected if r.decision_point == "override")
