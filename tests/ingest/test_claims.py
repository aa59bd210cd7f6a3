"""Claiming court outcomes in the database: one record per order, children linked, races lost cleanly.

These run on SQLite and PostgreSQL without Temporal: the claim is what makes ingestion
idempotent, before any workflow is started.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from contracts.court import CourtOutcome, IngestResultKind
from db.tables import Child, CourtRecord, HeldRecord, PathwayIndex
from ingest.store import STARTED, STARTING, IntakeStore, Kept
from tests.conftest import sessions_for
from tests.factories import canonical_outcome


def outcome(**overrides: Any) -> CourtOutcome:
    return CourtOutcome.model_validate(canonical_outcome(**overrides))


def count(url: str, table: Any) -> int:
    with sessions_for(url) as sessions, sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_batch_is_claimed_with_one_new_pathway_per_order(database_url: str) -> None:
    with sessions_for(database_url) as sessions:
        claims = IntakeStore(sessions).claim_many([(outcome(), {}) for _ in range(5)])
    assert all(c.new and c.state == STARTING for c in claims)
    assert len({c.pathway_id for c in claims}) == 5
    assert count(database_url, CourtRecord) == count(database_url, PathwayIndex) == 5


def test_a_repeat_inside_one_batch_is_a_duplicate_of_the_first(database_url: str) -> None:
    first = outcome()
    same_case = first.model_copy(update={"message_id": "another-message"})
    with sessions_for(database_url) as sessions:
        a, b, c = IntakeStore(sessions).claim_many([(first, {}), (first, {}), (same_case, {})])
    assert a.new and not b.new and not c.new
    assert a.pathway_id == b.pathway_id == c.pathway_id
    assert count(database_url, CourtRecord) == 1


def test_a_childs_second_order_in_the_same_batch_links_to_the_child_and_its_first_pathway(
    database_url: str,
) -> None:
    first = outcome()
    second = outcome(
        defendant=first.defendant.model_dump(mode="json") | {"defendant_id": "other"},
        disposal__type="youth_rehabilitation_order",
    )
    with sessions_for(database_url) as sessions:
        a, b = IntakeStore(sessions).claim_many([(first, {}), (second, {})])
    assert a.child_id == b.child_id
    assert b.other_pathways == [a.pathway_id] and a.other_pathways == []
    assert count(database_url, Child) == 1


def test_a_pnc_id_links_orders_across_batches_under_the_same_name(database_url: str) -> None:
    first = outcome(defendant__pnc_id="26/1234567A")
    again = outcome(
        defendant=first.defendant.model_dump(mode="json") | {"defendant_id": "other-case-id"}
    )
    with sessions_for(database_url) as sessions:
        store = IntakeStore(sessions)
        (a,) = store.claim_many([(first, {})])
        (b,) = store.claim_many([(again, {})])
    assert a.child_id == b.child_id and b.other_pathways == [a.pathway_id]


@pytest.mark.parametrize(
    "change",
    [{"last_name": "Otherspelling"}, {"date_of_birth": "2011-01-02"}],
    ids=["another name", "another date of birth"],
)
def test_a_known_pnc_id_under_another_name_or_birth_date_is_held_not_linked(
    database_url: str, change: dict[str, str]
) -> None:
    """Linking would put one child's order on another child's record (and show it them)."""
    first = outcome(defendant__pnc_id="26/1234567A")
    other = outcome(defendant=first.defendant.model_dump(mode="json") | change)
    with sessions_for(database_url) as sessions:
        store = IntakeStore(sessions)
        (a,) = store.claim_many([(first, {})])
        (b,) = store.claim_many([(other, {})])
    assert b.held is not None and not b.new and b.child_id == "" and b.pathway_id == ""
    assert a.pathway_id not in b.held and a.child_id not in b.held
    assert count(database_url, CourtRecord) == 1 and count(database_url, Child) == 1


def test_the_same_name_and_birth_date_under_another_pnc_id_is_another_child(
    database_url: str,
) -> None:
    first = outcome(defendant__pnc_id="26/1111111A")
    namesake = outcome(
        defendant=first.defendant.model_dump(mode="json")
        | {"defendant_id": "namesake", "pnc_id": "26/2222222B"}
    )
    with sessions_for(database_url) as sessions:
        a, b = IntakeStore(sessions).claim_many([(first, {}), (namesake, {})])
    assert a.child_id != b.child_id and b.other_pathways == []


def test_marking_started_is_what_a_resend_sees(database_url: str) -> None:
    record = outcome()
    with sessions_for(database_url) as sessions:
        store = IntakeStore(sessions)
        (claim,) = store.claim_many([(record, {})])
        (resent,) = store.claim_many([(record, {})])
        assert resent.state == STARTING  # a crash here: the resend starts the workflow itself
        store.mark_started([claim.pathway_id])
        (again,) = store.claim_many([(record, {})])
    assert again.state == STARTED and again.pathway_id == claim.pathway_id


def test_batches_racing_for_the_same_orders_claim_each_order_once(database_url: str) -> None:
    records = [outcome() for _ in range(20)]
    orders = [records, records[::-1], records[5:] + records[:5], records]
    with sessions_for(database_url) as sessions:
        store = IntakeStore(sessions)
        with ThreadPoolExecutor(len(orders)) as pool:
            answers = list(pool.map(lambda o: store.claim_many([(r, {}) for r in o]), orders))
    pathways: dict[str, set[str]] = {}
    for order, claims in zip(orders, answers, strict=True):
        for record, claim in zip(order, claims, strict=True):
            pathways.setdefault(record.message_id, set()).add(claim.pathway_id)
    assert all(len(ids) == 1 for ids in pathways.values())
    assert sum(c.new for claims in answers for c in claims) == 20
    assert count(database_url, CourtRecord) == count(database_url, PathwayIndex) == 20


def test_a_record_accepted_later_resolves_its_earlier_rejection(database_url: str) -> None:
    record = outcome()
    with sessions_for(database_url) as sessions:
        store = IntakeStore(sessions)
        kept = Kept(
            kind="canonical",
            result=IngestResultKind.REJECTED,
            reason="disposal.type: unknown",
            errors=[],
            payload={},
            message_id=record.message_id,
        )
        (first,) = store.keep([kept])
        (again,) = store.keep([kept])
        assert again == first, "a resend of a bad message is one held record"
        store.claim_many([(record, {})])
        with sessions() as session:
            row = session.get(HeldRecord, first)
            assert row is not None and row.resolved_at is not None
            assert row.resolution == "accepted when received again"


def test_claims_store_the_case_and_defendant_for_victim_details(database_url: str) -> None:
    record = outcome(case_urn="01ly7777726", hearing_date="2026-03-27")
    with sessions_for(database_url) as sessions:
        IntakeStore(sessions).claim_many([(record, {})])
        with sessions() as session:
            row = session.scalars(select(CourtRecord)).one()
    assert (row.case_urn, row.defendant_id) == ("01LY7777726", record.defendant.defendant_id)
    assert row.received_at.date() >= date(2026, 1, 1)
