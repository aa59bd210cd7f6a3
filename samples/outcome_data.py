"""Invented outcome data for the YJB's KPIs at the start and the end of an order (issue 21).

Pathways started under the `outcome-data-2026-12` patch need both before closure
(`workflows.outcome_data`): the tests, the demo and the benchmarks build these bodies here, so a
change of what is asked is made once.
"""

from datetime import date
from typing import Any

from contracts.outcome_data import OutcomeDataBody, OutcomePoint

__all__ = ["ANSWERS", "end", "start"]

# A child in unsuitable temporary accommodation, out of school, with needs met later.
ANSWERS: dict[str, Any] = {
    "accommodation": "temporary",
    "accommodation_suitable": False,
    "ete": "none",
    "ete_hours_offered": 0,
    "ete_hours_attended": 0,
    "ete_suitable": False,
    "send_identified": True,
    "send_formal_plan": False,
    "mental_health_need": True,
    "mental_health_offered": True,
    "mental_health_attended": False,
    "substance_use_need": False,
    "substance_use_offered": False,
    "substance_use_attended": False,
    "looked_after": False,
    "child_protection_plan": False,
    "child_in_need": True,
    "early_help": False,
}
# At the end: a family home, back at school for most of the hours offered, a plan in place.
ENDED: dict[str, Any] = ANSWERS | {
    "accommodation": "family_home",
    "accommodation_suitable": True,
    "ete": "school",
    "ete_hours_offered": 25,
    "ete_hours_attended": 20,
    "ete_suitable": True,
    "send_formal_plan": True,
    "mental_health_attended": True,
    "child_in_need": False,
}


def start(on: date, **changes: Any) -> OutcomeDataBody:
    """The outcome data at the start of the order, with any answers changed."""
    return OutcomeDataBody(completed_on=on, point=OutcomePoint.START, **(ANSWERS | changes))


def end(on: date, **changes: Any) -> OutcomeDataBody:
    """The outcome data at the end of the order, with any answers changed."""
    return OutcomeDataBody(completed_on=on, point=OutcomePoint.END, **(ENDED | changes))
