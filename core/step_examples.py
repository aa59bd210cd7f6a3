"""The step route's OpenAPI examples, one per step body that gives one.

Each body model in `contracts.steps.StepBody` may carry examples in its
`json_schema_extra={"examples": [...]}`; they are collected here, so a helper adding a step
adds its example beside its model and the API's documentation shows it (issue 18).
"""

from typing import Any, get_args

from pydantic import BaseModel

from contracts.steps import StepBody

GENERIC = {"completed_on": "2026-11-20"}


def _bodies() -> list[type[BaseModel]]:
    annotated: Any = StepBody  # Annotated[A | B | ..., Field(discriminator="step")]
    union = get_args(annotated)[0]
    return [m for m in get_args(union) if isinstance(m, type) and issubclass(m, BaseModel)]


def step_examples() -> dict[str, dict[str, Any]]:
    """`openapi_examples` for the step route: a generic one, then each body's own, by step id."""
    examples: dict[str, dict[str, Any]] = {
        "any step": {
            "summary": "Any step: when it happened (plus its own fields)",
            "value": GENERIC,
        }
    }
    for model in _bodies():
        extra = model.model_config.get("json_schema_extra")
        given = extra.get("examples") if isinstance(extra, dict) else None
        if not isinstance(given, list):
            continue
        step = model.model_fields["step"].default
        for n, value in enumerate(given, start=1):
            name = step if n == 1 else f"{step} ({n})"
            summary = (model.__doc__ or step).strip().splitlines()[0]
            examples[name] = {"summary": summary, "value": value}
    return examples


STEP_EXAMPLES = step_examples()
