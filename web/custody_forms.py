"""The forms of a detention and training order's custody steps: resettlement and release."""

from contracts.common import Step
from contracts.custody import ReleaseKind
from web.fields import NOTES, Field, StepForm, options, simple_form

RELEASE_KINDS: dict[str, str] = {
    ReleaseKind.HALF_WAY: "At the half-way point of the term",
    ReleaseKind.EARLY: "Early (up to 1 month before, or 2 for a term of 18 months or more)",
    ReleaseKind.LATE: "Late, on a youth court's order (1 or 2 months after)",
    ReleaseKind.COMPASSIONATE: "On compassionate grounds",
}
"""Sentencing Act 2020, s. 241(2) to (5)."""
RELEASED: dict[str, str] = {
    ReleaseKind.HALF_WAY: "at the half-way point",
    ReleaseKind.EARLY: "early",
    ReleaseKind.LATE: "late",
    ReleaseKind.COMPASSIONATE: "on compassionate grounds",
}
"""How the case page says when a child was released."""

CUSTODY_FORMS: dict[Step, StepForm] = {
    Step.RESETTLEMENT_PLANNING: simple_form(
        Step.RESETTLEMENT_PLANNING,
        "Record the resettlement planning meeting",
        "Plan the child's release: where they will live, education or work, health and support.",
        "Date of the meeting",
    ),
    Step.RELEASE: StepForm(
        Step.RELEASE,
        "Record the release from custody",
        "The supervision in the community (the intervention plan and reviews) runs from the day "
        "of release.",
        (
            Field(
                "released_on",
                "Date of release",
                "date",
                message="Enter the date of release",
                hint="For example, 5 7 2026. It cannot be in the future.",
            ),
            Field(
                "kind",
                "When was the child released?",
                "choice",
                message="Select when the child was released",
                options=options(ReleaseKind, RELEASE_KINDS),
            ),
            NOTES,
        ),
    ),
}
