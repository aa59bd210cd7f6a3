"""The outbox through GOV.UK Notify's own client, against a local server that answers as Notify
does: each message reaches each supervisor once, whatever Notify does meanwhile (a bad key, rate
limits, an outage, a failure after taking a message, a crash of ours); a refusal for good is kept
as failed with its reason, shown where the outbox is, and never sent again."""

import logging
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from access import Role, scope_of
from activities.delivery import deliver_pending, delivering
from activities.notifications import NotificationActivities
from activities.notify import Notify
from activities.notify_delivery import _queued, lease, outbox_sender
from contracts.common import Step
from contracts.pathway import Notification, NotificationKind
from core.settings import Settings
from db.tables import OutboxMessage
from readmodel.queries import notifications
from readmodel.views import NotificationView
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.notify.fake_notify import (
    API_KEY,
    ESCALATION_TEMPLATE,
    MISSING_TEMPLATE,
    SECRET,
    SERVICE_ID,
    WRONG_SECRET_KEY,
    FakeNotify,
    fake_notify,
)

EMAILS = {"bromley": ["sam@bromley.example", "kim@bromley.example"], "*": ["duty@yjs.example"]}
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def queue(sessions: sessionmaker[Session], key: str, team: str | None = "bromley",
          kind: NotificationKind = NotificationKind.ESCALATION,
          message: str = "first_contact was due on 2026-04-07 and is 2 working days overdue") -> None:
    NotificationActivities(sessions).send_notification(
        Notification(key=key, kind=kind, pathway_id=f"pw-{key}", team=team, step=Step.FIRST_CONTACT,
                     due_date=date(2026, 4, 7), message=message))


def settings_for(url: str, fake: FakeNotify, **more: Any) -> Settings:
    values: dict[str, Any] = dict(
        database_url=url, notify_api_key=API_KEY, notify_base_url=fake.base_url,
        notify_templates={"default": ESCALATION_TEMPLATE}, supervisor_emails=EMAILS,
        delivery_interval_seconds=30, delivery_max_backoff_seconds=600)
    return Settings(**(values | more))


def rows(sessions: sessionmaker[Session]) -> dict[str, OutboxMessage]:
    with sessions() as s:
        return {r.key: r for r in s.scalars(select(OutboxMessage))}


def exactly_once(fake: FakeNotify, keys: list[str], team_addresses: list[str]) -> None:
    expected = {(k, a): 1 for k in keys for a in team_addresses}
    assert dict(fake.delivered()) == expected


def test_each_notification_goes_once_to_each_supervisor_by_notify_with_its_key_as_reference(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "esc")
        queue(sessions, "new", team=None)
        settings = settings_for(database_url, fake)
        assert deliver_pending(sessions, settings, now=START) == 2
        assert deliver_pending(sessions, settings, now=START + timedelta(hours=1)) == 0
        stored = rows(sessions)
    assert all(r.sent_at == START and r.attempts == 1 and r.failed_at is None for r in stored.values())
    assert sorted(stored["esc"].delivered_to) == sorted(EMAILS["bromley"])
    assert dict(fake.delivered()) == {("esc", a): 1 for a in EMAILS["bromley"]} | {("new", "duty@yjs.example"): 1}
    email = next(a for a in fake.accepted if a.reference == "esc")
    assert email.template_id == ESCALATION_TEMPLATE and email.subject == "Pathway escalation: pathway pw-esc"
    assert "first_contact was due on 2026-04-07" in email.body and "/v1/pathways/pw-esc" in email.body


def test_an_override_sent_by_notify_carries_no_free_text_only_where_to_read_it(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "ovr", kind=NotificationKind.OVERRIDE, message="casey referred against the rules: her family")
        assert deliver_pending(sessions, settings_for(database_url, fake), now=START) == 1
    for accepted in fake.accepted:
        assert "family" not in str(accepted.personalisation) and "casey" not in accepted.body
        assert "against the eligibility rules" in accepted.body


def test_a_key_notify_does_not_know_leaves_everything_pending_with_the_reason_until_the_right_key(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        for key in ("a", "b", "c"):
            queue(sessions, key)
        wrong = settings_for(database_url, fake, notify_api_key=WRONG_SECRET_KEY)
        with caplog.at_level(logging.WARNING):
            assert deliver_pending(sessions, wrong, now=START) == 0
        stored = rows(sessions)
        assert fake.requests == [("POST", "/v2/notifications/email", 403)], "the pass stops at the first refusal"
        assert "403" in (stored["a"].last_error or "") and "API key not found" in (stored["a"].last_error or "")
        assert stored["a"].next_attempt_at == START + timedelta(seconds=30)
        assert all(r.sent_at is None and r.failed_at is None for r in stored.values()), "nothing is lost"
        assert (stored["b"].attempts, stored["c"].attempts) == (0, 0)
        assert "API key not found" in caplog.text and WRONG_SECRET_KEY not in caplog.text

        right = settings_for(database_url, fake)
        assert deliver_pending(sessions, right, now=START + timedelta(seconds=10)) == 2, "a waits out its backoff"
        assert deliver_pending(sessions, right, now=START + timedelta(seconds=31)) == 1
        exactly_once(fake, ["a", "b", "c"], EMAILS["bromley"])


def test_rate_limited_messages_wait_with_a_doubling_backoff_and_then_go_once(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify(rate_limit=3) as fake:
        keys = [f"m{n}" for n in range(4)]
        for key in keys:
            queue(sessions, key)
        settings = settings_for(database_url, fake)
        assert deliver_pending(sessions, settings, now=START) == 1, "3 requests: m0 to both, m1 to one, then 429"
        stored = rows(sessions)
        assert stored["m1"].delivered_to == ["sam@bromley.example"] and "429" in (stored["m1"].last_error or "")
        assert "RateLimitError" in (stored["m1"].last_error or "")
        # Still limited at its next try: the wait doubles.
        later = START + timedelta(seconds=30)
        assert deliver_pending(sessions, settings, now=later) == 0
        assert rows(sessions)["m1"].next_attempt_at == later + timedelta(seconds=60)
        fake.reset_rate_window()
        fake.rate_limit = None
        assert deliver_pending(sessions, settings, now=later + timedelta(seconds=60)) == 3
        exactly_once(fake, keys, EMAILS["bromley"])
        assert rows(sessions)["m1"].attempts == 3 and rows(sessions)["m1"].last_error is None


def test_a_refusal_for_good_is_kept_as_failed_with_its_reason_shown_to_supervisors_and_never_resent(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "esc")
        queue(sessions, "ovr", kind=NotificationKind.OVERRIDE, message="a reason")
        settings = settings_for(database_url, fake, notify_templates={"escalation": ESCALATION_TEMPLATE,
                                                                      "override": MISSING_TEMPLATE})
        assert deliver_pending(sessions, settings, now=START) == 1
        for hours in (1, 2, 48):
            assert deliver_pending(sessions, settings, now=START + timedelta(hours=hours)) == 0
        posts = [r for r in fake.requests if r[0] == "POST"]
        assert len(posts) == 4, "two addresses each; the refused message is not tried again"
        failed = rows(sessions)["ovr"]
        assert failed.sent_at is None and failed.failed_at == START
        assert failed.failure is not None and "400" in failed.failure and "Template not found" in failed.failure
        with sessions() as s:
            shown = [NotificationView.of(r) for r in notifications(s, scope=scope_of(Role.SUPERVISOR, "bromley", None), sent=None, limit=10)]
    view = next(v for v in shown if v.key == "ovr")
    assert not view.sent and view.failed_at == START and "Template not found" in (view.failure or "")


def test_a_bad_address_fails_that_message_for_that_address_but_the_other_supervisor_still_gets_it(database_url: str) -> None:
    emails = {"bromley": ["sam@bromley.example", "not-an-address"]}
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "esc")
        assert deliver_pending(sessions, settings_for(database_url, fake, supervisor_emails=emails), now=START) == 0
        row = rows(sessions)["esc"]
    assert row.delivered_to == ["sam@bromley.example"] and row.failed_at == START
    assert row.failure is not None and "sent to 1 of 2" in row.failure and "recipient 2 of 2" in row.failure
    assert "not-an-address" not in row.failure, "a reason keeps no address"


def test_an_outage_and_a_failure_after_notify_took_a_message_then_recovery_deliver_each_exactly_once(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        keys = [f"m{n}" for n in range(5)]
        for key in keys:
            queue(sessions, key)
        settings = settings_for(database_url, fake)
        # Notify takes m0 to sam, fails answering for kim (after keeping it): ambiguous.
        fake.script.extend(["ok", "accept_then_500"])
        assert deliver_pending(sessions, settings, now=START) == 0
        assert rows(sessions)["m0"].delivered_to == ["sam@bromley.example"]
        # Then Notify is down altogether for a while: every pass stops at once, nothing is lost.
        fake.down = True
        for minutes in (1, 2, 4, 8):
            deliver_pending(sessions, settings, now=START + timedelta(minutes=minutes))
        assert all(r.sent_at is None and r.failed_at is None for r in rows(sessions).values())
        fake.down = False
        recovered = START + timedelta(hours=1)
        assert deliver_pending(sessions, settings, now=recovered) == 5
        exactly_once(fake, keys, EMAILS["bromley"])
        assert fake.sends[("m0", "kim@bromley.example")] == 1, "Notify held it: it was not sent again"
        assert ("GET", "/v2/notifications", 200) in fake.requests, "asked Notify what it held first"


def test_a_crash_after_notify_took_a_message_but_before_we_recorded_it_does_not_send_it_again(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "esc")
        settings = settings_for(database_url, fake)
        # A worker leases the message and Notify takes it, then the worker dies before step 3.
        leased = lease(sessions, settings, OutboxMessage, "esc", START, _queued)
        assert leased is not None
        notify = Notify.of(settings)
        outcome = outbox_sender(settings)(notify, leased[0], False)
        notify.close()
        assert outcome.sent
        assert deliver_pending(sessions, settings, now=START + timedelta(seconds=5)) == 0, "leased: nobody else takes it"
        assert deliver_pending(sessions, settings, now=START + timedelta(seconds=30)) == 1
        exactly_once(fake, ["esc"], EMAILS["bromley"])
        assert rows(sessions)["esc"].attempts == 2


def test_without_a_template_for_a_kind_messages_wait_naming_the_setting(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "esc")
        assert deliver_pending(sessions, settings_for(database_url, fake, notify_templates={}), now=START) == 0
        row = rows(sessions)["esc"]
    assert row.failed_at is None and "PATHWAY_NOTIFY_TEMPLATES__ESCALATION" in (row.last_error or "")
    assert fake.requests == []


async def test_the_worker_loop_delivers_by_notify_what_is_queued_while_it_runs(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        settings = settings_for(database_url, fake, delivery_interval_seconds=0.05)
        async with delivering(sessions, settings):
            queue(sessions, "late")
            await eventually(lambda: rows(sessions)["late"].sent_at is not None, what="delivered by Notify", seconds=5)
    exactly_once(fake, ["late"], EMAILS["bromley"])


def test_a_malformed_notify_key_is_refused_naming_the_setting() -> None:
    with pytest.raises(ValidationError, match="PATHWAY_NOTIFY_API_KEY"):
        Settings(notify_api_key="just-a-secret")
    Settings(notify_api_key=API_KEY)


def test_production_refuses_a_notify_api_that_is_not_https() -> None:
    production = dict(environment="production", jwt_signing_key="x" * 40, payload_keys='{"current": "k", "keys": {}}')
    with pytest.raises(ValidationError, match="PATHWAY_NOTIFY_BASE_URL"):
        Settings(notify_api_key=API_KEY, notify_base_url="http://notify.example", **production)  # type: ignore[arg-type]


def test_templates_are_read_per_kind_from_the_environment_and_must_be_notify_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATHWAY_NOTIFY_TEMPLATES__DEFAULT", ESCALATION_TEMPLATE)
    monkeypatch.setenv("PATHWAY_NOTIFY_TEMPLATES__APPOINTMENT_REMINDER", MISSING_TEMPLATE)
    assert Settings().notify_templates == {"default": ESCALATION_TEMPLATE, "appointment_reminder": MISSING_TEMPLATE}
    monkeypatch.setenv("PATHWAY_NOTIFY_TEMPLATES__ESCALATION", "escalation-email")
    with pytest.raises(ValidationError, match="PATHWAY_NOTIFY_TEMPLATES: escalation is not a Notify template id"):
        Settings()


def test_the_daily_limit_leaves_the_message_waiting_with_notifys_reason(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_notify() as fake:
        queue(sessions, "esc")
        fake.script.append("daily_limit")
        settings = settings_for(database_url, fake)
        assert deliver_pending(sessions, settings, now=START) == 0
        row = rows(sessions)["esc"]
        assert row.failed_at is None and "429" in (row.last_error or "") and "TooManyRequestsError" in (row.last_error or "")
        assert deliver_pending(sessions, settings, now=START + timedelta(days=1)) == 1
        exactly_once(fake, ["esc"], EMAILS["bromley"])


def token(secret: str, iss: str = SERVICE_ID, iat: float | None = None) -> dict[str, str]:
    claims = {"iss": iss, "iat": int(time.time() if iat is None else iat)}
    return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"}


def test_the_local_notify_verifies_the_token_as_notify_does() -> None:
    body = {"email_address": "sam@bromley.example", "template_id": ESCALATION_TEMPLATE,
            "personalisation": {"subject": "s", "message": "m", "pathway_id": "p", "for": "f", "link": "l"}}
    with fake_notify() as fake:
        url = f"{fake.base_url}/v2/notifications/email"

        def post(headers: dict[str, str]) -> tuple[int, str, str]:
            r = httpx.post(url, json=body, headers=headers)
            error = r.json()["errors"][0] if r.status_code != 201 else {"error": "", "message": ""}
            return r.status_code, error["error"], error["message"]

        assert post({}) == (401, "AuthError", "Unauthorized: authentication token must be provided")
        assert post(token(str(uuid.uuid4()))) == (403, "AuthError", "Invalid token: API key not found")
        assert post(token(SECRET, iss=str(uuid.uuid4()))) == (403, "AuthError", "Invalid token: service not found")
        assert post(token(SECRET, iat=time.time() - 60))[:2] == (403, "AuthError")
        assert "clock" in post(token(SECRET, iat=time.time() + 60))[2]
        assert post(token(SECRET))[0] == 201
    assert len(fake.accepted) == 1
