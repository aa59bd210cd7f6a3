"""What a programme's rule set is made of: inclusions, exclusions and cautions.

Each programme module (`rules.fft`, `rules.nvr`, `rules.dv_groups`) declares one
`ProgrammeRules`. A criterion's description is a template whose `{names}` are parameter
names, so the words a caseworker reads always match the thresholds in force.
"""

from dataclasses import dataclass

from contracts.common import Programme
from contracts.eligibility import CriterionKind
from contracts.turnaround import PreventionProgramme
from rules.logic import FACT_NAMES, TURNAROUND_FACT_NAMES, AllOf, Condition, InForce
from rules.parameters import PARAMETER_NAMES, ParameterSet


@dataclass(frozen=True)
class Criterion:
    """One inclusion (must hold) or exclusion (must not hold).

    Attributes:
        id: Stable id, unique within the programme.
        kind: Inclusion or exclusion.
        description: Plain English, with `{parameter}` placeholders for thresholds.
        condition: What must be true for the criterion to be met.
        switch: For a dated criterion, the 0/1 parameter that puts it in force; a version that
            leaves it off neither applies nor lists it (`dated_exclusion`, ADR 0123).
    """

    id: str
    kind: CriterionKind
    description: str
    condition: Condition
    switch: str | None = None

    def in_force(self, parameters: ParameterSet) -> bool:
        """Whether the criterion applies under a rule set version (always, unless dated)."""
        return self.switch is None or parameters.value(self.switch) == 1

    def describe(self, parameters: ParameterSet) -> str:
        """Return the description with the thresholds of `parameters` filled in."""
        return self.description.format_map(parameters.values())


@dataclass(frozen=True)
class Caution:
    """A warning shown with the status when its condition is definitely true.

    Attributes:
        id: Stable id, unique within the programme.
        description: Plain English: what to be careful about and what to do.
        condition: When the caution applies.
    """

    id: str
    description: str
    condition: Condition


def inclusion(id: str, description: str, condition: Condition) -> Criterion:
    """Return a criterion that must hold for the child to be eligible."""
    return Criterion(id, CriterionKind.INCLUSION, description, condition)


def exclusion(id: str, description: str, condition: Condition) -> Criterion:
    """Return a criterion that makes the child ineligible when it holds."""
    return Criterion(id, CriterionKind.EXCLUSION, description, condition)


def dated_exclusion(id: str, description: str, switch: str, condition: Condition) -> Criterion:
    """Return an exclusion in force only in rule set versions whose `switch` parameter is 1.

    Off, it is never met (so it excludes no one and asks for no fact) and is not listed.
    """
    gated = AllOf(InForce(switch), condition)
    return Criterion(id, CriterionKind.EXCLUSION, description, gated, switch=switch)


@dataclass(frozen=True, eq=False)
class ProgrammeRules:
    """A programme's whole rule set.

    Attributes:
        programme: The programme id.
        criteria: Inclusions and exclusions, in the order a caseworker reads them.
        cautions: Cautions, which never change the status.
    """

    programme: Programme | PreventionProgramme
    criteria: tuple[Criterion, ...]
    cautions: tuple[Caution, ...] = ()

    def __post_init__(self) -> None:
        ids = [c.id for c in self.criteria] + [c.id for c in self.cautions]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.programme}: criterion and caution ids must be unique")
        known = {*FACT_NAMES, "age", *TURNAROUND_FACT_NAMES}
        checks: list[Criterion | Caution] = [*self.criteria, *self.cautions]
        for check in checks:
            unknown = [name for name in check.condition.reads() if name not in known]
            if unknown:
                raise ValueError(f"{self.programme}.{check.id} reads unknown facts {unknown}")
            unknown = [n for n in check.condition.parameters() if n not in PARAMETER_NAMES]
            if unknown:
                raise ValueError(f"{self.programme}.{check.id} reads unknown parameters {unknown}")
        for criterion in self.criteria:
            try:
                criterion.description.format_map(dict.fromkeys(PARAMETER_NAMES, 0))
            except KeyError as error:
                raise ValueError(
                    f"{self.programme}.{criterion.id} names an unknown parameter {error}"
                ) from None
