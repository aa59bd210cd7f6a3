"""The preview of a rule change: what a proposed rule set version would decide differently.

Before a service adopts a new rule set version (new thresholds), it decides every open
pathway's current assessment facts under the version in force and under the proposal, and
sees how many decisions would change: by programme (and from which status to which), by
team, and by ethnic group, with the Relative Rate Index of a change for each group against
White children (ADR 0030's reference) and the usual suppression of small counts. So the
disproportionate effect of a rule is seen before the rule is decided, not in next year's
disproportionality report (ADR 0123).

Nothing changes: no pathway, no decision, no registered rule set version. The facts come
from the read model (`rm_facts`), the date of birth from the intake's `children`; no workflow
is asked. A pathway whose facts have never been recorded has no decision to change and is
counted apart (`without_facts`).
"""

import re
from collections import Counter
from datetime import date

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.common import PathwayStatus, Programme
from contracts.eligibility import EligibilityStatus
from db.tables import Child
from readmodel.tables import FactsRow, PathwayRow
from reports.groups import GROUPS, ethnic_group
from reports.rri import Counts, RriRow, compare
from rules.decision import age_on
from rules.engine import decide_statuses
from rules.parameters import PARAMETER_NAMES, ParameterSet, parameters_on

MAX_PARAMETER = 520
"""No threshold is above 520 (weeks: ten years), so a larger value is a typing error."""

_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")
METHOD = (
    "Each open pathway's current assessment facts are decided under the rule set version in "
    "force on the date and under the proposal, with the child's age on that date. A change is "
    "a programme whose status differs. RRI = (changes in group / pathways in group) / (changes "
    "among White children / White children's pathways), 95% interval by the log method. "
    "Counts below min_count are suppressed (shown as null), with any rate or RRI built on them."
)


class Proposal(BaseModel):
    """A proposed rule set version: the thresholds it changes, from an effective date."""

    version: str = Field(min_length=1, max_length=20, description="e.g. 2027.1")
    effective_from: date
    parameters: dict[str, int] = Field(
        max_length=len(PARAMETER_NAMES), description="the thresholds it changes, by name"
    )

    @field_validator("version")
    @classmethod
    def _plain(cls, value: str) -> str:
        if not _VERSION.match(value):
            raise ValueError(
                "letters, digits, '.', '_' and '-' only, starting with one of the first two"
            )
        return value

    @field_validator("parameters")
    @classmethod
    def _known(cls, values: dict[str, int]) -> dict[str, int]:
        for name, value in values.items():
            if name not in PARAMETER_NAMES:
                raise ValueError(f"{name[:40]!r} is not a parameter ({', '.join(PARAMETER_NAMES)})")
            if not 0 <= value <= MAX_PARAMETER:
                raise ValueError(f"{name}: must be from 0 to {MAX_PARAMETER}")
        return values

    def parameter_set(self) -> ParameterSet:
        """The proposal as a rule set version: the one in force on its date, with its changes.

        Raises:
            ValueError: An age band's lowest age would be above its highest (the message names
                the parameters), or no version is in force on the date.
        """
        base = parameters_on(self.effective_from)
        return base.derive(
            version=self.version, effective_from=self.effective_from, **self.parameters
        )


class Transition(BaseModel):
    """How many decisions of one programme would move from one status to another."""

    programme: Programme
    before: EligibilityStatus
    after: EligibilityStatus
    count: int | None = Field(description="null when suppressed")


class ProgrammeChange(BaseModel):
    """One programme's decisions that would change, service- or team-wide."""

    programme: Programme
    changed: int | None = Field(description="null when suppressed")
    newly_eligible: int | None = Field(description="null when suppressed")
    no_longer_eligible: int | None = Field(description="null when suppressed")


class TeamChange(BaseModel):
    """One team's pathways previewed and, per programme, its decisions that would change."""

    team: str
    pathways: int
    changed: dict[str, int | None] = Field(description="programme id to count; null: suppressed")


class RulePreview(BaseModel):
    """What a proposed rule set version would change, counted and compared by group."""

    report: str = "rule_preview"
    proposal: Proposal
    in_force: str = Field(description="the rule set version in force on the date")
    on: date = Field(description="the evaluation date: ages are taken on it")
    team: str | None = Field(description="the team previewed, or none for every team")
    min_count: int
    pathways: int = Field(description="open pathways with facts, decided both ways")
    without_facts: int = Field(description="open pathways with no facts recorded: not decided")
    programmes: list[ProgrammeChange]
    transitions: list[Transition]
    teams: list[TeamChange]
    reference: str = "White"
    method: str = METHOD
    rri: list[RriRow] = Field(description="per programme (change_<programme>), per ethnic group")


def _shown(count: int, min_count: int) -> int | None:
    """A count, or None when it is small enough to identify children (1 to min_count - 1)."""
    return None if 0 < count < min_count else count


def rule_preview(
    session: Session,
    proposal: Proposal,
    *,
    on: date,
    team: str | None = None,
    min_count: int = 5,
) -> RulePreview:
    """Decide every open pathway's facts both ways and count what would change.

    Args:
        session: A session on the read model (and the intake's `children`).
        proposal: The proposed version; it is not registered.
        on: The evaluation date (ages on it; the version in force on it is the baseline).
        team: Only this team's pathways (None: every team, unallocated ones included).
        min_count: Counts below it are suppressed (0 shows every count).

    Returns:
        The counts, changes and RRIs.

    Raises:
        ValueError: The proposal's thresholds are inconsistent, no version is in force on
            `on`, or `min_count` is negative.
    """
    if min_count < 0:
        raise ValueError(f"min_count must not be negative (got {min_count})")
    proposed = proposal.parameter_set()
    in_force = parameters_on(on)
    query = (
        select(PathwayRow.team, PathwayRow.ethnicity, FactsRow.facts, Child.date_of_birth)
        .join(Child, Child.child_id == PathwayRow.child_id)
        .outerjoin(FactsRow, FactsRow.pathway_id == PathwayRow.pathway_id)
        .where(PathwayRow.status == PathwayStatus.OPEN.value)
        .where(PathwayRow.anonymised_on.is_(None))
        .order_by(PathwayRow.pathway_id)
    )
    if team is not None:
        query = query.where(PathwayRow.team == team)
    children: list[tuple[dict[str, object], int]] = []
    whose: list[tuple[str, str]] = []
    without = 0
    for row_team, ethnicity, facts, born in session.execute(query):
        if facts is None or born > on:
            without += 1
            continue
        # As the projection wrote it (`AssessmentFacts` in JSON): a fact an older contract did
        # not have is absent, and the engine reads an absent fact as unknown.
        children.append((facts, age_on(born, on)))
        whose.append((row_team or "Unallocated", ethnic_group(ethnicity)))
    before = decide_statuses(children, in_force)
    after = decide_statuses(children, proposed)

    programmes = list(Programme)
    changed: Counter[Programme] = Counter()
    gained: Counter[Programme] = Counter()
    lost: Counter[Programme] = Counter()
    moves: Counter[tuple[Programme, EligibilityStatus, EligibilityStatus]] = Counter()
    by_team: dict[str, Counter[Programme]] = {}
    team_size: Counter[str] = Counter()
    group_size: Counter[str] = Counter()
    group_changed: Counter[tuple[Programme, str]] = Counter()
    for (row_team, group), old, new in zip(whose, before, after, strict=True):
        team_size[row_team] += 1
        group_size[group] += 1
        mine = by_team.setdefault(row_team, Counter())
        for programme in programmes:
            if old[programme] is new[programme]:
                continue
            changed[programme] += 1
            mine[programme] += 1
            group_changed[programme, group] += 1
            moves[programme, old[programme], new[programme]] += 1
            gained[programme] += new[programme] is EligibilityStatus.ELIGIBLE
            lost[programme] += old[programme] is EligibilityStatus.ELIGIBLE

    reference = "White"
    rri = [
        compare(
            f"change_{programme.value}",
            group,
            Counts(group_changed[programme, group], group_size[group]),
            Counts(group_changed[programme, reference], group_size[reference]),
            is_reference=group == reference,
            min_count=min_count,
        )
        for programme in programmes
        for group in GROUPS["ethnicity"]
    ]
    return RulePreview(
        proposal=proposal,
        in_force=in_force.version,
        on=on,
        team=team,
        min_count=min_count,
        pathways=len(children),
        without_facts=without,
        programmes=[
            ProgrammeChange(
                programme=p,
                changed=_shown(changed[p], min_count),
                newly_eligible=_shown(gained[p], min_count),
                no_longer_eligible=_shown(lost[p], min_count),
            )
            for p in programmes
        ],
        transitions=[
            Transition(programme=p, before=old, after=new, count=_shown(count, min_count))
            for (p, old, new), count in sorted(moves.items())
        ],
        teams=[
            TeamChange(
                team=name,
                pathways=team_size[name],
                changed={p.value: _shown(by_team[name][p], min_count) for p in programmes},
            )
            for name in sorted(team_size)
        ],
        rri=rri,
    )
