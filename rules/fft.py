"""Functional Family Therapy (FFT): family therapy for 10-17s with a caregiver who will take part.

FFT works with the child and their family together at home, so the child must live with a
caregiver (or be going home soon) and a caregiver must be willing to engage. It is not for a
child whose acute psychiatric illness needs treating first, whose offending is sexual
offending only, or who lives away from family in residential, secure, inpatient or
independent placements, or in custody with no return home in sight.

Sources: Pathway DESIGN.md, section "Eligibility rules", default rule set 2026.1; the
thresholds (age band, weeks until home) are dated parameters in `rules.parameters`.
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
