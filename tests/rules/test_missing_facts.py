"""A decision a caseworker can read: which facts to collect, and plain-English criteria."""

from datetime import date

import pytest

from contracts.facts import AssessmentFacts, EligibilityRequest
from rules import evaluate
from tests.rules.helpers import born_aged

ON = date(2026, 6, 15)


def test_a_child_with_missing_facts_is_told_exactly_which_to_collect() -> None:
    # A 12-year-old after a first assessment: home life known, little else.
    facts = AssessmentFacts(
        lives_with_caregiver=False,
        placement="foster",
        child_to_parent_violence=True,
        dv_exposure=True,
        perpetrator_in_household=False,
    )
    decisions = evaluate(EligibilityRequest(date_of_birth=born_aged(12, ON), facts=facts, on=ON))
    assert {p.value: d.status.value for p, d in decisions.by_programme().items()} == {
        "fft": "needs_information",
        "nvr": "needs_information",
        "dv_groups": "needs_information",
        "violence_reduction": "needs_information",
    }
    assert decisions.fft.missing_facts == [
        "caregiver_willing_to_engage",
        "expected_return_home_weeks",
        "acute_psychiatric_illness",
        "sex_offending_only",
    ]
    assert decisions.nvr.missing_facts == ["parent_commits_to_programme", "parent_capacity_concern"]
    assert decisions.dv_groups.missing_facts == [
        "dv_risk_level",
        "family_in_crisis",
        "needs_other_therapy_first",
    ]
    assert decisions.violence_reduction is not None
    assert decisions.violence_reduction.missing_facts == [
        "acute_psychiatric_illness",
        "family_in_crisis",
        "needs_other_therapy_first",
        "index_offence_group",
        "serious_violence_risk",
    ]


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        pytest.param(
            {},
            {
                "fft": [
                    "lives_with_caregiver",
                    "caregiver_willing_to_engage",
                    "placement",
                    "expected_return_home_weeks",
                    "acute_psychiatric_illness",
                    "sex_offending_only",
                ],
                "nvr": [
                    "child_to_parent_violence",
                    "parent_commits_to_programme",
                    "parent_capacity_concern",
                ],
                "dv_groups": [
                    "dv_exposure",
                    "perpetrator_in_household",
                    "dv_risk_level",
                    "family_in_crisis",
                    "needs_other_therapy_first",
                ],
            },
            id="with nothing recorded every fact a criterion tests is asked for",
        ),
        pytest.param(
            {
                "mother_will_attend": None,
                "dv_exposure": True,
                "perpetrator_in_household": False,
                "dv_risk_level": "medium",
                "family_in_crisis": False,
                "needs_other_therapy_first": False,
            },
            {"dv_groups": []},
            id="a caution's fact is never asked for",
        ),
    ],
)
def test_missing_facts_name_only_what_matters(
    facts: dict[str, object], missing: dict[str, list[str]]
) -> None:
    request = EligibilityRequest(
        date_of_birth=born_aged(12, ON), facts=AssessmentFacts.model_validate(facts), on=ON
    )
    decisions = evaluate(request)
    for programme, names in missing.items():
        assert getattr(decisions, programme).missing_facts == names


def test_every_description_is_plain_english_with_the_thresholds_filled_in() -> None:
    decisions = evaluate(EligibilityRequest(date_of_birth=born_aged(12, ON), on=ON))
    for decision in decisions.by_programme().values():
        for criterion in decision.criteria:
            assert criterion.description.endswith(".")
            assert "{" not in criterion.description
    assert decisions.fft.criteria[1].description == (
        "The child lives with a caregiver, or is expected home within 12 weeks."
    )
    assert decisions.dv_groups.criteria[0].description == (
        "The child is aged 4 to 17 on the evaluation date."
    )


def test_the_decision_has_the_api_shape() -> None:
    dumped = evaluate(EligibilityRequest(date_of_birth=born_aged(12, ON), on=ON)).model_dump(
        mode="json"
    )
    assert set(dumped) == {"fft", "nvr", "dv_groups", "violence_reduction"}
    assert set(dumped["fft"]) >= {
        "status",
        "criteria",
        "missing_facts",
        "cautions",
        "ruleset_version",
    }
    assert set(dumped["fft"]["criteria"][0]) >= {"id", "description", "outcome", "facts"}
    assert dumped["fft"]["ruleset_version"] == "2026.1"
    assert dumped["fft"]["evaluated_on"] == "2026-06-15"
