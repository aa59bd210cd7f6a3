"""Enumerations shared by every layer: step ids, task statuses, programmes, disposals."""

from enum import StrEnum


class DisposalType(StrEnum):
    """What a pathway is run for: a court order, or a referral for diversion (issue 20)."""

    REFERRAL_ORDER = "referral_order"
    YOUTH_REHABILITATION_ORDER = "youth_rehabilitation_order"
    DETENTION_AND_TRAINING_ORDER = "detention_and_training_order"
    # A police referral to the joint decision panel, or a prevention referral: the diversion
    # pathway (`workflows.diversion`, `contracts.diversion`); never a court's disposal.
    DIVERSION = "diversion"


COURT_DISPOSALS: tuple[DisposalType, ...] = (
    DisposalType.REFERRAL_ORDER,
    DisposalType.YOUTH_REHABILITATION_ORDER,
    DisposalType.DETENTION_AND_TRAINING_ORDER,
)
"""The orders a court makes: every disposal but diversion."""


class Step(StrEnum):
    """Pathway step ids: stable names in the HTTP API's paths and answers."""

    ALLOCATION = "allocation"
    FIRST_CONTACT = "first_contact"
    ASSESSMENT = "assessment"
    CASE_FORMULATION = "case_formulation"
    RESTORATIVE_ENQUIRY = "restorative_enquiry"
    INITIAL_PANEL = "initial_panel"
    PARENT_RESTORATIVE_WORK = "parent_restorative_work"
    VICTIM_DETAILS_RECEIVED = "victim_details_received"
    VICTIM_CONTACT = "victim_contact"
    VICTIM_RESTORATIVE_OPTION = "victim_restorative_option"
    VICTIM_WITHDRAWAL = "victim_withdrawal"
    INTERVENTION_PLAN = "intervention_plan"
    INTERVENTION_REFERRAL = "intervention_referral"
    CUSTODY_PLANNING = "custody_planning"
    # A detention and training order's custody and release (`workflows/custody.py`).
    RESETTLEMENT_PLANNING = "resettlement_planning"
    RELEASE = "release"
    REVIEW = "review"
    # A child, not an order (issue 17): transfer between services and turning 18.
    TRANSFER_REQUESTED = "transfer_requested"
    TRANSFER_ACCEPTED = "transfer_accepted"
    TRANSFER_REFUSED = "transfer_refused"
    TRANSITION_PLANNING = "transition_planning"
    CLOSURE = "closure"
    # Compliance and breach, and the court's decision on the order (`workflows.breach`).
    COMPLIANCE_FAILURE = "compliance_failure"
    WARNING_GIVEN = "warning_given"
    BREACH_ACTION = "breach_action"
    BREACH_PANEL = "breach_panel"
    COURT_OUTCOME_AWAITED = "court_outcome_awaited"
    # Victims one by one, as the Victims' Code has them (`workflows.victim_tracks`, issue 18).
    VICTIM_SUITABILITY = "victim_suitability"
    VICTIM_PROGRESS_UPDATE = "victim_progress_update"
    VICTIM_TOLD_WORK_ENDED = "victim_told_work_ended"
    VICTIM_CONTACT_SCHEME_REFERRAL = "victim_contact_scheme_referral"
    # Programmes as families live them: participants and sessions (`workflows.programmes`).
    PROGRAMME_PARTICIPANTS = "programme_participants"
    SESSION_PLANNED = "session_planned"
    SESSION_OUTCOME = "session_outcome"
    # Youth offender panels after the first: referral orders (`workflows.restorative`).
    PROGRESS_PANEL = "progress_panel"
    FINAL_PANEL = "final_panel"
    # Case formulation (issue 18, `workflows.formulation`): an agreed action, tracked as a task.
    AGREED_ACTION = "agreed_action"
    # The diversion pathway (issue 20, `workflows.diversion`).
    JOINT_DECISION_PANEL = "joint_decision_panel"
    DIVERSION_PLAN = "diversion_plan"
    CONDITION_OUTCOME = "condition_outcome"
    NONCOMPLIANCE_TO_POLICE = "noncompliance_to_police"
    EXIT_PLAN = "exit_plan"
    # The child's and family's language, English or Welsh (issue 22, `contracts.language`).
    LANGUAGE_PREFERENCE = "language_preference"


class TaskStatus(StrEnum):
    """Where a task stands."""

    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    CANCELLED = "cancelled"


class Programme(StrEnum):
    """Family and group interventions whose eligibility the rules decide."""

    FFT = "fft"
    NVR = "nvr"
    DV_GROUPS = "dv_groups"
    # Issue 19 (ADR 0122): the trauma-informed violence reduction group work programme.
    VIOLENCE_REDUCTION = "violence_reduction"


class Gender(StrEnum):
    """Gender as the court records it."""

    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    NOT_SPECIFIED = "not_specified"


class PathwayStatus(StrEnum):
    """Whether a pathway is still running."""

    OPEN = "open"
    CLOSED = "closed"
