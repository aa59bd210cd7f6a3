"""An independent plain-Python reading of the eligibility rules (rule set 2026.1), an oracle.

It shares nothing with `rules/` but the contracts: its own age arithmetic, its own
three-valued logic and its own copy of the 2026.1 thresholds, read from the programmes'
criteria as `rules/fft.py`, `rules/nvr.py`, `rules/dv_groups.py` and
`rules/violence_reduction.py` state them in words; and Turnaround (`decide_turnaround`), as
`rules/turnaround.py` does, with its own calendar-month arithmetic.
`pathway bench rules` (`benchmarks/rules/`) and the tests compare the engine with it on
thousands of random fact sets.

A judged value is a pair: True, False or None (unknown), and the facts whose being unknown
makes it unknown (empty unless the value is None).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from contracts.eligibility import EligibilityDecisions, ProgrammeDecision
from contracts.facts import AssessmentFacts, EligibilityRequest
from contracts.turnaround import TurnaroundRequest

THRESHOLDS_2026_1 = {
    "fft_min_age": 10,
    "fft_max_age": 17,
    "fft_max_return_home_weeks": 12,
    "nvr_min_age": 10,
    "nvr_max_age": 17,
    "dv_min_age": 4,
    "dv_max_age": 17,
    "vr_min_age": 12,
    "vr_max_age": 17,
    "vr_exclude_sex_offending_only": 0,
    "turnaround_min_age": 10,
    "turnaround_max_age": 17,
    "turnaround_referral_window_months": 3,
    "turnaround_exclude_previous_statutory_order": 0,
    "turnaround_exclude_looked_after": 0,
    "turnaround_exclude_child_protection_plan": 0,
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
    vr: list[Criterion] = [
        ("age", "inclusion", known(t["vr_min_age"] <= age <= t["vr_max_age"])),
        (
            "violent_offence_or_serious_violence_risk",
            "inclusion",
            either(
                fact_is(facts, "index_offence_group", "violence_against_the_person", "robbery"),
                fact_is(facts, "serious_violence_risk", True),
            ),
        ),
        (
            "acute_psychiatric_illness",
            "exclusion",
            fact_is(facts, "acute_psychiatric_illness", True),
        ),
        ("family_in_crisis", "exclusion", fact_is(facts, "family_in_crisis", True)),
        (
            "needs_other_therapy_first",
            "exclusion",
            fact_is(facts, "needs_other_therapy_first", True),
        ),
    ]
    if t["vr_exclude_sex_offending_only"] == 1:  # a dated criterion: listed only when on
        vr.append(("sex_offending_only", "exclusion", fact_is(facts, "sex_offending_only", True)))
    vr_cautions: list[Caution] = [("in_custody", fact_is(facts, "placement", "custody"))]
    return {
        "fft": (fft, []),
        "nvr": (nvr, nvr_cautions),
        "dv_groups": (dv, dv_cautions),
        "violence_reduction": (vr, vr_cautions),
    }


def _outcome(value: bool | None) -> str:
    return {True: "met", False: "not_met", None: "unknown"}[value]


def decide(
    request: EligibilityRequest,
    thresholds: dict[str, int] | None = None,
) -> dict[str, OracleDecision]:
    """Decide every programme for a request, the way the rule set words its criteria."""
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
    decided = {programme.value for programme in decisions.by_programme()}
    if decided != set(expected):
        found.append(f"programmes: rules {sorted(decided)}, oracle {sorted(expected)}")
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


_TURNAROUND_TRIGGERS = (
    "asb_warning_or_civil_order",
    "interview_under_caution",
    "no_further_action",
    "community_resolution",
    "first_youth_caution",
    "released_under_investigation_or_pre_charge_bail",
    "court_discharge",
    "court_acquittal",
    "court_fine",
)


def window_ends(trigger_date: date, months: int) -> date:
    """The last day a referral is in time: the same day `months` later, or that month's last."""
    index = trigger_date.year * 12 + trigger_date.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(trigger_date.day, last))


def decide_turnaround(
    request: TurnaroundRequest, thresholds: dict[str, int] | None = None
) -> OracleDecision:
    """Decide Turnaround for a request, the way `rules/turnaround.py` words its criteria.

    Missing facts are named as `TurnaroundFacts` names them: the dates, not what the engine
    derives from them.
    """
    t = thresholds or THRESHOLDS_2026_1
    facts = request.facts

    def unknown(*names: str) -> Judged:
        return None, frozenset(n for n in names if getattr(facts, n) is None)

    if facts.trigger_date is None:
        age: Judged = unknown("trigger_date")
    else:
        years = age_in_years(request.date_of_birth, facts.trigger_date)
        age = known(t["turnaround_min_age"] <= years <= t["turnaround_max_age"])
    trigger = (
        unknown("trigger")
        if facts.trigger is None
        else known(facts.trigger.value in _TURNAROUND_TRIGGERS)
    )
    if facts.trigger_date is None or facts.referred_on is None:
        window = unknown("trigger_date", "referred_on")
    else:
        ends = window_ends(facts.trigger_date, t["turnaround_referral_window_months"])
        window = known(facts.referred_on <= ends)
    previous = facts.previous_turnaround_referral_on
    once = (
        unknown("previous_turnaround_referral_on")
        if previous is None
        else known(previous != "none")
    )
    criteria: list[Criterion] = [
        ("age_at_trigger", "inclusion", age),
        ("trigger", "inclusion", trigger),
        ("referred_within_window", "inclusion", window),
        ("once_only", "exclusion", once),
    ]
    for name in ("previous_statutory_order", "looked_after", "child_protection_plan"):
        if t[f"turnaround_exclude_{name}"] == 1:  # a local exclusion: listed only when on
            value = getattr(facts, name)
            judged = unknown(name) if value is None else known(value is True)
            criteria.append((name, "exclusion", judged))
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
    order = list(type(facts).model_fields)
    return OracleDecision(
        status=status,
        criteria=[(cid, kind, _outcome(value)) for cid, kind, (value, _) in criteria],
        missing_facts=sorted(missing, key=order.index),
        cautions=[],
    )


def turnaround_differences(decision: ProgrammeDecision, expected: OracleDecision) -> list[str]:
    """Return how the engine's Turnaround decision differs from the oracle's (empty: agree)."""
    mine = {
        "status": decision.status.value,
        "criteria": [(c.id, c.kind.value, c.outcome.value) for c in decision.criteria],
        "missing_facts": decision.missing_facts,
        "cautions": [c.id for c in decision.cautions],
    }
    return [
        f"turnaround {aspect}: rules {value}, oracle {getattr(expected, aspect)}"
        for aspect, value in mine.items()
        if value != getattr(expected, aspect)
    ]
