"""A court order that follows a decision to charge: linked to the diversion pathway it ended.

When the joint decision panel decides to charge, the diversion pathway closes (`charged`) and
the court deals with the child (Crime and Disorder Act 1998, s. 66ZA(1)(b): a caution is not
given where the evidence calls for a charge; issue 20). When the court intake then starts a
court pathway for the same child within `Settings.charge_link_months` (6 by default: the
service's choice, as `linked_order_months` is) of that decision, the court pathway names the
diversion pathway (`PathwayInput.charged_from`, ADR 0132), so the child's history across the
two pathways reads as one, and the case pages of both show the link. The latest such decision
on or before the order is linked; a diversion pathway anonymised by retention is not.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.diversion import PanelOutcome
from core.workdays import add_months
from readmodel.tables import DiversionRow, PathwayRow


def charged_from(session: Session, *, child_id: str, made_on: date, months: int) -> str | None:
    """The child's diversion pathway closed by a decision to charge within `months` of the order.

    Args:
        session: a session on the database holding the read model.
        child_id: the child of the new court order.
        made_on: the day the court made the order.
        months: how far back a decision to charge is linked.
    """
    since = add_months(made_on, -months)
    query = (
        select(DiversionRow.pathway_id)
        .join(PathwayRow, PathwayRow.pathway_id == DiversionRow.pathway_id)
        .where(
            PathwayRow.child_id == child_id,
            PathwayRow.anonymised_on.is_(None),
            DiversionRow.outcome == PanelOutcome.CHARGE.value,
            DiversionRow.decided_on >= since,
            DiversionRow.decided_on <= made_on,
        )
        .order_by(DiversionRow.decided_on.desc(), DiversionRow.pathway_id)
        .limit(1)
    )
    found: str | None = session.scalar(query)
    return found
