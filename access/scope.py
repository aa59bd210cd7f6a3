"""Which pathways a user may see, and so which records reached from them.

The rule (ADR 0084): caseworkers and supervisors see their own team's
pathways; a pathway not yet allocated (no team) is visible to the supervisors of its area, who
allocate it, and to no caseworker; auditors see everything; integrators see no pathway. Held
intake, victim details, notifications and decoded payloads follow the pathway they belong to.

A pathway whose area is unknown (areas not configured, or a record that names none) is intake
for every supervisor, as it must reach someone who can allocate it.
"""

from dataclasses import dataclass

from access.identity import Role


def may_see(
    role: str, user_team: str | None, user_area: str | None, team: str | None, area: str | None
) -> bool:
    """Whether a user (role, team, area) may see a pathway of `team` (None: unallocated)."""
    if role == Role.AUDITOR:
        return True
    if role not in (Role.CASEWORKER, Role.SUPERVISOR):
        return False
    if team is None:
        return role == Role.SUPERVISOR and (area is None or area == user_area)
    return team == user_team


@dataclass(frozen=True)
class Scope:
    """What a user may see across pathways, for queries of the read model and intake tables.

    `teams`: the teams whose records are visible (None: every team). `intake`: whether
    unallocated records are visible at all; `areas`: of which areas (None: every area),
    records of no known area being visible whenever `intake` is. Agrees with `may_see`.
    """

    teams: frozenset[str] | None
    intake: bool
    areas: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        """Whether nothing is hidden (auditors)."""
        return self.teams is None and self.intake and self.areas is None

    @property
    def nothing(self) -> bool:
        """Whether no pathway at all is visible (integrators): no need to look one up."""
        return self.teams is not None and not self.teams and not self.intake

    def sees(self, team: str | None, area: str | None) -> bool:
        """Whether a record of `team` (None: unallocated) in `area` is in scope."""
        if team is not None:
            return self.teams is None or team in self.teams
        if not self.intake:
            return False
        return self.areas is None or area is None or area in self.areas


def scope_of(role: Role, team: str | None, area: str | None) -> Scope:
    """The scope of a user: auditors everything; others their team (supervisors: intake)."""
    if role == Role.AUDITOR:
        return Scope(teams=None, intake=True)
    if role not in (Role.CASEWORKER, Role.SUPERVISOR):
        return Scope(teams=frozenset(), intake=False, areas=frozenset())
    teams = frozenset({team}) if team else frozenset()
    # A user of no area sees only intake of no known area, as `may_see` says.
    areas = frozenset({area}) if area else frozenset()
    return Scope(teams=teams, intake=role == Role.SUPERVISOR, areas=areas)
