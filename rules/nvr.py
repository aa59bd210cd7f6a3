"""Non-Violent Resistance (NVR): a parent-focused programme for child-to-parent violence.

NVR helps parents resist their child's violence without violence of their own; the child
need not attend. It is for children aged 10-17 who are violent towards a parent, where a
parent commits to the programme, and not where the parent's own illness or substance use
would prevent them completing it. Where the child has been exposed to domestic abuse and the
perpetrator lives in the household, safety planning comes first.

Sources: Haim Omer, Nonviolent Resistance: A New Approach to Violent and Self-Destructive
Children (Cambridge University Press, 2004), the parents' programme; Home Office, Information
guide: adolescent to parent violence and abuse (APVA) (2015), "How to respond: Youth Justice".
The age band is the youth justice system's, as for FFT (`rules.fft`), and a dated parameter in
`rules.parameters`; the parent's capacity and the safety-planning caution are rule set
2026.1's own.
"""

from contracts.common import Programme
from rules.logic import AgeBetween, AllOf, IsTrue
from rules.programme import Caution, ProgrammeRules, exclusion, inclusion

RULES = ProgrammeRules(
    programme=Programme.NVR,
    criteria=(
        inclusion(
            "age",
            "The child is aged {nvr_min_age} to {nvr_max_age} on the evaluation date.",
            AgeBetween("nvr_min_age", "nvr_max_age"),
        ),
        inclusion(
            "child_to_parent_violence",
            "The child is violent or abusive towards a parent.",
            IsTrue("child_to_parent_violence"),
        ),
        inclusion(
            "parent_commits_to_programme",
            "A parent commits to the programme (the child need not attend).",
            IsTrue("parent_commits_to_programme"),
        ),
        exclusion(
            "parent_capacity_concern",
            "The parent's own illness or substance use would prevent them completing the "
            "programme.",
            IsTrue("parent_capacity_concern"),
        ),
    ),
    cautions=(
        Caution(
            "domestic_abuse_safety_planning",
            "The child has been exposed to domestic abuse and the perpetrator lives in the "
            "household: plan for safety first.",
            AllOf(IsTrue("dv_exposure"), IsTrue("perpetrator_in_household")),
        ),
    ),
)
"""NVR's rule set."""
