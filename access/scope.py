"""Which pathways a user may see, and so which records reached from them.

The rule (ADR 0084): caseworkers and supervisors see their own team's
pathways; a pathway not yet allocated (no team) is visible to the supervisors of its area, who
allocate it, and to no caseworker; auditors see everything; integrators see no pathway. Held
intake, victim details, notifications and decoded payloads follow the pathway they belong to.

A pathway whose area is unknown (areas not configured, or a record that names none) is intake
for every supervisor, as it must reach someone who can allocate it.

A pathway with a transfer pending (`incoming`: the team asked to take it on) is also visible to
that team's supervisors, so they can decide; they may only accept or refuse it until then
(`workflows.visibility`, ADR 0113).
"""

from dataclasses import dataclass

from access.identity import Role


def may_see(
    role: str,
    user_team: str | None,
    user_area: str | None,
    team: str | None,
    area: str | None,
    incoming: str | None = None,
) -> bool:
    """Whether a user (role, team, area) may see a pathway of `team` (None: unallocated).

    `incoming`: the team a pending transfer asks to take the pathway on, whose supervisors see
    it to decide.
    """
    if role == Role.AUDITOR:
        return True
    if role not in (Role.CASEWORKER, Role.SUPERVISOR):
        return False
    if receives(role, user_team, incoming):
        return True
    if team is None:
        return role == Role.SUPERVISOR and (area is None or area == user_area)
    return team == user_team


def receives(role: str, user_team: str | None, incoming: str | None) -> bool:
    """Whether a user is a supervisor of the team a pending transfer is asked of."""
    return role == Role.SUPERVISOR and incoming is not None and incoming == user_team


@dataclass(frozen=True)
class Scope:
    """What a user may see across pathways, for queries of the read model and intake tables.

    `teams`: the teams whose records are visible (None: every team). `intake`: whether
    unallocated records are visible at all; `areas`: of which areas (None: every area),
    records of no known area being visible whenever `intake` is; `receiving`: the teams whose
    incoming transfers are visible (None: every team's). Agrees with `may_see`.
    """

    teams: frozenset[str] | None
    intake: bool
    areas: frozenset[str] | None = None
    receiving: frozenset[str] | None = frozenset()

    @property
    def everything(self) -> bool:
        """Whether nothing is hidden (auditors)."""
        return self.teams is None and self.intake and self.areas is None

    @property
    def nothing(self) -> bool:
        """Whether no pathway at all is visible (integrators): no need to look one up."""
        return self.teams is not None and not self.teams and not self.intake

    def sees(self, team: str | None, area: str | None, incoming: str | None = None) -> bool:
        """Whether a record of `team` (None: unallocated) in `area` is in scope.

        `incoming`: the team a pending transfer of the record's pathway is asked of.
        """
        if incoming is not None and (self.receiving is None or incoming in self.receiving):
            return True
        if team is not None:
            return self.teams is None or team in self.teams
        if not self.intake:
            return False
        return self.areas is None or area is None or area in self.areas


def scope_of(role: Role, team: str | None, area: str | None) -> Scope:
    """The scope of a user: auditors everything; others their team (supervisors: intake)."""
    if role == Role.AUDITOR:
        return Scope(teams=None, intake=True, receiving=None)
    if role not in (Role.CASEWORKER, Role.SUPERVISOR):
        return Scope(teams=frozenset(), intake=False, areas=frozenset())
    teams = frozenset({team}) if team else frozenset()
    # A user of no area sees only intake of no known area, as `may_see` says.
    areas = frozenset({area}) if area else frozenset()
    supervisor = role == Role.SUPERVISOR
    receiving = teams if supervisor else frozenset()
    return Scope(teams=teams, intake=supervisor, areas=areas, receiving=receiving)
