"""The groups children are compared in: ethnic group, gender and age band.

Ethnicity is recorded as a 2001 census code (W1, B2, M3, ...); its first letter names the
top-level group: White (W), Mixed (M), Asian or Asian British (A), Black or Black British (B),
Chinese or other (O). A missing or unrecognised code is "Not stated". Age bands follow the
youth justice statistics: 10-14 and 15-17, with any other age (which should not occur in a
youth court) in "Other ages" so that nobody silently drops out of the counts.
"""

from typing import Literal

from core.errors import UnknownGroup as UnknownGroup  # a reference group of no dimension (422)
from readmodel.tables import PathwayRow

Dimension = Literal["ethnicity", "gender", "age_band"]

GROUPS: dict[Dimension, tuple[str, ...]] = {
    "ethnicity": ("White", "Mixed", "Asian", "Black", "Other", "Not stated"),
    "gender": ("Male", "Female", "Other", "Not specified"),
    "age_band": ("10-14", "15-17", "Other ages"),
}

# White is the reference for ethnicity (ADR 0030); for gender and age the largest group in youth
# justice caseloads (boys; 15-17 year olds), so the reference rate rests on the most children.
DEFAULT_REFERENCE: dict[Dimension, str] = {
    "ethnicity": "White",
    "gender": "Male",
    "age_band": "15-17",
}

_ETHNIC_GROUP = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "O": "Other"}
_GENDER = {"male": "Male", "female": "Female", "other": "Other"}


def ethnic_group(code: str | None) -> str:
    """Return the top-level 2001 census group of an ethnicity code ("B1" is "Black")."""
    if not code:
        return "Not stated"
    return _ETHNIC_GROUP.get(code.strip()[:1].upper(), "Not stated")


def age_band(age: int) -> str:
    """Return the age band of an age at the order."""
    if 10 <= age <= 14:
        return "10-14"
    if 15 <= age <= 17:
        return "15-17"
    return "Other ages"


def group_of(dimension: Dimension, pathway: PathwayRow) -> str:
    """Return the group a pathway's child belongs to in `dimension`."""
    return group_of_child(dimension, pathway.gender, pathway.ethnicity, pathway.age_at_order)


def group_of_child(dimension: Dimension, gender: str, ethnicity: str | None, age: int) -> str:
    """Return the group of a child's gender, ethnicity code and age in `dimension`."""
    if dimension == "ethnicity":
        return ethnic_group(ethnicity)
    if dimension == "gender":
        return _GENDER.get(gender, "Not specified")
    return age_band(age)


def reference_group(dimension: Dimension, reference: str | None) -> str:
    """Return the reference group, matched case-insensitively (None: the default).

    Raises:
        UnknownGroup: `reference` is not a group of `dimension`.
    """
    if reference is None:
        return DEFAULT_REFERENCE[dimension]
    for group in GROUPS[dimension]:
        if group.casefold() == reference.strip().casefold():
            return group
    known = ", ".join(GROUPS[dimension])
    raise UnknownGroup(f"{reference!r} is not a {dimension} group (groups: {known})")


def group_of_value(dimension: Dimension, value: str | int | None) -> str:
    """Return the group of the raw value a dimension is recorded as (a column of `rm_pathways`).

    For counting in SQL by that column (`reports.disproportionality.DIMENSION_COLUMNS`): the
    same groups as `group_of`, from an ethnicity code, a gender or an age.
    """
    if dimension == "ethnicity":
        return ethnic_group(value if isinstance(value, str) else None)
    if dimension == "gender":
        return _GENDER.get(str(value), "Not specified")
    return age_band(value) if isinstance(value, int) else "Other ages"
