"""Eligibility decisions: the child's date of birth from the database, the rules in a thread.

The date of birth never travels through Temporal: the workflow passes the child's opaque id
and the activity looks it up.
"""

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

import rules
from contracts.eligibility import EligibilityDecisions
from contracts.facts import EligibilityRequest
from contracts.referrals import EvaluateRequest
from db.tables import Child

CHILD_NOT_FOUND = "ChildNotFound"
NO_RULES_IN_FORCE = "NoRuleSetInForce"


class EligibilityActivities:
    """Runs the eligibility rules for pathways."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="evaluate_eligibility")
    def evaluate_eligibility(self, request: EvaluateRequest) -> EligibilityDecisions:
        """Decide the three programmes for a child's facts on a date."""
        with self._sessions() as session:
            child = session.get(Child, request.child_id)
            if child is None:
                raise ApplicationError(
                    f"no child {request.child_id} in the case database",
                    type=CHILD_NOT_FOUND,
                    non_retryable=True,
                )
            date_of_birth = child.date_of_birth
        try:
            return rules.evaluate(
                EligibilityRequest(date_of_birth=date_of_birth, facts=request.facts, on=request.on)
            )
        except rules.NoRuleSetInForce as missing:
            raise ApplicationError(
                str(missing), type=NO_RULES_IN_FORCE, non_retryable=True
            ) from None
