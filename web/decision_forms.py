"""The forms of decisions: victim work, referrals and closure (with a GRACES bias reflection)."""

from contracts.common import Programme, Step
from contracts.referrals import ColleagueRole, GracesAspect, ReferralStatus
from contracts.steps import ClosureReason, RestorativeOption, VictimConsent
from web.fields import NOTES, Field, StepForm, choice, date_field, options, simple_form
from web.labels import COLLEAGUE_ROLES, GRACES, PROGRAMMES, REFERRAL_STATUSES


def reflection_fields(optional: bool) -> tuple[Field, ...]:
    """The questions of a bias reflection (optional: the workflow says if the stage needs one)."""
    hint = "Which aspects of the child's identity did you consider for bias in this decision?"
    return (
        Field(
            "bias_reflection.aspects_considered",
            "Bias reflection (Social GRACES)",
            "many",
            message="Select at least one aspect you considered",
            hint=hint,
            options=options(GracesAspect, GRACES),
            optional=optional,
        ),
        Field(
            "bias_reflection.colleague_consulted",
            "Did you talk the decision through with a colleague?",
            "yesno",
            message="Select yes if you talked the decision through with a colleague",
            optional=optional,
        ),
        Field(
            "bias_reflection.colleague_role",
            "If so, who (by role)?",
            "choice",
            optional=True,
            select=True,
            options=options(ColleagueRole, COLLEAGUE_ROLES),
        ),
        Field("bias_reflection.note", "Reflection note (optional)", "textarea", optional=True),
    )


DECISION_FORMS: dict[Step, StepForm] = {
    Step.VICTIM_DETAILS_RECEIVED: StepForm(
        Step.VICTIM_DETAILS_RECEIVED,
        "Record that the police passed the victim's details",
        "Contact details stay with the victim worker's own records, never in Pathway.",
        (
            date_field("Date the details were received"),
            Field(
                "enhanced",
                "Enhanced victim (under 18, or vulnerable): contact within 1 working day",
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
        "Record contact with the victim",
        "Victim work is voluntary and never for the child's benefit.",
        (
            date_field("Date of contact"),
            choice("consent", "The victim's answer", "Select the victim's answer", VictimConsent),
            NOTES,
        ),
    ),
    Step.VICTIM_RESTORATIVE_OPTION: StepForm(
        Step.VICTIM_RESTORATIVE_OPTION,
        "Record the victim's choice of restorative option",
        "The victim may still withdraw at any time.",
        (
            date_field("Date the victim chose"),
            choice("option", "Restorative option", "Select the option chosen", RestorativeOption),
            NOTES,
        ),
    ),
    Step.VICTIM_WITHDRAWAL: simple_form(
        Step.VICTIM_WITHDRAWAL, "Record that the victim withdrew", "This ends all victim work."
    ),
    Step.CLOSURE: StepForm(
        Step.CLOSURE,
        "Close the case",
        "Closing cancels every open task and ends any victim work.",
        (
            date_field("Date the order ended"),
            choice("reason", "How did the order end?", "Select how the order ended", ClosureReason),
            *reflection_fields(optional=False),
            NOTES,
        ),
    ),
    Step.INTERVENTION_REFERRAL: StepForm(
        Step.INTERVENTION_REFERRAL,
        "Record a referral to FFT, NVR or DV groups",
        "Refer, or move a referral on. Referring a child the rules say is not eligible needs "
        "your reason (professional judgement), which a supervisor sees.",
        (
            date_field(),
            Field(
                "programme",
                "Programme",
                "choice",
                optional=True,
                options=options(Programme, PROGRAMMES),
            ),
            Field(
                "status",
                "Where the referral stands",
                "choice",
                optional=True,
                select=True,
                options=options(ReferralStatus, REFERRAL_STATUSES),
            ),
            Field(
                "override_reason",
                "Reason for referring against the rules (if so)",
                "textarea",
                optional=True,
            ),
            *reflection_fields(optional=True),
            Field(
                "no_referral_reason",
                "Or: why there is no referral",
                "textarea",
                optional=True,
                hint="Leave programme and status empty if you fill this in.",
            ),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
    ),
}
