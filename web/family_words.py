"""Words that reach a family's page from data, marked so Babel extracts them for translation.

The tables they come from (`web.labels.DISPOSALS`, the contract's elements, the default
agencies, the roles in the header) are shared with the staff pages and the contracts, so they
are listed here rather than marked in place; `tests/web/test_welsh_catalogue.py` fails if a
table gains a word this list lacks. The steps' family words are marked where they are written
(`web.casepage.FAMILY_WORDS`).
"""

from web.i18n import N_

FROM_DATA: tuple[str, ...] = (
    # `web.labels.DISPOSALS`: "The referral order runs until ...".
    N_("Referral order"),
    N_("Youth rehabilitation order"),
    N_("Detention and training order"),
    N_("Diversion or prevention"),
    # `web.restorative_forms.ELEMENTS`: what a referral order's contract includes.
    N_("Reparation to the victim"),
    N_("Mediation with the victim"),
    N_("Reparation to the community"),
    N_("Another restorative activity"),
    N_("Education, training or work"),
    N_("Work on offending behaviour"),
    N_("Work on drug or alcohol use"),
    N_("Work with the family"),
    N_("Being at home at set times"),
    N_("Staying away from places or people"),
    N_("Something else (say in the terms)"),
    # `contracts.formulation.DEFAULT_AGENCIES`: who owns an agreed action.
    N_("Youth justice service"),
    N_("Police"),
    N_("Children's social care"),
    N_("Education (school or college)"),
    N_("Health"),
    N_("Child and adolescent mental health services (CAMHS)"),
    N_("Speech and language therapy"),
    N_("Substance misuse service"),
    N_("Housing"),
    N_("Probation"),
    N_("Voluntary or community organisation"),
    # `access.Role`: who is signed in, in the header.
    N_("caseworker"),
    N_("supervisor"),
    N_("auditor"),
    N_("integrator"),
)
