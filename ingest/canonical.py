"""Validating a canonical court outcome into a `MappedRecord`, with field-level errors."""

from datetime import date
from typing import Any

from pydantic import ValidationError

from contracts.court import CourtOutcome, FieldError, IngestResultKind, MappedRecord
from ingest.order_terms import order_problems

ADULT_AGE = 18
AGE_OF_CRIMINAL_RESPONSIBILITY = 10


def age_on(date_of_birth: date, on: date) -> int:
    """Return the age in whole years on a date."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def field_errors(error: ValidationError) -> list[FieldError]:
    """Turn a pydantic error into dotted field paths with reasons a person can act on."""
    errors: list[FieldError] = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        path = ".".join(str(part) for part in item["loc"])
        # Cross-field checks name their own field at the start of the message.
        if ": " in message and not path:
            path, message = message.split(": ", 1)
        errors.append(FieldError(field=path or "(record)", reason=message))
    return errors


def map_canonical(raw: Any, *, today: date) -> MappedRecord:
    """Validate one canonical outcome; rejected, skipped (adults) or ready to start."""
    original = raw if isinstance(raw, dict) else {"value": raw}
    if not isinstance(raw, dict):
        return MappedRecord(
            result=IngestResultKind.REJECTED,
            reason="a court outcome must be a JSON object",
            errors=[FieldError(field="(record)", reason=f"got {type(raw).__name__}")],
            original=original,
        )
    try:
        outcome = CourtOutcome.model_validate(raw)
    except ValidationError as invalid:
        errors = field_errors(invalid)
        return MappedRecord(
            result=IngestResultKind.REJECTED,
            reason="; ".join(f"{e.field}: {e.reason}" for e in errors),
            errors=errors,
            original=original,
        )
    return check_outcome(outcome, today=today, original=original)


def check_outcome(outcome: CourtOutcome, *, today: date, original: dict[str, Any]) -> MappedRecord:
    """Apply the checks beyond the schema: dates not in the future, youth, criminal age."""
    problems: list[FieldError] = []
    if outcome.hearing_date > today:
        problems.append(
            FieldError(field="hearing_date", reason=f"is in the future (today is {today})")
        )
    if outcome.disposal.made_on > today:
        problems.append(
            FieldError(field="disposal.made_on", reason=f"is in the future (today is {today})")
        )
    new_order = outcome.order_change.disposal if outcome.order_change else None
    if new_order is not None and new_order.made_on > today:
        problems.append(
            FieldError(
                field="order_change.disposal.made_on", reason=f"is in the future (today is {today})"
            )
        )
    # Age is judged on the day of conviction, which may come before the sentencing hearing.
    convicted, on = outcome.conviction_date, _judged_on(outcome)
    age = age_on(outcome.defendant.date_of_birth, convicted)
    if age < AGE_OF_CRIMINAL_RESPONSIBILITY:
        problems.append(
            FieldError(
                field="defendant.date_of_birth",
                reason=f"gives age {age} {on}, below the age of criminal responsibility (10)",
            )
        )
    elif age < ADULT_AGE and outcome.order_change is None:
        d = outcome.disposal
        problems += order_problems(d.type, d.length_months, d.made_on, age, on)
    elif age < ADULT_AGE and new_order is not None:
        # A court's decision names the running order (its terms were checked when it began);
        # only a re-sentence's new order is the court's now, and the law's terms apply to it.
        problems += [
            FieldError(field=f"order_change.{e.field}", reason=e.reason)
            if e.field.startswith("disposal.")
            else e
            for e in order_problems(
                new_order.type, new_order.length_months, new_order.made_on, age, on
            )
        ]
    if problems:
        return MappedRecord(
            result=IngestResultKind.REJECTED,
            reason="; ".join(f"{e.field}: {e.reason}" for e in problems),
            errors=problems,
            original=original,
        )
    if age >= ADULT_AGE:
        return MappedRecord(
            result=IngestResultKind.SKIPPED,
            reason=f"not a youth case: the defendant was {age} {on}",
            original=original,
        )
    return MappedRecord(outcome=outcome, original=original)


def _judged_on(outcome: CourtOutcome) -> str:
    if outcome.convicted_on is None:
        return f"on the hearing date {outcome.hearing_date} (convicted_on not given)"
    return f"on conviction ({outcome.convicted_on})"
