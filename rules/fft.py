"""Functional Family Therapy (FFT): family therapy for 10-17s with a caregiver who will take part.

FFT works with the child and their family together at home, so the child must live with a
caregiver (or be going home soon) and a caregiver must be willing to engage. It is not for a
child whose acute psychiatric illness needs treating first, whose offending is sexual
offending only, or who lives away from family in residential, secure, inpatient or
independent placements, or in custody with no return home in sight.

Sources: FFT LLC's published criteria for Functional Family Therapy (youth of 11 to 18 with a
family system to work with; not for youth in inpatient, residential or congregate living
settings, or with acute psychosis or severe psychiatric illness). The age band is the youth
justice system's, 10 to 17: no child under 10 can be guilty of an offence (Children and Young
Persons Act 1933, s. 50), and youth sentences are for a child aged under 18 when convicted
(for a referral order, Sentencing Act 2020, s. 84(1)(b)). The rest (sexual offending only,
the weeks until home) is rule set 2026.1's own, for a provider to replace with a version of
its own. The thresholds are dated parameters in `rules.parameters`.
"""

from contracts.common import Programme
from contracts.facts import Placement
from rules.logic import AgeBetween, AllOf, AnyOf, AtMost, IsTrue, IsUnknown, MoreThan, OneOf
from rules.programme import ProgrammeRules, exclusion, inclusion

RULES = ProgrammeRules(
    programme=Programme.FFT,
    criteria=(
        inclusion(
            "age",
            "The child is aged {fft_min_age} to {fft_max_age} on the evaluation date.",
            AgeBetween("fft_min_age", "fft_max_age"),
        ),
        inclusion(
            "lives_with_caregiver_or_returning_home",
            "The child lives with a caregiver, or is expected home within "
            "{fft_max_return_home_weeks} weeks.",
            AnyOf(
                IsTrue("lives_with_caregiver"),
                AtMost("expected_return_home_weeks", "fft_max_return_home_weeks"),
            ),
        ),
        inclusion(
            "caregiver_willing_to_engage",
            "A caregiver is willing to take part in family therapy.",
            IsTrue("caregiver_willing_to_engage"),
        ),
        exclusion(
            "acute_psychiatric_illness",
            "The child has an acute psychiatric illness.",
            IsTrue("acute_psychiatric_illness"),
        ),
        exclusion(
            "sex_offending_only",
            "The child's offending is sexual offending only.",
            IsTrue("sex_offending_only"),
        ),
        exclusion(
            "placement_away_from_family",
            "The child is placed in residential care, secure accommodation, an inpatient "
            "unit or independent living.",
            OneOf(
                "placement",
                Placement.RESIDENTIAL,
                Placement.SECURE,
                Placement.INPATIENT,
                Placement.INDEPENDENT,
            ),
        ),
        exclusion(
            "custody_without_return_home",
            "The child is in custody and is not expected home within "
            "{fft_max_return_home_weeks} weeks, or no return date is known.",
            AllOf(
                OneOf("placement", Placement.CUSTODY),
                AnyOf(
                    IsUnknown("expected_return_home_weeks"),
                    MoreThan("expected_return_home_weeks", "fft_max_return_home_weeks"),
                ),
            ),
        ),
    ),
)
"""FFT's rule set."""
