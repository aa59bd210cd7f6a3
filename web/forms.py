"""The form of each step: its questions, from the step's body in `contracts/steps.py`.

Decisions (referrals, closure) are in `web.decision_forms`, victim work in `web.victim_forms`.
"""

from contracts.common import Step
from web.breach_forms import BREACH_FORMS
from web.custody_forms import CUSTODY_FORMS
from web.decision_forms import DECISION_FORMS
from web.facts_form import FACT_FIELDS
from web.fields import NOTES, Field, StepForm, date_field, simple_form
from web.transfer_forms import TRANSFER_FORMS
from web.victim_forms import VICTIM_FORMS

_CASEWORK: dict[Step, StepForm] = {
    Step.ALLOCATION: StepForm(
        Step.ALLOCATION,
        "Allocate a case manager",
        "Allocating again to someone else counts as a change of case manager.",
        (
            Field(
                "caseworker", "Case manager", "text", message="Enter the case manager's user name"
            ),
            Field("team", "Team", "text", message="Enter the team"),
            date_field("Date allocated"),
            NOTES,
        ),
    ),
    Step.FIRST_CONTACT: StepForm(
        Step.FIRST_CONTACT,
        "Record first contact with the child and family",
        "Trauma-informed practice: tell the family what happens next.",
        (
            date_field("Date of first contact"),
            Field(
                "family_told_what_happens_next",
                "Was the family told what happens next?",
                "yesno",
                message="Select yes if the family was told what happens next",
            ),
            NOTES,
        ),
    ),
    Step.ASSESSMENT: StepForm(
        Step.ASSESSMENT,
        "Record the assessment",
        "The facts decide eligibility for FFT, NVR and DV groups. Leave a fact as "
        "'Not known' until it is: an unknown fact is never treated as 'No'.",
        (date_field("Date the assessment was completed"), *FACT_FIELDS, NOTES),
    ),
    Step.CASE_FORMULATION: StepForm(
        Step.CASE_FORMULATION,
        "Record the case formulation meeting",
        "The plain-language summary and the child's views are shared with the child and family.",
        (
            date_field("Date of the meeting"),
            Field(
                "agencies_present",
                "Agencies present",
                "lines",
                message="Enter the agencies present",
                hint="One agency on each line.",
            ),
            Field(
                "formulation_summary",
                "Formulation summary",
                "textarea",
                message="Enter the formulation summary",
            ),
            Field(
                "agreed_actions",
                "Agreed actions",
                "actions",
                message="Enter at least one agreed action and who owns it",
                hint="Who will do what. Leave rows you do not need empty.",
            ),
            Field(
                "child_views",
                "The child's own views",
                "textarea",
                message="Enter the child's own views",
                hint="In the child's words where you can.",
            ),
            Field(
                "plain_language_summary",
                "Summary for the child and family",
                "textarea",
                message="Enter the summary for the child and family",
                hint="Plain words, no jargon: what we agreed and why. Printed for the family.",
            ),
            NOTES,
        ),
    ),
    Step.RESTORATIVE_ENQUIRY: StepForm(
        Step.RESTORATIVE_ENQUIRY,
        "Record the restorative enquiry with the child",
        "The initial panel cannot be recorded until the enquiry is done.",
        (
            date_field("Date of the enquiry"),
            Field(
                "not_done_reason",
                "Why the enquiry was not done (supervisors only)",
                "textarea",
                optional=True,
                supervisors_only=True,
                hint="Only if it could not be done: the panel may then go ahead.",
            ),
            NOTES,
        ),
    ),
    Step.INITIAL_PANEL: simple_form(
        Step.INITIAL_PANEL,
        "Record the initial youth offender panel",
        "The contract was agreed: the order runs from this date, reviewed every 3 months.",
        "Date the contract was agreed",
    ),
    Step.PARENT_RESTORATIVE_WORK: simple_form(
        Step.PARENT_RESTORATIVE_WORK,
        "Record restorative work with the parent or caregiver",
        "Informed by the restorative enquiry with the child.",
    ),
    Step.INTERVENTION_PLAN: simple_form(Step.INTERVENTION_PLAN, "Record the intervention plan", ""),
    Step.CUSTODY_PLANNING: simple_form(
        Step.CUSTODY_PLANNING, "Record the custody planning meeting", "", "Date of the meeting"
    ),
    Step.REVIEW: simple_form(Step.REVIEW, "Record a review", "", "Date of the review"),
}

FORMS: dict[Step, StepForm] = {
    **_CASEWORK,
    **DECISION_FORMS,
    **CUSTODY_FORMS,
    **TRANSFER_FORMS,
    **BREACH_FORMS,
    **VICTIM_FORMS,
}
