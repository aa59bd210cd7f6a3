"""First-time entrants: children given their first youth caution, conditional caution or conviction.

The definition (ADR 0133) is the national one: a first-time entrant is a child aged 10 to 17
who receives their first caution, youth caution, youth conditional caution or conviction
(Youth Justice Board and Ministry of Justice, "Youth Justice Statistics", Glossary, "First
time entrants"; Ministry of Justice, "Criminal justice statistics", where first-time entrants
are "offenders who received their first conviction, caution or youth caution"). Community
resolutions, Turnaround and other prevention support, and no further action are not
convictions or cautions, so they never count (`contracts.diversion.FIRST_ENTRY_OUTCOMES`).

What counts, per child (the opaque `child_id`, shared by every pathway of the child, court
and diversion alike: `ingest.claims`):
- a youth caution or a youth conditional caution: a diversion pathway whose joint decision
  panel chose it (`rm_diversions.outcome`), on the day of the decision (`decided_on`);
- a conviction: a court pathway (`rm_pathways.disposal` in `COURT_DISPOSALS`), on the day
  the order was made (`made_on`). A court pathway that followed a decision to charge
  (`rm_pathways.charged_from`) is such a conviction; the diversion pathway that charged is
  not (a charge is not a conviction). A re-sentence after a breach starts a new pathway
  (`workflows.breach`, `rm_pathways.resentenced_from`): it is no new conviction and is left
  out (its child's first order is earlier anyway); a breach itself starts nothing.
The child is counted once, in the period (and with the team and area) of their first such
event among every pathway Pathway holds; a later event never counts again.

What Pathway cannot see, and so counts wrongly (said in every report, `NOT_SEEN`): a caution
or conviction before the service used Pathway, or given in another service's area or in adult
court, or recorded only on the Police National Computer. A child with such an earlier event is
counted here as a first-time entrant when they are not one: the national figures, taken from
the PNC, are the authority; this count is the service's own early view. Pathway also cannot
tell a recordable offence from a non-recordable one, and counts a conviction on the day of
sentence (the order), not of the finding of guilt.

Rates per 100,000 children aged 10 to 17 are issue 21's: the hook is `FirstTimeEntrants.by_area`
(one line per area and team) and `by_quarter`; a rate is a line's count over the team's
population of the year (`reports.population.Population.of(team, year)`), times 100,000
(`reports.population.per`). This report gives counts only.
"""

from collections import Counter
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Integer,
    Select,
    bindparam,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from contracts.common import COURT_DISPOSALS
from contracts.diversion import FIRST_ENTRY_OUTCOMES, PanelOutcome
from readmodel.tables import DiversionRow, OffenceRow, PathwayRow
from reports.bound import params_of, shape_of
from reports.cohort import Cohort, Within


class EntryKind(StrEnum):
    """The events that make a child a first-time entrant."""

    YOUTH_CAUTION = PanelOutcome.YOUTH_CAUTION.value
    YOUTH_CONDITIONAL_CAUTION = PanelOutcome.YOUTH_CONDITIONAL_CAUTION.value
    CONVICTION = "conviction"


DEFINITION = (
    "A first-time entrant is a child receiving their first youth caution, youth conditional "
    "caution or conviction (Youth Justice Statistics glossary; Ministry of Justice, Criminal "
    "justice statistics: 'offenders who received their first conviction, caution or youth "
    "caution'). Community resolutions, Turnaround, other prevention support and no further "
    "action never count. Each child is counted once, in the period, team and area of their "
    "first such event across every pathway (court and diversion): a youth caution or youth "
    "conditional caution on the day the joint decision panel decided it, a conviction on the "
    "day the court made its order. A re-sentence or a breach is never a first event."
)
NOT_SEEN = (
    "Pathway sees only what its own pathways hold: a caution or conviction before the service "
    "used Pathway, in another service's area, in adult court or only on the Police National "
    "Computer is unknown to it, so a child with one is counted here as a first-time entrant. "
    "The national figures (from the PNC) are the authority; this is the service's early view."
)


_CAUTIONS = [o.value for o in FIRST_ENTRY_OUTCOMES]
_COURT = [d.value for d in COURT_DISPOSALS]
_PATHWAYS, _DIVERSIONS = PathwayRow.__table__, DiversionRow.__table__


def _rank(diversion: FromClause) -> ColumnElement[int]:
    """Orders a child's events of one day: a caution, a conditional caution, a conviction."""
    outcome = diversion.c.outcome
    return case(*((outcome == kind.value, i) for i, kind in enumerate(EntryKind)), else_=2)


def _events(pathway: FromClause, diversion: FromClause) -> tuple[FromClause, ColumnElement[bool]]:
    """Pathways joined to their caution (if any), and the test that the pathway is an event.

    An event is a diversion pathway whose panel chose a caution (on the day it decided), or a
    court order that is no re-sentence (on the day it was made).
    """
    caution = diversion.c.outcome.in_(_CAUTIONS) & diversion.c.decided_on.is_not(None)
    joined = pathway.outerjoin(
        diversion, (diversion.c.pathway_id == pathway.c.pathway_id) & caution
    )
    conviction = pathway.c.disposal.in_(_COURT) & pathway.c.resentenced_from.is_(None)
    return joined, diversion.c.pathway_id.is_not(None) | conviction


@cache
def _first_entries(team: bool, since: bool, until: bool, group: bool) -> Select[Any]:
    """The cohort's first events, counted by quarter, kind, area and team.

    An event of the cohort (its team, its day in the period) is the child's first when none of
    the child's pathways, whoever holds them, is an event before it: found through the child's
    own pathways (`child_id`), so a service's year looks at its own events, not the nation's.
    Built once for each set of the cohort's conditions that is given (bound as `team`,
    `since`, `until` and `offence_group`).
    """
    p, d = _PATHWAYS, _DIVERSIONS
    joined, is_event = _events(p, d)
    events = (
        select(
            p.c.child_id,
            p.c.pathway_id,
            p.c.team,
            p.c.area,
            func.coalesce(d.c.outcome, EntryKind.CONVICTION.value).label("kind"),
            case((d.c.outcome.is_(None), p.c.made_on), else_=d.c.decided_on).label("entered_on"),
            _rank(d).label("rank"),
        )
        .select_from(joined)
        .where(is_event)
        .subquery("mine")
    )
    key = tuple_(events.c.entered_on, events.c.rank, events.c.pathway_id)
    q, dq = p.alias("other"), d.alias("other_diversion")
    others, _ = _events(q, dq)
    conviction = q.c.disposal.in_(_COURT) & q.c.resentenced_from.is_(None)
    before = exists(
        select(q.c.pathway_id)
        .select_from(others)
        .where(
            q.c.child_id == events.c.child_id,
            (
                dq.c.pathway_id.is_not(None)
                & (tuple_(dq.c.decided_on, _rank(dq), q.c.pathway_id) < key)
            )
            | (conviction & (tuple_(q.c.made_on, literal(2), q.c.pathway_id) < key)),
        )
    )
    conditions = [~before]
    if team:
        conditions.append(events.c.team == bindparam("team"))
    if since:
        conditions.append(events.c.entered_on >= bindparam("since", type_=Date))
    if until:
        conditions.append(events.c.entered_on <= bindparam("until", type_=Date))
    if group:
        offences = OffenceRow.__table__
        conditions.append(
            exists(
                select(offences.c.pathway_id).where(
                    offences.c.pathway_id == events.c.pathway_id,
                    offences.c.offence_group == bindparam("offence_group"),
                )
            )
        )
    year = cast(extract("year", events.c.entered_on), Integer)
    quarter = (cast(extract("month", events.c.entered_on), Integer) + 2) // 3
    columns = [year.label("year"), quarter.label("quarter"), events.c.kind, events.c.area,
               events.c.team]  # fmt: skip
    counted = select(*columns).where(*conditions).subquery("firsts")
    keys = list(counted.c)
    return select(*keys, func.count()).group_by(*keys)


class KindCount(BaseModel):
    """First-time entrants by the event that made them one."""

    kind: EntryKind
    count: int


class QuarterCount(BaseModel):
    """First-time entrants whose first event fell in one calendar quarter."""

    quarter: str = Field(description="YYYY-Qn, calendar quarters")
    first_time_entrants: int
    by_kind: list[KindCount]


class AreaCount(BaseModel):
    """First-time entrants of one youth justice service area and team.

    Issue 21's rates per 100,000 children aged 10 to 17 divide an area's count by the area's
    population estimate; `area` is None where the intake could not name the service.
    """

    area: str | None
    team: str | None = Field(description="None: the pathway is not yet allocated to a team")
    first_time_entrants: int


class FirstTimeEntrants(BaseModel):
    """First-time entrants in a period: children whose first caution or conviction fell in it."""

    report: str = "first-time-entrants"
    cohort: Cohort = Field(
        description="since and until bound the day of the child's first event; team is the "
        "team of the pathway it happened on; offence_group its offences'"
    )
    definition: str = DEFINITION
    not_seen: str = NOT_SEEN
    first_time_entrants: int
    by_kind: list[KindCount]
    by_quarter: list[QuarterCount]
    by_area: list[AreaCount]


def _names(area: str | None, team: str | None) -> tuple[str, str]:
    return area or "", team or ""


def quarter_of(day: date) -> str:
    """The calendar quarter of a day, as `2026-Q1`."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _kinds(counts: Counter[EntryKind]) -> list[KindCount]:
    return [KindCount(kind=k, count=counts[k]) for k in EntryKind]


def first_time_entrants(session: Session, **within: Unpack[Within]) -> FirstTimeEntrants:
    """Return the first-time entrants whose first event fell in the cohort's period.

    Counted by the database in one statement (`_first_entries`): only the tallies come back.

    Args:
        session: a read-model session.
        **within: `team` (the team of the first event's pathway), `since` and `until` (its
            day), `offence_group` (an offence of that pathway in the group).

    Raises:
        ValueError: `since` is after `until`.
    """
    cohort = Cohort(**within)
    kinds: Counter[EntryKind] = Counter()
    quarters: dict[str, Counter[EntryKind]] = {}
    areas: Counter[tuple[str | None, str | None]] = Counter()
    query = _first_entries(*shape_of(cohort))
    for year, quarter, kind, area, team, n in session.execute(query, params_of(cohort)):
        entry = EntryKind(kind)
        kinds[entry] += n
        quarters.setdefault(f"{year}-Q{quarter}", Counter())[entry] += n
        areas[(area, team)] += n
    return FirstTimeEntrants(
        cohort=cohort,
        first_time_entrants=kinds.total(),
        by_kind=_kinds(kinds),
        by_quarter=[
            QuarterCount(quarter=q, first_time_entrants=counts.total(), by_kind=_kinds(counts))
            for q, counts in sorted(quarters.items())
        ],
        by_area=[
            AreaCount(area=area, team=team, first_time_entrants=n)
            for (area, team), n in sorted(areas.items(), key=lambda kv: _names(*kv[0]))
        ],
    )
