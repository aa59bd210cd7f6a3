"""Every input has a limit: no string or array that a caller sends is unbounded.

The test walks the JSON schema of each model that takes input (step bodies, facts, court
outcomes with their offences and requirements, victim details) and every parameter and body
of the app's OpenAPI document, and names each string without `maxLength` and each array
without `maxItems`. Enumerations, constants and dates are bounded by their format.
"""

from typing import Any

import pytest
from pydantic import TypeAdapter

from api.app import create_app
from contracts.court import CourtOutcome
from contracts.facts import AssessmentFacts, EligibilityRequest
from contracts.steps import StepBody
from core.settings import Settings
from ingest.victim_details import VictimDetailsMessage

INPUT_MODELS: dict[str, Any] = {
    "step bodies": StepBody,
    "assessment facts": AssessmentFacts,
    "an eligibility request": EligibilityRequest,
    "a court outcome": CourtOutcome,
    "victim details": VictimDetailsMessage,
}
BOUNDED_FORMATS = {"date", "date-time"}


def unbounded(schema: dict[str, Any], defs: dict[str, Any], path: str = "") -> list[str]:
    """The paths of the strings and arrays in a JSON schema that have no maximum."""
    if "$ref" in schema:
        return unbounded(defs[schema["$ref"].rsplit("/", 1)[1]], defs, path)
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += unbounded(option, defs, path)
    kind = schema.get("type")
    free = not {"enum", "const"} & schema.keys() and schema.get("format") not in BOUNDED_FORMATS
    if kind == "string" and free and "maxLength" not in schema:
        found.append(path or "(the value)")
    if kind == "array":
        if "maxItems" not in schema:
            found.append(f"{path}[]")
        found += unbounded(schema.get("items", {}), defs, f"{path}[]")
    for name, inner in schema.get("properties", {}).items():
        found += unbounded(inner, defs, f"{path}.{name}" if path else name)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        found += unbounded(extra, defs, f"{path}.*")
    return sorted(set(found))


@pytest.mark.parametrize("name", INPUT_MODELS)
def test_every_string_and_list_of_an_input_model_has_a_maximum(name: str) -> None:
    schema = TypeAdapter(INPUT_MODELS[name]).json_schema()
    assert unbounded(schema, schema.get("$defs", {})) == [], f"{name} has unbounded fields"


def test_every_parameter_and_body_of_the_api_has_a_maximum() -> None:
    spec = create_app(Settings()).openapi()
    defs = spec["components"]["schemas"]
    found = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for p in op.get("parameters", []):
                where = f"{method.upper()} {path} {p['in']} {p['name']}"
                found += [where for _ in unbounded(p["schema"], defs)]
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                where = f"{method.upper()} {path} body ({media})"
                found += [f"{where}: {f}" for f in unbounded(content.get("schema", {}), defs)]
    assert found == []


def test_the_walk_finds_an_unbounded_string_and_list() -> None:
    schema = {
        "type": "object",
        "properties": {
            "note": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 5}},
            "day": {"type": "string", "format": "date"},
            "kind": {"type": "string", "enum": ["a"]},
        },
    }
    assert unbounded(schema, {}) == ["note", "tags[]"]
