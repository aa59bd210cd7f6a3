"""The outcome data form (issue 21), and closure's question for a supervisor without it.

Every answer is asked: the YJB's KPIs have no "not known" for these (ADR 0139). The questions
follow the KPIs in order: accommodation, ETE, SEND/ALN, mental health, substance use, wider
services (`contracts.outcome_data`).
"""

from contracts.common import Step
from contracts.outcome_data import MAX_ETE_HOURS, Accommodation, Ete, OutcomePoint
from contracts.pathway import PathwayState
from web.fields import NOTES, Field, StepForm, date_field, options

POINTS: dict[str, str] = {
    OutcomePoint.START: "At the start of the order",
    OutcomePoint.END: "At the end",
}
ACCOMMODATION: dict[str, str] = {
    Accommodation.FAMILY_HOME: "With parents, carers or relatives",
    Accommodation.FOSTER_CARE: "Foster care",
    Accommodation.RESIDENTIAL_CARE: "A children's home",
    Accommodation.SUPPORTED_ACCOMMODATION: "Supported accommodation",
    Accommodation.INDEPENDENT: "Living independently",
    Accommodation.SECURE_ESTATE: "Custody or a secure children's home",
    Accommodation.TEMPORARY: "Temporary (bed and breakfast, a hostel, sofa-surfing)",
    Accommodation.NO_FIXED_ABODE: "No fixed abode",
    Accommodation.OTHER: "Other",
}
ETE: dict[str, str] = {
    Ete.SCHOOL: "School",
    Ete.ALTERNATIVE_PROVISION: "Alternative provision (a pupil referral unit, tuition)",
    Ete.COLLEGE: "College (further education)",
    Ete.TRAINING: "Training or an apprenticeship",
    Ete.EMPLOYMENT: "Employment",
    Ete.ELECTIVE_HOME_EDUCATION: "Elective home education",
    Ete.NONE: "None",
}


def _yes_no(name: str, label: str, hint: str | None = None) -> Field:
    return Field(name, label, "yesno", message=f"Select yes or no: {label.lower()}", hint=hint)


def _hours(name: str, label: str) -> Field:
    return Field(
        name,
        label,
        "number",
        message=f"Enter the {label.lower()} as a whole number from 0 to {MAX_ETE_HOURS}",
    )


OUTCOME_DATA_FORM = StepForm(
    Step.OUTCOME_DATA,
    "Record the outcome data",
    "At the start and at the end of the order, for the YJB's key performance indicators. "
    "Answer every question: the case cannot close without both, unless a supervisor says why.",
    (
        Field(
            "point",
            "When is this?",
            "choice",
            message="Select the start or the end of the order",
            options=options(OutcomePoint, POINTS),
        ),
        date_field("Date the answers were gathered"),
        Field(
            "accommodation",
            "Where does the child live?",
            "choice",
            message="Select where the child lives",
            options=options(Accommodation, ACCOMMODATION),
        ),
        _yes_no("accommodation_suitable", "Is the accommodation suitable?"),
        Field(
            "ete",
            "Education, training or employment",
            "choice",
            message="Select the child's education, training or employment",
            options=options(Ete, ETE),
        ),
        _hours("ete_hours_offered", "Hours a week offered"),
        _hours("ete_hours_attended", "Hours a week attended"),
        _yes_no("ete_suitable", "Is the education, training or employment suitable?"),
        _yes_no("send_identified", "Is there an identified SEND or ALN need?"),
        _yes_no(
            "send_formal_plan",
            "Is a formal plan in place?",
            "An education, health and care plan (England) or individual development plan (Wales).",
        ),
        _yes_no("mental_health_need", "Is there a mental health or emotional wellbeing need?"),
        _yes_no("mental_health_offered", "Was a mental health intervention offered?"),
        _yes_no("mental_health_attended", "Did the child attend it?"),
        _yes_no("substance_use_need", "Is there a substance use need?"),
        _yes_no("substance_use_offered", "Was a substance use intervention offered?"),
        _yes_no("substance_use_attended", "Did the child attend the substance use intervention?"),
        _yes_no("looked_after", "Is the child looked after?"),
        _yes_no("child_protection_plan", "Is the child on a child protection plan?"),
        _yes_no("child_in_need", "Is the child a child in need?"),
        _yes_no("early_help", "Is the child receiving early help?"),
        NOTES,
    ),
)

NO_OUTCOME_DATA = Field(
    "no_outcome_data_reason",
    "Why the case is closed without its outcome data (supervisors only)",
    "textarea",
    optional=True,
    supervisors_only=True,
    hint="Only a supervisor may close a case without the outcome data at the start and the "
    "end; the reason is kept and reported.",
)


def with_outcome_question(form: StepForm, state: PathwayState) -> StepForm:
    """Closure asks a supervisor's reason while the pathway's outcome data is missing."""
    missing = state.outcome_start is None or state.outcome_end is None
    if form.step != Step.CLOSURE or not state.outcome_data_rules or not missing:
        return form
    *before, notes = form.fields
    return StepForm(
        form.step,
        form.title,
        form.guidance,
        (*before, NO_OUTCOME_DATA, notes),
        form.optional_groups,
    )


OUTCOME_DATA_FORMS: dict[Step, StepForm] = {Step.OUTCOME_DATA: OUTCOME_DATA_FORM}
