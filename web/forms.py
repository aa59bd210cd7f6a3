"""The form of each step: its questions, from the step's body in `contracts/steps.py`.

Decisions (referrals, closure) are in `web.decision_forms`, victim work in `web.victim_forms`.
"""

from contracts.common import Step
from web.breach_forms import BREACH_FORMS
from web.custody_forms import CUSTODY_FORMS
from web.decision_forms import DECISION_FORMS, reflection_fields
from web.diversion_forms import DIVERSION_FORMS
from web.facts_form import FACT_FIELDS
from web.fields import NOTES, Field, StepForm, date_field, simple_form
from web.formulation_forms import FORMULATION_FORMS
from web.language_forms import LANGUAGE_FORMS
from web.programme_forms import PROGRAMME_FORMS
from web.restorative_forms import RESTORATIVE_FORMS
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
            *reflection_fields(optional=True),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
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
    **PROGRAMME_FORMS,
    **RESTORATIVE_FORMS,  # enquiry, parent work and panels (`web.restorative_forms`)
    **FORMULATION_FORMS,  # the case formulation and its agreed actions (issue 18)
    **LANGUAGE_FORMS,  # English or Welsh for the child and family (issue 22)
    **DIVERSION_FORMS,  # the diversion pathway's steps (issue 20)
}
