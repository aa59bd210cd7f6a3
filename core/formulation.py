"""The configured agencies a case formulation may name, checked where a body comes in.

The workflow counts the agencies (`contracts.steps.CaseFormulationBody`); which ids exist is
the service's configuration (`Settings.formulation_agencies`), read by the doors (the API and
the pages), never by the workflow, so a change of the list changes no running pathway.
"""

from collections.abc import Sequence

from contracts.formulation import Agency
from contracts.steps import CaseFormulationBody, StepBody
from core.errors import FieldProblem, InvalidInput


def check_agencies(body: StepBody, agencies: Sequence[Agency]) -> None:
    """Refuse (422, naming each field) a formulation naming an agency the service does not list."""
    if not isinstance(body, CaseFormulationBody):
        return
    known = {a.id for a in agencies}
    listed = ", ".join(sorted(known))
    problems = [
        FieldProblem(f"agencies.{i}", f"{a!r} is not one of the service's agencies ({listed})")
        for i, a in enumerate(body.agencies or [])
        if a not in known
    ] + [
        FieldProblem(
            f"agreed_actions.{i}.owner_agency",
            f"{a.owner_agency!r} is not one of the service's agencies ({listed})",
        )
        for i, a in enumerate(body.agreed_actions)
        if a.owner_agency is not None and a.owner_agency not in known
    ]
    if problems:
        raise InvalidInput(problems=problems)
