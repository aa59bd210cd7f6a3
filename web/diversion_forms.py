"""The forms of the diversion pathway's steps (issue 20, `workflows.diversion_steps`).

The joint decision panel (with a youth conditional caution's conditions and Turnaround's local
facts), the plan with the child's own words, a condition's outcome, a condition not complied
with sent back to the police, and the exit plan. Each field's name is its path in the step's
body (`contracts.diversion`), so the workflow's refusals and pydantic's errors land on it.
"""

from contracts.common import Step
from contracts.diversion import OUTCOME_NAMES, ConditionStatus, PanelOutcome
from contracts.pathway import PathwayState
from web.decision_forms import reflection_fields
from web.fields import NOTES, Field, StepForm, date_field, options

_TURNAROUND_HINT = "Only for a Turnaround decision: what the panel knows. Leave 'Not known' if not."

JOINT_DECISION_FORM = StepForm(
    Step.JOINT_DECISION_PANEL,
    "Record the joint decision panel",
    "The police and the youth justice service decide together. No further action and a charge "
    "close the case; every other outcome starts the work. Turnaround is checked against its "
    "rules before it is kept.",
    (
        date_field("Date of the panel"),
        Field(
            "outcome",
            "What did the panel decide?",
            "choice",
            message="Select what the panel decided",
            options=options(PanelOutcome, {k.value: v for k, v in OUTCOME_NAMES.items()}),
        ),
        Field(
            "conditions",
            "Conditions of the youth conditional caution",
            "conditions",
            optional=True,
            hint="Only for a youth conditional caution: each condition and the date it is due by.",
        ),
        Field(
            "police_attendee",
            "Police decision maker",
            "text",
            optional=True,
            hint="Needed for a police referral. Their role or collar number, not a name.",
        ),
        Field(
            "yjs_attendee",
            "Youth justice service decision maker",
            "text",
            message="Enter who decided for the youth justice service",
            hint="Their role.",
        ),
        Field(
            "rationale",
            "Why the panel decided this",
            "textarea",
            message="Enter why the panel decided this",
        ),
        Field(
            "turnaround.previous_statutory_order",
            "Turnaround: has the child had a statutory court order before?",
            "maybe",
            optional=True,
            hint=_TURNAROUND_HINT,
        ),
        Field(
            "turnaround.looked_after",
            "Turnaround: is the child looked after?",
            "maybe",
            optional=True,
        ),
        Field(
            "turnaround.child_protection_plan",
            "Turnaround: is the child on a child protection plan?",
            "maybe",
            optional=True,
        ),
        *reflection_fields(optional=True),
        NOTES,
    ),
    optional_groups=("bias_reflection", "turnaround"),
)

CONDITION = Field(
    "condition_id",
    "Which condition?",
    "choice",
    message="Select the condition",
)

DIVERSION_FORMS: dict[Step, StepForm] = {
    Step.JOINT_DECISION_PANEL: JOINT_DECISION_FORM,
    Step.DIVERSION_PLAN: StepForm(
        Step.DIVERSION_PLAN,
        "Record the plan",
        "Agreed with the child after the assessment. The child writes one section in their own "
        "words: copy what they wrote, as they wrote it.",
        (
            date_field("Date the plan was agreed"),
            Field("plan_summary", "The plan", "textarea", message="Enter the plan"),
            Field(
                "goals",
                "Goals",
                "lines",
                message="Enter at least one goal",
                hint="One goal per line, up to 10.",
            ),
            Field(
                "child_own_words",
                "In the child's own words",
                "textarea",
                message="Enter what the child wrote in their own words",
            ),
            NOTES,
        ),
    ),
    Step.CONDITION_OUTCOME: StepForm(
        Step.CONDITION_OUTCOME,
        "Record how a condition went",
        "A condition not complied with needs the reason, and then goes back to the police.",
        (
            date_field("Date it was known"),
            CONDITION,
            Field(
                "complied",
                "Did the child comply with the condition?",
                "yesno",
                message="Select yes if the child complied with the condition",
            ),
            Field(
                "reason",
                "If not, why not",
                "textarea",
                optional=True,
                hint="Say whether the child gave a reasonable excuse.",
            ),
            NOTES,
        ),
    ),
    Step.NONCOMPLIANCE_TO_POLICE: StepForm(
        Step.NONCOMPLIANCE_TO_POLICE,
        "Send a condition not complied with back to the police",
        "The police decide whether to prosecute the original offence (Crime and Disorder Act "
        "1998, s. 66E).",
        (
            date_field("Date it was sent"),
            CONDITION,
            Field(
                "police_contact",
                "Police contact it was sent to",
                "text",
                message="Enter the police contact it was sent to",
                hint="Their role or collar number.",
            ),
            NOTES,
        ),
    ),
    Step.EXIT_PLAN: StepForm(
        Step.EXIT_PLAN,
        "Record the exit plan",
        "What was achieved, and the support that carries on after the case closes.",
        (
            date_field("Date the exit plan was agreed"),
            Field("summary", "What was achieved", "textarea", message="Enter what was achieved"),
            Field(
                "support_after",
                "Support that carries on",
                "textarea",
                message="Enter the support that carries on",
            ),
            Field(
                "child_own_words",
                "In the child's own words (optional)",
                "textarea",
                optional=True,
            ),
            NOTES,
        ),
    ),
}


def diversion_form_for(form: StepForm, state: PathwayState) -> StepForm:
    """A condition's forms list this pathway's conditions that the step can be recorded for."""
    if form.step not in (Step.CONDITION_OUTCOME, Step.NONCOMPLIANCE_TO_POLICE):
        return form
    conditions = state.diversion.conditions if state.diversion else []
    if form.step == Step.CONDITION_OUTCOME:
        mine = [c for c in conditions if c.status == ConditionStatus.OPEN]
    else:
        mine = [
            c
            for c in conditions
            if c.status == ConditionStatus.NOT_COMPLIED and c.sent_to_police_on is None
        ]
    choices = tuple((c.condition_id, f"{c.condition} (due {c.due_on:%d/%m/%Y})") for c in mine)
    fields = tuple(
        Field(f.name, f.label, f.kind, message=f.message, options=choices)
        if f.name == CONDITION.name
        else f
        for f in form.fields
    )
    return StepForm(form.step, form.title, form.guidance, fields, form.optional_groups)
