"""The offences an order keeps, each with the offence group of the youth justice statistics.

An order's offences travel in the workflow input (`OrderDetails.offences`): the CJS offence
code, the offence's title, its date, and the group the dated offence-code mapping
(`ingest.offence_groups`) gave it with the mapping's version. Nothing else of the court's
offence travels: no wording, no victim, no place (the title is the offence's name in the
offence code list, e.g. "Theft from a shop").

The groups are those of the Youth Justice Statistics (Youth Justice Board and Ministry of
Justice, "A Guide to Youth Justice Statistics", section 4.5, "Offence Classifications"), with
burglary split into domestic and non-domestic as the statistics split it. A code the mapping
does not know is kept as `unclassified`, never guessed.
"""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

MAX_ORDER_OFFENCES = 200
"""At most this many offences per order: as many as a canonical court outcome may carry."""
MAX_OFFENCE_CODE = 20
MAX_OFFENCE_TITLE = 500
MAX_MAPPING_VERSION = 20


class OffenceGroup(StrEnum):
    """The offence groups of the Youth Justice Statistics, and `unclassified`."""

    VIOLENCE_AGAINST_THE_PERSON = "violence_against_the_person"
    ROBBERY = "robbery"
    SEXUAL_OFFENCES = "sexual_offences"
    THEFT_AND_HANDLING = "theft_and_handling"
    DOMESTIC_BURGLARY = "domestic_burglary"
    NON_DOMESTIC_BURGLARY = "non_domestic_burglary"
    CRIMINAL_DAMAGE = "criminal_damage"
    DRUGS = "drugs"
    PUBLIC_ORDER = "public_order"
    MOTORING = "motoring"
    FRAUD_AND_FORGERY = "fraud_and_forgery"
    BREACH_OF_STATUTORY_ORDER = "breach_of_statutory_order"
    OTHER = "other"
    UNCLASSIFIED = "unclassified"


OFFENCE_GROUP_LABELS: dict[str, str] = {
    OffenceGroup.VIOLENCE_AGAINST_THE_PERSON: "Violence against the person",
    OffenceGroup.ROBBERY: "Robbery",
    OffenceGroup.SEXUAL_OFFENCES: "Sexual offences",
    OffenceGroup.THEFT_AND_HANDLING: "Theft and handling stolen goods",
    OffenceGroup.DOMESTIC_BURGLARY: "Domestic burglary",
    OffenceGroup.NON_DOMESTIC_BURGLARY: "Non-domestic burglary",
    OffenceGroup.CRIMINAL_DAMAGE: "Criminal damage",
    OffenceGroup.DRUGS: "Drugs offences",
    OffenceGroup.PUBLIC_ORDER: "Public order",
    OffenceGroup.MOTORING: "Motoring offences",
    OffenceGroup.FRAUD_AND_FORGERY: "Fraud and forgery",
    OffenceGroup.BREACH_OF_STATUTORY_ORDER: "Breach of statutory order",
    OffenceGroup.OTHER: "Other",
    OffenceGroup.UNCLASSIFIED: "Unclassified (code not in the offence mapping)",
}
"""Each group in the words of the statistics, for pages and reports."""


class OrderOffence(BaseModel):
    """One offence the order was made for, with its offence group."""

    model_config = ConfigDict(frozen=True)

    offence_code: str = Field(min_length=1, max_length=MAX_OFFENCE_CODE)
    title: str = Field(min_length=1, max_length=MAX_OFFENCE_TITLE)
    offence_date: date | None = None
    group: OffenceGroup
    mapping_version: str = Field(min_length=1, max_length=MAX_MAPPING_VERSION)
