"""Retention: when a pathway is anonymised, the numbers given for it go, and reminders not yet
sent are cancelled; who consented, when, and what was sent when stay (ADR 0137)."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from activities.reminders import record_consent, schedule
from contracts.contacts import ConsentRecord, GivenBy
from db.anonymisation import anonymise_contacts
from db.tables import ContactConsent, SmsReminder
from tests.conftest import sessions_for

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_anonymising_a_pathway_erases_its_numbers_and_cancels_its_unsent_reminders(database_url: str) -> None:
    with sessions_for(database_url) as sessions:
        with sessions.begin() as s:
            consent = record_consent(s, "pw-1", ConsentRecord(phone_number="07700 900123", given_by=GivenBy.CHILD,
                                                              given_on=date(2026, 12, 1)), "sam", NOW)
            other = record_consent(s, "pw-2", ConsentRecord(phone_number="07700 900456", given_by=GivenBy.CHILD,
                                                            given_on=date(2026, 12, 1)), "sam", NOW)
            later = schedule(s, consent, NOW + timedelta(days=3), NOW + timedelta(days=2), "sam", NOW).key
            kept = schedule(s, other, NOW + timedelta(days=3), NOW + timedelta(days=2), "sam", NOW).key
        with sessions.begin() as s:
            anonymise_contacts(s, "pw-1", NOW)
        with sessions() as s:
            numbers = dict(s.execute(select(ContactConsent.pathway_id, ContactConsent.phone_number)).all())
            cancelled = dict(s.execute(select(SmsReminder.key, SmsReminder.cancelled_at)).all())
            first = s.get(ContactConsent, consent.id)
            assert first is not None and first.given_by == "child" and first.recorded_by == "sam"
        assert numbers == {"pw-1": "anonymised", "pw-2": "+447700900456"}
        assert cancelled == {later: NOW, kept: None}
