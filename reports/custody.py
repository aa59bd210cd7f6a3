"""Use of custody: custodial sentences per 1,000 children aged 10 to 17, and their share.

The YJB's long-standing indicator (Youth Justice Board and Ministry of Justice, "Youth Justice
Statistics", "Use of custody": the number of custodial sentences given to children, and the
rate per 1,000 of the 10-17 population; the service's model aims to halve it). Pathway counts
what it receives, quarter by quarter:

- a custodial sentence is a detention and training order made in the quarter, a re-sentence to
  one included (it is a custodial sentence given by a court); detention for a breach, which
  leaves the order in place, is not a new sentence and is not counted;
- the sentences it is a share of are every court order made in the quarter (referral orders,
  youth rehabilitation orders and detention and training orders; diversion is not a sentence);
- the rate divides by the population table (`reports.population`) of the quarter's year;
- disproportionality: the Relative Rate Index of custody among sentences by ethnic group, with
  the reference group and small-count suppression of `reports.rri`.

Sentences passed by the Crown Court for grave crimes (Sentencing Act 2020, s. 250) and
sentences Pathway never receives are not seen: say so beside the figure.
"""

from collections import Counter, defaultdict
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, case, extract, func, select
from sqlalchemy.orm import Session

from contracts.common import COURT_DISPOSALS, DisposalType
from readmodel.tables import PathwayRow
from reports.bound import Shape, params_of, restrict, shape_of
from reports.cohort import Cohort, share
from reports.groups import DEFAULT_REFERENCE, GROUPS, ethnic_group
from reports.population import Population, per
from reports.reoffending import quarter_of
from reports.rri import Counts, RriRow, compare

DTO = DisposalType.DETENTION_AND_TRAINING_ORDER.value
DEFINITION = (
    "Custodial sentences (detention and training orders made in the quarter, re-sentences "
    "included) per 1,000 children aged 10 to 17 of the service's population, and as a share of "
    "all court orders made in the quarter. Youth Justice Statistics, use of custody."
)


class CustodyQuarter(BaseModel):
    """One quarter's use of custody."""

    period_start: date
    period_end: date
    sentences: int | None = Field(description="court orders made; null when suppressed")
    custodial: int | None = Field(description="detention and training orders made")
    share_of_sentences: float | None
    population: int | None = Field(description="children aged 10-17 (the table's, for the year)")
    per_1000: float | None = Field(description="custodial sentences per 1,000 children aged 10-17")
    suppressed: bool


class CustodyReport(BaseModel):
    """Use of custody by quarter, with the RRI of custody among sentences by ethnic group."""

    team: str | None
    since: date | None
    until: date | None
    min_count: int
    definition: str = DEFINITION
    quarters: list[CustodyQuarter]
    rri: list[RriRow]


@cache
def _tallies(shape: Shape) -> Select[Any]:
    """Court orders counted by month made and ethnicity code, with how many were DTOs.

    A few hundred rows for the nation: quarters and ethnic groups are made of them by the rules
    the other reports use. Built once per shape of cohort (`reports.bound`).
    """
    made = PathwayRow.made_on
    each = select(
        extract("year", made).label("year"),
        extract("month", made).label("month"),
        PathwayRow.ethnicity.label("ethnicity"),
        case((PathwayRow.disposal == DTO, 1), else_=0).label("custodial"),
    ).where(PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS]))
    rows = restrict(each, shape).subquery()
    return select(
        rows.c.year, rows.c.month, rows.c.ethnicity, func.count(), func.sum(rows.c.custodial)
    ).group_by(rows.c.year, rows.c.month, rows.c.ethnicity)


def custody(
    session: Session,
    *,
    population: Population,
    team: str | None = None,
    since: date | None = None,
    until: date | None = None,
    min_count: int = 5,
) -> CustodyReport:
    """Use of custody of `team` (None: the service) for orders made in `since`..`until`."""
    cohort = Cohort(team=team, since=since, until=until)
    tallies = _tallies(shape_of(cohort))
    by_quarter: dict[date, Counter[str]] = defaultdict(Counter)
    by_group: dict[str, Counter[str]] = defaultdict(Counter)
    for year, month, ethnicity, sentences_, custodial_ in session.execute(
        tallies, params_of(cohort)
    ):
        quarter = date(int(year), 3 * ((int(month) - 1) // 3) + 1, 1)
        by_quarter[quarter]["sentences"] += sentences_
        by_quarter[quarter]["custodial"] += custodial_
        group = ethnic_group(ethnicity)
        by_group[group]["sentences"] += sentences_
        by_group[group]["custodial"] += custodial_
    quarters = []
    for quarter in sorted(by_quarter):
        counts = by_quarter[quarter]
        sentences, custodial = counts["sentences"], counts["custodial"]
        people = population.of(team, quarter.year)
        suppressed = sentences < min_count
        # A handful of custodial sentences is suppressed with every figure built on it.
        hidden = suppressed or 0 < custodial < min_count
        quarters.append(
            CustodyQuarter(
                period_start=quarter,
                period_end=quarter_of(quarter)[1],
                sentences=None if suppressed else sentences,
                custodial=None if hidden else custodial,
                share_of_sentences=None if hidden else share(custodial, sentences),
                population=people,
                per_1000=None if hidden else per(custodial, people, 1000),
                suppressed=suppressed,
            )
        )
    reference = DEFAULT_REFERENCE["ethnicity"]

    def counts_of(group: str) -> Counts:
        return Counts(events=by_group[group]["custodial"], base=by_group[group]["sentences"])

    rri = [
        compare(
            "custody",
            group,
            counts_of(group),
            counts_of(reference),
            is_reference=group == reference,
            min_count=min_count,
        )
        for group in GROUPS["ethnicity"]
    ]
    return CustodyReport(
        team=team,
        since=since,
        until=until,
        min_count=min_count,
        quarters=quarters,
        rri=rri,
    )
