"""The forms of a programme as a family lives it: who takes part, sessions planned and held."""

from contracts.common import Programme, Step
from contracts.programmes import ParticipantRole, SessionKind
from web.fields import NOTES, Field, StepForm, date_field, options
from web.labels import PARTICIPANT_ROLES, PROGRAMMES, SESSION_KINDS


def _programme() -> Field:
    return Field(
        "programme",
        "Programme",
        "choice",
        message="Select the programme",
        options=options(Programme, PROGRAMMES),
    )


PROGRAMME_FORMS: dict[Step, StepForm] = {
    Step.PROGRAMME_PARTICIPANTS: StepForm(
        Step.PROGRAMME_PARTICIPANTS,
        "Record who takes part in a programme",
        "Roles only, never names. NVR is done with a parent or carer; the DV Community Groups "
        "Programme with the child and their mother.",
        (
            _programme(),
            Field(
                "participants",
                "Who takes part",
                "many",
                message="Select who takes part",
                options=options(ParticipantRole, PARTICIPANT_ROLES),
            ),
            date_field("Date agreed"),
            NOTES,
        ),
    ),
    Step.SESSION_PLANNED: StepForm(
        Step.SESSION_PLANNED,
        "Plan a programme session",
        "",
        (
            _programme(),
            Field(
                "planned_on",
                "Date of the session",
                "date",
                message="Enter the date of the session",
                hint="For example, 27 11 2026.",
            ),
            Field(
                "kind",
                "Kind of session",
                "choice",
                message="Select the kind of session",
                options=options(SessionKind, SESSION_KINDS),
            ),
            date_field("Date planned"),
            NOTES,
        ),
    ),
    Step.SESSION_OUTCOME: StepForm(
        Step.SESSION_OUTCOME,
        "Record a programme session attended or missed",
        "A session missed without an acceptable reason can be recorded as a failure to comply "
        "with the order.",
        (
            _programme(),
            Field("session", "Session number", "number", message="Enter the session number"),
            Field(
                "attended",
                "Did they attend?",
                "yesno",
                message="Select yes if they attended",
            ),
            Field(
                "acceptable_reason",
                "If missed, was there an acceptable reason?",
                "yesno",
                optional=True,
            ),
            Field("reason", "If missed, why", "text", optional=True),
            Field(
                "record_as_failure",
                "Record this missed session as a failure to comply with the order",
                "flag",
                optional=True,
            ),
            date_field("Date recorded"),
            NOTES,
        ),
    ),
}
