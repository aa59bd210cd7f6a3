"""Invented content for a referral order's restorative enquiry, parent work and panels.

Pathways started under the `restorative-2026-12` patch ask for each field
(`workflows.restorative`): the tests, the demo and the benchmarks build these bodies here, so
a change of what is asked is made once. The same content as the bodies' OpenAPI examples.
"""

from datetime import date

from contracts.restorative import FinalPanelBody, ProgressPanelBody
from contracts.steps import InitialPanelBody, ParentRestorativeWorkBody, RestorativeEnquiryBody
from samples.orders import REFLECTION

__all__ = ["MEETING", "enquiry", "final_panel", "initial_panel", "parent_work", "progress_panel"]

# A quorate panel (Sentencing Act 2020, s. 91(4)) with a parent present (s. 90).
MEETING = {"youth_justice_members": 1, "community_panel_members": 2, "parent_attended": True}


def enquiry(on: date) -> RestorativeEnquiryBody:
    """A restorative enquiry done with the child, who is ready for restorative work."""
    return RestorativeEnquiryBody(
        completed_on=on,
        harmed_parties=["direct_victim", "family"],
        child_account="Said he took the phone because his friends dared him.",
        willing_to_do="Write a letter to the victim; help at the community garden.",
        readiness="ready",
    )


def initial_panel(on: date, **overrides: object) -> InitialPanelBody:
    """A quorate initial panel, a parent present, and a contract of two kinds of term."""
    fields: dict[str, object] = {
        **MEETING,
        "contract_elements": ["reparation_to_victim", "education_or_work"],
        "contract_terms": "A letter of apology; attend college every weekday.",
        "bias_reflection": REFLECTION.model_dump(mode="json"),  # the contract is a decision
        **overrides,
    }
    return InitialPanelBody.model_validate({"completed_on": on, **fields})


def parent_work(on: date, **overrides: object) -> ParentRestorativeWorkBody:
    """Restorative work with the child's mother."""
    fields: dict[str, object] = {
        "carer": "mother",
        "harm_addressed": "Arguments at home since the offence.",
        "next_steps": "Meet again after the panel.",
        **overrides,
    }
    return ParentRestorativeWorkBody.model_validate({"completed_on": on, **fields})


def progress_panel(on: date, **overrides: object) -> ProgressPanelBody:
    """A quorate progress panel with a parent present."""
    return ProgressPanelBody.model_validate({"completed_on": on, **MEETING, **overrides})


def final_panel(on: date, **overrides: object) -> FinalPanelBody:
    """A quorate final panel with a parent present."""
    return FinalPanelBody.model_validate({"completed_on": on, **MEETING, **overrides})
