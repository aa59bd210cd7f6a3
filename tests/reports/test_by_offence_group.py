"""Every report restricted to the orders of one offence group, on a caseload counted by hand.

The caseload and its offences are in `tests.reports.offence_seed`.
"""

import csv
import io

import pytest
from sqlalchemy.orm import Session, sessionmaker

from contracts.offences import OffenceGroup
from reports.csv import to_csv
from reports.disproportionality import disproportionality
from reports.kpis import kpis
from reports.timeliness import timeliness
from tests.reports.offence_seed import seed_with_offences
from tests.reports.seed import HOLIDAYS


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        seed_with_offences(s)
    return sessions


def counts(report_groups: list[object]) -> dict[str, int]:
    return {c.key: c.count for c in report_groups if c.count}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("group", "orders"), [
    pytest.param(OffenceGroup.ROBBERY, 20, id="robbery: 10 White and 10 Black children's orders"),
    pytest.param(OffenceGroup.THEFT_AND_HANDLING, 55, id="theft: an order with robbery and theft counts in theft too"),
    pytest.param(OffenceGroup.DRUGS, 10, id="drugs: the Asian children's orders"),
    pytest.param(OffenceGroup.UNCLASSIFIED, 2, id="unclassified: the two orders with a code no mapping knows"),
    pytest.param(OffenceGroup.SEXUAL_OFFENCES, 0, id="a group no order has counts no order"),
    pytest.param(None, 93, id="no group: every order, with offences held or not"),
])
def test_the_kpis_count_the_orders_with_an_offence_in_the_group(
    seeded: sessionmaker[Session], group: OffenceGroup | None, orders: int
) -> None:
    with seeded() as s:
        report = kpis(s, offence_group=group)
    assert report.pathways == orders
    assert report.cohort.offence_group == group


def test_the_robbery_cohort_is_counted_in_every_kpi(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = kpis(s, offence_group=OffenceGroup.ROBBERY)
    assert counts(report.orders_by_disposal) == {"detention_and_training_order": 18, "referral_order": 2}
    assert report.offences.orders_with_offences == 20
    assert counts(report.offences.by_group) == {"robbery": 20, "theft_and_handling": 5}
    assert report.offences.unclassified_offences == 0


def test_the_kpis_count_orders_by_offence_group_and_the_codes_not_classified(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = kpis(s)
    assert report.offences.orders_with_offences == 80
    assert counts(report.offences.by_group) == {
        "robbery": 20, "theft_and_handling": 55, "drugs": 10, "unclassified": 2,
    }
    assert [c.key for c in report.offences.by_group] == [g.value for g in OffenceGroup]
    assert report.offences.unclassified_offences == 2


def test_timeliness_counts_only_the_tasks_of_the_groups_orders(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = timeliness(s, holidays=HOLIDAYS, offence_group=OffenceGroup.ROBBERY)
    allocation = next(step for step in report.steps if step.step == "allocation")
    # White 40 and Black 10 were allocated late (every tenth child of a group).
    assert (allocation.tasks, allocation.done_on_time, allocation.done_late) == (20, 18, 2)


def test_disproportionality_compares_groups_within_the_offence_group(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = disproportionality(s, dimension="ethnicity", offence_group=OffenceGroup.ROBBERY)
    rows = {(r.decision_point, r.group): r for r in report.rows}
    white, black = rows[("custody", "White")], rows[("custody", "Black")]
    assert (white.events, white.base, black.events, black.base) == (10, 10, 8, 10)
    assert black.rri == pytest.approx(0.8)
    assert rows[("custody", "Asian")].base is None  # no Asian child has a robbery order: suppressed


def test_the_cohort_states_the_offence_group_only_when_one_is_chosen(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        chosen = kpis(s, offence_group=OffenceGroup.ROBBERY).cohort.model_dump(mode="json")
        every = kpis(s).cohort.model_dump(mode="json")
    assert chosen == {"team": None, "since": None, "until": None, "offence_group": "robbery"}
    assert every == {"team": None, "since": None, "until": None}


def test_the_kpi_csv_has_the_orders_of_each_offence_group(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        table = list(csv.DictReader(io.StringIO(to_csv(kpis(s)))))
    values = {(r["section"], r["item"]): r["value"] for r in table}
    assert values[("orders_by_offence_group", "robbery")] == "20"
    assert values[("orders_by_offence_group", "sexual_offences")] == "0"
    assert values[("offences", "orders_with_offences")] == "80"
    assert values[("offences", "unclassified_offences")] == "2"
