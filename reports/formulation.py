"""Case formulation over a cohort (issue 18): recorded, revised, and closures without one.

A closure without one needs a supervisor's written reason (ADR 0115).

From `rm_pathways.formulation_version` and `closed_without_formulation` (migration 0019),
projected from `workflows.formulation`'s state. Pathways started before the
`formulation-2026-12` patch, and rows written before migration 0019 until the read model is
rebuilt, count as closed with one or without one only as their state says: a closed pathway
whose column is empty (None) is counted in neither.
"""

from collections.abc import Sequence

from pydantic import BaseModel, Field

from readmodel.tables import PathwayRow


class FormulationKpis(BaseModel):
    """Case formulation: recorded, revised, and closures without one."""

    with_formulation: int = Field(0, description="orders with a case formulation recorded")
    revised: int = Field(0, description="orders whose formulation has a version 2 or later")
    closed: int = Field(0, description="closed orders")
    closed_without_formulation: int = Field(
        0, description="closed by a supervisor without a formulation, giving the reason"
    )


def formulation(pathways: Sequence[PathwayRow]) -> FormulationKpis:
    """The formulation KPIs of the cohort's pathways."""
    return FormulationKpis(
        with_formulation=sum(1 for p in pathways if p.formulation_version),
        revised=sum(1 for p in pathways if (p.formulation_version or 0) >= 2),
        closed=sum(1 for p in pathways if p.closure_reason is not None),
        closed_without_formulation=sum(1 for p in pathways if p.closed_without_formulation),
    )
