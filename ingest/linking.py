"""A child, not an order: a new order is offered to the case manager and team the child knows.

When the intake starts a pathway for a child who has another pathway of the same service
(area) that is open, or closed within `PATHWAY_LINKED_ORDER_MONTHS` (6 by default) of the new
order, the new pathway starts with that pathway's team, and its case manager suggested for a
supervisor to confirm by allocating (ADR 0114). Why: a trusting relationship with a case
manager, sometimes built up over years, is what a change of worker breaks (HM Inspectorate of
Probation, "The evidence base: youth offending services", "Youth to adult transitions"), and
support should be kept through moves and changes of supervising staff (YJB Case Management
Guidance, "Case responsibility", what to bear in mind, point 4). The 6 months are the
service's choice (configuration), not a figure from the guidance.

The read model's rows say which team and case manager each pathway has; names and dates of
birth stay where they are.
"""

from datetime import date

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session

from contracts.transfers import CaseManagerOffer
from core.workdays import add_months
from readmodel.tables import PathwayRow


def offer_for(
    session: Session,
    *,
    child_id: str,
    pathway_id: str,
    area: str | None,
    made_on: date,
    months: int,
) -> CaseManagerOffer | None:
    """The team and case manager of the child's latest open or recent pathway of `area`.

    Open pathways come first, then the most recently closed; one closed more than `months`
    before `made_on` is not offered, nor one that no team has taken on.
    """
    since = add_months(made_on, -months)
    same_area = PathwayRow.area.is_(None) if area is None else PathwayRow.area == area
    query = (
        select(PathwayRow.pathway_id, PathwayRow.caseworker, PathwayRow.team)
        .where(
            PathwayRow.child_id == child_id,
            PathwayRow.pathway_id != pathway_id,
            PathwayRow.team.is_not(None),
            PathwayRow.anonymised_on.is_(None),
            same_area,
            or_(PathwayRow.status == "open", PathwayRow.closed_on >= since),
        )
        .order_by(
            case((PathwayRow.status == "open", 0), else_=1),
            PathwayRow.closed_on.desc(),
            PathwayRow.made_on.desc(),
            PathwayRow.pathway_id,
        )
        .limit(1)
    )
    row = session.execute(query).first()
    if row is None or row.team is None:
        return None
    return CaseManagerOffer(pathway_id=row.pathway_id, caseworker=row.caseworker, team=row.team)
