"""Consistency of case manager per child, across the child's orders (a child, not an order).

A child with several orders in the cohort keeps a trusted adult when each later order has the
case manager of the order before it (the intake offers it to them: `ingest.linking`, ADR
0114). Counted from the read model's pathways, by the child's opaque id: no names. Orders with
no case manager yet are left out (nothing to compare), and so is a child's first order.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, distinct, func, select

from readmodel.tables import PathwayRow
from reports.cohort import Cohort, share
from reports.tally import Tallies, number, tally


class AcrossOrdersKpis(BaseModel):
    """Children with several allocated orders, and whether their case manager carried over."""

    children_with_several_orders: int = Field(
        description="children with two or more orders that have a case manager"
    )
    children_kept_one: int = Field(description="of them, one case manager on every order")
    children_share: float | None = Field(description="children_kept_one / several orders")
    later_orders: int = Field(description="orders after each child's first (allocated) order")
    later_orders_same_case_manager: int = Field(
        description="later orders whose case manager is the previous order's"
    )
    later_orders_share: float | None


def across_orders(pathways: Iterable[PathwayRow]) -> AcrossOrdersKpis:
    """Consistency of case manager per child across orders, from the cohort's pathways."""
    by_child: defaultdict[str, list[PathwayRow]] = defaultdict(list)
    for p in pathways:
        if p.caseworker is not None:
            by_child[p.child_id].append(p)
    several = kept = later = same = 0
    for orders in by_child.values():
        if len(orders) < 2:
            continue
        orders.sort(key=lambda p: (p.made_on, p.pathway_id))
        several += 1
        kept += len({p.caseworker for p in orders}) == 1
        for previous, order in zip(orders, orders[1:], strict=False):
            later += 1
            same += order.caseworker == previous.caseworker
    return AcrossOrdersKpis(
        children_with_several_orders=several,
        children_kept_one=kept,
        children_share=share(kept, several),
        later_orders=later,
        later_orders_same_case_manager=same,
        later_orders_share=share(same, later),
    )


def tallies(cohort: Cohort) -> list[Select[Any]]:
    """`across_orders`' counts of the cohort's pathways, by the database (window functions).

    The same figures as `across_orders`, without fetching every pathway: a national cohort's
    children are counted where they are (`pathway bench reports`, ADR 0141).
    """
    previous = func.lag(PathwayRow.caseworker).over(
        partition_by=PathwayRow.child_id, order_by=(PathwayRow.made_on, PathwayRow.pathway_id)
    )
    allocated = cohort.restrict(
        select(
            PathwayRow.child_id.label("child"),
            PathwayRow.caseworker.label("caseworker"),
            previous.label("previous"),
        ).where(PathwayRow.caseworker.is_not(None))
    ).subquery()
    later = select(
        *tally(
            "across_orders_later",
            func.count(allocated.c.previous),
            number(allocated.c.caseworker == allocated.c.previous),
        )
    )
    children = (
        select(
            allocated.c.child,
            func.count(distinct(allocated.c.caseworker)).label("caseworkers"),
        )
        .group_by(allocated.c.child)
        .having(func.count() >= 2)
        .subquery()
    )
    several = select(
        *tally("across_orders_children", func.count(), number(children.c.caseworkers == 1))
    )
    return [later, several]


def from_tallies(tallies: Tallies) -> AcrossOrdersKpis:
    """Consistency of case manager per child across orders, from `tallies`' counts."""
    later, same = tallies.one("across_orders_later")[:2]
    several, kept = tallies.one("across_orders_children")[:2]
    return AcrossOrdersKpis(
        children_with_several_orders=several,
        children_kept_one=kept,
        children_share=share(kept, several),
        later_orders=later,
        later_orders_same_case_manager=same,
        later_orders_share=share(same, later),
    )
