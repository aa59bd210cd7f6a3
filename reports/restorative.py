"""Restorative enquiries, parent work and panels over a cohort, by what was really done.

The rows are `readmodel.tables.RestorativeRow` (projected from `workflows.restorative`'s state)
and the tasks' `not_done` flag. An enquiry the child declined counts as not done, and the
parent work it cancelled as cancelled, never as done on time (ADR 0118). Panels are counted
by meeting: quorate or not (Sentencing Act 2020, s. 91(4)), and whether a parent attended or
the court excused one (s. 90). Referral orders started before the `restorative-2026-12` patch
recorded none of this and are not counted here (their tasks still are, in timeliness).
"""

from collections import Counter

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.common import Step
from contracts.restorative import PanelKind, Readiness
from readmodel.tables import RestorativeRow, TaskRow
from reports.cohort import Cohort


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


def restorative(session: Session, cohort: Cohort) -> RestorativeKpis:
    """Count the cohort's restorative work by what was done."""
    rows = list(session.scalars(cohort.of(select(RestorativeRow), RestorativeRow.pathway_id)))
    enquiries = [r for r in rows if r.kind == "enquiry"]
    readiness = Counter(r.choice for r in enquiries if not r.not_done)
    parents = [r for r in rows if r.kind == "parent_work"]
    panels = [r for r in rows if r.kind in {k.value for k in PanelKind}]
    kinds = Counter(r.kind for r in panels)
    cancelled = cohort.of(
        select(TaskRow.pathway_id).where(
            TaskRow.step == Step.PARENT_RESTORATIVE_WORK.value, TaskRow.not_done.is_(True)
        ),
        TaskRow.pathway_id,
    )
    return RestorativeKpis(
        enquiries_done=sum(1 for r in enquiries if not r.not_done),
        enquiries_not_done=sum(1 for r in enquiries if r.not_done),
        ready=readiness[Readiness.READY.value],
        not_yet_ready=readiness[Readiness.NOT_YET.value],
        not_suitable=readiness[Readiness.NOT_SUITABLE.value],
        parent_work_done=len(parents),
        parent_work_cancelled=len(list(session.execute(cancelled))),
        parent_work_referring=sum(1 for r in parents if r.items),
        initial_panels=kinds[PanelKind.INITIAL.value],
        progress_panels=kinds[PanelKind.PROGRESS.value],
        final_panels=kinds[PanelKind.FINAL.value],
        panels_not_quorate=sum(1 for r in panels if r.quorate is False),
        panels_parent_attended=sum(1 for r in panels if r.parent_attended),
        panels_parent_excused_by_court=sum(
            1 for r in panels if not r.parent_attended and r.court_excused_parent
        ),
    )
