"""The forms of compliance and breach: a failure to comply, a warning, breach action, the panel.

The court's decision is not a form: it arrives from the court feed (`ingest.order_changes`),
which completes the "court outcome awaited" task; its page says so.
"""

from contracts.breach import BreachRoute, PanelDecision
from contracts.common import Step
from web.decision_forms import reflection_fields
from web.fields import NOTES, Field, StepForm, date_field, options, simple_form

BREACH_FORMS: dict[Step, StepForm] = {
    Step.COMPLIANCE_FAILURE: StepForm(
        Step.COMPLIANCE_FAILURE,
        "Record a failure to comply",
        "Without a reasonable excuse, a failure is warned; a further one within 12 months of a "
        "warning goes back to the panel (referral orders) or to court.",
        (
            Field(
                "failed_on",
                "Date of the failure",
                "date",
                message="Enter the date of the failure",
                hint="For example, 27 3 2026.",
            ),
            Field(
                "reasonable_excuse",
                "Did the child have a reasonable excuse?",
                "yesno",
                message="Select yes if the child had a reasonable excuse",
            ),
            Field(
                "details",
                "What happened",
                "textarea",
                message="Enter what happened",
                hint="The appointment or requirement missed, and what the child said.",
            ),
            date_field("Date you are recording it"),
            NOTES,
        ),
    ),
    Step.WARNING_GIVEN: StepForm(
        Step.WARNING_GIVEN,
        "Record a warning",
        "The warning is for the latest failure without a reasonable excuse. Tell the child and "
        "family in plain words what a further failure within 12 months would mean.",
        (date_field("Date the warning was given"), *reflection_fields(optional=True), NOTES),
        optional_groups=("bias_reflection",),
    ),
    Step.BREACH_ACTION: StepForm(
        Step.BREACH_ACTION,
        "Record breach action",
        "A referral order goes back to the youth offender panel; a youth rehabilitation order "
        "or a DTO's supervision goes to court. The pathway stays open while they decide.",
        (
            date_field("Date breach action was taken"),
            Field(
                "referred_to",
                "Where did the breach go?",
                "choice",
                message="Select where the breach went",
                options=options(
                    BreachRoute,
                    {"panel": "The youth offender panel", "court": "Court"},
                ),
            ),
            *reflection_fields(optional=False),
            NOTES,
        ),
    ),
    Step.BREACH_PANEL: StepForm(
        Step.BREACH_PANEL,
        "Record the panel meeting about the breach",
        "The panel continues the contract, or refers the child back to court.",
        (
            date_field("Date of the panel meeting"),
            Field(
                "decision",
                "What did the panel decide?",
                "choice",
                message="Select what the panel decided",
                options=options(
                    PanelDecision,
                    {
                        "continue_contract": "Continue the contract",
                        "refer_to_court": "Refer the child back to court",
                    },
                ),
            ),
            NOTES,
        ),
    ),
    Step.COURT_OUTCOME_AWAITED: simple_form(
        Step.COURT_OUTCOME_AWAITED,
        "The court's decision",
        "The court's decision arrives from the court feed, which completes this task: there is "
        "nothing to record here. Chase the court if it is late.",
    ),
}
