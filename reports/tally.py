"""Counts of several sections of a report in one shape, so that one statement asks for them all.

A report of many figures (the KPIs) counts each section where its rows are, by a `GROUP BY`
of its own; each section's query selects the same columns (`tally`: the section's name, up to
three keys, `WIDTH` counts), so the sections are one `UNION ALL` and one round trip. Each section
joins the cohort's pathways itself (`Cohort.of`) rather than sharing them as a common table:
PostgreSQL then knows how many rows each join meets, and hashes a national cohort's pathways
rather than its million tasks.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    Executable,
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from contracts.offences import OffenceGroup
from reports.cohort import Cohort

WIDTH = 15
"""Counts a section's row may carry (the most any needs: a line of reflections' 15)."""


def number(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet `condition` (0, not null, when there are none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def tally(
    section: str,
    *counts: ColumnElement[Any],
    k1: "ColumnElement[Any] | InstrumentedAttribute[Any] | None" = None,
    k2: "ColumnElement[Any] | InstrumentedAttribute[Any] | None" = None,
    k3: "ColumnElement[Any] | InstrumentedAttribute[Any] | None" = None,
) -> list[ColumnElement[Any]]:
    """The columns of one section's row: its name, keys (strings, or nulls) and counts."""
    if len(counts) > WIDTH:
        raise ValueError(f"a section has at most {WIDTH} counts (got {len(counts)})")
    return [
        literal_column(f"'{section}'", String).label("section"),
        (cast(null(), String) if k1 is None else k1).label("k1"),
        (cast(null(), String) if k2 is None else k2).label("k2"),
        (cast(null(), String) if k3 is None else k3).label("k3"),
        *(c.label(f"n{i}") for i, c in enumerate(counts)),
        *(cast(null(), Integer).label(f"n{i}") for i in range(len(counts), WIDTH)),
    ]


@dataclass(frozen=True)
class Row:
    """One row of a section: its keys and its counts (0 where a section has fewer)."""

    k1: str | None
    k2: str | None
    k3: str | None
    n: tuple[int, ...]


class Tallies:
    """The rows the statement gave, by section."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._by: defaultdict[str, list[Row]] = defaultdict(list)
        for section, k1, k2, k3, *counts in rows:
            self._by[section].append(Row(k1, k2, k3, tuple(int(c or 0) for c in counts)))

    def rows(self, section: str) -> list[Row]:
        """Every row of a section (none when nothing was counted)."""
        return self._by.get(section, [])

    def one(self, section: str) -> tuple[int, ...]:
        """The counts of a section of one row (zeros when it gave none)."""
        found = self._by.get(section)
        return found[0].n if found else (0,) * WIDTH


Sections = Callable[[Cohort], Sequence[Select[Any]]]
"""What a report counts: every section's query over a cohort."""

_BOUND: dict[str, Any] = {"team": String(), "since": Date(), "until": Date()}


_STATEMENTS: dict[tuple[Any, ...], Executable] = {}


def _statement(
    sections: Sections, bound: frozenset[str], offence_group: OffenceGroup | None
) -> Executable:
    """The sections as one statement, built once for each cohort shape.

    Building a statement of a dozen grouped queries (and its cache key, by which SQLAlchemy
    finds it compiled) costs more than SQLite takes to run it on one service's year; it
    depends only on which of team and period are given (`bound`: they are bound parameters,
    `cohort_team` ...) and the offence group, so it is built once and run with their values.
    """
    key = (sections, bound, offence_group)
    if key not in _STATEMENTS:
        fields: dict[str, Any] = {
            name: bindparam(f"cohort_{name}", type_=kind) if name in bound else None
            for name, kind in _BOUND.items()
        }
        first, *rest = sections(Cohort.model_construct(offence_group=offence_group, **fields))
        _STATEMENTS[key] = first.union_all(*rest) if rest else first
    return _STATEMENTS[key]


def count_all(session: Session, cohort: Cohort, sections: Sections) -> Tallies:
    """Run every section's query over the cohort as one statement; the rows back by section."""
    values = {name: getattr(cohort, name) for name in _BOUND}
    bound = frozenset(name for name, value in values.items() if value is not None)
    statement = _statement(sections, bound, cohort.offence_group)
    return Tallies(session.execute(statement, {f"cohort_{n}": values[n] for n in bound}))
