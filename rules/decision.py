"""From judged criteria to a decision a caseworker can read: the four-step status.

The engine judges each criterion (met, not met, unknown) and names the facts whose being
unknown makes it unknown; this module turns those judgements into a `ProgrammeDecision`'s
fields:

1. any exclusion is met: ineligible;
2. any inclusion is not met: ineligible;
3. any inclusion or exclusion is unknown: needs_information, naming the missing facts;
4. otherwise eligible.

Cautions are listed when they are definitely met and never change the status.
"""

import functools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from contracts.eligibility import CriterionKind, CriterionOutcome, EligibilityStatus
from rules.logic import FACT_NAMES, TURNAROUND_FACT_NAMES
from rules.parameters import ParameterSet
from rules.programme import Criterion, ProgrammeRules

_FACT_ORDER = {name: index for index, name in enumerate((*FACT_NAMES, *TURNAROUND_FACT_NAMES))}


def status_of(judged: Iterable[tuple[CriterionKind, CriterionOutcome]]) -> EligibilityStatus:
    """Return the four-step status of a programme's judged criteria.

    Args:
        judged: Every inclusion and exclusion of one programme: its kind and outcome.

    Returns:
        Ineligible, needs_information or eligible, decided in the order above.
    """
    judged = list(judged)
    if (CriterionKind.EXCLUSION, CriterionOutcome.MET) in judged:
        return EligibilityStatus.INELIGIBLE
    if (CriterionKind.INCLUSION, CriterionOutcome.NOT_MET) in judged:
        return EligibilityStatus.INELIGIBLE
    if any(outcome is CriterionOutcome.UNKNOWN for _, outcome in judged):
        return EligibilityStatus.NEEDS_INFORMATION
    return EligibilityStatus.ELIGIBLE


@functools.lru_cache(maxsize=64)
def _listed(
    rules: ProgrammeRules, values: tuple[tuple[str, int], ...]
) -> tuple[tuple[Criterion, str], ...]:
    """The criteria in force under a version (dated ones switched off are left out), worded."""
    mapping = dict(values)
    return tuple(
        (criterion, criterion.description.format_map(mapping))
        for criterion in rules.criteria
        if criterion.switch is None or mapping[criterion.switch] == 1
    )


def decide(
    rules: ProgrammeRules,
    *,
    outcomes: Mapping[str, CriterionOutcome],
    missing: Mapping[str, set[str]],
    record: Mapping[str, Any],
    parameters: ParameterSet,
    on: date,
) -> dict[str, Any]:
    """Build one programme's decision from the engine's judgements.

    Args:
        rules: The programme's rule set.
        outcomes: Each criterion's and caution's id mapped to its outcome.
        missing: Each unknown criterion's id mapped to the facts that make it unknown.
        record: The facts as the engine saw them (with "age"), for the facts each read.
        parameters: The rule set version applied.
        on: The evaluation date.

    Returns:
        The fields of a `ProgrammeDecision` (validated by the caller, once for all the
        programmes), with missing facts named only when information is needed.
    """
    status = status_of((c.kind, outcomes[c.id]) for c in rules.criteria)
    to_collect: set[str] = set()
    if status is EligibilityStatus.NEEDS_INFORMATION:
        for criterion in rules.criteria:
            if outcomes[criterion.id] is CriterionOutcome.UNKNOWN:
                to_collect |= missing.get(criterion.id, set())
    listed = _listed(rules, parameters.items)
    return {
        "programme": rules.programme,
        "status": status,
        "criteria": [
            {
                "id": criterion.id,
                "kind": criterion.kind,
                "description": description,
                "outcome": outcomes[criterion.id],
                "facts": {name: record[name] for name in criterion.condition.reads()},
            }
            for criterion, description in listed
        ],
        "missing_facts": sorted(to_collect, key=_FACT_ORDER.__getitem__),
        "cautions": [
            {"id": caution.id, "description": caution.description}
            for caution in rules.cautions
            if outcomes[caution.id] is CriterionOutcome.MET
        ],
        "ruleset_version": parameters.version,
        "evaluated_on": on,
    }


def age_on(date_of_birth: date, on: date) -> int:
    """Return the age in whole years on a date (a 29 February birthday counts from 1 March).

    Args:
        date_of_birth: The child's date of birth.
        on: The evaluation date, not before the date of birth.

    Returns:
        Completed years of age on `on`.

    Raises:
        ValueError: `on` is before the date of birth.
    """
    if on < date_of_birth:
        raise ValueError(
            f"date_of_birth {date_of_birth.isoformat()} is after the evaluation date "
            f"{on.isoformat()}"
        )
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday
