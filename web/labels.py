"""Plain words for the ids the rest of Pathway speaks in: steps, statuses, programmes, orders."""

from datetime import date

from contracts.common import DisposalType, Programme, Step
from contracts.diversion import OUTCOME_NAMES, ConditionStatus, DiversionSource
from contracts.pathway import VictimStage
from contracts.programmes import ParticipantRole, SessionKind
from contracts.referrals import ColleagueRole, GracesAspect, ReferralStatus
from contracts.reflections import DiscussionOutcome, ReflectionStage
from contracts.victims import VictimKind

STEPS: dict[str, str] = {
    Step.ALLOCATION: "Allocation of a case manager",
    Step.FIRST_CONTACT: "First contact with the child and family",
    Step.ASSESSMENT: "Assessment",
    Step.CASE_FORMULATION: "Case formulation meeting",
    Step.RESTORATIVE_ENQUIRY: "Restorative enquiry with the child",
    Step.INITIAL_PANEL: "Initial youth offender panel",
    Step.PARENT_RESTORATIVE_WORK: "Restorative work with the parent or caregiver",
    Step.VICTIM_DETAILS_RECEIVED: "Victim's details received from the police",
    Step.VICTIM_CONTACT: "Contact with the victim",
    Step.VICTIM_RESTORATIVE_OPTION: "Victim's choice of restorative option",
    Step.VICTIM_WITHDRAWAL: "Victim withdrew",
    Step.INTERVENTION_PLAN: "Intervention plan",
    Step.INTERVENTION_REFERRAL: "Referral to FFT, NVR or DV groups",
    Step.CUSTODY_PLANNING: "Custody planning meeting",
    Step.REVIEW: "Review",
    Step.TRANSFER_REQUESTED: "Transfer to another team asked for",
    Step.TRANSFER_ACCEPTED: "Transfer accepted by the receiving team",
    Step.TRANSFER_REFUSED: "Transfer refused by the receiving team",
    Step.TRANSITION_PLANNING: "Transition to probation planning",
    Step.CLOSURE: "Closure",
    Step.RESETTLEMENT_PLANNING: "Resettlement planning meeting",
    Step.RELEASE: "Release from custody",
    "facts": "Assessment facts updated",
    "new_order": "A new order was made",
    "turning_18": "The child turns 18 during this order",
    # Compliance and breach (`workflows.breach`).
    Step.COMPLIANCE_FAILURE: "Failure to comply",
    Step.WARNING_GIVEN: "Warning given",
    Step.BREACH_ACTION: "Breach action",
    Step.BREACH_PANEL: "Panel meeting about a breach",
    Step.COURT_OUTCOME_AWAITED: "Court's decision awaited",
    # Victims one by one (`workflows.victim_tracks`).
    Step.VICTIM_SUITABILITY: "Restorative suitability decision and risk assessment",
    Step.VICTIM_PROGRESS_UPDATE: "Victim given a progress update",
    Step.VICTIM_TOLD_WORK_ENDED: "Victim told the restorative work has ended",
    Step.VICTIM_CONTACT_SCHEME_REFERRAL: "Referral to the Victim Contact Scheme",
    Step.PROGRESS_PANEL: "Progress panel",  # `workflows.restorative`
    Step.FINAL_PANEL: "Final panel",
    "order_change": "The court decided about the order",
    # Programmes as families live them (`workflows.programmes`).
    Step.PROGRAMME_PARTICIPANTS: "Who takes part in a programme",
    Step.SESSION_PLANNED: "Programme session planned",
    Step.SESSION_OUTCOME: "Programme session attended or missed",
    "resentenced": "A new order on re-sentence",
    # Case formulation (issue 18).
    Step.AGREED_ACTION: "Agreed action (case formulation)",
    # The diversion pathway (issue 20, `workflows.diversion_steps`).
    Step.JOINT_DECISION_PANEL: "Joint decision panel",
    Step.DIVERSION_PLAN: "Plan, with the child's own words",
    Step.CONDITION_OUTCOME: "Youth conditional caution condition: complied with or not",
    Step.NONCOMPLIANCE_TO_POLICE: "Condition not complied with: sent back to the police",
    Step.EXIT_PLAN: "Exit plan",
    Step.LANGUAGE_PREFERENCE: "Language for the child and family",  # English or Welsh
}

# Why a version of the case formulation was made (`CaseFormulation.trigger`).
FORMULATION_TRIGGERS: dict[str, str] = {
    "first": "First formulation",
    "review": "Revised after a review",
    "breach": "Revised after a breach",
    "new_order": "Revised after a new order",
    "order_change": "Revised after the court's decision",
}

BREACH_OUTCOMES: dict[str, str] = {
    "continued": "The court continued the order",
    "extended": "The court extended the order",
    "revoked": "The court revoked the order",
    "revoked_and_resentenced": "The court revoked the order and re-sentenced",
    "detention_for_breach": "The court ordered detention for breach",
    "panel_continued": "The panel continued the contract",
}

DISPOSALS: dict[str, str] = {
    DisposalType.REFERRAL_ORDER: "Referral order",
    DisposalType.YOUTH_REHABILITATION_ORDER: "Youth rehabilitation order",
    DisposalType.DETENTION_AND_TRAINING_ORDER: "Detention and training order",
    DisposalType.DIVERSION: "Diversion or prevention",
}

PROGRAMMES: dict[str, str] = {
    Programme.FFT: "Functional Family Therapy (FFT)",
    Programme.NVR: "Non-Violent Resistance (NVR)",
    Programme.DV_GROUPS: "DV Community Groups Programme",
    Programme.VIOLENCE_REDUCTION: "Violence reduction group work",
}

# Status -> (words, GOV.UK tag colour class). Overdue is red, done green.
TASK_TAGS: dict[str, tuple[str, str]] = {
    "open": ("Open", "govuk-tag--blue"),
    "overdue": ("Overdue", "govuk-tag--red"),
    "done": ("Done", "govuk-tag--green"),
    "cancelled": ("Cancelled", "govuk-tag--grey"),
    "not_done": ("Not done", "govuk-tag--grey"),  # cancelled: the work was not done (ADR 0118)
}

ELIGIBILITY_TAGS: dict[str, tuple[str, str]] = {
    "eligible": ("Eligible", "govuk-tag--green"),
    "ineligible": ("Not eligible", "govuk-tag--grey"),
    "needs_information": ("Needs information", "govuk-tag--yellow"),
}

CRITERION_TAGS: dict[str, tuple[str, str]] = {
    "met": ("Met", "govuk-tag--green"),
    "not_met": ("Not met", "govuk-tag--red"),
    "unknown": ("Unknown", "govuk-tag--yellow"),
}

VICTIM_KINDS: dict[str, str] = {
    VictimKind.PERSON: "A person",
    VictimKind.ORGANISATION: "An organisation (a business or body harmed)",
    VictimKind.COMMUNITY: "A community harmed",
}
VICTIM_STAGES: dict[str, str] = {
    VictimStage.AWAITING_DETAILS: "Waiting for the police to pass the victim's details",
    VictimStage.OPTED_OUT: "The victim opted out: never contact them",
    VictimStage.AWAITING_CONTACT: "Details received: contact the victim",
    VictimStage.CONSENTED: "The victim consented: agree a restorative option",
    VictimStage.DECLINED: "The victim declined",
    VictimStage.NO_RESPONSE: "No response from the victim yet",
    VictimStage.OPTION_CHOSEN: "The victim chose a restorative option",
    VictimStage.WITHDRAWN: "The victim withdrew: victim work has ended",
    VictimStage.ENDED: "Victim work has ended",
}

REFERRAL_STATUSES: dict[str, str] = {s.value: s.value.capitalize() for s in ReferralStatus}
GRACES: dict[str, str] = {a.value: a.value.replace("_", " ").capitalize() for a in GracesAspect}


def step_name(step: str) -> str:
    """Return a step id (or timeline kind) in plain words."""
    return STEPS.get(step, step.replace("_", " ").capitalize())


def words(value: object) -> str:
    """Return an id such as `no_response` as `No response`."""
    text = str(value.value if hasattr(value, "value") else value)
    return text.replace("_", " ").capitalize()


def long_date(value: date | None) -> str:
    """Return a date as GOV.UK writes it: 7 April 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def short_date(value: date | None) -> str:
    """Return a date in a table: 7 Apr 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def sentence(reason: str) -> str:
    """Return a refusal reason from the workflow as a sentence a caseworker reads."""
    text = reason.replace("completed_on", "the date").replace("_", " ").strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def percent(value: float | None) -> str:
    """Return a share as a whole percentage, or a dash when there is none."""
    return "–" if value is None else f"{round(value * 100)}%"


def decimal(value: float | None, places: int = 2) -> str:
    """Return a number to a few places, or a dash when there is none."""
    return "–" if value is None else f"{value:.{places}f}"


REFLECTION_STAGES: dict[str, str] = {
    ReflectionStage.ALLOCATION: "Allocation",
    ReflectionStage.CASE_FORMULATION: "Case formulation",
    ReflectionStage.PANEL_CONTRACT: "Panel contract",
    ReflectionStage.PROGRAMME_REFERRAL: "Programme referral",
    ReflectionStage.NO_REFERRAL: "Decision not to refer",
    ReflectionStage.OVERRIDE: "Override of the rules",
    ReflectionStage.COMPLIANCE_WARNING: "Compliance warning",
    ReflectionStage.BREACH_ACTION: "Breach action",
    ReflectionStage.TRANSFER: "Transfer",
    ReflectionStage.CLOSURE: "Closure or early revocation",
    ReflectionStage.RESTORATIVE_SUITABILITY: "Restorative suitability",
    ReflectionStage.OTHER: "Other decision",
}
DISCUSSION_OUTCOMES: dict[str, str] = {
    DiscussionOutcome.DECISION_STANDS: "The decision stands",
    DiscussionOutcome.RECONSIDER: "Reconsider the decision",
    DiscussionOutcome.LEARNING_FOR_THE_TEAM: "Learning for the team",
}
COLLEAGUE_ROLES: dict[str, str] = {
    ColleagueRole.SUPERVISOR: "My supervisor",
    ColleagueRole.CASE_MANAGER: "Another case manager",
    ColleagueRole.PRACTICE_LEAD: "A practice lead",
    ColleagueRole.PSYCHOLOGIST: "A psychologist",
    ColleagueRole.HEALTH_PRACTITIONER: "A health practitioner",
    ColleagueRole.OTHER: "Someone else",
}
PARTICIPANT_ROLES: dict[str, str] = {
    ParticipantRole.CHILD: "The child",
    ParticipantRole.PARENT_OR_CARER: "A parent or carer",
    ParticipantRole.MOTHER: "The child's mother",
    ParticipantRole.SIBLING: "A brother or sister",
}
SESSION_KINDS: dict[str, str] = {
    SessionKind.ONE_TO_ONE: "One-to-one",
    SessionKind.GROUP: "Group",
    SessionKind.FAMILY: "With the family",
}


# The diversion pathway (issue 20): the joint decision panel's outcomes, who referred, and how
# a youth conditional caution's condition went.
PANEL_OUTCOMES: dict[str, str] = {k.value: v for k, v in OUTCOME_NAMES.items()}
DIVERSION_SOURCES: dict[str, str] = {
    DiversionSource.POLICE: "The police",
    DiversionSource.SCHOOL: "A school",
    DiversionSource.SELF_OR_FAMILY: "The child or their family",
    DiversionSource.CHILDRENS_SOCIAL_CARE: "Children's social care",
    DiversionSource.OTHER_AGENCY: "Another agency",
}
CONDITION_TAGS: dict[str, tuple[str, str]] = {
    ConditionStatus.OPEN: ("Open", "govuk-tag--blue"),
    ConditionStatus.COMPLIED: ("Complied with", "govuk-tag--green"),
    ConditionStatus.NOT_COMPLIED: ("Not complied with", "govuk-tag--red"),
}
