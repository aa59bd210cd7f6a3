"""The forms of victim work for pathways that keep victims one by one (ADR 0120).

Every victim step names its victim by the id the case page shows (v1, v2, ...): a text field
left empty when the case has one victim, so a 409 names `victim_id` when it had to be given.
No field asks for a person's name or contact details: those stay in the victim worker's own
records. The four older victim forms (`web.decision_forms`) gain the victim field here.
"""

from contracts.common import Step
from contracts.steps import RestorativeOption, VictimConsent
from contracts.victims import RiskLevel, VictimKind
from web.decision_forms import reflection_fields
from web.fields import NOTES, Field, StepForm, choice, date_field, options, simple_form
from web.labels import VICTIM_KINDS

VICTIM_ID = Field(
    "victim_id",
    "Which victim",
    "text",
    optional=True,
    hint="The victim's id on this case (v1, v2, ...) as shown under Victim work. "
    "Leave it empty when the case has one victim.",
)


def _victim(form: StepForm) -> StepForm:
    """The form with the victim field after its date."""
    date, *rest = form.fields
    return StepForm(
        form.step, form.title, form.guidance, (date, VICTIM_ID, *rest), form.optional_groups
    )


VICTIM_FORMS: dict[Step, StepForm] = {
    Step.VICTIM_DETAILS_RECEIVED: StepForm(
        Step.VICTIM_DETAILS_RECEIVED,
        "Record that the police passed a victim's details",
        "Each victim is recorded on its own. Names and contact details stay with the victim "
        "worker's own records, never in Pathway.",
        (
            date_field("Date the details were received"),
            Field(
                "police_reference",
                "Police reference for this victim",
                "text",
                optional=True,
                hint="Letters, digits, / and - only. Needed for each victim after the first.",
            ),
            Field(
                "kind",
                "Who was harmed?",
                "choice",
                hint="A person unless you select otherwise.",
                options=options(VictimKind, VICTIM_KINDS),
                optional=True,
            ),
            Field(
                "organisation_name",
                "Name of the organisation or community (optional)",
                "text",
                optional=True,
                hint="Only for an organisation or community: never a person's name.",
            ),
            Field(
                "under_18",
                "The victim is under 18: enhanced entitlements, contact within 1 working day",
                "flag",
                optional=True,
            ),
            Field(
                "enhanced",
                "Enhanced victim for another reason (vulnerable or intimidated)",
                "flag",
                optional=True,
            ),
            Field(
                "opted_out",
                "The victim objected to contact: never contact them",
                "flag",
                optional=True,
            ),
            NOTES,
        ),
    ),
    Step.VICTIM_CONTACT: StepForm(
        Step.VICTIM_CONTACT,
        "Record contact with a victim",
        "Victim work is voluntary and never for the child's benefit. A victim who declined "
        "may consent later: record the contact again.",
        (
            date_field("Date of contact"),
            VICTIM_ID,
            choice("consent", "The victim's answer", "Select the victim's answer", VictimConsent),
            NOTES,
        ),
    ),
    Step.VICTIM_SUITABILITY: StepForm(
        Step.VICTIM_SUITABILITY,
        "Record the restorative suitability decision",
        "Needed before a direct meeting is offered: whether one is suitable, why, and the "
        "outcome of the risk assessment.",
        (
            date_field("Date of the decision"),
            VICTIM_ID,
            Field(
                "suitable",
                "Is a direct meeting suitable?",
                "yesno",
                message="Select yes if a direct meeting is suitable",
            ),
            Field(
                "reason",
                "Reason for the decision",
                "textarea",
                message="Enter the reason for the decision",
            ),
            choice("risk", "Outcome of the risk assessment", "Select the risk", RiskLevel),
            *reflection_fields(optional=True),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
    ),
    Step.VICTIM_RESTORATIVE_OPTION: StepForm(
        Step.VICTIM_RESTORATIVE_OPTION,
        "Record the restorative options offered and the one the victim chose",
        "A direct meeting needs a suitability decision first. The victim may still withdraw "
        "at any time.",
        (
            date_field("Date the victim chose"),
            VICTIM_ID,
            Field(
                "options_offered",
                "Options offered",
                "many",
                message="Select the options offered",
                options=options(RestorativeOption),
            ),
            choice("option", "Option chosen", "Select the option chosen", RestorativeOption),
            NOTES,
        ),
    ),
    Step.VICTIM_PROGRESS_UPDATE: StepForm(
        Step.VICTIM_PROGRESS_UPDATE,
        "Record a progress update given to a victim",
        "A victim taking part is kept informed of the case's progress.",
        (
            date_field("Date of the update"),
            VICTIM_ID,
            Field(
                "told",
                "What the victim was told",
                "textarea",
                message="Enter what the victim was told",
                hint="In short (500 characters at most): the details stay in the victim's records.",
            ),
            NOTES,
        ),
    ),
    Step.VICTIM_WITHDRAWAL: _victim(
        simple_form(
            Step.VICTIM_WITHDRAWAL,
            "Record that a victim withdrew",
            "This ends this victim's work; tell them the work has ended.",
        )
    ),
    Step.VICTIM_TOLD_WORK_ENDED: _victim(
        simple_form(
            Step.VICTIM_TOLD_WORK_ENDED,
            "Record that a victim was told the restorative work has ended",
            "Every victim taking part is told before the case is closed.",
            "Date the victim was told",
        )
    ),
    Step.VICTIM_CONTACT_SCHEME_REFERRAL: simple_form(
        Step.VICTIM_CONTACT_SCHEME_REFERRAL,
        "Record the referral to the Victim Contact Scheme",
        "For a detention and training order of 12 months or more for a violent or sexual "
        "offence: the Probation Service offers the victims the scheme.",
        "Date of the referral",
    ),
}
