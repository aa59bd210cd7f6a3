"""The notification outbox: escalations for supervisors and notices for victims."""

import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.pathway import Notification
from db.tables import OutboxMessage, PathwayIndex

log = logging.getLogger(__name__)


class NotificationActivities:
    """Writes notifications to the outbox, once per key however often it is retried."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="send_notification")
    def send_notification(self, notice: Notification) -> bool:
        """Queue a notification; return False if it was already queued (a retry)."""
        with self._sessions.begin() as session:
            if session.get(OutboxMessage, notice.key) is not None:
                return False
            # The pathway's area: who is told while no team has it (and who may read it).
            area = session.scalar(
                select(PathwayIndex.area).where(PathwayIndex.pathway_id == notice.pathway_id)
            )
            session.add(
                OutboxMessage(
                    key=notice.key,
                    kind=notice.kind.value,
                    pathway_id=notice.pathway_id,
                    team=notice.team,
                    area=area,
                    message=notice.message,
                    created_at=datetime.now(UTC),
                )
            )
        # Ids and the step only: never a child's or victim's personal details in logs.
        log.info("notification %s for pathway %s queued", notice.kind.value, notice.pathway_id)
        return True
