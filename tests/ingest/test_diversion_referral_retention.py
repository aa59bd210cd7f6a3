"""Retention reaches referrals for diversion: an anonymised pathway's referral loses the record
as received and the referrer's referral id (ADR 0131), once, and others keep theirs."""

from datetime import date

from sqlalchemy import select

from contracts.court import IngestResultKind
from contracts.diversion_referrals import DiversionReferral
from db.anonymisation import ANONYMISED, anonymise_referrals
from db.tables import AnonymisedPathway, DiversionReferralRecord, HeldRecord
from ingest.diversion import REFERRAL_KIND, DiversionStore
from ingest.store import IntakeStore, Kept
from samples.referrals import police_referral
from tests.conftest import sessions_for


def test_an_anonymised_pathways_referral_loses_its_record_and_id(database_url: str) -> None:
    gone, kept = police_referral(), police_referral()
    with sessions_for(database_url) as sessions:
        store = IntakeStore(sessions)
        (bad_copy,) = store.keep(
            [
                Kept(
                    kind=REFERRAL_KIND,
                    result=IngestResultKind.HELD,
                    reason=f"held: {gone['referral_id']}",
                    errors=[],
                    payload=gone,
                    message_id=gone["referral_id"],
                )
            ]
        )
        items = [(DiversionReferral.model_validate(r), r, None) for r in (gone, kept)]
        first, second = DiversionStore(store).claim_many(items, "bot")
        with sessions.begin() as session:  # the claim settled the held copy; open it again
            held = session.get(HeldRecord, bad_copy)
            assert held is not None and held.resolution == "accepted when received again"
            held.resolved_at, held.resolution = None, None
            session.add(AnonymisedPathway(pathway_id=first.pathway_id, anonymised_on=date.today()))
        for _ in range(2):  # idempotent
            with sessions.begin() as session:
                anonymise_referrals(session, date.today())
        with sessions() as session:
            rows = {
                r.pathway_id: r for r in session.scalars(select(DiversionReferralRecord)).all()
            }
            held = session.get(HeldRecord, bad_copy)
        assert rows[first.pathway_id].payload == {ANONYMISED: True}
        assert rows[first.pathway_id].referral_id.startswith(f"{ANONYMISED}:")
        assert rows[second.pathway_id].payload == kept
        assert rows[second.pathway_id].referral_id == kept["referral_id"]
        assert held is not None and held.message_id is None
        assert gone["referral_id"] not in held.reason
        assert gone["child"]["last_name"] not in str(held.payload)
