"""The child's and family's language, recorded on the pathway (issue 22, point 3; ADR 0144).

A step with no task: it may be recorded at any time while the pathway is open, and again when
the family's choice changes (the Welsh Language Standards ask that a recorded choice be kept
to, not that it never change). Only people record it: no feed knows a family's language.
Pathways record it under `PATCH`; histories from before hold no such step.
"""

from contracts.language import LanguagePreferenceBody
from contracts.pathway import Notification, PathwayState
from contracts.steps import Actor, StepBody
from workflows.tasks import Clock

__all__ = ["PATCH", "record_language"]

PATCH = "language-2026-12"


def record_language(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Keep the language the family's pages are printed in by default."""
    assert isinstance(body, LanguagePreferenceBody)
    state.language = body.language
    return []
