"""The preview of a rule change: exact counts of changed decisions by group, and nothing changed.

The caseload below is known by hand. Every child with facts meets the violence reduction
programme's criteria but age; the proposal raises its youngest age from 12 to 14, so exactly
the 12- and 13-year-olds' decisions change (eligible to ineligible), and no other programme's:

| group, team        | pathways | aged 12-13 (change) | aged 15-16 |
| White, bromley     | 10       | 4                   | 6          |
| Black, bromley     | 10       | 6                   | 4          |
| Asian, croydon     | 5        | 2                   | 3          |

plus a closed pathway and an anonymised one of 12-year-olds (not open: not previewed) and an
open one with no facts recorded (counted apart).
"""

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from commands.rule_preview import preview_command
from contracts.common import Programme
from core.settings import Settings
from db.tables import Child
from readmodel.tables import DecisionRow, FactsRow, PathwayRow
from reports.rule_preview import Proposal, rule_preview
from rules.parameters import registered_parameter_sets
from tests.reports.seed import add_decision, add_pathway

ON = date(2027, 1, 15)
VR_FACTS = {
    "index_offence_group": "violence_against_the_person",
    "acute_psychiatric_illness": False,
    "family_in_crisis": False,
    "needs_other_therapy_first": False,
}
RAISE_TO_14 = Proposal(
    version="2027.1", effective_from=date(2027, 2, 1), parameters={"vr_min_age": 14}
)
VR = Programme.VIOLENCE_REDUCTION.value


def born(age: int) -> date:
    return date(ON.year - age, 1, 1)


def add_child(
    session: Session,
    pid: str,
    age: int,
    ethnicity: str,
    team: str,
    facts: Any = VR_FACTS,
    **row: Any,
) -> None:
    session.add(
        Child(
            child_id=f"ch-{pid}",
            identity_key=pid,
            first_name="A",
            last_name="B",
            date_of_birth=born(age),
            gender="male",
            ethnicity=ethnicity,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    add_pathway(session, pid, ethnicity=ethnicity, team=team, age_at_order=age, **row)
    if facts is not None:
        session.add(FactsRow(pathway_id=pid, facts=facts))
    add_decision(session, pid, VR)


def seed(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        groups = (
            ("W1", "bromley", 4, 6, "w"),
            ("B1", "bromley", 6, 4, "b"),
            ("A1", "croydon", 2, 3, "a"),
        )
        for ethnicity, team, young, old, prefix in groups:
            for i in range(young):
                add_child(s, f"{prefix}-young-{i}", 12 + i % 2, ethnicity, team)
            for i in range(old):
                add_child(s, f"{prefix}-old-{i}", 15 + i % 2, ethnicity, team)
        add_child(s, "closed", 12, "W1", "bromley", status="closed", closure_reason="completed")
        add_child(s, "anonymised", 12, "B1", "bromley", anonymised_on=date(2026, 12, 1))
        add_child(s, "no-facts", 12, "B1", "bromley", facts=None)


def snapshot(sessions: sessionmaker[Session]) -> list[Any]:
    with sessions() as s:
        return [
            sorted(tuple(r) for r in s.execute(select(table.__table__)))  # type: ignore[attr-defined]
            for table in (PathwayRow, DecisionRow, FactsRow)
        ]


def test_raising_an_age_threshold_changes_exactly_the_decisions_it_should(
    sessions: sessionmaker[Session],
) -> None:
    seed(sessions)
    before = snapshot(sessions)
    versions = registered_parameter_sets()
    with sessions() as s:
        preview = rule_preview(s, RAISE_TO_14, on=ON, min_count=0)

    assert (preview.pathways, preview.without_facts, preview.in_force) == (25, 1, "2026.1")
    changed = {
        c.programme.value: (c.changed, c.newly_eligible, c.no_longer_eligible)
        for c in preview.programmes
    }
    assert changed == {"fft": (0, 0, 0), "nvr": (0, 0, 0), "dv_groups": (0, 0, 0), VR: (12, 0, 12)}
    assert [
        (t.programme.value, t.before.value, t.after.value, t.count) for t in preview.transitions
    ] == [(VR, "eligible", "ineligible", 12)]
    assert {t.team: (t.pathways, t.changed[VR], t.changed["fft"]) for t in preview.teams} == {
        "bromley": (20, 10, 0),
        "croydon": (5, 2, 0),
    }
    rows = {r.group: r for r in preview.rri if r.decision_point == f"change_{VR}"}
    assert (rows["White"].events, rows["White"].base, rows["White"].rri) == (4, 10, 1.0)
    assert (rows["Black"].events, rows["Black"].base) == (6, 10)
    assert rows["Black"].rri == pytest.approx(1.5)
    assert (rows["Asian"].events, rows["Asian"].base, rows["Asian"].rri) == (
        2,
        5,
        pytest.approx(1.0),
    )
    assert rows["Mixed"].base == 0 and rows["Mixed"].rri is None

    # Nothing changed: no read-model row, no registered rule set version.
    assert snapshot(sessions) == before
    assert registered_parameter_sets() == versions


def test_small_counts_are_suppressed_and_one_teams_preview_is_that_teams(
    sessions: sessionmaker[Session],
) -> None:
    seed(sessions)
    with sessions() as s:
        preview = rule_preview(s, RAISE_TO_14, on=ON, min_count=5)
        croydon = rule_preview(s, RAISE_TO_14, on=ON, team="croydon", min_count=0)
    assert {t.team: t.changed[VR] for t in preview.teams} == {"bromley": 10, "croydon": None}
    rows = {r.group: r for r in preview.rri if r.decision_point == f"change_{VR}"}
    assert rows["Asian"].suppressed and rows["Asian"].events is None
    # White children's 4 changes are too few to be a reference: every RRI is withheld.
    assert rows["White"].suppressed and rows["Black"].rri is None
    assert (croydon.pathways, croydon.without_facts) == (5, 0)
    assert [t.team for t in croydon.teams] == ["croydon"]
    assert next(c for c in croydon.programmes if c.programme.value == VR).changed == 2


def test_a_proposal_that_changes_nothing_changes_nothing(sessions: sessionmaker[Session]) -> None:
    seed(sessions)
    same = Proposal(
        version="2027.1", effective_from=date(2027, 2, 1), parameters={"vr_min_age": 12}
    )
    with sessions() as s:
        preview = rule_preview(s, same, on=ON, min_count=0)
    assert all(c.changed == 0 for c in preview.programmes) and preview.transitions == []


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        pytest.param({"parameters": {"vr_youngest": 13}}, "vr_youngest", id="an unknown parameter"),
        pytest.param(
            {"parameters": {"vr_min_age": 9999}}, "vr_min_age", id="a threshold out of range"
        ),
        pytest.param({"version": "2027 <b>"}, "version", id="a version with markup"),
    ],
)
def test_a_bad_proposal_is_refused_naming_the_field(fields: dict[str, Any], named: str) -> None:
    values: dict[str, Any] = {"version": "2027.1", "effective_from": "2027-02-01", "parameters": {}}
    with pytest.raises(ValidationError, match=named):
        Proposal.model_validate({**values, **fields})


def test_an_inverted_age_band_is_refused_naming_the_parameters() -> None:
    proposal = Proposal(version="x", effective_from=date(2027, 2, 1), parameters={"vr_min_age": 18})
    with pytest.raises(ValueError, match="vr_min_age is above vr_max_age"):
        proposal.parameter_set()


def test_the_command_previews_a_version_from_the_proposals_file(
    sessions: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    seed(sessions)
    proposals = tmp_path / "proposals.toml"
    proposals.write_text(
        (Path(__file__).parents[2] / "samples" / "rule_proposals.toml").read_text(), "utf-8"
    )
    settings = Settings(database_url=database_url)
    printed = json.loads(
        preview_command(settings, "2027.1", proposals, on=ON, team=None, min_count=0)
    )
    assert printed["proposal"]["parameters"] == {"vr_min_age": 14}
    assert {c["programme"]: c["changed"] for c in printed["programmes"]}[VR] == 12
    with pytest.raises(ValueError, match="no proposal with version '2099.9'.*found: 2027.1"):
        preview_command(settings, "2099.9", proposals, on=ON, team=None, min_count=0)
    proposals.write_text(
        '[[proposal]]\nversion = "2027.1"\neffective_from = 2027-04-01\n'
        'parameters = { fft_min_age = "ten" }\n',
        "utf-8",
    )
    with pytest.raises(ValueError, match="proposal 0: field parameters.fft_min_age"):
        preview_command(settings, "2027.1", proposals, on=ON, team=None, min_count=0)


def test_a_dated_criterion_switched_on_is_previewed_too(sessions: sessionmaker[Session]) -> None:
    # The seeded facts leave sexual offending only unknown: with the exclusion in force, every
    # eligible child needs that fact collected.
    seed(sessions)
    switched = Proposal(
        version="2027.1",
        effective_from=date(2027, 2, 1),
        parameters={"vr_exclude_sex_offending_only": 1},
    )
    with sessions() as s:
        preview = rule_preview(s, switched, on=ON, min_count=0)
    moves = [
        (t.programme.value, t.before.value, t.after.value, t.count) for t in preview.transitions
    ]
    assert moves == [(VR, "eligible", "needs_information", 25)]
