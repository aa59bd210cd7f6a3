"""The forms of a transfer between services and of the transition to probation planning.

A supervisor of the pathway's team asks another team to take the child on; a supervisor of
that team accepts or refuses it (ADR 0113). The case page offers these forms to those who may
use them; the workflow has the last word, and a refusal shows its reason on the form.
"""

from contracts.common import Step
from web.decision_forms import reflection_fields
from web.fields import NOTES, Field, StepForm, date_field, simple_form

TRANSFER_FORMS: dict[Step, StepForm] = {
    Step.TRANSFER_REQUESTED: StepForm(
        Step.TRANSFER_REQUESTED,
        "Ask another team to take the child on",
        "Until a supervisor of that team accepts, the case stays with your team and its "
        "deadlines keep running.",
        (
            Field(
                "to_team",
                "Team to transfer to",
                "text",
                message="Enter the team to transfer to",
                hint="The team of the youth justice service where the child now lives.",
            ),
            Field(
                "reason",
                "Why the child should transfer",
                "textarea",
                message="Enter why the child should transfer",
            ),
            date_field("Date the transfer was asked for"),
            *reflection_fields(optional=True),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
    ),
    Step.TRANSFER_ACCEPTED: StepForm(
        Step.TRANSFER_ACCEPTED,
        "Accept the transfer",
        "The case becomes your team's, with no case manager: allocate one next. The change of "
        "case manager is counted.",
        (date_field("Date the transfer was accepted"), *reflection_fields(optional=True), NOTES),
        optional_groups=("bias_reflection",),
    ),
    Step.TRANSFER_REFUSED: StepForm(
        Step.TRANSFER_REFUSED,
        "Refuse the transfer",
        "The case stays with the team that asked. Say why, so they can act on it.",
        (
            Field(
                "reason",
                "Why the transfer is refused",
                "textarea",
                message="Enter why the transfer is refused",
            ),
            date_field("Date the transfer was refused"),
            *reflection_fields(optional=True),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
    ),
    Step.TRANSITION_PLANNING: simple_form(
        Step.TRANSITION_PLANNING,
        "Record the transition to probation plan",
        "The plan for the child's move to the Probation Service at 18, made with the child "
        "(Joint National Protocol for Transitions in England).",
        "Date the plan was agreed",
    ),
}
