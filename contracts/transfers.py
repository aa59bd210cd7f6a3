"""A child, not an order: a pending transfer, a new order's offer, the notice of turning 18.

A new order is offered to the case manager the child knows; a transfer waits for the
receiving team; the child's turning 18 opens a planning task.

None of these holds a name or a date of birth: the sweep that finds children turning 18 reads
their dates of birth in the case database and tells the workflow only that the time has come.
"""

from datetime import date

from pydantic import BaseModel


class PendingTransfer(BaseModel):
    """A transfer asked for and not yet decided: the sending team keeps the pathway until then."""

    to_team: str
    from_team: str
    reason: str
    requested_on: date
    requested_by: str


class CaseManagerOffer(BaseModel):
    """The case manager and team of the child's open or recently closed pathway (the intake's).

    A new order for the child starts with this team, and this case manager suggested, for a
    supervisor to confirm by allocating (ADR 0114).
    """

    pathway_id: str
    caseworker: str | None
    team: str


class TransitionNotice(BaseModel):
    """The child turns 18 within the planning window while this order runs: plan the move.

    Deliberately empty of dates: the task falls due a number of working days (the pathway's
    `DeadlinePolicy.transition_planning`) from the day the workflow is told.
    """

    source: str = "transition-sweep"


class TransitionSweepInput(BaseModel):
    """The daily transition sweep's input (its schedule's): nothing yet, fields to come."""


class TransitionSweepRequest(BaseModel):
    """Find the pathways whose child turns 18 within the planning window as of `today`."""

    today: date


class TransitionSweepResult(BaseModel):
    """The pathways to tell (ids only: the dates of birth stay in the case database)."""

    pathway_ids: list[str]
