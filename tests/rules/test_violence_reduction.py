"""Violence reduction group work: every criterion true, false and unknown; both sides of a change."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from rules.parameters import (
    DEFAULT_2026_1,
    ParameterSet,
    parameters_on,
    register_parameter_set,
    unregister_parameter_set,
)
from rules.violence_reduction import Phase, structure
from tests.rules.helpers import check, decide

ELIGIBLE = {
    "index_offence_group": "violence_against_the_person",
    "serious_violence_risk": False,
    "acute_psychiatric_illness": False,
    "family_in_crisis": False,
    "needs_other_therapy_first": False,
}
VR = "violence_reduction"


def case(age: int = 14, **changes: Any) -> dict[str, Any]:
    facts = {**ELIGIBLE, **changes}
    return {"age": age, "facts": {k: v for k, v in facts.items() if v is not ...}}


CASES = [
    pytest.param(
        case(11),
        {"status": "ineligible", "outcomes": {"age": "not_met"}},
        id="an 11-year-old is too young for the violence reduction groups",
    ),
    pytest.param(
        case(12),
        {"status": "eligible", "outcomes": {"age": "met"}},
        id="a 12-year-old can join the violence reduction groups",
    ),
    pytest.param(
        case(17),
        {"status": "eligible", "outcomes": {"age": "met"}},
        id="a 17-year-old can join the violence reduction groups",
    ),
    pytest.param(
        case(18),
        {"status": "ineligible", "outcomes": {"age": "not_met"}},
        id="an 18-year-old is too old for the violence reduction groups",
    ),
    pytest.param(
        case(index_offence_group="robbery"),
        {"status": "eligible", "outcomes": {"violent_offence_or_serious_violence_risk": "met"}},
        id="a robbery index offence is a way in",
    ),
    pytest.param(
        case(index_offence_group="theft_and_handling", serious_violence_risk=False),
        {
            "status": "ineligible",
            "outcomes": {"violent_offence_or_serious_violence_risk": "not_met"},
        },
        id="a theft index offence with no risk of serious violence is ineligible",
    ),
    pytest.param(
        case(index_offence_group="theft_and_handling", serious_violence_risk=True),
        {"status": "eligible", "outcomes": {"violent_offence_or_serious_violence_risk": "met"}},
        id="a risk of serious violence is a way in whatever the offence",
    ),
    pytest.param(
        case(index_offence_group=..., serious_violence_risk=True),
        {"status": "eligible", "missing": []},
        id="an unknown offence group does not matter when the risk of serious violence is found",
    ),
    pytest.param(
        case(index_offence_group=..., serious_violence_risk=False),
        {
            "status": "needs_information",
            "outcomes": {"violent_offence_or_serious_violence_risk": "unknown"},
            "missing": ["index_offence_group"],
        },
        id="no risk of serious violence and an unknown offence group needs the offence group",
    ),
    pytest.param(
        case(index_offence_group="violence_against_the_person", serious_violence_risk=...),
        {"status": "eligible", "missing": []},
        id="an unknown risk does not matter when the index offence is violent",
    ),
    pytest.param(
        case(index_offence_group="drugs", serious_violence_risk=...),
        {"status": "needs_information", "missing": ["serious_violence_risk"]},
        id="a drugs index offence and an unknown risk needs the risk assessed",
    ),
    pytest.param(
        case(index_offence_group=..., serious_violence_risk=...),
        {
            "status": "needs_information",
            "missing": ["index_offence_group", "serious_violence_risk"],
        },
        id="neither offence group nor risk known needs both",
    ),
    pytest.param(
        case(acute_psychiatric_illness=True),
        {"status": "ineligible", "outcomes": {"acute_psychiatric_illness": "met"}},
        id="an acute psychiatric illness excludes the child from the group",
    ),
    pytest.param(
        case(acute_psychiatric_illness=...),
        {"status": "needs_information", "missing": ["acute_psychiatric_illness"]},
        id="an unknown psychiatric illness needs information",
    ),
    pytest.param(
        case(family_in_crisis=True),
        {"status": "ineligible", "outcomes": {"family_in_crisis": "met"}},
        id="a family in crisis is ineligible, as for the DV groups",
    ),
    pytest.param(
        case(family_in_crisis=...),
        {"status": "needs_information", "missing": ["family_in_crisis"]},
        id="an unknown family crisis needs information",
    ),
    pytest.param(
        case(needs_other_therapy_first=True),
        {"status": "ineligible", "outcomes": {"needs_other_therapy_first": "met"}},
        id="a child needing another therapy first is ineligible, as for the DV groups",
    ),
    pytest.param(
        case(needs_other_therapy_first=...),
        {"status": "needs_information", "missing": ["needs_other_therapy_first"]},
        id="an unknown need for other therapy needs information",
    ),
    pytest.param(
        case(11, family_in_crisis=..., index_offence_group=...),
        {"status": "ineligible", "missing": []},
        id="unknown facts do not matter for a child too young for the groups",
    ),
    pytest.param(
        case(placement="custody"),
        {"status": "eligible", "cautions": ["in_custody"]},
        id="a child in custody is eligible with a caution: group sessions after release",
    ),
    pytest.param(
        case(placement="home"),
        {"status": "eligible", "cautions": []},
        id="a child at home gives no caution",
    ),
    pytest.param(
        case(),
        {"status": "eligible", "cautions": [], "missing": []},
        id="an unknown placement gives no caution and asks for nothing",
    ),
]


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_violence_reduction(given: dict[str, Any], expected: dict[str, Any]) -> None:
    check(decide(VR, given["age"], **given["facts"]), expected)


def test_each_criterion_lists_the_facts_it_read() -> None:
    decision = decide(VR, 14, **ELIGIBLE)
    facts = {c.id: c.facts for c in decision.criteria}
    assert facts["age"] == {"age": 14}
    assert facts["violent_offence_or_serious_violence_risk"] == {
        "index_offence_group": "violence_against_the_person",
        "serious_violence_risk": False,
    }
    assert [c.description for c in decision.criteria][0] == (
        "The child is aged 12 to 17 on the evaluation date."
    )


@pytest.fixture
def vr_from_13() -> Iterator[ParameterSet]:
    """A service's rule set 2027.2 from 1 June 2027: the groups from 13, with 4 one-to-ones."""
    added = DEFAULT_2026_1.derive(
        version="2027.2", effective_from=date(2027, 6, 1), vr_min_age=13, vr_one_to_one_sessions=4
    )
    register_parameter_set(added)
    yield added
    unregister_parameter_set("2027.2")


@pytest.mark.parametrize(
    ("on", "status", "version"),
    [
        pytest.param(
            date(2027, 5, 31),
            "eligible",
            "2026.1",
            id="a 12-year-old can join the groups the day before 2027.2 takes effect",
        ),
        pytest.param(
            date(2027, 6, 1),
            "ineligible",
            "2027.2",
            id="a 12-year-old is too young for the groups on the day 2027.2 takes effect",
        ),
    ],
)
def test_the_age_band_in_force_on_the_date_applies(
    vr_from_13: ParameterSet, on: date, status: str, version: str
) -> None:
    decision = decide(VR, 12, on, **ELIGIBLE)
    assert (decision.status.value, decision.ruleset_version) == (status, version)
    expected_youngest = 13 if version == "2027.2" else 12
    assert decision.criteria[0].description == (
        f"The child is aged {expected_youngest} to 17 on the evaluation date."
    )


def test_the_programme_is_one_to_one_sessions_then_group_sessions(
    vr_from_13: ParameterSet,
) -> None:
    assert structure(parameters_on(date(2027, 5, 31))) == (
        Phase("one_to_one", 3),
        Phase("group", 10),
    )
    assert structure(parameters_on(date(2027, 6, 1))) == (
        Phase("one_to_one", 4),
        Phase("group", 10),
    )


def test_every_threshold_names_its_source() -> None:
    for name in ("vr_min_age", "vr_max_age", "vr_one_to_one_sessions", "vr_group_sessions"):
        assert DEFAULT_2026_1.parameters[name].reference, name
    assert "Sentencing Act 2020" in DEFAULT_2026_1.parameters["vr_max_age"].reference


@pytest.fixture
def sex_offending_excluded() -> Iterator[ParameterSet]:
    """A service's rule set 2027.3 from 1 September 2027: the dated exclusion switched on."""
    added = DEFAULT_2026_1.derive(
        version="2027.3", effective_from=date(2027, 9, 1), vr_exclude_sex_offending_only=1
    )
    register_parameter_set(added)
    yield added
    unregister_parameter_set("2027.3")


DATED = [
    pytest.param(
        date(2027, 8, 31),
        {"sex_offending_only": True},
        {"status": "eligible", "missing": []},
        False,
        id="before the dated exclusion, sexual offending only does not exclude, and is not listed",
    ),
    pytest.param(
        date(2027, 8, 31),
        {},
        {"status": "eligible", "missing": []},
        False,
        id="before the dated exclusion, an unknown sexual offending only asks for nothing",
    ),
    pytest.param(
        date(2027, 9, 1),
        {"sex_offending_only": True},
        {"status": "ineligible", "outcomes": {"sex_offending_only": "met"}},
        True,
        id="from the dated exclusion, sexual offending only excludes the child",
    ),
    pytest.param(
        date(2027, 9, 1),
        {"sex_offending_only": False},
        {"status": "eligible", "outcomes": {"sex_offending_only": "not_met"}},
        True,
        id="from the dated exclusion, other offending does not exclude the child",
    ),
    pytest.param(
        date(2027, 9, 1),
        {},
        {
            "status": "needs_information",
            "outcomes": {"sex_offending_only": "unknown"},
            "missing": ["sex_offending_only"],
        },
        True,
        id="from the dated exclusion, an unknown sexual offending only needs information",
    ),
]


@pytest.mark.parametrize(("on", "facts", "expected", "listed"), DATED)
def test_a_dated_criterion_applies_from_the_version_that_switches_it_on(
    sex_offending_excluded: ParameterSet,
    on: date,
    facts: dict[str, Any],
    expected: dict[str, Any],
    listed: bool,
) -> None:
    decision = decide(VR, 14, on, **ELIGIBLE, **facts)
    check(decision, expected)
    assert ("sex_offending_only" in {c.id for c in decision.criteria}) is listed


def test_a_switch_is_zero_or_one() -> None:
    with pytest.raises(ValueError, match="vr_exclude_sex_offending_only is a switch"):
        DEFAULT_2026_1.derive(
            version="x", effective_from=date(2027, 1, 1), vr_exclude_sex_offending_only=2
        )
