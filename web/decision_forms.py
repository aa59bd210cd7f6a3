"""The forms of decisions: referrals and closure (with a GRACES bias reflection).

Victim work's forms are in `web.victim_forms`.
"""

from contracts.common import Programme, Step
from contracts.referrals import ColleagueRole, GracesAspect, ReferralStatus
from contracts.steps import ClosureReason
from web.fields import NOTES, Field, StepForm, choice, date_field, options
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
    Step.CLOSURE: StepForm(
        Step.CLOSURE,
        "Close the case",
        "Closing cancels every open task. Every victim taking part must have been told the "
        "restorative work has ended first.",
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
