"""The fields of the pages' forms, described once: how each is shown and how it is read back.

A field's `name` is its dotted path in the body the API validates (`contracts.steps`), so a
422 from pydantic lands on the field it names. Kinds:

- `date`: GOV.UK date input (day, month, year);
- `text`, `textarea`, `number`: one value (`lines`: a textarea read as one item per line);
- `yesno`: radios giving true or false; `maybe`: yes, no or not known (None), for facts;
- `flag`: one checkbox, true when ticked;
- `choice`: radios (or a select when `select` is set); `many`: checkboxes giving a list;
- `actions`: rows of an action and its owner (`AgreedAction`, its older shape);
- `tracked`: rows of an action, its owning agency (one of `options`), person and due date;
- `conditions`: rows of a youth conditional caution's condition and its due date.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from contracts.common import Step
from web.labels import words

Kind = Literal[
    "date",
    "text",
    "textarea",
    "number",
    "lines",
    "yesno",
    "maybe",
    "flag",
    "choice",
    "many",
    "actions",
    "tracked",
    "conditions",
]
Options = tuple[tuple[str, str], ...]
ACTION_ROWS = 5


@dataclass(frozen=True)
class Field:
    """One question on a form."""

    name: str
    label: str
    kind: Kind
    message: str = ""  # what to do when it is missing, in GOV.UK's words ("Enter ...")
    hint: str | None = None
    options: Options = ()
    optional: bool = False
    select: bool = False
    supervisors_only: bool = False

    @property
    def id(self) -> str:
        """The field's HTML id and name: its path with dots as dashes."""
        return self.name.replace(".", "-")

    @property
    def first_input(self) -> str:
        """The id of the input an error summary links to (a date's day, a row's first input)."""
        if self.kind == "date":
            return f"{self.id}-day"
        if self.kind in ("actions", "tracked"):
            return f"{self.id}-0-action"
        if self.kind == "conditions":
            return f"{self.id}-0-condition"
        return self.id


def yes_no(value: str) -> bool | None:
    """Read a yes/no/unknown radio: `yes` is true, `no` false, anything else None."""
    return {"yes": True, "no": False}.get(value)


def date_field(label: str = "Date it happened", hint: str | None = None) -> Field:
    """The `completed_on` date every step has."""
    return Field(
        "completed_on",
        label,
        "date",
        message="Enter the date it happened",
        hint=hint or "For example, 27 3 2026. It cannot be in the future.",
    )


NOTES = Field(
    "notes",
    "Notes (optional)",
    "textarea",
    optional=True,
    hint="Shown on the case's timeline. Keep to the facts; the family may ask to see them.",
)


@dataclass(frozen=True)
class StepForm:
    """The page that records one step: a title, a sentence of guidance and the fields."""

    step: Step
    title: str
    guidance: str
    fields: tuple[Field, ...]
    optional_groups: tuple[str, ...] = ()  # nested objects left out when nothing was entered


def options(values: Iterable[StrEnum], names: dict[str, str] | None = None) -> Options:
    """Return the choices of an enumeration as (value, words) pairs."""
    return tuple((v.value, (names or {}).get(v.value, words(v))) for v in values)


def choice(name: str, label: str, message: str, values: Iterable[StrEnum]) -> Field:
    """Return a required choice of one value of an enumeration, each named in words."""
    return Field(name, label, "choice", message=message, options=options(values))


def simple_form(step: Step, title: str, guidance: str, when: str = "Date it happened") -> StepForm:
    """Return the form of a step that asks only when it happened (and notes)."""
    return StepForm(step, title, guidance, (date_field(when), NOTES))
