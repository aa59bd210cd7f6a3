"""The projection activity: the workflow's state, written into the read model idempotently."""

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.pathway import PathwayState
from readmodel import writers


class ProjectionActivities:
    """Keeps the read model in step with the workflows."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="project_pathway")
    def project_pathway(self, state: PathwayState) -> bool:
        """Write the pathway's state into the read model (a stale or repeated call is a no-op)."""
        return writers.project(self._sessions, state)
