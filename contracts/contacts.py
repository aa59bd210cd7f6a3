"""Contact numbers given with consent, and the text reminders sent to them (ADR 0137).

These models are the API's only: a number, and the text sent to it, stay in the council's
database and never reach Temporal (no workflow input, update, query or search attribute
carries them).

A number must be a UK mobile: `07` and nine more digits (written with spaces, dashes or
brackets, or as `+44 7...`), which is what GOV.UK Notify sends texts to in the UK (Notify
API documentation, "Send a text message": `phone_number`). Ofcom's National Telephone
Numbering Plan gives mobiles 071 to 075 and 077 to 079, and 07624 (Isle of Man); 070
(personal numbering) and 076 (radiopaging) are not mobiles and are refused.
"""

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

_SEPARATORS = re.compile(r"[\s().-]")
MAX_NUMBER_CHARS = 30


def uk_mobile(value: str) -> str:
    """The number as `+447...`, or ValueError saying what a UK mobile number looks like."""
    digits = _SEPARATORS.sub("", value)
    for prefix in ("+44", "0044"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :].removeprefix("(0)").removeprefix("0")
    if not re.fullmatch(r"07\d{9}", digits):
        raise ValueError(
            "is not a UK mobile number: 07 and 9 more digits (e.g. 07700 900123), or +44 7..."
        )
    if digits.startswith("070") or (digits.startswith("076") and not digits.startswith("07624")):
        raise ValueError("is a personal or pager number (070, 076), not a mobile number")
    return "+44" + digits[1:]


UkMobile = Annotated[str, Field(max_length=MAX_NUMBER_CHARS), AfterValidator(uk_mobile)]


class Purpose(StrEnum):
    """What a number may be used for: only what the person consented to."""

    APPOINTMENT_REMINDERS = "appointment_reminders"


class GivenBy(StrEnum):
    """Who gave the number and consented: the child, or a parent or carer for their own."""

    CHILD = "child"
    PARENT_OR_CARER = "parent_or_carer"


class ConsentRecord(BaseModel):
    """A number given for a purpose, with the consent of the person it belongs to."""

    model_config = ConfigDict(extra="forbid")

    phone_number: UkMobile
    purpose: Purpose = Purpose.APPOINTMENT_REMINDERS
    given_by: GivenBy
    given_on: date = Field(description="the day consent was given (not in the future)")


class ConsentWithdrawal(BaseModel):
    """Consent withdrawn: no reminder not yet sent goes to the number any more."""

    model_config = ConfigDict(extra="forbid")

    withdrawn_on: date = Field(description="the day consent was withdrawn (not in the future)")


class ConsentView(BaseModel):
    """A consent as the API shows it: the number only by its last three digits."""

    id: int
    pathway_id: str
    purpose: Purpose
    number_ending: str = Field(description="the number's last three digits")
    given_by: GivenBy
    given_on: date
    recorded_by: str
    recorded_at: datetime
    withdrawn_on: date | None
    withdrawn_by: str | None
    active: bool


class ReminderRequest(BaseModel):
    """Remind of an appointment by text, now or at `send_at`, under a recorded consent."""

    model_config = ConfigDict(extra="forbid")

    appointment_at: AwareDatetime = Field(description="when the appointment is (with offset)")
    send_at: AwareDatetime | None = Field(
        default=None, description="when to send the text; default: now"
    )
    consent_id: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="which consent's number; default: the pathway's latest active consent",
    )


ReminderStatus = Literal["scheduled", "sent", "retrying", "failed", "cancelled"]


class ReminderView(BaseModel):
    """A reminder and what became of it (no number, no text)."""

    key: str
    pathway_id: str
    consent_id: int
    appointment_at: datetime
    send_at: datetime
    status: ReminderStatus
    sent_at: datetime | None
    attempts: int
    last_error: str | None
    failure: str | None
    created_by: str
