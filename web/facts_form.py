"""The assessment facts as questions: yes, no or not known (an unknown fact is never false)."""

from enum import StrEnum

from contracts.facts import DvRiskLevel, Placement
from contracts.offences import OFFENCE_GROUP_LABELS, OffenceGroup
from web.fields import Field

_MAYBE = (
    ("lives_with_caregiver", "Lives with a parent or caregiver"),
    ("caregiver_willing_to_engage", "A caregiver is willing to take part"),
    ("acute_psychiatric_illness", "Acute psychiatric illness"),
    ("sex_offending_only", "Sexual offending only"),
    ("child_to_parent_violence", "Violence from the child towards a parent"),
    ("parent_commits_to_programme", "A parent commits to a parenting programme"),
    (
        "parent_capacity_concern",
        "A parent's own illness or substance use would stop them completing a programme",
    ),
    ("dv_exposure", "The child has been exposed to domestic abuse"),
    ("perpetrator_in_household", "The perpetrator of the abuse lives in the household"),
    ("mother_will_attend", "The child's mother will attend the mothers' group"),
    ("family_in_crisis", "The family is in crisis"),
    ("needs_other_therapy_first", "The child needs another therapy first"),
)

_NOT_KNOWN = (("", "Not known"),)


def _listed(name: str, label: str, values: type[StrEnum]) -> Field:
    """A fact picked from a list, or left not known."""
    choices = tuple((v.value, v.value.capitalize()) for v in values)
    return Field(
        f"facts.{name}", label, "choice", optional=True, select=True, options=_NOT_KNOWN + choices
    )


FACT_FIELDS: tuple[Field, ...] = (
    *(Field(f"facts.{name}", label, "maybe", optional=True) for name, label in _MAYBE[:2]),
    _listed("placement", "Where the child lives", Placement),
    Field(
        "facts.expected_return_home_weeks",
        "Weeks until the child is expected to return home (if away)",
        "number",
        optional=True,
        hint="Leave empty if not known or not away from home.",
    ),
    *(Field(f"facts.{name}", label, "maybe", optional=True) for name, label in _MAYBE[2:]),
    _listed("dv_risk_level", "Domestic abuse risk level (DASH risk check)", DvRiskLevel),
    # Issue 19: the violence reduction group work programme's facts (ADR 0122).
    Field(
        "facts.index_offence_group",
        "Offence group of the index offence (the most serious offence of this order)",
        "choice",
        optional=True,
        select=True,
        options=_NOT_KNOWN + tuple((g.value, OFFENCE_GROUP_LABELS[g]) for g in OffenceGroup),
    ),
    Field(
        "facts.serious_violence_risk",
        "An assessment found a risk of involvement in serious violence",
        "maybe",
        optional=True,
    ),
)
