"""GET /v1/notifications: a supervisor's team outbox, newest first, with whether each was sent."""

import time
from datetime import date

import jwt

from activities.delivery import deliver_pending
from activities.notifications import NotificationActivities
from contracts.common import Step
from contracts.pathway import Notification, NotificationKind
from tests.api.conftest import Api
from tests.conftest import sessions_for


def queue_notifications(api: Api) -> list[str]:
    """Three escalations, oldest first: bromley's, an unallocated pathway's, croydon's."""
    keys = []
    with sessions_for(api.settings.sqlalchemy_url) as sessions:
        for team in ("bromley", None, "croydon"):
            key = f"pw-{team or 'new'}-{time.monotonic_ns()}:first_contact:escalation"
            NotificationActivities(sessions).send_notification(
                Notification(key=key, kind=NotificationKind.ESCALATION, pathway_id=f"pw-{team or 'new'}",
                             team=team, step=Step.FIRST_CONTACT, due_date=date(2026, 4, 7),
                             message="first_contact was due on 2026-04-07 and is 2 working days overdue")
            )
            keys.append(key)
            time.sleep(0.01)  # distinct creation times
    return keys


async def test_a_supervisor_sees_their_teams_and_unallocated_notifications_newest_first_and_when_they_are_sent(
    api: Api,
) -> None:
    bromley, new, croydon = queue_notifications(api)
    r = await api.http.get("/v1/notifications", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    mine = [n for n in r.json() if n["key"] in (bromley, new, croydon)]
    assert [n["key"] for n in mine] == [new, bromley], "newest first; croydon's are not bromley's"
    assert all(isinstance(n["sent"], bool) for n in mine)
    assert {n["team"] for n in mine} == {"bromley", None}
    assert mine[1]["kind"] == "escalation" and "working days overdue" in mine[1]["message"]

    with sessions_for(api.settings.sqlalchemy_url) as sessions:
        deliver_pending(sessions, api.settings)
    sent = (await api.http.get("/v1/notifications?sent=true", headers=api.token("supervisor"))).json()
    assert {bromley, new} <= {n["key"] for n in sent}
    assert all(n["sent"] and n["sent_at"] for n in sent)
    still = (await api.http.get("/v1/notifications?sent=false", headers=api.token("supervisor"))).json()
    assert not {bromley, new} & {n["key"] for n in still}

    croydons = (await api.http.get("/v1/notifications", headers=api.token("supervisor", "robin", "croydon"))).json()
    assert croydon in {n["key"] for n in croydons} and bromley not in {n["key"] for n in croydons}


async def test_only_supervisors_read_notifications_and_every_read_is_audited(api: Api) -> None:
    for role in ("caseworker", "integrator", "auditor"):
        r = await api.http.get("/v1/notifications", headers=api.token(role))
        assert r.status_code == 403, role
        assert "supervisor" in r.json()["detail"]
    assert (await api.http.get("/v1/notifications")).status_code == 401
    token = api.token("caseworker")["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    edited = jwt.encode(claims | {"role": "supervisor"}, "a signing key of my own, long enough for HS256", algorithm="HS256")
    r = await api.http.get("/v1/notifications", headers={"Authorization": f"Bearer {edited}"})
    assert r.status_code == 401, "a token whose claims were edited is refused"

    await api.http.get("/v1/notifications", headers=api.token("supervisor", "sam"))
    log = (await api.http.get("/v1/audit?user=sam", headers=api.token("auditor", "ada", None))).json()
    assert "list_notifications" in {e["action"] for e in log}
