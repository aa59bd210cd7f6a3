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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Unpack

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.common import COURT_DISPOSALS
from contracts.diversion import FIRST_ENTRY_OUTCOMES, PanelOutcome
from readmodel.tables import DiversionRow, OffenceRow, PathwayRow
from reports.cohort import Cohort, Within


class EntryKind(StrEnum):
    """The events that make a child a first-time entrant."""

    YOUTH_CAUTION = PanelOutcome.YOUTH_CAUTION.value
    YOUTH_CONDITIONAL_CAUTION = PanelOutcome.YOUTH_CONDITIONAL_CAUTION.value
    CONVICTION = "conviction"


# On one day, a caution before a conviction: the order is only for a stable answer.
_RANK = {kind: i for i, kind in enumerate(EntryKind)}

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


@dataclass(frozen=True)
class Entry:
    """One event that would make a child a first-time entrant, if it were their first."""

    child_id: str
    on: date
    kind: EntryKind
    pathway_id: str
    team: str | None
    area: str | None


def entries(session: Session) -> list[Entry]:
    """Every caution, conditional caution and conviction Pathway holds, of every child.

    Not restricted to a team or period: whether an event is a child's first depends on all of
    the child's pathways, whoever holds them.
    """
    cautions = select(
        PathwayRow.child_id,
        DiversionRow.decided_on,
        DiversionRow.outcome,
        PathwayRow.pathway_id,
        PathwayRow.team,
        PathwayRow.area,
    ).join(PathwayRow, PathwayRow.pathway_id == DiversionRow.pathway_id)
    cautions = cautions.where(
        DiversionRow.outcome.in_([o.value for o in FIRST_ENTRY_OUTCOMES]),
        DiversionRow.decided_on.is_not(None),
    )
    found = [
        Entry(child, on, EntryKind(outcome), pid, team, area)
        for child, on, outcome, pid, team, area in session.execute(cautions)
        if on is not None and outcome is not None  # the query asks for both: for the types
    ]
    convictions = select(
        PathwayRow.child_id,
        PathwayRow.made_on,
        PathwayRow.pathway_id,
        PathwayRow.team,
        PathwayRow.area,
    ).where(
        PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS]),
        PathwayRow.resentenced_from.is_(None),
    )
    found += [
        Entry(child, on, EntryKind.CONVICTION, pid, team, area)
        for child, on, pid, team, area in session.execute(convictions)
    ]
    return found


def first_entries(found: Iterable[Entry]) -> dict[str, Entry]:
    """Each child's first event: the earliest, a caution before a conviction on one day."""
    first: dict[str, Entry] = {}
    for e in sorted(found, key=lambda e: (e.on, _RANK[e.kind], e.pathway_id)):
        first.setdefault(e.child_id, e)
    return first


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


def _kinds(found: Iterable[Entry]) -> list[KindCount]:
    counts = Counter(e.kind for e in found)
    return [KindCount(kind=k, count=counts[k]) for k in EntryKind]


def _in_group(session: Session, cohort: Cohort, first: list[Entry]) -> list[Entry]:
    if cohort.offence_group is None:
        return first
    query = select(OffenceRow.pathway_id).where(
        OffenceRow.offence_group == cohort.offence_group.value,
        OffenceRow.pathway_id.in_([e.pathway_id for e in first]),
    )
    having = set(session.scalars(query))
    return [e for e in first if e.pathway_id in having]


def first_time_entrants(session: Session, **within: Unpack[Within]) -> FirstTimeEntrants:
    """Return the first-time entrants whose first event fell in the cohort's period.

    Args:
        session: a read-model session.
        **within: `team` (the team of the first event's pathway), `since` and `until` (its
            day), `offence_group` (an offence of that pathway in the group).

    Raises:
        ValueError: `since` is after `until`.
    """
    cohort = Cohort(**within)
    first = [
        e
        for e in first_entries(entries(session)).values()
        if (cohort.team is None or e.team == cohort.team)
        and (cohort.since is None or e.on >= cohort.since)
        and (cohort.until is None or e.on <= cohort.until)
    ]
    first = sorted(_in_group(session, cohort, first), key=lambda e: (e.on, e.pathway_id))
    quarters: dict[str, list[Entry]] = {}
    for e in first:
        quarters.setdefault(quarter_of(e.on), []).append(e)
    areas = Counter((e.area, e.team) for e in first)
    return FirstTimeEntrants(
        cohort=cohort,
        first_time_entrants=len(first),
        by_kind=_kinds(first),
        by_quarter=[
            QuarterCount(quarter=q, first_time_entrants=len(es), by_kind=_kinds(es))
            for q, es in quarters.items()
        ],
        by_area=[
            AreaCount(area=area, team=team, first_time_entrants=n)
            for (area, team), n in sorted(areas.items(), key=lambda kv: _names(*kv[0]))
        ],
    )
