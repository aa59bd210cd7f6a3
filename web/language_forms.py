"""The form that records the child's and family's language (English or Welsh, ADR 0144)."""

from contracts.common import Step
from contracts.language import Language
from web.fields import NOTES, Field, StepForm, date_field

# Each language named in itself, as GOV.UK's language switch does.
LANGUAGE_NAMES: dict[str, str] = {Language.ENGLISH: "English", Language.WELSH: "Cymraeg (Welsh)"}

LANGUAGE_FORMS: dict[Step, StepForm] = {
    Step.LANGUAGE_PREFERENCE: StepForm(
        Step.LANGUAGE_PREFERENCE,
        "Record the language for the child and family",
        "Ask the child and family which language they want. Their summary is printed in it; "
        "record it again if they change their mind.",
        (
            Field(
                "language",
                "Which language do the child and family want?",
                "choice",
                message="Select the language the child and family want",
                options=tuple(LANGUAGE_NAMES.items()),
            ),
            date_field("Date they told you"),
            NOTES,
        ),
    ),
}
