"""Turnaround's rules for a diversion pathway, with what only the database knows.

The workflow passes the child's opaque id and the referral; the date of birth (the age the
programme reads is the child's at the trigger) and whether the child had Turnaround before
(once only: the decision names the date of the first) are read here and never travel through
Temporal (ADR 0129).
"""

from datetime import date

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

import rules
from activities.eligibility import CHILD_NOT_FOUND, NO_RULES_IN_FORCE
from contracts.diversion import PanelOutcome, TurnaroundAsk
from contracts.eligibility import ProgrammeDecision
from contracts.turnaround import NO_PREVIOUS_REFERRAL, TurnaroundFacts, TurnaroundRequest
from core.errors import STEP_NOT_ALLOWED
from db.tables import Child
from readmodel.tables import DiversionRow, PathwayRow


def earlier_turnaround(session: Session, child_id: str, pathway_id: str) -> date | None:
    """The date of the child's first Turnaround decision on another pathway, if any."""
    query = (
        select(DiversionRow.decided_on)
        .join(PathwayRow, PathwayRow.pathway_id == DiversionRow.pathway_id)
        .where(
            PathwayRow.child_id == child_id,
            DiversionRow.pathway_id != pathway_id,
            DiversionRow.outcome == PanelOutcome.TURNAROUND.value,
        )
        .order_by(DiversionRow.decided_on)
        .limit(1)
    )
    return session.execute(query).scalar()


class TurnaroundActivities:
    """Runs Turnaround's rules for diversion pathways."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="evaluate_turnaround")
    def evaluate_turnaround(self, ask: TurnaroundAsk) -> ProgrammeDecision:
        """Decide Turnaround for the child of a diversion pathway, on a date."""
        with self._sessions() as session:
            child = session.get(Child, ask.child_id)
            if child is None:
                raise ApplicationError(
                    f"no child {ask.child_id} in the case database",
                    type=CHILD_NOT_FOUND,
                    non_retryable=True,
                )
            born, earlier = child.date_of_birth, earlier_turnaround(
                session, ask.child_id, ask.pathway_id
            )
        details = ask.details
        try:
            request = TurnaroundRequest(
                date_of_birth=born,
                facts=TurnaroundFacts(
                    trigger=details.trigger,
                    trigger_date=details.trigger_on,
                    referred_on=details.referred_on,
                    previous_turnaround_referral_on=earlier or NO_PREVIOUS_REFERRAL,
                    **ask.local.model_dump(),
                ),
                on=ask.on,
            )
        except ValidationError as bad:
            reasons = "; ".join(str(e["msg"]) for e in bad.errors())
            raise ApplicationError(
                f"Turnaround cannot be decided: {reasons}",
                type=STEP_NOT_ALLOWED,
                non_retryable=True,
            ) from None
        try:
            return rules.evaluate_turnaround(request)
        except rules.NoRuleSetInForce as missing:
            raise ApplicationError(
                str(missing), type=NO_RULES_IN_FORCE, non_retryable=True
            ) from None
