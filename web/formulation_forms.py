"""The case formulation's forms (issue 18): the meeting, an agreed action done, closure's reason.

Closure asks a supervisor why, on a pathway without a formulation.

The agencies are the service's configuration (`Settings.formulation_agencies`) and the
actions to mark done are the pathway's own, so these forms are finished for each page
(`form_for`); `FORMS` holds them built from the default agencies, for the tests and fuzzers
that list every form.
"""

from collections.abc import Sequence

from contracts.common import Step, TaskStatus
from contracts.formulation import DEFAULT_AGENCIES, Agency
from contracts.pathway import PathwayState
from web.decision_forms import reflection_fields
from web.diversion_forms import diversion_form_for
from web.fields import NOTES, Field, Options, StepForm, date_field

OPEN = (TaskStatus.OPEN, TaskStatus.OVERDUE)


def _agency_options(agencies: Sequence[Agency]) -> Options:
    return tuple((a.id, a.label) for a in agencies)


def formulation_form(agencies: Sequence[Agency]) -> StepForm:
    """The case formulation meeting's form, naming the service's agencies."""
    choices = _agency_options(agencies)
    return StepForm(
        Step.CASE_FORMULATION,
        "Record the case formulation meeting",
        "The plan follows from it: the intervention plan and closure wait for it. Record a new "
        "version after a review, a breach or a court's decision. The plain-language summary and "
        "the child's and family's views are printed for them.",
        (
            date_field("Date of the meeting"),
            Field(
                "agencies",
                "Agencies at the meeting",
                "many",
                message="Select the agencies at the meeting",
                hint="At least two besides the youth justice service, or say why not below.",
                options=choices,
            ),
            Field(
                "agencies_reason",
                "Why fewer than two other agencies were there (if so)",
                "textarea",
                optional=True,
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
                "tracked",
                message="Enter at least one agreed action, who owns it and when it is due",
                hint="Who will do what, and by when. Leave rows you do not need empty.",
                options=choices,
            ),
            Field(
                "child_views",
                "The child's own views",
                "textarea",
                message="Enter the child's own views",
                hint="In the child's own words.",
            ),
            Field(
                "family_views",
                "The family's views (optional)",
                "textarea",
                optional=True,
                hint="In their own words.",
            ),
            Field(
                "plain_language_summary",
                "Summary for the child and family",
                "textarea",
                message="Enter the summary for the child and family",
                hint="Plain words, no jargon: what we agreed and why. Printed for the family.",
            ),
            *reflection_fields(optional=True),
            NOTES,
        ),
        optional_groups=("bias_reflection",),
    )


def action_done_form(state: PathwayState | None) -> StepForm:
    """The form to mark one of the pathway's open agreed actions done."""
    actions: Options = ()
    if state is not None and state.formulation is not None:
        latest = state.formulation
        texts = dict(zip(latest.action_ids, latest.agreed_actions, strict=False))
        actions = tuple(
            (t.task_id, f"{texts[t.task_id].action if t.task_id in texts else t.task_id}")
            for t in state.tasks
            if t.step == Step.AGREED_ACTION and t.status in OPEN
        )
    return StepForm(
        Step.AGREED_ACTION,
        "Record an agreed action as done",
        "An action agreed at the case formulation meeting, done by its owner.",
        (
            Field(
                "action_id",
                "Which action was done?",
                "choice",
                message="Select the action that was done",
                options=actions,
            ),
            date_field("Date it was done"),
            NOTES,
        ),
    )


NO_FORMULATION = Field(
    "no_formulation_reason",
    "Why the case is closed without a case formulation (supervisors only)",
    "textarea",
    optional=True,
    supervisors_only=True,
    hint="Only a supervisor may close a case without one; the reason is kept and reported.",
)


def form_for(form: StepForm, state: PathwayState, agencies: Sequence[Agency]) -> StepForm:
    """The form as this pathway's page shows it (the service's agencies, its open actions)."""
    form = diversion_form_for(form, state)  # a diversion pathway's conditions (issue 20)
    if form.step == Step.CASE_FORMULATION:
        return formulation_form(agencies)
    if form.step == Step.AGREED_ACTION:
        return action_done_form(state)
    if form.step == Step.CLOSURE and state.formulation_rules and state.formulation is None:
        *before, notes = form.fields
        return StepForm(
            form.step,
            form.title,
            form.guidance,
            (*before, NO_FORMULATION, notes),
            form.optional_groups,
        )
    return form


FORMULATION_FORMS: dict[Step, StepForm] = {
    Step.CASE_FORMULATION: formulation_form(DEFAULT_AGENCIES),
    Step.AGREED_ACTION: action_done_form(None),
}
