"""The one identity: who a caller is, from a bearer token or a page session."""

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
