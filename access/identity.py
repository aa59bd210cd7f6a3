"""The one identity: who a caller is (`User`), and how a workflow's history records them (`Actor`).

A `User` comes from a bearer token, a page session, or is a feed acting on its own (the held
victim details replayed when their order arrives). When a user asks a workflow to change
something, the command carries `user.actor`: the same person, in the shape histories hold
(`{"user", "role", "team", "area"}`, ADR 0090). Nothing else builds an `Actor`.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    """What a user may do."""

    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    INTEGRATOR = "integrator"
    AUDITOR = "auditor"


class User(BaseModel):
    """The caller, from a verified token (frozen: one verified token's user is shared).

    `area` is the youth justice service the user's team belongs to (`PATHWAY_TEAM_AREAS`);
    a supervisor sees the unallocated intake of their own area. None when areas are not
    configured (one service: every supervisor sees all unallocated intake).
    """

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    team: str | None = None
    area: str | None = None

    @property
    def actor(self) -> "Actor":
        """This user as a workflow command records them."""
        return Actor(user=self.name, role=self.role.value, team=self.team, area=self.area)


class Actor(BaseModel):
    """A user as a workflow's history records them: who recorded a step, with what role.

    Part of the workflow contract (`contracts.steps.StepCommand`): its JSON keys are fixed by
    the histories that hold it, so its field is `user` where `User` says `name`, and its role
    is the `Role`'s value as a string, so a history decodes whatever role it holds (the
    workflow's validator refuses one it does not know). Derived from a `User` by `User.actor`,
    never built by hand outside tests and benchmarks.
    """

    model_config = ConfigDict(frozen=True)

    user: str
    role: str
    team: str | None = None
    area: str | None = None
