"""Pathway's exceptions.

    PathwayError
    ├── StepNotAllowed      a step that cannot be recorded now (HTTP 409)
    ├── PathwayNotFound     no such pathway, or not visible to the caller (HTTP 404)
    └── InvalidInput        input that fails validation beyond the schema (HTTP 422)

Temporal carries business failures as `ApplicationError`s whose `type` is one of the
constants below, so the API can map them back without importing workflow code.
"""

STEP_NOT_ALLOWED = "StepNotAllowed"
PATHWAY_CLOSED = "PathwayClosed"
NOT_VISIBLE = "NotVisible"


class PathwayError(Exception):
    """Base of Pathway's own errors."""


class StepNotAllowed(PathwayError):
    """A step cannot be recorded now; the message says why."""


class PathwayNotFound(PathwayError):
    """No pathway with that id is visible to the caller."""


class InvalidInput(PathwayError):
    """Input that is well-formed but not acceptable; the message names the field."""
