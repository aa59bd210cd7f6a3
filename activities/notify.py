"""GOV.UK Notify as Pathway uses it: one client, its answers sorted into three outcomes.

Notify's documented errors (https://docs.notifications.service.gov.uk/python.html, "Error
codes" of each send method) fall in two kinds for a sender:

    400 BadRequestError / ValidationError   `NotifyRefused`: this message can never go as it is
                                            (a template that is not there, an address Notify
                                            will not take); kept as failed with the reason
    403 AuthError (a bad key, a clock off)  `NotifyUnavailable`: nothing can go until it is put
    429 RateLimitError, TooManyRequests     right or the limit passes; the message waits and
    500, 503, no answer, a broken answer    is tried again later, the pass stops

A 5xx or no answer is ambiguous: Notify may have taken the message before failing. Before a
message is tried again, Notify is asked which of its recipients it already holds under the
message's reference (`GET /v2/notifications?reference=`), and those are not sent again.

Reasons kept in the database drop anything that looks like an address or a number, in case
Notify's message quotes the recipient.
"""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal, cast

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from core.settings import Settings

log = logging.getLogger(__name__)

Channel = Literal["email", "sms"]
MAX_REASON = 300
_ADDRESS = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\+?\d[\d ()-]{6,}\d")


class NotifyRefused(Exception):
    """Notify refused this message for good (a 400): retrying it would be refused again."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotifyUnavailable(Exception):
    """Notify took nothing now (key refused, rate limited, down): try again later.

    `ambiguous`: Notify may have taken the message before failing (a 5xx, or no answer).
    """

    def __init__(self, reason: str, *, ambiguous: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ambiguous = ambiguous


def scrub(text: str) -> str:
    """A reason fit to keep: addresses and numbers replaced, at most `MAX_REASON` characters."""
    text = _NUMBER.sub("(number)", _ADDRESS.sub("(address)", text))
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def _words(error: APIError) -> str:
    message: Any = error.message
    if isinstance(message, list):  # Notify's {"errors": [{"error": ..., "message": ...}]}
        message = "; ".join(
            f"{e.get('error', '')}: {e.get('message', '')}" for e in message if isinstance(e, dict)
        )
    return scrub(f"Notify answered {error.status_code}: {message}")


def sorted_error(error: APIError) -> NotifyRefused | NotifyUnavailable:
    """Notify's error as one of the two outcomes above."""
    status = error.status_code
    if status == 400:
        return NotifyRefused(_words(error))
    if status == 403:
        return NotifyUnavailable(
            _words(error) + " (check PATHWAY_NOTIFY_API_KEY and the server's clock)"
        )
    return NotifyUnavailable(_words(error), ambiguous=status not in (429,))


def template_for(settings: Settings, kind: str) -> str | None:
    """The Notify template of a kind of message (`PATHWAY_NOTIFY_TEMPLATES`), or the default."""
    templates = settings.notify_templates
    return templates.get(kind) or templates.get("default")


def backoff(settings: Settings, attempts: int) -> timedelta:
    """How long after its `attempts`-th try a message waits: the interval, doubling, capped."""
    seconds = settings.delivery_interval_seconds * 2 ** min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(seconds, settings.delivery_max_backoff_seconds))


@dataclass
class Notify:
    """The Notify client for these settings (`PATHWAY_NOTIFY_API_KEY`, `_BASE_URL`)."""

    client: NotificationsAPIClient

    @classmethod
    def of(cls, settings: Settings) -> "Notify":
        """A client for the configured key and API (the key must be set)."""
        assert settings.notify_api_key is not None, "Notify is not configured"
        client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.notify_api_key.get_secret_value(),
            base_url=settings.notify_base_url,
            timeout=settings.notify_timeout_seconds,
        )
        return cls(client)

    def close(self) -> None:
        """Close the client's connections."""
        self.client.request_session.close()

    def send(
        self,
        channel: Channel,
        to: str,
        template_id: str,
        personalisation: dict[str, str],
        reference: str,
    ) -> str:
        """Send one message; return Notify's id for it.

        Raises:
            NotifyRefused: Notify will never take this message as it is.
            NotifyUnavailable: Notify took nothing now; try later.
        """
        try:
            if channel == "email":
                answer = self.client.send_email_notification(  # type: ignore[no-untyped-call]
                    email_address=to,
                    template_id=template_id,
                    personalisation=personalisation,
                    reference=reference,
                )
            else:
                answer = self.client.send_sms_notification(  # type: ignore[no-untyped-call]
                    phone_number=to,
                    template_id=template_id,
                    personalisation=personalisation,
                    reference=reference,
                )
        except APIError as error:
            raise sorted_error(error) from error
        if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
            raise NotifyUnavailable("Notify's answer had no notification id", ambiguous=True)
        return cast(str, answer["id"])

    def holds(self, channel: Channel, reference: str) -> set[str]:
        """The recipients Notify already holds a message for under `reference`.

        Raises:
            NotifyUnavailable: Notify did not answer (so nothing is sent meanwhile).
        """
        try:
            answer = self.client.get_all_notifications(  # type: ignore[no-untyped-call]
                template_type=channel, reference=reference
            )
        except APIError as error:
            found = sorted_error(error)
            raise NotifyUnavailable(found.reason, ambiguous=True) from error
        field = "email_address" if channel == "email" else "phone_number"
        items = answer.get("notifications", []) if isinstance(answer, dict) else []
        return {
            str(n[field]) for n in items if isinstance(n, dict) and n.get("reference") == reference
        }
