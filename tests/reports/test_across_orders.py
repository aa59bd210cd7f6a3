"""Consistency of case manager per child across orders, on a caseload counted by hand."""

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from reports.kpis import kpis
from tests.reports.seed import add_pathway


def test_each_later_order_counts_whether_it_kept_the_previous_orders_case_manager(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        # Ana: three orders, all with casey (kept one; two later orders, both the same).
        for n, made in enumerate((date(2026, 1, 5), date(2026, 3, 2), date(2026, 6, 1))):
            add_pathway(s, f"ana-{n}", child_id="ch-ana", made_on=made, caseworker="casey")
        # Ben: casey, then robin (not kept; one later order, not the same).
        add_pathway(s, "ben-0", child_id="ch-ben", made_on=date(2026, 1, 5), caseworker="casey")
        add_pathway(s, "ben-1", child_id="ch-ben", made_on=date(2026, 2, 2), caseworker="robin")
        # Cai: casey, an unallocated order (left out), casey again (kept; one later, the same).
        add_pathway(s, "cai-0", child_id="ch-cai", made_on=date(2026, 1, 5), caseworker="casey")
        add_pathway(
            s, "cai-1", child_id="ch-cai", made_on=date(2026, 2, 2), caseworker=None, team=None
        )
        add_pathway(s, "cai-2", child_id="ch-cai", made_on=date(2026, 4, 6), caseworker="casey")
        # Dee: robin, casey, robin (not kept; two later orders, neither the same as before).
        for n, (made, who) in enumerate(
            ((date(2026, 1, 5), "robin"), (date(2026, 2, 2), "casey"), (date(2026, 3, 2), "robin"))
        ):
            add_pathway(s, f"dee-{n}", child_id="ch-dee", made_on=made, caseworker=who)
        # Eve: one order only (not counted).
        add_pathway(s, "eve-0", child_id="ch-eve", caseworker="casey")
    with sessions() as s:
        a = kpis(s).across_orders
    assert (a.children_with_several_orders, a.children_kept_one) == (4, 2)
    assert a.children_share == 0.5
    assert (a.later_orders, a.later_orders_same_case_manager) == (6, 3)
    assert a.later_orders_share == 0.5


def test_a_cohort_since_a_date_compares_only_the_orders_made_within_it(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        add_pathway(s, "ben-0", child_id="ch-ben", made_on=date(2026, 1, 5), caseworker="casey")
        add_pathway(s, "ben-1", child_id="ch-ben", made_on=date(2026, 5, 4), caseworker="robin")
        add_pathway(s, "ben-2", child_id="ch-ben", made_on=date(2026, 6, 1), caseworker="robin")
    with sessions() as s:
        a = kpis(s, since=date(2026, 4, 1)).across_orders
    assert (a.children_with_several_orders, a.children_kept_one, a.later_orders) == (1, 1, 1)
