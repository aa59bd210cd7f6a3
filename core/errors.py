"""Pathway's exceptions: one tree, raised by the code and answered in one place per door.

    PathwayError                  base of Pathway's own errors
    ├── NotFound                  404  what was asked for is not there, or not the caller's to see
    │   ├── PathwayNotFound            no such pathway, or one the caller may not see
    │   └── HeldNotFound               no held record of that id (also a ReplayError)
    ├── StepNotAllowed            409  the pathway refuses a step or facts now; `reason` says why
    │   └── VictimDetailsRefused       ...refused the police's victim details (names the pathway)
    ├── ReplayError               409  a held record that cannot be replayed
    │   ├── HeldNotFound          404
    │   ├── AlreadyResolved       409  resolved already: nothing to replay
    │   └── NothingToReplay       422  the stored original cannot be replayed as it is
    ├── InvalidInput              422  input that is not acceptable; `problems` names each field
    │   ├── NothingToReplay
    │   └── UnknownGroup               a reference group the report's dimension does not have
    ├── TooMuch                   413  more input than one request takes (422: nested too deep)
    ├── InvalidToken              401  a bearer token that is missing, malformed, expired or forged
    ├── PayloadRefused            422  a sealed Temporal payload that cannot be decoded
    │   ├── UnknownKey                 sealed under a key id this process does not hold
    │   ├── TamperedPayload            fails authentication: edited, or sealed under another key
    │   └── PayloadOfAnotherWorkflow   names another workflow than the one it is decoded for
    ├── NoRuleSetInForce               no eligibility rule set in force on a date
    └── TemporalUnavailable       503  Temporal could not be reached, or did not answer in time

Each class's `status` is the HTTP status every door answers it with: the API's exception
handler (`api.errors`), the audit of each act (`api.guard`) and the pages' error page
(`web.errors`) all read it, so an error is mapped in one place. Not here: `web.errors.PageError`
and `SignInRequired` (how the pages answer, not errors of Pathway); `workflows.tasks.StepRefused`
(raised inside the workflow, which sends it out as an `ApplicationError` of type
STEP_NOT_ALLOWED, arriving here as `StepNotAllowed`); `rules.engine.RulesEngineError` (the
engine failed: the activity is retried, nobody is answered with it).

Temporal carries business failures across the workflow boundary as `ApplicationError`s whose
`type` is one of the constants below (histories hold them, so they never change);
`core.pathways` turns them back into this tree.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

STEP_NOT_ALLOWED = "StepNotAllowed"
_NAMED = re.compile(r"^([a-z_][a-z0-9_]*): (.+)$", re.DOTALL)
PATHWAY_CLOSED = "PathwayClosed"
NOT_VISIBLE = "NotVisible"


class PathwayError(Exception):
    """Base of Pathway's own errors; the message says what is wrong in words a person can use."""

    status: int = 500

    @property
    def detail(self) -> str:
        """What is wrong, as every door says it."""
        return str(self)


class NotFound(PathwayError):
    """What was asked for is not there, or is not the caller's to see (they are told the same)."""

    status = 404


class PathwayNotFound(NotFound):
    """No pathway with that id is visible to the caller (or it has ended, to a command)."""

    def __init__(self, pathway_id: str) -> None:
        super().__init__(f"no pathway {pathway_id}")
        self.pathway_id = pathway_id


class StepNotAllowed(PathwayError):
    """The pathway refuses a step (or new facts) now; `reason` is its own words, unchanged."""

    status = 409

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class VictimDetailsRefused(StepNotAllowed):
    """The pathway the police's victim details matched refused them.

    `pathway_id` names it for whoever may see it (None: the sender may not, so it is not said).
    """

    def __init__(self, reason: str, pathway_id: str | None) -> None:
        super().__init__(reason)
        self.pathway_id = pathway_id


class ReplayError(PathwayError):
    """A held record that cannot be replayed; the message says why."""

    status = 409


class HeldNotFound(ReplayError, NotFound):
    """No held record of that id (of this kind) that the caller may see."""

    status = 404


class AlreadyResolved(ReplayError):
    """The held record was resolved already: nothing to replay."""

    status = 409


@dataclass(frozen=True)
class FieldProblem:
    """One bad field: its dotted path inside the input, and why.

    `kind` is pydantic's error type when a validation found it ("missing", "date_type"...), so
    a form can ask for a field left out in the field's own words.
    """

    field: str
    reason: str
    kind: str = ""


def problems_of(errors: Iterable[Any], *, skip: Iterable[str] = ()) -> list[FieldProblem]:
    """The field problems of pydantic's `errors()`, leading path parts in `skip` left out.

    Args:
        errors: pydantic's error dicts (`loc`, `msg`, `type`).
        skip: leading parts of a path that name no field (e.g. "body", a union's tag).
    """
    skipped = frozenset(skip)
    out = []
    for error in errors:
        parts = [str(p) for p in error["loc"]]
        while parts and parts[0] in skipped:
            parts.pop(0)
        reason = str(error["msg"]).removeprefix("Value error, ")
        named = _NAMED.match(reason) if error["type"] == "value_error" else None
        if named:
            # A model's own check names the field it is about ("agencies_reason: ..."): the
            # problem is put on that field, so a form shows it there and a 422 names it.
            parts.append(named[1])
            reason = named[2]
        out.append(FieldProblem(".".join(parts) or "(body)", reason, str(error["type"])))
    return out


class InvalidInput(PathwayError):
    """Input that is well-formed but not acceptable; `problems` names each bad field."""

    status = 422

    def __init__(self, detail: str | None = None, problems: Sequence[FieldProblem] = ()) -> None:
        if detail is None:
            detail = "invalid fields: " + "; ".join(f"{p.field}: {p.reason}" for p in problems)
        super().__init__(detail)
        self.problems = list(problems)

    @classmethod
    def of(cls, error: "ValidationError", *, skip: Iterable[str] = ()) -> "InvalidInput":
        """The invalid input a pydantic validation error describes, naming every bad field."""
        return cls(problems=problems_of(error.errors(), skip=skip))

    @classmethod
    def field(cls, field: str, reason: str) -> "InvalidInput":
        """One bad field, the reason being the whole message."""
        return cls(reason, [FieldProblem(field, reason)])


class NothingToReplay(ReplayError, InvalidInput):
    """The stored original cannot be replayed as it is: a corrected record is needed."""

    status = 422

    def __init__(self, detail: str) -> None:
        InvalidInput.__init__(self, detail)


class UnknownGroup(InvalidInput, ValueError):
    """A reference group that the report's dimension does not have (the `reference` field)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, [FieldProblem("reference", reason)])


class TooMuch(PathwayError):
    """More input than one request takes: 413 (too many), or 422 (nested too deeply)."""

    def __init__(self, status: int, problem: str) -> None:
        super().__init__(problem)
        self.status = status
        self.problem = problem


class InvalidToken(PathwayError):
    """The token is missing, malformed, expired, too long-lived, or not signed by us."""

    status = 401


class PayloadRefused(PathwayError):
    """A sealed payload cannot be decoded; the message says why."""

    status = 422


class UnknownKey(PayloadRefused):
    """A payload was encrypted under a key this process does not hold."""

    def __init__(self, key_id: str) -> None:
        super().__init__(f"payload encrypted under key {key_id!r}, which is not configured")
        self.key_id = key_id


class TamperedPayload(PayloadRefused):
    """A payload failed authentication: its data or metadata was changed after sealing."""


class PayloadOfAnotherWorkflow(PayloadRefused):
    """A payload names another workflow than the one it is being decoded for."""


class NoRuleSetInForce(PathwayError, LookupError):
    """No eligibility rule set version is in force on the requested date."""


class TemporalUnavailable(PathwayError):
    """Temporal could not be reached, or did not answer in time: try again shortly."""

    status = 503
