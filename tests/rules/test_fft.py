"""FFT: every criterion of rule set 2026.1, both sides of every threshold, every unknown path."""

from typing import Any

import pytest

from tests.rules.helpers import check, decide

ELIGIBLE = {
    "lives_with_caregiver": True,
    "caregiver_willing_to_engage": True,
    "placement": "home",
    "acute_psychiatric_illness": False,
    "sex_offending_only": False,
}


def case(age: int = 12, **changes: Any) -> dict[str, Any]:
    facts = {**ELIGIBLE, **changes}
    return {"age": age, "facts": {k: v for k, v in facts.items() if v is not ...}}


UNKNOWN = ...  # leave the fact unrecorded

CASES = [
    pytest.param(
        case(9), "ineligible", {"age": "not_met"}, [], id="a 9-year-old is too young for FFT"
    ),
    pytest.param(case(10), "eligible", {"age": "met"}, [], id="a 10-year-old can have FFT"),
    pytest.param(case(17), "eligible", {"age": "met"}, [], id="a 17-year-old can have FFT"),
    pytest.param(
        case(18), "ineligible", {"age": "not_met"}, [], id="an 18-year-old is too old for FFT"
    ),
    pytest.param(
        case(lives_with_caregiver=False, expected_return_home_weeks=12),
        "eligible",
        {"lives_with_caregiver_or_returning_home": "met"},
        [],
        id="a child expected home in 12 weeks counts as living with a caregiver",
    ),
    pytest.param(
        case(lives_with_caregiver=False, expected_return_home_weeks=13),
        "ineligible",
        {"lives_with_caregiver_or_returning_home": "not_met"},
        [],
        id="a child not home for 13 weeks and not living with a caregiver is ineligible",
    ),
    pytest.param(
        case(lives_with_caregiver=False, expected_return_home_weeks=0),
        "eligible",
        {"lives_with_caregiver_or_returning_home": "met"},
        [],
        id="a child going home this week counts as living with a caregiver",
    ),
    pytest.param(
        case(lives_with_caregiver=False),
        "needs_information",
        {"lives_with_caregiver_or_returning_home": "unknown"},
        ["expected_return_home_weeks"],
        id="a child away from a caregiver with no return date needs the weeks until home",
    ),
    pytest.param(
        case(lives_with_caregiver=UNKNOWN, expected_return_home_weeks=13),
        "needs_information",
        {"lives_with_caregiver_or_returning_home": "unknown"},
        ["lives_with_caregiver"],
        id="a child not home for 13 weeks needs to know whether they live with a caregiver",
    ),
    pytest.param(
        case(lives_with_caregiver=UNKNOWN),
        "needs_information",
        {"lives_with_caregiver_or_returning_home": "unknown"},
        ["lives_with_caregiver", "expected_return_home_weeks"],
        id="with neither living arrangement nor return date known both are asked for",
    ),
    pytest.param(
        case(lives_with_caregiver=UNKNOWN, expected_return_home_weeks=12),
        "eligible",
        {"lives_with_caregiver_or_returning_home": "met"},
        [],
        id="a return home within 12 weeks is enough without knowing the living arrangement",
    ),
    pytest.param(
        case(caregiver_willing_to_engage=False),
        "ineligible",
        {"caregiver_willing_to_engage": "not_met"},
        [],
        id="a child whose caregiver will not engage is ineligible",
    ),
    pytest.param(
        case(caregiver_willing_to_engage=UNKNOWN),
        "needs_information",
        {"caregiver_willing_to_engage": "unknown"},
        ["caregiver_willing_to_engage"],
        id="an unknown caregiver willingness needs information",
    ),
    pytest.param(
        case(acute_psychiatric_illness=True),
        "ineligible",
        {"acute_psychiatric_illness": "met"},
        [],
        id="acute psychiatric illness excludes a child from FFT",
    ),
    pytest.param(
        case(acute_psychiatric_illness=UNKNOWN),
        "needs_information",
        {"acute_psychiatric_illness": "unknown"},
        ["acute_psychiatric_illness"],
        id="an unrecorded psychiatric illness needs information",
    ),
    pytest.param(
        case(sex_offending_only=True),
        "ineligible",
        {"sex_offending_only": "met"},
        [],
        id="sexual offending only excludes a child from FFT",
    ),
    pytest.param(
        case(sex_offending_only=UNKNOWN),
        "needs_information",
        {"sex_offending_only": "unknown"},
        ["sex_offending_only"],
        id="unrecorded sexual-offending-only needs information",
    ),
    *[
        pytest.param(
            case(placement=placement),
            "ineligible",
            {"placement_away_from_family": "met"},
            [],
            id=f"a child in a {placement} placement is ineligible",
        )
        for placement in ("residential", "secure", "inpatient", "independent")
    ],
    *[
        pytest.param(
            case(placement=placement),
            "eligible",
            {"placement_away_from_family": "not_met", "custody_without_return_home": "not_met"},
            [],
            id=f"a child in a {placement} placement can have FFT",
        )
        for placement in ("home", "kinship", "foster")
    ],
    pytest.param(
        case(placement=UNKNOWN),
        "needs_information",
        {"placement_away_from_family": "unknown", "custody_without_return_home": "unknown"},
        ["placement"],
        id="an unknown placement needs information",
    ),
    pytest.param(
        case(placement=UNKNOWN, expected_return_home_weeks=12),
        "needs_information",
        {"placement_away_from_family": "unknown", "custody_without_return_home": "not_met"},
        ["placement"],
        id="an unknown placement with a return home in 12 weeks rules out custody alone",
    ),
    pytest.param(
        case(placement=UNKNOWN, expected_return_home_weeks=13),
        "needs_information",
        {"custody_without_return_home": "unknown"},
        ["placement"],
        id="an unknown placement with 13 weeks until home needs the placement only",
    ),
    pytest.param(
        case(placement="custody", lives_with_caregiver=False),
        "ineligible",
        {"custody_without_return_home": "met", "lives_with_caregiver_or_returning_home": "unknown"},
        [],
        id="a child in custody with no return date is excluded, not asked for the date",
    ),
    pytest.param(
        case(placement="custody"),
        "ineligible",
        {"custody_without_return_home": "met"},
        [],
        id="a child in custody with no return date is excluded even if living with a caregiver",
    ),
    pytest.param(
        case(placement="custody", lives_with_caregiver=False, expected_return_home_weeks=13),
        "ineligible",
        {"custody_without_return_home": "met"},
        [],
        id="a child in custody for 13 more weeks is ineligible",
    ),
    pytest.param(
        case(placement="custody", lives_with_caregiver=False, expected_return_home_weeks=12),
        "eligible",
        {"custody_without_return_home": "not_met", "placement_away_from_family": "not_met"},
        [],
        id="a child in custody going home within 12 weeks can have FFT",
    ),
    pytest.param(
        case(9, caregiver_willing_to_engage=UNKNOWN, placement=UNKNOWN),
        "ineligible",
        {"age": "not_met"},
        [],
        id="a failed inclusion makes a child ineligible whatever else is unknown",
    ),
    pytest.param(
        case(sex_offending_only=True, lives_with_caregiver=UNKNOWN),
        "ineligible",
        {"sex_offending_only": "met"},
        [],
        id="a met exclusion makes a child ineligible whatever else is unknown",
    ),
]


@pytest.mark.parametrize(("given", "status", "criteria", "missing"), CASES)
def test_fft(
    given: dict[str, Any], status: str, criteria: dict[str, str], missing: list[str]
) -> None:
    decision = decide("fft", given["age"], **given["facts"])
    check(decision, {"status": status, "outcomes": criteria, "missing": missing})
    assert decision.cautions == []


def test_every_fft_criterion_lists_the_facts_it_read() -> None:
    decision = decide("fft", 12, lives_with_caregiver=False, placement="custody")
    facts = {c.id: c.facts for c in decision.criteria}
    assert facts == {
        "age": {"age": 12},
        "lives_with_caregiver_or_returning_home": {
            "lives_with_caregiver": False,
            "expected_return_home_weeks": None,
        },
        "caregiver_willing_to_engage": {"caregiver_willing_to_engage": None},
        "acute_psychiatric_illness": {"acute_psychiatric_illness": None},
        "sex_offending_only": {"sex_offending_only": None},
        "placement_away_from_family": {"placement": "custody"},
        "custody_without_return_home": {"placement": "custody", "expected_return_home_weeks": None},
    }
    kinds = {c.id: c.kind.value for c in decision.criteria}
    assert [k for k, v in kinds.items() if v == "inclusion"] == [
        "age",
        "lives_with_caregiver_or_returning_home",
        "caregiver_willing_to_engage",
    ]
