"""Reading a posted form into the body the API validates, and errors back onto its fields."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from core.errors import InvalidInput
from web.fields import ACTION_ROWS, Field, yes_no
from web.labels import sentence

# Pydantic error types that mean "nothing (usable) was given": the field's own message fits.
_MISSING = {
    "missing",
    "string_too_short",
    "too_short",
    "enum",
    "literal_error",
    "bool_parsing",
    "bool_type",
    "list_type",
    "date_type",
}


@dataclass
class Submission:
    """A parsed form: the body, what was typed (to show it again) and errors by field id."""

    body: dict[str, Any]
    values: dict[str, list[str]]
    errors: dict[str, str] = field(default_factory=dict)


MAX_NUMBER_DIGITS = 6
"""A whole number typed into a form: more digits than any field's maximum allows."""


def _whole(text: str, digits: int) -> int | None:
    """The number of at most `digits` digits 0 to 9, else None.

    `str.isdigit` alone also passes "²" and other digits that `int` refuses or reads
    differently, and `int` refuses a string of more than 4,300 digits: both are errors to
    show on the field, never a server error.
    """
    if not (text.isascii() and text.isdigit()) or len(text) > digits:
        return None
    return int(text)


def _date(form: FormData, key: str) -> tuple[date | None, str | None]:
    parts = [str(form.get(f"{key}-{p}", "")).strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None, None
    if not all(parts):
        return None, "Enter a complete date: day, month and year"
    day, month, year = (_whole(p, 4) for p in parts)
    if day is None or month is None or year is None:
        return None, "Enter a real date, for example 27 3 2026"
    if year < 1000:
        return None, "Enter the year as 4 numbers, for example 2026"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, "Enter a real date, for example 27 3 2026"


def _value(f: Field, form: FormData) -> tuple[Any, str | None]:
    raw = str(form.get(f.id, "")).strip()
    if f.kind == "date":
        return _date(form, f.id)
    if f.kind == "number":
        if not raw:
            return None, None
        number = _whole(raw, MAX_NUMBER_DIGITS)
        return (number, None) if number is not None else (None, "Enter a whole number of weeks")
    if f.kind == "lines":
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        return lines or None, None
    if f.kind == "flag":
        return raw == "yes", None
    if f.kind in ("yesno", "maybe"):
        return yes_no(raw), None
    if f.kind == "many":
        return [str(v) for v in form.getlist(f.id)], None
    if f.kind == "actions":
        rows = []
        for i in range(ACTION_ROWS):
            action = str(form.get(f"{f.id}-{i}-action", "")).strip()
            owner = str(form.get(f"{f.id}-{i}-owner", "")).strip()
            if action or owner:
                rows.append({"action": action, "owner": owner})
        return rows or None, None
    if f.kind == "tracked":
        return _tracked(f, form)
    if f.kind == "conditions":
        return _conditions(f, form)
    return raw or None, None


def _conditions(f: Field, form: FormData) -> tuple[Any, str | None]:
    """Rows of a condition and its due date (a youth conditional caution); empty rows left out."""
    rows = []
    for i in range(ACTION_ROWS):
        key = f"{f.id}-{i}"
        due, problem = _date(form, f"{key}-due_on")
        if problem:
            return None, f"Condition {i + 1}: {problem.lower()}"
        text = str(form.get(f"{key}-condition", "")).strip()
        if text and not due:
            return None, f"Condition {i + 1}: enter the date it is due by"
        if due and not text:
            return None, f"Condition {i + 1}: enter what the child must do"
        if text and due:
            rows.append({"condition": text, "due_on": due.isoformat()})
    return rows or None, None


def _tracked(f: Field, form: FormData) -> tuple[Any, str | None]:
    """Rows of an agreed action, its owner (agency and person) and due date; empty rows left out."""
    rows = []
    for i in range(ACTION_ROWS):
        key = f"{f.id}-{i}"
        due, problem = _date(form, f"{key}-due_on")
        if problem:
            return None, f"Action {i + 1}: {problem.lower()}"
        texts = {n: str(form.get(f"{key}-{n}", "")).strip() for n in ("action", "owner_person")}
        agency = str(form.get(f"{key}-owner_agency", "")).strip()
        if any(texts.values()) or agency or due:
            row: dict[str, Any] = {"action": texts["action"], "owner_person": texts["owner_person"]}
            row |= {"owner_agency": agency or None, "due_on": due.isoformat() if due else None}
            rows.append(row)
    return rows or None, None


def _put(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        body = body.setdefault(part, {})
    body[last] = value


def parse(
    form: FormData, fields: Sequence[Field], optional_groups: Sequence[str] = ()
) -> Submission:
    """Read the fields of a form; a field left empty is left out of the body."""
    values = {key: [str(v) for v in form.getlist(key)] for key in form}
    sub = Submission(body={}, values=values)
    for f in fields:
        value, problem = _value(f, form)
        if problem:
            sub.errors[f.id] = problem
        elif f.kind == "maybe":
            if f.id in form:  # "Not known" is sent as an explicit None
                _put(sub.body, f.name, value)
        elif value is not None and not (value == [] and f.optional):
            _put(sub.body, f.name, value)
    for group in optional_groups:
        if not any(v not in (None, [], "") for v in sub.body.get(group, {}).values()):
            sub.body.pop(group, None)
    return sub


def _owner(fields: Sequence[Field], path: str) -> Field:
    """The field an error path belongs to: the longest field name that starts it.

    An error about the whole body (a model validator's) goes to the first field after the date.
    """
    matches = [f for f in fields if path == f.name or path.startswith(f.name + ".")]
    if matches:
        return max(matches, key=lambda f: len(f.name))
    return next((f for f in fields if f.kind != "date"), fields[0])


def attach(sub: Submission, invalid: InvalidInput, fields: Sequence[Field]) -> None:
    """Put each bad field on the form's field, in the field's own words where it is missing."""
    for problem in invalid.problems:
        owner = _owner(fields, problem.field)
        if owner.id in sub.errors:
            continue
        reason = problem.reason
        if problem.kind in _MISSING and owner.message:
            reason = owner.message
        sub.errors[owner.id] = sentence(reason).rstrip(".")


def summary(sub: Submission, fields: Sequence[Field]) -> list[dict[str, str]]:
    """The error summary's items, in the order of the form, each linking to its field."""
    return [
        {"text": sub.errors[f.id], "href": f"#{f.first_input}"}
        for f in fields
        if f.id in sub.errors
    ]
