"""Restorative enquiries, parent work and panels over a cohort, by what was really done.

The rows are `readmodel.tables.RestorativeRow` (projected from `workflows.restorative`'s state)
and the tasks' `not_done` flag. An enquiry the child declined counts as not done, and the
parent work it cancelled as cancelled, never as done on time (ADR 0118). Panels are counted
by meeting: quorate or not (Sentencing Act 2020, s. 91(4)), and whether a parent attended or
the court excused one (s. 90). Referral orders started before the `restorative-2026-12` patch
recorded none of this and are not counted here (their tasks still are, in timeliness).
"""

from collections import Counter
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select

from contracts.restorative import PanelKind, Readiness
from readmodel.tables import PathwayRow, RestorativeRow
from reports.cohort import Cohort
from reports.tally import Tallies, number, tally


class RestorativeKpis(BaseModel):
    """The cohort's restorative enquiries, parent work and panel meetings."""

    enquiries_done: int = Field(description="enquiries done with the child")
    enquiries_not_done: int = Field(description="recorded as not done (a supervisor said why)")
    ready: int = Field(description="enquiries judging the child ready for restorative work")
    not_yet_ready: int
    not_suitable: int
    parent_work_done: int = Field(description="work with a parent or carer recorded")
    parent_work_cancelled: int = Field(description="cancelled: the enquiry was not done")
    parent_work_referring: int = Field(
        description="parent work that opened a decision on a referral to FFT, NVR or DV groups"
    )
    initial_panels: int
    progress_panels: int
    final_panels: int
    panels_not_quorate: int = Field(
        description="meetings without 1 youth justice and 2 community members, with a reason"
    )
    panels_parent_attended: int
    panels_parent_excused_by_court: int = Field(
        description="a parent did not attend and the court had not ordered one to"
    )


def tallies(cohort: Cohort) -> list[Select[Any]]:
    """The cohort's restorative records counted by kind and choice (the enquiry's readiness)."""
    r = RestorativeRow
    counted = (
        select(
            *tally(
                "restorative",
                func.count(),
                number(r.not_done.is_(True)),
                number(func.json_array_length(r.items) > 0),
                number(r.quorate.is_(False)),
                number(r.parent_attended.is_(True)),
                # Not attended (or not recorded) and excused by the court.
                number(
                    func.coalesce(r.parent_attended, False).is_(False)
                    & r.court_excused_parent.is_(True)
                ),
                k1=r.kind,
                k2=r.choice,
            )
        )
        .join(PathwayRow, PathwayRow.pathway_id == r.pathway_id)
        .group_by(r.kind, r.choice)
    )
    return [cohort.restrict(counted)]


def from_tallies(tallies: Tallies, parent_work_cancelled: int) -> RestorativeKpis:
    """The cohort's restorative work by what was done, from `tallies`' counts.

    Args:
        tallies: what `tallies` counted.
        parent_work_cancelled: the cohort's parent restorative work tasks marked not done.
    """
    done: Counter[str] = Counter()  # enquiries done, by readiness
    enquiries_not_done = parents = referring = 0
    kinds: Counter[str] = Counter()
    not_quorate = attended = excused = 0
    panel_kinds = {k.value for k in PanelKind}
    for row in tallies.rows("restorative"):
        n, not_done, with_items, unquorate, parent, by_court = row.n[:6]
        if row.k1 == "enquiry":
            done[row.k2 or ""] += n - not_done
            enquiries_not_done += not_done
        elif row.k1 == "parent_work":
            parents += n
            referring += with_items
        elif row.k1 in panel_kinds:
            kinds[row.k1] += n
            not_quorate += unquorate
            attended += parent
            excused += by_court
    return RestorativeKpis(
        enquiries_done=done.total(),
        enquiries_not_done=enquiries_not_done,
        ready=done[Readiness.READY.value],
        not_yet_ready=done[Readiness.NOT_YET.value],
        not_suitable=done[Readiness.NOT_SUITABLE.value],
        parent_work_done=parents,
        parent_work_cancelled=parent_work_cancelled,
        parent_work_referring=referring,
        initial_panels=kinds[PanelKind.INITIAL.value],
        progress_panels=kinds[PanelKind.PROGRESS.value],
        final_panels=kinds[PanelKind.FINAL.value],
        panels_not_quorate=not_quorate,
        panels_parent_attended=attended,
        panels_parent_excused_by_court=excused,
    )
