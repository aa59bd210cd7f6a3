"""DV Community Groups Programme: every criterion, the risk-check rule and the caution."""

from typing import Any

import pytest

from tests.rules.helpers import check, decide

ELIGIBLE = {
    "dv_exposure": True,
    "perpetrator_in_household": False,
    "dv_risk_level": "standard",
    "family_in_crisis": False,
    "needs_other_therapy_first": False,
}


def case(age: int = 8, **changes: Any) -> dict[str, Any]:
    facts = {**ELIGIBLE, **changes}
    return {"age": age, "facts": {k: v for k, v in facts.items() if v is not ...}}


CASES = [
    pytest.param(
        case(3),
        {"status": "ineligible", "outcomes": {"age": "not_met"}},
        id="a 3-year-old is too young for the DV groups",
    ),
    pytest.param(
        case(4),
        {"status": "eligible", "outcomes": {"age": "met"}},
        id="a 4-year-old can join the DV groups",
    ),
    pytest.param(
        case(17),
        {"status": "eligible", "outcomes": {"age": "met"}},
        id="a 17-year-old can join the DV groups",
    ),
    pytest.param(
        case(18),
        {"status": "ineligible", "outcomes": {"age": "not_met"}},
        id="an 18-year-old is too old for the DV groups",
    ),
    pytest.param(
        case(dv_exposure=False),
        {"status": "ineligible", "outcomes": {"dv_exposure": "not_met"}},
        id="a child not exposed to domestic abuse is ineligible",
    ),
    pytest.param(
        case(dv_exposure=...),
        {"status": "needs_information", "missing": ["dv_exposure"]},
        id="unrecorded exposure to domestic abuse needs information",
    ),
    pytest.param(
        case(perpetrator_in_household=True),
        {"status": "ineligible", "outcomes": {"perpetrator_in_household": "met"}},
        id="the perpetrator living in the household excludes the family",
    ),
    pytest.param(
        case(perpetrator_in_household=...),
        {"status": "needs_information", "missing": ["perpetrator_in_household"]},
        id="an unknown perpetrator in the household needs information",
    ),
    pytest.param(
        case(dv_risk_level="high"),
        {"status": "ineligible", "outcomes": {"high_dv_risk": "met"}},
        id="a high DASH risk excludes the family",
    ),
    pytest.param(
        case(dv_risk_level="medium"),
        {"status": "eligible", "outcomes": {"high_dv_risk": "not_met"}},
        id="a medium DASH risk does not exclude the family",
    ),
    pytest.param(
        case(dv_risk_level="standard"),
        {"status": "eligible", "outcomes": {"high_dv_risk": "not_met"}},
        id="a standard DASH risk does not exclude the family",
    ),
    pytest.param(
        case(dv_risk_level=...),
        {
            "status": "needs_information",
            "outcomes": {"high_dv_risk": "unknown"},
            "missing": ["dv_risk_level"],
        },
        id="no risk check yet needs information",
    ),
    pytest.param(
        case(dv_risk_level=..., perpetrator_in_household=True),
        {"status": "ineligible", "missing": []},
        id="no risk check yet does not matter when the perpetrator is at home",
    ),
    pytest.param(
        case(3, dv_risk_level=...),
        {"status": "ineligible", "missing": []},
        id="no risk check yet does not matter for a 3-year-old",
    ),
    pytest.param(
        case(dv_risk_level=..., dv_exposure=False),
        {"status": "ineligible", "missing": []},
        id="no risk check yet does not matter without exposure to domestic abuse",
    ),
    pytest.param(
        case(family_in_crisis=True),
        {"status": "ineligible", "outcomes": {"family_in_crisis": "met"}},
        id="a family in crisis is ineligible",
    ),
    pytest.param(
        case(family_in_crisis=...),
        {"status": "needs_information", "missing": ["family_in_crisis"]},
        id="an unknown family crisis needs information",
    ),
    pytest.param(
        case(needs_other_therapy_first=True),
        {"status": "ineligible", "outcomes": {"needs_other_therapy_first": "met"}},
        id="a child needing another therapy first is ineligible",
    ),
    pytest.param(
        case(needs_other_therapy_first=...),
        {"status": "needs_information", "missing": ["needs_other_therapy_first"]},
        id="an unknown need for other therapy needs information",
    ),
    pytest.param(
        case(mother_will_attend=False),
        {"status": "eligible", "cautions": ["mother_will_not_attend"]},
        id="a mother who will not attend gives a caution but keeps the child eligible",
    ),
    pytest.param(
        case(dv_exposure=False, mother_will_attend=False),
        {"status": "ineligible", "cautions": ["mother_will_not_attend"]},
        id="the mothers' group caution is shown with an ineligible status too",
    ),
    pytest.param(
        case(mother_will_attend=True),
        {"status": "eligible", "cautions": []},
        id="a mother who will attend gives no caution",
    ),
    pytest.param(
        case(),
        {"status": "eligible", "cautions": [], "missing": []},
        id="an unknown attendance by the mother gives no caution and asks for nothing",
    ),
]


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_dv_groups(given: dict[str, Any], expected: dict[str, Any]) -> None:
    check(decide("dv_groups", given["age"], **given["facts"]), expected)
