"""DV Community Groups Programme: concurrent groups for children and mothers after domestic abuse.

Children aged 4-17 who have been exposed to domestic abuse meet in groups while their mothers
meet in a parallel group. The groups are not safe while the perpetrator lives in the
household or the DASH risk check finds high risk, and not right for a family in crisis or a
child who needs another therapy first. Until a risk check has been done (the risk level is
unknown) the child needs information, unless another criterion already rules them out. The
mothers' group is desirable but not required: when the mother will not attend, decide case by
case.

Sources: AVA (Against Violence and Abuse), Community Groups programme (children from 4 in
age-specific groups, their mothers in a concurrent group, twelve weekly sessions); NICE
guideline PH50, Domestic violence and abuse: multi-agency working (2014), recommendation 11
(specialist services for children and young people, strengthening their relationship with the
non-abusive parent); SafeLives, Dash risk checklist for the identification of high risk cases
of domestic abuse, stalking and 'honour'-based violence, its recommended referral criteria to
Marac, for the risk level (high: 14 or more of its questions answered yes, or professional
judgement). The upper age is the youth justice system's: youth sentences are for a child aged
under 18 when convicted (for a referral order, Sentencing Act 2020, s. 84(1)(b)). The other
exclusions are rule set 2026.1's own. The age band is a dated parameter in `rules.parameters`.
"""

from contracts.common import Programme
from contracts.facts import DvRiskLevel
from rules.logic import AgeBetween, IsFalse, IsTrue, OneOf
from rules.programme import Caution, ProgrammeRules, exclusion, inclusion

RULES = ProgrammeRules(
    programme=Programme.DV_GROUPS,
    criteria=(
        inclusion(
            "age",
            "The child is aged {dv_min_age} to {dv_max_age} on the evaluation date.",
            AgeBetween("dv_min_age", "dv_max_age"),
        ),
        inclusion(
            "dv_exposure",
            "The child has been exposed to domestic abuse.",
            IsTrue("dv_exposure"),
        ),
        exclusion(
            "perpetrator_in_household",
            "The perpetrator of the domestic abuse lives in the household.",
            IsTrue("perpetrator_in_household"),
        ),
        exclusion(
            "high_dv_risk",
            "The DASH risk check found high risk (unknown until a risk check is done).",
            OneOf("dv_risk_level", DvRiskLevel.HIGH),
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
    ),
    cautions=(
        Caution(
            "mother_will_not_attend",
            "The mother will not attend the mothers' group: it is desirable, so decide case "
            "by case.",
            IsFalse("mother_will_attend"),
        ),
    ),
)
"""The DV Community Groups Programme's rule set."""
