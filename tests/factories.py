"""Builders of valid inputs for tests: the project's shared samples (`samples/orders.py`)."""

from samples.orders import (
    CASEWORKER,
    REFLECTION,
    SUPERVISOR,
    canonical_outcome,
    diversion_input,
    pathway_input,
)

__all__ = [
    "CASEWORKER",
    "REFLECTION",
    "SUPERVISOR",
    "canonical_outcome",
    "diversion_input",
    "pathway_input",
]
