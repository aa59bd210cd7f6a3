"""Delivery of the notification outbox: logged by default, emailed when SMTP is configured, once each."""

import logging
import socket
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from activities.delivery import deliver_pending, delivering
from activities.notifications import NotificationActivities
from contracts.common import Step
from contracts.pathway import Notification, NotificationKind
from core.settings import Settings
from db.tables import OutboxMessage
from tests.conftest import sessions_for
from tests.db.fake_smtp import FakeSmtp, fake_smtp
from tests.eventually import eventually

EMAILS = {"bromley": ["sam@bromley.example", "kim@bromley.example"], "*": ["duty@yjs.example"]}


def queue(sessions: sessionmaker[Session], key: str, team: str | None, kind: NotificationKind = NotificationKind.ESCALATION,
          message: str = "first_contact was due on 2026-04-07 and is 2 working days overdue") -> None:
    NotificationActivities(sessions).send_notification(
        Notification(key=key, kind=kind, pathway_id=f"pw-{key}", team=team, step=Step.FIRST_CONTACT,
                     due_date=date(2026, 4, 7), message=message)
    )


def pending(sessions: sessionmaker[Session]) -> set[str]:
    with sessions() as s:
        return set(s.scalars(select(OutboxMessage.key).where(OutboxMessage.sent_at.is_(None))))


def smtp_settings(url: str, server: FakeSmtp, **more: object) -> Settings:
    return Settings(database_url=url, smtp_host="127.0.0.1", smtp_port=server.port, smtp_starttls=False,
                    smtp_from="pathway@yjs.example", supervisor_emails=EMAILS, **more)  # type: ignore[arg-type]


def test_without_smtp_each_notification_is_logged_once_with_ids_kind_and_team_but_never_its_text(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "a caseworker's free text naming someone"
    with sessions_for(database_url) as sessions:
        queue(sessions, "a", "bromley")
        queue(sessions, "b", None, NotificationKind.OVERRIDE, secret)
        with caplog.at_level(logging.INFO, logger="activities.delivery"):
            assert deliver_pending(sessions, Settings(database_url=database_url)) == 2
            assert deliver_pending(sessions, Settings(database_url=database_url)) == 0
        assert pending(sessions) == set()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "pw-a" in logged and "escalation" in logged and "bromley" in logged and "override" in logged
    assert secret not in logged and "working days overdue" not in logged


def test_with_smtp_each_notification_is_emailed_once_to_its_teams_supervisors(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_smtp() as server:
        queue(sessions, "esc", "bromley")
        queue(sessions, "new", None)
        queue(sessions, "other", "croydon")
        settings = smtp_settings(database_url, server)
        assert deliver_pending(sessions, settings) == 3
        assert deliver_pending(sessions, settings) == 0, "a delivered notification is never sent again"
        assert pending(sessions) == set()
    mail = {m["Subject"]: (to, m) for to, m in server.messages}
    assert len(server.messages) == 3
    to, escalation = mail["Pathway escalation: pathway pw-esc"]
    assert to == EMAILS["bromley"] and escalation["From"] == "pathway@yjs.example"
    assert "first_contact was due on 2026-04-07" in escalation.get_content()
    assert escalation["Message-ID"] == "<esc@pathway>"
    assert mail["Pathway escalation: pathway pw-new"][0] == EMAILS["*"], "an unallocated pathway goes to the '*' addresses"
    assert mail["Pathway escalation: pathway pw-other"][0] == EMAILS["*"], "so does a team with no addresses of its own"


def test_an_email_carries_no_free_text_only_where_to_read_it(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_smtp() as server:
        queue(sessions, "ovr", "bromley", NotificationKind.OVERRIDE, "casey referred to fft against the rules: because of her family")
        deliver_pending(sessions, smtp_settings(database_url, server))
    [(_, message)] = server.messages
    body = message.get_content()
    assert "family" not in body and "casey" not in body
    assert "/v1/pathways/pw-ovr" in body and "against the eligibility rules" in body


def test_the_smtp_login_uses_the_configured_username_and_password(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_smtp() as server:
        queue(sessions, "a", "bromley")
        assert deliver_pending(sessions, smtp_settings(database_url, server, smtp_username="pathway", smtp_password="s3cret")) == 1
    assert server.logins == ["\0pathway\0s3cret"]


def test_a_refused_message_stays_pending_and_goes_on_the_next_pass(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_smtp() as server:
        queue(sessions, "a", "bromley")
        queue(sessions, "b", "bromley")
        server.refuse_data = True
        settings = smtp_settings(database_url, server)
        assert deliver_pending(sessions, settings) == 0
        assert pending(sessions) == {"a", "b"}
        server.refuse_data = False
        assert deliver_pending(sessions, settings) == 2
        assert pending(sessions) == set()
    assert len(server.messages) == 2


def test_an_unreachable_mail_server_leaves_everything_pending(database_url: str) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(database_url=database_url, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                        smtp_timeout_seconds=2, supervisor_emails=EMAILS)
    with sessions_for(database_url) as sessions:
        queue(sessions, "a", "bromley")
        assert deliver_pending(sessions, settings) == 0
        assert pending(sessions) == {"a"}


async def test_the_delivery_loop_delivers_what_is_queued_while_it_runs_and_stops_cleanly(database_url: str) -> None:
    with sessions_for(database_url) as sessions, fake_smtp() as server:
        settings = smtp_settings(database_url, server, delivery_interval_seconds=0.05)
        async with delivering(sessions, settings):
            queue(sessions, "late", "bromley")
            await eventually(lambda: not pending(sessions), what="the queued notification delivered",
                             seconds=5)
        assert pending(sessions) == set()
    assert [m["Subject"] for _, m in server.messages] == ["Pathway escalation: pathway pw-late"]
