"""What the law allows a youth order to be: its length, and the child's age when convicted.

Both feeds (canonical records and Common Platform results) are checked here, through
`ingest.canonical.check_outcome`; each refusal names the field and the rule (ADR 0112).

- Detention and training order (Sentencing Act 2020):
  - s. 234(1)(a): available for a child aged under 18, but at least 12, when convicted. A
    child under 15 when convicted may have one only if the court thinks them a persistent
    offender (s. 235(3)): the court's judgement, not checked here;
  - s. 236(1): the term is 4, 6, 8, 10, 12, 18 or 24 months as enacted; since 28 June 2022
    (Police, Crime, Sentencing and Courts Act 2022, s. 158) at least 4 months and at most 24.
    The rule in force on the day the order is made applies.
- Referral order: the youth offender contract has effect for 3 to 12 months (Sentencing Act
  2020, Part 6, Chapter 1, "Making referral orders"; the Sentencing Council's pronouncement
  card "Referral order": "a minimum of three months and a maximum of 12 months").
- Youth rehabilitation order: its end date is at most 3 years after it takes effect
  (Sentencing Act 2020, s. 187(2)(a)).

Age is judged on the day of conviction (`CourtOutcome.conviction_date`: `convicted_on`, or
the hearing date when the record gives none), not at the sentencing hearing.
"""

from dataclasses import dataclass
from datetime import date

from contracts.common import DisposalType
from contracts.court import FieldError


@dataclass(frozen=True)
class DtoTerms:
    """The terms a detention and training order may have, from a day on."""

    since: date
    terms: frozenset[int]
    source: str


DTO_TERMS = (
    DtoTerms(
        date(2020, 12, 1),
        frozenset({4, 6, 8, 10, 12, 18, 24}),
        "4, 6, 8, 10, 12, 18 or 24 months (Sentencing Act 2020, s. 236(1) as enacted)",
    ),
    DtoTerms(
        date(2022, 6, 28),
        frozenset(range(4, 25)),
        "at least 4 and at most 24 months (Sentencing Act 2020, s. 236(1), as amended by the "
        "Police, Crime, Sentencing and Courts Act 2022, s. 158, from 28 June 2022)",
    ),
)
DTO_MIN_AGE = 12  # s. 234(1)(a)
REFERRAL_MONTHS = (3, 12)  # Part 6, Chapter 1
YRO_MAX_MONTHS = 36  # s. 187(2)(a)


def dto_terms_on(made_on: date) -> DtoTerms:
    """The DTO terms in force on the day an order is made (the earliest set before 2020)."""
    in_force = [t for t in DTO_TERMS if t.since <= made_on]
    return in_force[-1] if in_force else DTO_TERMS[0]


def order_problems(
    disposal: DisposalType,
    length_months: int,
    made_on: date,
    age_at_conviction: int,
    judged: str = "on conviction",
) -> list[FieldError]:
    """Why the law does not allow this order for this child; empty when it does.

    `judged` says when the age was judged, for the reason ("on conviction (2026-06-01)").
    """
    problems: list[FieldError] = []
    length = "disposal.length_months"
    if disposal == DisposalType.DETENTION_AND_TRAINING_ORDER:
        terms = dto_terms_on(made_on)
        if length_months not in terms.terms:
            problems.append(
                FieldError(
                    field=length,
                    reason=f"a detention and training order of {length_months} months: the "
                    f"term must be {terms.source}",
                )
            )
        if age_at_conviction < DTO_MIN_AGE:
            problems.append(
                FieldError(
                    field="defendant.date_of_birth",
                    reason=f"gives age {age_at_conviction} {judged}: a detention and "
                    "training order needs a child aged at least 12 when convicted "
                    "(Sentencing Act 2020, s. 234(1)(a))",
                )
            )
    elif disposal == DisposalType.REFERRAL_ORDER:
        low, high = REFERRAL_MONTHS
        if not low <= length_months <= high:
            problems.append(
                FieldError(
                    field=length,
                    reason=f"a referral order of {length_months} months: a youth offender "
                    "contract has effect for 3 to 12 months (Sentencing Act 2020, Part 6, "
                    "Chapter 1)",
                )
            )
    elif length_months > YRO_MAX_MONTHS:
        problems.append(
            FieldError(
                field=length,
                reason=f"a youth rehabilitation order of {length_months} months: its end date "
                "is at most 3 years after it takes effect (Sentencing Act 2020, s. 187(2)(a))",
            )
        )
    return problems
