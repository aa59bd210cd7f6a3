"""`pathway eligibility FACTS.json [--on DATE]`: decide eligibility from a file of facts.

FACTS.json holds one object, with `date_of_birth` and the assessment facts as top-level keys,
or a JSON array of such objects. The command prints the decisions in the API's shape
(`{"fft": {...}, "nvr": {...}, "dv_groups": {...}}`), or an array of them, in order, for an
array. Bad input raises a `ValueError` naming the record and the field.

`pathway eligibility --turnaround FACTS.json [--on DATE]` decides Turnaround instead (ADR
0128): each object has `date_of_birth` and the `TurnaroundFacts` as top-level keys, and the
command prints Turnaround's decision (or an array of them).
"""

import datetime
import json
import pathlib
from typing import Any

from pydantic import ValidationError

from contracts.facts import AssessmentFacts, EligibilityRequest
from contracts.turnaround import TurnaroundFacts, TurnaroundRequest
from rules.engine import evaluate, evaluate_turnaround


def _field_errors(error: ValidationError) -> str:
    return "; ".join(
        f"field {'.'.join(str(part) for part in item['loc']) or '(record)'}: {item['msg']}"
        for item in error.errors()
    )


def parse_record(record: Any, index: int, on: datetime.date) -> EligibilityRequest:
    """Turn one object of FACTS.json into an eligibility request.

    Args:
        record: The decoded JSON object.
        index: Its position in the file (0 for a single object), for error messages.
        on: The evaluation date.

    Returns:
        The request.

    Raises:
        ValueError: The record is not an object, or a field is missing or invalid.
    """
    if not isinstance(record, dict):
        raise ValueError(f"record {index}: expected a JSON object, got {type(record).__name__}")
    facts = {name: value for name, value in record.items() if name != "date_of_birth"}
    if "date_of_birth" not in record:
        raise ValueError(f"record {index}: field date_of_birth: is required")
    try:
        return EligibilityRequest(
            date_of_birth=record["date_of_birth"],
            facts=AssessmentFacts.model_validate(facts),
            on=on,
        )
    except ValidationError as error:
        raise ValueError(f"record {index}: {_field_errors(error)}") from None


def eligibility_command(path: pathlib.Path, on: datetime.date | None) -> str:
    """Decide eligibility for every record of a facts file and return the JSON to print.

    Args:
        path: FACTS.json: one object, or an array of objects.
        on: The evaluation date; today when None.

    Returns:
        The decisions as indented JSON: one object, or an array in the file's order.

    Raises:
        ValueError: The file cannot be read or decoded, or a record is invalid (the message
            names the record index and the field).
    """
    evaluated_on = on or datetime.date.today()
    document = _read(path)
    records = document if isinstance(document, list) else [document]
    requests = [parse_record(record, index, evaluated_on) for index, record in enumerate(records)]
    decisions = []
    for index, request in enumerate(requests):
        try:
            decisions.append(evaluate(request).model_dump(mode="json"))
        except (ValueError, LookupError) as error:
            raise ValueError(f"record {index}: {error}") from None
    return json.dumps(decisions if isinstance(document, list) else decisions[0], indent=2)


def _read(path: pathlib.Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot be read: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not valid JSON: {error}") from None


def parse_turnaround_record(record: Any, index: int, on: datetime.date) -> TurnaroundRequest:
    """Turn one object of a Turnaround FACTS.json into a request (see `parse_record`).

    Raises:
        ValueError: The record is not an object, or a field is missing or invalid.
    """
    if not isinstance(record, dict):
        raise ValueError(f"record {index}: expected a JSON object, got {type(record).__name__}")
    if "date_of_birth" not in record:
        raise ValueError(f"record {index}: field date_of_birth: is required")
    facts = {name: value for name, value in record.items() if name != "date_of_birth"}
    try:
        return TurnaroundRequest(
            date_of_birth=record["date_of_birth"],
            facts=TurnaroundFacts.model_validate(facts),
            on=on,
        )
    except ValidationError as error:
        raise ValueError(f"record {index}: {_field_errors(error)}") from None


def turnaround_command(path: pathlib.Path, on: datetime.date | None) -> str:
    """Decide Turnaround for every record of a facts file and return the JSON to print.

    Args:
        path: FACTS.json: one object, or an array of objects.
        on: The evaluation date (it picks the rule set version); today when None.

    Returns:
        Turnaround's decisions as indented JSON: one object, or an array in the file's order.

    Raises:
        ValueError: The file cannot be read or decoded, or a record is invalid (the message
            names the record index and the field).
    """
    evaluated_on = on or datetime.date.today()
    document = _read(path)
    records = document if isinstance(document, list) else [document]
    requests = [parse_turnaround_record(r, index, evaluated_on) for index, r in enumerate(records)]
    decisions = []
    for index, request in enumerate(requests):
        try:
            decisions.append(evaluate_turnaround(request).model_dump(mode="json"))
        except (ValueError, LookupError) as error:
            raise ValueError(f"record {index}: {error}") from None
    return json.dumps(decisions if isinstance(document, list) else decisions[0], indent=2)
