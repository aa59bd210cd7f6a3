"""Appointment reminders by text (ADR 0137), through the real API, a real worker and Temporal dev
server, a real database, and GOV.UK Notify's client against a local Notify: only to a number
recorded with consent for that purpose, scoped to the pathway's team, audited, sent once, and
never anywhere in Temporal."""

import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.reminders import deliver_reminders
from db.tables import AuditEvent, ContactConsent, SmsReminder
from tests.api.conftest import Api, serving
from tests.api.test_codec_history import payloads_in, raw_history
from tests.api.test_eligibility import allocated_pathway
from tests.conftest import sessions_for
from tests.notify.fake_notify import (
    API_KEY,
    ESCALATION_TEMPLATE,
    REMINDER_TEMPLATE,
    FakeNotify,
    fake_notify,
)

NUMBER = "07700 900123"
NOTIFY_FORM = "+447700900123"
FORMS = ("07700900123", "07700 900123", "7700900123", "447700900123", "900123")


class Stack:
    def __init__(self, api: Api, fake: FakeNotify) -> None:
        self.api, self.fake = api, fake

    async def consent(self, pid: str, number: str = NUMBER, role: str = "caseworker", **more: Any) -> Any:
        body = {"phone_number": number, "given_by": "child", "given_on": date.today().isoformat()} | more
        return await self.api.http.post(f"/v1/pathways/{pid}/contact-consents", json=body, headers=self.api.token(role))

    async def remind(self, pid: str, role: str = "caseworker", team: str = "bromley", **body: Any) -> Any:
        body.setdefault("appointment_at", (datetime.now(UTC) + timedelta(days=2)).isoformat())
        return await self.api.http.post(f"/v1/pathways/{pid}/sms-reminders", json=body,
                                        headers=self.api.token(role, team=team))

    async def reminders(self, pid: str) -> list[dict[str, Any]]:
        r = await self.api.http.get(f"/v1/pathways/{pid}/sms-reminders", headers=self.api.token("caseworker"))
        assert r.status_code == 200, r.text
        return list(r.json())

    def deliver(self, at: datetime) -> int:
        with sessions_for(self.api.settings.sqlalchemy_url) as sessions:
            return deliver_reminders(sessions, self.api.settings, now=at)


@pytest.fixture
async def stack(dev_env: WorkflowEnvironment, database_url: str) -> AsyncIterator[Stack]:
    with fake_notify() as fake:
        async with serving(dev_env, database_url, notify_api_key=API_KEY, notify_base_url=fake.base_url,
                           notify_templates={"appointment_reminder": REMINDER_TEMPLATE,
                                             "default": ESCALATION_TEMPLATE}) as api:
            yield Stack(api, fake)


async def test_a_reminder_is_refused_without_consent_and_sent_once_by_text_with_it(stack: Stack) -> None:
    pid = await allocated_pathway(stack.api)
    r = await stack.remind(pid)
    assert r.status_code == 409 and r.json()["detail"].startswith("consent: "), r.text

    r = await stack.consent(pid)
    assert r.status_code == 201, r.text
    consent = r.json()
    assert consent["number_ending"] == "123" and consent["active"] and consent["given_by"] == "child"
    assert "900123" not in r.text, "the number is never answered back whole"

    appointment = datetime(2027, 1, 12, 14, 30, tzinfo=UTC)  # GMT: 2:30pm in London
    r = await stack.remind(pid, appointment_at=appointment.isoformat())
    assert r.status_code == 422 and "appointment_at" in r.text or r.status_code == 201, r.text
    if r.status_code == 422:  # the fixed date is more than a year ahead of the machine's clock
        appointment = datetime.now(UTC).replace(hour=14, minute=30, second=0, microsecond=0) + timedelta(days=3)
        r = await stack.remind(pid, appointment_at=appointment.isoformat())
    assert r.status_code == 201, r.text
    sent = r.json()
    assert sent["status"] == "sent" and sent["attempts"] == 1 and sent["consent_id"] == consent["id"]
    [text] = stack.fake.accepted
    assert (text.type, text.to, text.reference, text.template_id) == ("sms", NOTIFY_FORM, sent["key"], REMINDER_TEMPLATE)
    assert f" {appointment.day} " in text.body and ":30" in text.body and "pm" in text.body
    assert set(text.personalisation) == {"date", "time"}, "nothing but the appointment's day and time"

    assert stack.deliver(datetime.now(UTC) + timedelta(days=1)) == 0, "a sent reminder is never sent again"
    assert [x["key"] for x in await stack.reminders(pid)] == [sent["key"]]
    assert stack.fake.delivered() == {(sent["key"], NOTIFY_FORM): 1}


async def test_withdrawing_consent_cancels_scheduled_reminders_and_refuses_new_ones(stack: Stack) -> None:
    pid = await allocated_pathway(stack.api)
    consent = (await stack.consent(pid, "+44 (0)7700 900456", given_by="parent_or_carer")).json()
    now = datetime.now(UTC)
    r = await stack.remind(pid, send_at=(now + timedelta(days=1)).isoformat(),
                           appointment_at=(now + timedelta(days=2)).isoformat())
    assert r.status_code == 201 and r.json()["status"] == "scheduled", r.text
    assert stack.deliver(now) == 0 and stack.fake.accepted == [], "not before its time"

    r = await stack.api.http.post(f"/v1/pathways/{pid}/contact-consents/{consent['id']}/withdrawal",
                                  json={"withdrawn_on": date.today().isoformat()}, headers=stack.api.token("caseworker"))
    assert r.status_code == 200 and r.json()["active"] is False and r.json()["withdrawn_by"] == "sam", r.text
    assert [x["status"] for x in await stack.reminders(pid)] == ["cancelled"]
    assert r.json()["number_ending"] == "456"
    with sessions_for(stack.api.settings.sqlalchemy_url) as sessions, sessions() as s:
        assert s.scalar(select(ContactConsent.phone_number).where(ContactConsent.id == consent["id"])) == "withdrawn:456"
    assert stack.deliver(now + timedelta(days=1, minutes=1)) == 0 and stack.fake.accepted == []
    r = await stack.remind(pid)
    assert r.status_code == 409 and "consent" in r.json()["detail"]
    r = await stack.api.http.post(f"/v1/pathways/{pid}/contact-consents/{consent['id']}/withdrawal",
                                  json={"withdrawn_on": date.today().isoformat()}, headers=stack.api.token("caseworker"))
    assert r.status_code == 409, "withdrawn once"


async def test_a_scheduled_reminder_goes_once_at_its_time_through_a_notify_outage(stack: Stack) -> None:
    pid = await allocated_pathway(stack.api)
    await stack.consent(pid)
    now = datetime.now(UTC)
    due = now + timedelta(hours=3)
    key = (await stack.remind(pid, send_at=due.isoformat(), appointment_at=(now + timedelta(days=1)).isoformat())).json()["key"]
    stack.fake.down = True
    assert stack.deliver(due) == 0
    [waiting] = await stack.reminders(pid)
    assert waiting["status"] == "retrying" and "500" in waiting["last_error"]
    stack.fake.down = False
    stack.fake.script.append("accept_then_500")  # Notify takes it, then fails answering
    assert stack.deliver(due + timedelta(minutes=1)) == 0
    assert stack.deliver(due + timedelta(hours=1)) == 1, "found at Notify under its reference: not sent again"
    assert stack.deliver(due + timedelta(hours=2)) == 0
    assert stack.fake.delivered() == {(key, NOTIFY_FORM): 1}
    assert (await stack.reminders(pid))[0]["status"] == "sent"


@pytest.mark.parametrize("number", ["020 7946 0000", "07000 123456", "07600 123456", "0770090012", "call me", "07700 900123 ext 4"])
async def test_a_number_that_is_not_a_uk_mobile_is_refused_naming_the_field(stack: Stack, number: str) -> None:
    pid = await allocated_pathway(stack.api)
    r = await stack.consent(pid, number)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["phone_number"], r.text


async def test_bad_consent_and_reminder_fields_are_refused_naming_them(stack: Stack) -> None:
    pid = await allocated_pathway(stack.api)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ({"given_on": tomorrow}, "given_on"),
        ({"given_by": "neighbour"}, "given_by"),
        ({"purpose": "marketing"}, "purpose"),
        ({"name": "Casey"}, "name"),
    ]
    for more, field in cases:
        r = await stack.consent(pid, **more)
        assert r.status_code == 422 and field in r.json()["detail"], (more, r.text)
    await stack.consent(pid)
    now = datetime.now(UTC)
    for body, field in [
        ({"appointment_at": (now - timedelta(hours=1)).isoformat()}, "appointment_at"),
        ({"appointment_at": "2027-01-12T14:30:00"}, "appointment_at"),  # no offset: ambiguous
        ({"send_at": (now + timedelta(days=5)).isoformat()}, "send_at"),  # after the appointment
        ({"send_at": (now - timedelta(days=1)).isoformat()}, "send_at"),
        ({"text": "come to the office"}, "text"),  # no free text goes in a reminder
    ]:
        r = await stack.remind(pid, **body)
        assert r.status_code == 422 and field in r.json()["detail"], (body, r.text)
    assert stack.fake.accepted == []


async def test_only_the_pathways_team_records_and_sends_and_auditors_only_read(stack: Stack) -> None:
    pid = await allocated_pathway(stack.api)
    api = stack.api
    assert (await stack.consent(pid)).status_code == 201
    other = api.token("caseworker", "robin", "croydon")
    for method, path in [("GET", "contact-consents"), ("GET", "sms-reminders"), ("POST", "sms-reminders")]:
        r = await api.http.request(method, f"/v1/pathways/{pid}/{path}", headers=other,
                                   json={"appointment_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()} if method == "POST" else None)
        assert r.status_code == 404, (path, r.text)
    r = await api.http.post(f"/v1/pathways/{pid}/contact-consents", headers=other,
                            json={"phone_number": NUMBER, "given_by": "child", "given_on": date.today().isoformat()})
    assert r.status_code == 404
    auditor = api.token("auditor", "alex", None)
    assert (await api.http.get(f"/v1/pathways/{pid}/contact-consents", headers=auditor)).status_code == 200
    assert (await api.http.post(f"/v1/pathways/{pid}/sms-reminders", headers=auditor, json={})).status_code == 403
    assert (await api.http.get(f"/v1/pathways/{pid}/contact-consents", headers=api.token("integrator"))).status_code == 403
    assert (await api.http.get("/v1/pathways/pw-nothere/contact-consents", headers=api.token("caseworker"))).status_code == 404
    assert stack.fake.accepted == []


async def test_no_temporal_history_log_or_audit_row_holds_the_number_or_the_text(
    stack: Stack, dev_env: WorkflowEnvironment, caplog: pytest.LogCaptureFixture
) -> None:
    began = datetime.now(UTC) - timedelta(seconds=1)
    api = stack.api
    with caplog.at_level(logging.DEBUG):
        pid = await allocated_pathway(api)
        assert (await stack.consent(pid)).status_code == 201
        r = await stack.remind(pid)
        assert r.status_code == 201 and r.json()["status"] == "sent", r.text
        # The pathway goes on after the reminder: a step and a read, as on any day.
        r = await api.http.post(f"/v1/pathways/{pid}/steps/first_contact", headers=api.token("caseworker"),
                                json={"completed_on": date.today().isoformat()})
        assert r.status_code == 200, r.text
        assert (await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker"))).status_code == 200
    [text] = stack.fake.accepted
    secrets = [*FORMS, NOTIFY_FORM, text.body, text.personalisation["date"]]

    client: Client = dev_env.client
    ids = {pid} | {w.id async for w in client.list_workflows(f"StartTime > '{began.isoformat()}'")}
    searched = 0
    for workflow_id in ids:
        history = await raw_history(client, workflow_id)
        whole = history.SerializeToString()
        decoded = [p.data.decode("utf-8", "replace") for event in history.events for _, p in payloads_in(event)]
        described = (await client.get_workflow_handle(workflow_id).describe()).raw_description.SerializeToString()
        for secret in secrets:
            assert secret.encode() not in whole and secret.encode() not in described, (workflow_id, secret)
            assert not any(secret in payload for payload in decoded), (workflow_id, secret)
        searched += len(decoded)
    assert searched > 5 and pid in ids

    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
        audit = list(s.scalars(select(AuditEvent).where(AuditEvent.pathway_id == pid)))
        assert {"record_contact_consent", "send_sms_reminder"} <= {a.action for a in audit}
        assert all(not any(f in (a.detail or "") for f in FORMS) for a in audit)
        assert s.scalar(select(ContactConsent.phone_number).where(ContactConsent.pathway_id == pid)) == NOTIFY_FORM
        assert s.scalar(select(SmsReminder.sent_at).where(SmsReminder.pathway_id == pid)) is not None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not any(f in logged for f in FORMS) and text.body not in logged
