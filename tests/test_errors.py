"""Pathway's one exception tree (`core.errors`): drawn whole in its docstring, and each error
answered with one status wherever it is raised."""

import pytest
from pydantic import ValidationError

import core.errors as errors
from api.errors import answer_of
from core.errors import (
    AlreadyResolved,
    HeldNotFound,
    InvalidInput,
    NothingToReplay,
    PathwayError,
    PathwayNotFound,
    ReplayError,
    StepNotAllowed,
    TemporalUnavailable,
    TooMuch,
    UnknownGroup,
    VictimDetailsRefused,
)
from core.pathways import step_body


def test_the_docstring_draws_every_class_of_the_tree() -> None:
    tree = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, PathwayError)]
    assert len(tree) >= 15
    assert errors.__doc__ is not None
    missing = [c.__name__ for c in tree if f"── {c.__name__} " not in errors.__doc__ and c is not PathwayError]
    assert missing == []


@pytest.mark.parametrize(("error", "status"), [
    (PathwayNotFound("pw-1"), 404),
    (HeldNotFound("no held court record 3"), 404),
    (StepNotAllowed("the victim has already answered"), 409),
    (VictimDetailsRefused("pathway pw-1 is closed", None), 409),
    (AlreadyResolved("resolved"), 409),
    (NothingToReplay("send the corrected record"), 422),
    (UnknownGroup("'Martian' is not a ethnicity group"), 422),
    (TooMuch(413, "more than 5000 records"), 413),
    (TooMuch(422, "nested more than 32 levels"), 422),
    (TemporalUnavailable("Temporal is unavailable"), 503),
])
def test_each_error_has_one_status(error: PathwayError, status: int) -> None:
    assert error.status == status


def test_replay_errors_are_caught_as_one_family_and_as_what_they_mean() -> None:
    assert isinstance(HeldNotFound("x"), ReplayError) and isinstance(HeldNotFound("x"), errors.NotFound)
    assert isinstance(NothingToReplay("x"), ReplayError) and isinstance(NothingToReplay("x"), InvalidInput)
    assert isinstance(UnknownGroup("x"), ValueError)


def test_a_bad_step_body_names_each_field_without_the_steps_tag() -> None:
    with pytest.raises(InvalidInput) as invalid:
        step_body("victim_contact", {"completed_on": "not a date"})
    assert isinstance(invalid.value.__cause__, ValidationError)
    assert {p.field for p in invalid.value.problems} == {"completed_on", "consent"}
    body = answer_of(invalid.value)
    assert body["detail"].startswith("invalid fields: ")
    assert {e["field"] for e in body["errors"]} == {"completed_on", "consent"}


def test_a_victim_details_refusal_says_the_pathway_only_when_it_may_be_shown() -> None:
    assert answer_of(VictimDetailsRefused("closed", None)) == {"detail": "closed", "pathway_id": None}
    assert answer_of(StepNotAllowed("closed")) == {"detail": "closed"}
