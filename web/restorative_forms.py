"""The forms of a referral order's restorative enquiry, parent work and panels.

The questions follow the bodies (`contracts.steps`, `contracts.restorative`). The enquiry's
content is optional on the form because a supervisor may instead say why it was not done; the
workflow then asks for each part it needs, naming the field, and the page puts its reason on
that field (`on_field`), as GOV.UK's error pattern asks.
"""

from contracts.common import Programme, Step
from contracts.restorative import (
    CarerRelationship,
    ContractElement,
    HarmedParty,
    Readiness,
)
from web.decision_forms import reflection_fields
from web.fields import NOTES, Field, StepForm, date_field, options
from web.formdata import Submission
from web.labels import PROGRAMMES, sentence

HARMED = {
    "direct_victim": "The direct victim",
    "family": "Family (the child's or the victim's)",
    "community": "The community",
    "child_relationships": "The child's own relationships",
}
READINESS = {
    "ready": "Ready for restorative work",
    "not_yet": "Not yet ready",
    "not_suitable": "Not suitable",
}
ELEMENTS = {
    "reparation_to_victim": "Reparation to the victim",
    "mediation_with_victim": "Mediation with the victim",
    "community_reparation": "Reparation to the community",
    "restorative_activity": "Another restorative activity",
    "education_or_work": "Education, training or work",
    "offending_behaviour_work": "Work on offending behaviour",
    "substance_misuse_work": "Work on drug or alcohol use",
    "family_work": "Work with the family",
    "at_home_at_times": "Being at home at set times",
    "staying_away": "Staying away from places or people",
    "other": "Something else (say in the terms)",
}


def _meeting() -> tuple[Field, ...]:
    """Who sat on the panel and whether a parent came: every panel meeting asks these."""
    return (
        Field(
            "youth_justice_members",
            "Youth justice service members on the panel",
            "number",
            message="Enter how many youth justice service members sat on the panel",
            hint="At least 1 (Sentencing Act 2020, s. 91(4)).",
        ),
        Field(
            "community_panel_members",
            "Community panel members on the panel",
            "number",
            message="Enter how many community panel members sat on the panel",
            hint="At least 2 (Sentencing Act 2020, s. 91(4)).",
        ),
        Field(
            "not_quorate_reason",
            "Why the panel went ahead without enough members (optional)",
            "textarea",
            optional=True,
            hint="Only if it had fewer than 1 youth justice and 2 community members.",
        ),
        Field(
            "parent_attended",
            "Did a parent or carer attend?",
            "yesno",
            message="Select yes if a parent or carer attended",
            hint="A parent of a child under 16 at the order must attend (Sentencing Act 2020, "
            "s. 90), unless the court decided otherwise.",
        ),
        Field(
            "court_excused_parent",
            "The court did not order a parent to attend",
            "flag",
            optional=True,
        ),
    )


RESTORATIVE_FORMS: dict[Step, StepForm] = {
    Step.RESTORATIVE_ENQUIRY: StepForm(
        Step.RESTORATIVE_ENQUIRY,
        "Record the restorative enquiry with the child",
        "Record what the enquiry found; or, if it could not be done, a supervisor says why "
        "(then the work with the parent is cancelled and the panel may still go ahead).",
        (
            date_field("Date of the enquiry"),
            Field(
                "harmed_parties",
                "Who was harmed?",
                "many",
                optional=True,
                options=options(HarmedParty, HARMED),
                hint="Select all that apply.",
            ),
            Field(
                "child_account",
                "The child's account",
                "textarea",
                optional=True,
                hint="What happened, in the child's words where you can.",
            ),
            Field(
                "willing_to_do",
                "What the child is willing to do",
                "textarea",
                optional=True,
            ),
            Field(
                "readiness",
                "Is the child ready for restorative work?",
                "choice",
                optional=True,
                options=options(Readiness, READINESS),
            ),
            Field(
                "not_done_reason",
                "Why the enquiry was not done (supervisors only)",
                "textarea",
                optional=True,
                supervisors_only=True,
                hint="Only if it could not be done, for example the child declined. Leave the "
                "questions above empty.",
            ),
            NOTES,
        ),
    ),
    Step.PARENT_RESTORATIVE_WORK: StepForm(
        Step.PARENT_RESTORATIVE_WORK,
        "Record restorative work with the parent or carer",
        "Informed by the restorative enquiry with the child. Name the relationship, never the "
        "person.",
        (
            date_field(),
            Field(
                "carer",
                "Which parent or carer?",
                "choice",
                message="Select which parent or carer",
                options=options(CarerRelationship),
            ),
            Field(
                "harm_addressed",
                "The harm to relationships addressed",
                "textarea",
                message="Enter the harm to relationships addressed",
            ),
            Field(
                "next_steps",
                "Next steps agreed",
                "textarea",
                message="Enter the next steps agreed",
            ),
            Field(
                "refer_to",
                "Consider a referral to (optional)",
                "many",
                optional=True,
                options=options(Programme, PROGRAMMES),
                hint="Opens a decision on a referral; eligibility is checked then.",
            ),
            NOTES,
        ),
    ),
    Step.INITIAL_PANEL: StepForm(
        Step.INITIAL_PANEL,
        "Record the initial youth offender panel",
        "The contract agreed starts the order; progress panels follow at the interval it sets, "
        "at least every 3 months, and a final panel before the order ends.",
        (
            date_field("Date the contract was agreed"),
            *_meeting(),
            Field(
                "contract_elements",
                "What the contract includes",
                "many",
                message="Select what the contract includes",
                options=options(ContractElement, ELEMENTS),
                hint="Select all that apply (Sentencing Act 2020, s. 97).",
            ),
            Field(
                "contract_terms",
                "The contract's terms (optional)",
                "textarea",
                optional=True,
                hint="As agreed with the child, in plain words.",
            ),
            Field(
                "progress_panel_interval_months",
                "Months between progress panels (optional)",
                "number",
                optional=True,
                hint="1, 2 or 3. Leave empty for every 3 months.",
            ),
            *reflection_fields(optional=True),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
    ),
    Step.PROGRESS_PANEL: StepForm(
        Step.PROGRESS_PANEL,
        "Record a progress panel",
        "The panel reviews the child's progress with the contract.",
        (date_field("Date of the panel"), *_meeting(), NOTES),
    ),
    Step.FINAL_PANEL: StepForm(
        Step.FINAL_PANEL,
        "Record the final panel",
        "The final panel meets before the order ends; the order closes as completed after it.",
        (date_field("Date of the panel"), *_meeting(), NOTES),
    ),
}


def on_field(sub: Submission, reason: str, fields: tuple[Field, ...]) -> str | None:
    """Put a refusal that names a field (`field: what to do`) on that field.

    Returns the refusal still to show above the form, or None when it went on its field.
    """
    name, colon, rest = reason.partition(": ")
    field = next((f for f in fields if f.name == name), None)
    if not colon or field is None:
        return reason
    sub.errors[field.id] = sentence(rest).rstrip(".")
    return None
