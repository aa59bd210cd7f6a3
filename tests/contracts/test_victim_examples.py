"""The OpenAPI examples of the victim steps' bodies are valid bodies (the step route shows them)."""

import pytest
from pydantic import BaseModel

from contracts.steps import (
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import (
    VictimContactSchemeReferralBody,
    VictimProgressUpdateBody,
    VictimSuitabilityBody,
    VictimToldWorkEndedBody,
)

BODIES: list[type[BaseModel]] = [
    VictimDetailsReceivedBody,
    VictimContactBody,
    VictimSuitabilityBody,
    VictimRestorativeOptionBody,
    VictimProgressUpdateBody,
    VictimWithdrawalBody,
    VictimToldWorkEndedBody,
    VictimContactSchemeReferralBody,
]


@pytest.mark.parametrize("body", BODIES, ids=lambda b: b.__name__)
def test_each_example_is_a_valid_body(body: type[BaseModel]) -> None:
    examples = body.model_json_schema()["examples"]
    assert examples
    for example in examples:
        body.model_validate(example)


def test_a_person_is_never_named_and_only_a_person_is_under_18() -> None:
    with pytest.raises(ValueError, match="organisation_name: a person is known by"):
        VictimDetailsReceivedBody.model_validate(
            {"completed_on": "2026-12-01", "organisation_name": "Jane Doe"}
        )
    with pytest.raises(ValueError, match="under_18: only a person"):
        VictimDetailsReceivedBody.model_validate(
            {"completed_on": "2026-12-01", "kind": "community", "under_18": True}
        )
