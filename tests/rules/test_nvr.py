"""NVR: every criterion and the caution, both sides of the age band, every unknown path."""

from typing import Any

import pytest

from tests.rules.helpers import check, decide

ELIGIBLE = {
    "child_to_parent_violence": True,
    "parent_commits_to_programme": True,
    "parent_capacity_concern": False,
}


def case(age: int = 12, **changes: Any) -> dict[str, Any]:
    facts = {**ELIGIBLE, **changes}
    return {"age": age, "facts": {k: v for k, v in facts.items() if v is not ...}}


CASES = [
    pytest.param(
        case(9),
        {"status": "ineligible", "outcomes": {"age": "not_met"}},
        id="a 9-year-old is too young for NVR",
    ),
    pytest.param(
        case(10),
        {"status": "eligible", "outcomes": {"age": "met"}},
        id="a 10-year-old's parents can have NVR",
    ),
    pytest.param(
        case(17),
        {"status": "eligible", "outcomes": {"age": "met"}},
        id="a 17-year-old's parents can have NVR",
    ),
    pytest.param(
        case(18),
        {"status": "ineligible", "outcomes": {"age": "not_met"}},
        id="an 18-year-old is too old for NVR",
    ),
    pytest.param(
        case(child_to_parent_violence=False),
        {"status": "ineligible", "outcomes": {"child_to_parent_violence": "not_met"}},
        id="without child-to-parent violence NVR does not apply",
    ),
    pytest.param(
        case(child_to_parent_violence=...),
        {"status": "needs_information", "missing": ["child_to_parent_violence"]},
        id="unrecorded child-to-parent violence needs information",
    ),
    pytest.param(
        case(parent_commits_to_programme=False),
        {"status": "ineligible", "outcomes": {"parent_commits_to_programme": "not_met"}},
        id="a parent who will not commit makes the family ineligible",
    ),
    pytest.param(
        case(parent_commits_to_programme=...),
        {"status": "needs_information", "missing": ["parent_commits_to_programme"]},
        id="an unknown parental commitment needs information",
    ),
    pytest.param(
        case(parent_capacity_concern=True),
        {"status": "ineligible", "outcomes": {"parent_capacity_concern": "met"}},
        id="a parent too unwell to complete the programme makes the family ineligible",
    ),
    pytest.param(
        case(parent_capacity_concern=...),
        {"status": "needs_information", "missing": ["parent_capacity_concern"]},
        id="an unassessed parental capacity needs information",
    ),
    pytest.param(
        case(
            child_to_parent_violence=...,
            parent_commits_to_programme=...,
            parent_capacity_concern=...,
        ),
        {
            "status": "needs_information",
            "missing": [
                "child_to_parent_violence",
                "parent_commits_to_programme",
                "parent_capacity_concern",
            ],
        },
        id="with nothing recorded every NVR fact is asked for, in the contract's order",
    ),
    pytest.param(
        case(parent_capacity_concern=True, parent_commits_to_programme=...),
        {"status": "ineligible", "missing": []},
        id="a met exclusion needs no more information",
    ),
    pytest.param(
        case(dv_exposure=True, perpetrator_in_household=True),
        {"status": "eligible", "cautions": ["domestic_abuse_safety_planning"]},
        id="domestic abuse with the perpetrator at home cautions safety planning first",
    ),
    pytest.param(
        case(9, dv_exposure=True, perpetrator_in_household=True),
        {"status": "ineligible", "cautions": ["domestic_abuse_safety_planning"]},
        id="the safety caution is shown with an ineligible status too",
    ),
    pytest.param(
        case(dv_exposure=True, perpetrator_in_household=False),
        {"status": "eligible", "cautions": []},
        id="domestic abuse without the perpetrator at home gives no caution",
    ),
    pytest.param(
        case(dv_exposure=True),
        {"status": "eligible", "cautions": [], "missing": []},
        id="an unknown perpetrator gives no caution and asks for nothing",
    ),
    pytest.param(
        case(perpetrator_in_household=True),
        {"status": "eligible", "cautions": []},
        id="an unknown exposure gives no caution",
    ),
]


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_nvr(given: dict[str, Any], expected: dict[str, Any]) -> None:
    check(decide("nvr", given["age"], **given["facts"]), expected)


def test_the_nvr_caution_says_what_to_do() -> None:
    decision = decide("nvr", dv_exposure=True, perpetrator_in_household=True, **ELIGIBLE)
    assert "safety" in decision.cautions[0].description
