"""The language a child and family are written to in: English or Welsh (issue 22, point 3).

The Welsh Language (Wales) Measure 2011 gives Welsh official status in Wales, and the Welsh
Language Standards (No. 2) Regulations 2016 (service delivery standards) oblige bodies in
Wales to ask a person's language choice, record it and keep to it in what they send them.
The choice is recorded on the pathway (the `language_preference` step), so the family's pages
print in it by default.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints


class Language(StrEnum):
    """A language the family-facing pages are written in, by its ISO 639-1 code."""

    ENGLISH = "en"
    WELSH = "cy"


class LanguagePreferenceBody(BaseModel):
    """The child's and family's language: recorded, or changed, at any time on the pathway."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"completed_on": "2026-04-01", "language": "cy"}]},
    )

    step: Literal["language_preference"] = "language_preference"
    completed_on: date
    language: Language
    notes: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
        | None
    ) = None
