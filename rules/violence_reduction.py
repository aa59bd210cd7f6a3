"""Violence reduction group work: a trauma-informed programme for children involved in violence.

The programme works with children whose offending is violent (an index offence in the
violence against the person or robbery groups) or whom an assessment finds at risk of
involvement in serious violence. It starts with one-to-one sessions, so that the child feels
safe with the worker before meeting other children, then runs weekly group sessions
(`structure`). Because it is a group, the same things that make the DV Community Groups unsafe
or wrong for now rule a child out here: a family in crisis, a child who needs another therapy
first; and, as for FFT, an acute psychiatric illness, which must be treated first. A child in
custody can start the one-to-one sessions, but not the group until released (a caution). A
dated criterion shows how a service adds one from a date: excluding a child whose offending is
sexual offending only is off in rule set 2026.1, and on in a version that switches it on.

Sources: the offence groups are the Youth Justice Statistics' (Youth Justice Board and Ministry
of Justice, "A Guide to Youth Justice Statistics", section 4.5, "Offence Classifications"),
as `contracts.offences` keeps them; "serious violence" is the Serious Violence Duty's concern
(Police, Crime, Sentencing and Courts Act 2022, Part 2, Chapter 1, and the Home Office's
Serious Violence Duty statutory guidance, 2022), and the risk is the assessment's finding
(AssetPlus, "safety and wellbeing" and "risk to others"). The oldest age is the youth justice
system's: youth sentences are for a child aged under 18 when convicted (for a referral order,
Sentencing Act 2020, s. 84(1)(b)). The youngest age, the session counts and the exclusions
are rule set 2026.1's own, for a service to replace with a version of its own; every
threshold is a dated parameter in `rules.parameters` with its reference beside it.
"""

from dataclasses import dataclass

from contracts.common import Programme
from contracts.facts import Placement
from contracts.offences import OffenceGroup
from rules.logic import AgeBetween, AnyOf, IsTrue, OneOf
from rules.parameters import ParameterSet
from rules.programme import Caution, ProgrammeRules, dated_exclusion, exclusion, inclusion

RULES = ProgrammeRules(
    programme=Programme.VIOLENCE_REDUCTION,
    criteria=(
        inclusion(
            "age",
            "The child is aged {vr_min_age} to {vr_max_age} on the evaluation date.",
            AgeBetween("vr_min_age", "vr_max_age"),
        ),
        inclusion(
            "violent_offence_or_serious_violence_risk",
            "The index offence is in the violence against the person or robbery group, or an "
            "assessment found a risk of involvement in serious violence.",
            AnyOf(
                OneOf(
                    "index_offence_group",
                    OffenceGroup.VIOLENCE_AGAINST_THE_PERSON,
                    OffenceGroup.ROBBERY,
                ),
                IsTrue("serious_violence_risk"),
            ),
        ),
        exclusion(
            "acute_psychiatric_illness",
            "The child has an acute psychiatric illness.",
            IsTrue("acute_psychiatric_illness"),
        ),
        exclusion(
            "family_in_crisis",
            "The family is in crisis.",
            IsTrue("family_in_crisis"),
        ),
        exclusion(
            "needs_other_therapy_first",
            "The child needs another therapy first.",
            IsTrue("needs_other_therapy_first"),
        ),
        dated_exclusion(
            "sex_offending_only",
            "The child's offending is sexual offending only: harmful sexual behaviour is "
            "assessed and worked with apart.",
            "vr_exclude_sex_offending_only",
            IsTrue("sex_offending_only"),
        ),
    ),
    cautions=(
        Caution(
            "in_custody",
            "The child is in custody: the one-to-one sessions can start now, the group "
            "sessions only after release.",
            OneOf("placement", Placement.CUSTODY),
        ),
    ),
)
"""The violence reduction group work programme's rule set."""


@dataclass(frozen=True)
class Phase:
    """One phase of the programme: how many sessions, and whether one-to-one or in a group.

    Attributes:
        kind: "one_to_one" or "group".
        sessions: How many sessions, from the rule set version in force.
    """

    kind: str
    sessions: int


def structure(parameters: ParameterSet) -> tuple[Phase, ...]:
    """Return the programme's phases under a rule set version: one-to-one, then group.

    Args:
        parameters: The rule set version in force (its `vr_*_sessions` parameters).

    Returns:
        The one-to-one phase, then the group phase, in the order they run.
    """
    return (
        Phase("one_to_one", parameters.value("vr_one_to_one_sessions")),
        Phase("group", parameters.value("vr_group_sessions")),
    )
