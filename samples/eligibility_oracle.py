"""An independent plain-Python reading of the eligibility rules (rule set 2026.1), an oracle.

It shares nothing with `rules/` but the contracts: its own age arithmetic, its own
three-valued logic and its own copy of the 2026.1 thresholds, read from the programmes'
criteria as `rules/fft.py`, `rules/nvr.py` and `rules/dv_groups.py` state them in words.
`pathway bench rules` (`benchmarks/rules/`) and the tests compare the engine with it on
thousands of random fact sets.

A judged value is a pair: True, False or None (unknown), and the facts whose being unknown
makes it unknown (empty unless the value is None).
"""

from dataclasses import dataclass
from datetime import date

from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts, EligibilityRequest

THRESHOLDS_2026_1 = {
    "fft_min_age": 10,
    "fft_max_age": 17,
    "fft_max_return_home_weeks": 12,
    "nvr_min_age": 10,
    "nvr_max_age": 17,
    "dv_min_age": 4,
    "dv_max_age": 17,
}

Judged = tuple[bool | None, frozenset[str]]
NOTHING: frozenset[str] = frozenset()


@dataclass
class OracleDecision:
    """One programme's decision in plain values, shaped like the engine's for comparing."""

    status: str
    criteria: list[tuple[str, str, str]]  # (id, kind, outcome)
    missing_facts: list[str]
    cautions: list[str]


def age_in_years(born: date, on: date) -> int:
    """Whole years of age on a date (a 29 February birthday falls on 1 March)."""
    try:
        birthday = born.replace(year=on.year)
    except ValueError:  # born on 29 February, and this is not a leap year
        birthday = date(on.year, 3, 1)
    return on.year - born.year - (1 if on < birthday else 0)


def known(value: bool) -> Judged:
    """A value that reads no fact, so is never unknown."""
    return value, NOTHING


def fact_is(facts: AssessmentFacts, name: str, *wanted: object) -> Judged:
    """Whether a fact has one of the wanted values; unknown (blaming it) if not recorded."""
    value = getattr(facts, name)
    if value is None:
        return None, frozenset({name})
    return value in wanted, NOTHING


def weeks_test(facts: AssessmentFacts, at_most: bool, limit: int) -> Judged:
    """Whether the weeks until home are at most (or more than) the limit; unknown if unrecorded."""
    weeks = facts.expected_return_home_weeks
    if weeks is None:
        return None, frozenset({"expected_return_home_weeks"})
    return (weeks <= limit) if at_most else (weeks > limit), NOTHING


def both(*parts: Judged) -> Judged:
    """Three-valued AND: false wins, then unknown (blaming every unknown part), then true."""
    if any(value is False for value, _ in parts):
        return False, NOTHING
    unknown = [blame for value, blame in parts if value is None]
    return (None, frozenset().union(*unknown)) if unknown else (True, NOTHING)


def either(*parts: Judged) -> Judged:
    """Three-valued OR: true wins, then unknown (blaming every unknown part), then false."""
    if any(value is True for value, _ in parts):
        return True, NOTHING
    unknown = [blame for value, blame in parts if value is None]
    return (None, frozenset().union(*unknown)) if unknown else (False, NOTHING)


Criterion = tuple[str, str, Judged]
Caution = tuple[str, Judged]


def _programmes(
    facts: AssessmentFacts, age: int, t: dict[str, int]
) -> dict[str, tuple[list[Criterion], list[Caution]]]:
    weeks_limit = t["fft_max_return_home_weeks"]
    fft: list[Criterion] = [
        ("age", "inclusion", known(t["fft_min_age"] <= age <= t["fft_max_age"])),
        (
            "lives_with_caregiver_or_returning_home",
            "inclusion",
            either(
                fact_is(facts, "lives_with_caregiver", True), weeks_test(facts, True, weeks_limit)
            ),
        ),
        (
            "caregiver_willing_to_engage",
            "inclusion",
            fact_is(facts, "caregiver_willing_to_engage", True),
        ),
        (
            "acute_psychiatric_illness",
            "exclusion",
            fact_is(facts, "acute_psychiatric_illness", True),
        ),
        ("sex_offending_only", "exclusion", fact_is(facts, "sex_offending_only", True)),
        (
            "placement_away_from_family",
            "exclusion",
            fact_is(facts, "placement", "residential", "secure", "inpatient", "independent"),
        ),
        (
            "custody_without_return_home",
            "exclusion",
            both(
                fact_is(facts, "placement", "custody"),
                either(
                    known(facts.expected_return_home_weeks is None),
                    weeks_test(facts, False, weeks_limit),
                ),
            ),
        ),
    ]
    nvr: list[Criterion] = [
        ("age", "inclusion", known(t["nvr_min_age"] <= age <= t["nvr_max_age"])),
        ("child_to_parent_violence", "inclusion", fact_is(facts, "child_to_parent_violence", True)),
        (
            "parent_commits_to_programme",
            "inclusion",
            fact_is(facts, "parent_commits_to_programme", True),
        ),
        ("parent_capacity_concern", "exclusion", fact_is(facts, "parent_capacity_concern", True)),
    ]
    nvr_cautions: list[Caution] = [
        (
            "domestic_abuse_safety_planning",
            both(
                fact_is(facts, "dv_exposure", True),
                fact_is(facts, "perpetrator_in_household", True),
            ),
        )
    ]
    dv: list[Criterion] = [
        ("age", "inclusion", known(t["dv_min_age"] <= age <= t["dv_max_age"])),
        ("dv_exposure", "inclusion", fact_is(facts, "dv_exposure", True)),
        ("perpetrator_in_household", "exclusion", fact_is(facts, "perpetrator_in_household", True)),
        ("high_dv_risk", "exclusion", fact_is(facts, "dv_risk_level", "high")),
        ("family_in_crisis", "exclusion", fact_is(facts, "family_in_crisis", True)),
        (
            "needs_other_therapy_first",
            "exclusion",
            fact_is(facts, "needs_other_therapy_first", True),
        ),
    ]
    dv_cautions: list[Caution] = [
        ("mother_will_not_attend", fact_is(facts, "mother_will_attend", False))
    ]
    return {"fft": (fft, []), "nvr": (nvr, nvr_cautions), "dv_groups": (dv, dv_cautions)}


def _outcome(value: bool | None) -> str:
    return {True: "met", False: "not_met", None: "unknown"}[value]


def decide(
    request: EligibilityRequest,
    thresholds: dict[str, int] | None = None,
) -> dict[str, OracleDecision]:
    """Decide the three programmes for a request, the way the rule set words its criteria."""
    age = age_in_years(request.date_of_birth, request.on)
    order = list(AssessmentFacts.model_fields)
    decisions = {}
    programmes = _programmes(request.facts, age, thresholds or THRESHOLDS_2026_1)
    for programme, (criteria, cautions) in programmes.items():
        if any(kind == "exclusion" and value is True for _, kind, (value, _) in criteria):
            status = "ineligible"
        elif any(kind == "inclusion" and value is False for _, kind, (value, _) in criteria):
            status = "ineligible"
        elif any(value is None for _, _, (value, _) in criteria):
            status = "needs_information"
        else:
            status = "eligible"
        missing: set[str] = set()
        if status == "needs_information":
            for _, _, (value, blame) in criteria:
                if value is None:
                    missing |= blame
        decisions[programme] = OracleDecision(
            status=status,
            criteria=[(cid, kind, _outcome(value)) for cid, kind, (value, _) in criteria],
            missing_facts=sorted(missing, key=order.index),
            cautions=[cid for cid, (value, _) in cautions if value is True],
        )
    return decisions


def differences(decisions: EligibilityDecisions, expected: dict[str, OracleDecision]) -> list[str]:
    """Return how the engine's decisions differ from the oracle's (empty when they agree).

    Args:
        decisions: The engine's decisions.
        expected: The oracle's decisions, keyed by programme id.

    Returns:
        One line per programme and aspect that differs.
    """
    found = []
    for programme, decision in decisions.by_programme().items():
        theirs = expected[programme.value]
        mine = {
            "status": decision.status.value,
            "criteria": [(c.id, c.kind.value, c.outcome.value) for c in decision.criteria],
            "missing_facts": decision.missing_facts,
            "cautions": [c.id for c in decision.cautions],
        }
        for aspect, value in mine.items():
            wanted = getattr(theirs, aspect)
            if value != wanted:
                found.append(f"{programme.value} {aspect}: rules {value}, oracle {wanted}")
    return found
