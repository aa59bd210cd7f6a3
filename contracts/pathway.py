"""The pathway workflow's input, its state (what queries and the API return) and its notices."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.bank_calendar import BankCalendar
from contracts.breach import Compliance, Resentence
from contracts.common import DisposalType, Gender, PathwayStatus, Programme, Step, TaskStatus
from contracts.custody import CustodyState
from contracts.diversion import DiversionDetails, DiversionState
from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts
from contracts.formulation import FormulationWaiver
from contracts.language import Language
from contracts.offences import MAX_ORDER_OFFENCES, OrderOffence
from contracts.outcome_data import OutcomeDataWaiver, OutcomeRecord
from contracts.referrals import BiasReflectionRecord, Referral
from contracts.reflections import ReflectionPolicy
from contracts.restorative import RestorativeWork
from contracts.steps import AgreedAction, ClosureReason, RestorativeOption, VictimConsent
from contracts.transfers import CaseManagerOffer, PendingTransfer
from contracts.victims import MAX_VICTIMS, ProgressUpdate, Suitability, VictimKind


class DeadlinePolicy(BaseModel):
    """Working-day deadlines of each step; every one is configuration.

    The Standards for children in the youth justice system 2019 (Youth Justice Board and
    Ministry of Justice), which replaced the National Standards for Youth Justice Services 2013,
    set few fixed timescales: these defaults follow the earlier national standards and local
    youth justice services' procedures, and a service sets its own.
    """

    model_config = ConfigDict(frozen=True)

    allocation: int = Field(default=1, ge=0, le=260)
    first_contact: int = Field(default=5, ge=0, le=260)
    assessment: int = Field(default=15, ge=0, le=260)
    case_formulation: int = Field(default=20, ge=0, le=260)
    restorative_enquiry: int = Field(default=15, ge=0, le=260)
    initial_panel: int = Field(default=20, ge=0, le=260)
    parent_restorative_work: int = Field(default=10, ge=0, le=260)
    victim_contact: int = Field(default=5, ge=0, le=260)
    victim_contact_enhanced: int = Field(default=1, ge=0, le=260)
    victim_restorative_option: int = Field(default=20, ge=0, le=260)
    intervention_plan: int = Field(default=15, ge=0, le=260)
    intervention_referral: int = Field(default=10, ge=0, le=260)
    custody_planning: int = Field(default=10, ge=0, le=260)
    triggered_review: int = Field(default=10, ge=0, le=260)
    review_interval_months: int = Field(default=3, ge=1, le=12)
    escalate_after_working_days_overdue: int = Field(default=2, ge=1, le=60)
    # A detention and training order in custody (`workflows/custody.py`, ADR 0111): reviews
    # every so many months from the order until release, and the resettlement planning
    # meeting so many working days before the expected release. `custody_planning` above is
    # the initial planning meeting; the supervision tasks run from the release.
    custody_review_interval_months: int = Field(default=3, ge=1, le=12)
    resettlement_planning: int = Field(default=20, ge=0, le=260)
    # The transition-to-probation planning task, from the day the workflow is told the child
    # turns 18 within the planning window (`workflows.transfers`).
    transition_planning: int = Field(default=10, ge=0, le=260)
    # Compliance and breach (`workflows.breach`): days to give a warning, to take breach
    # action, for the panel to meet, and for the court's decision (a reminder to chase it).
    warning_given: int = Field(default=5, ge=0, le=260)
    breach_action: int = Field(default=10, ge=0, le=260)
    breach_panel: int = Field(default=20, ge=0, le=260)
    court_outcome_awaited: int = Field(default=40, ge=0, le=260)
    # A failure without reasonable excuse goes to breach when this many warnings were given
    # in the warned period (the 12 months from a warning) before it. 1 is the service's rule
    # (DESIGN.md, "Compliance and breach"); 2 follows only the duty in Sentencing Act 2020,
    # Sch. 7 para 4(2)-(3) (a youth rehabilitation order must go to court for a breach in a
    # warned period during which a further warning was given).
    warnings_before_breach: int = Field(default=1, ge=1, le=3)
    warned_period_months: int = Field(default=12, ge=1, le=24)
    # Victims one by one (`workflows.victim_tracks`, ADR 0120): telling a victim the work has
    # ended, after a withdrawal; referring the victims of a DTO of 12 months or more for a
    # violent or sexual offence to the Probation Service's Victim Contact Scheme (Domestic
    # Violence, Crime and Victims Act 2004, ss. 35 and 45; Victims' Code 2020, Right 11).
    victim_told_work_ended: int = Field(default=5, ge=0, le=260)
    victim_contact_scheme_referral: int = Field(default=10, ge=0, le=260)
    # The diversion pathway (issue 20, `workflows.diversion`): the joint decision panel from
    # the referral; the prevention and diversion assessment, the first contact, the case
    # formulation and the plan from the panel's decision; a youth conditional caution's
    # condition not complied with goes back to the police within `noncompliance_to_police`;
    # the work runs `diversion_months` from the decision, the exit plan due
    # `exit_plan_before_end` working days before its end. Local practice, not national
    # standards: the Youth Justice Board's "Case management guidance" (Out-of-court
    # disposals) asks for a prompt joint decision and sets no fixed days; a service sets its own.
    joint_decision_panel: int = Field(default=10, ge=0, le=260)
    diversion_assessment: int = Field(default=15, ge=0, le=260)
    diversion_plan: int = Field(default=20, ge=0, le=260)
    noncompliance_to_police: int = Field(default=2, ge=0, le=260)
    diversion_months: int = Field(default=6, ge=1, le=24)
    exit_plan_before_end: int = Field(default=10, ge=0, le=260)


class OrderDetails(BaseModel):
    """The court order a pathway runs for (no personal details)."""

    disposal: DisposalType
    length_months: int
    made_on: date
    hearing_date: date
    court_code: str
    has_identified_victim: bool = False
    # False when the court feed cannot say whether an offence has an identified victim (Common
    # Platform): the police's victim details then identify one. True for the canonical feed,
    # which states it, and for every pathway started before the field existed.
    victim_stated: bool = True
    requirements: list[str] = Field(default_factory=list)
    # The youth justice service whose supervisors allocate the pathway while it has no team
    # (settings.intake_area); None: every supervisor's (areas not configured, or unknown).
    area: str | None = None
    # The offences the order was made for, each with its offence group (`contracts.offences`);
    # empty for pathways started before orders kept their offences.
    offences: list[OrderOffence] = Field(default_factory=list, max_length=MAX_ORDER_OFFENCES)

    @classmethod
    def for_diversion(
        cls, details: DiversionDetails, months: int, area: str | None
    ) -> "OrderDetails":
        """A diversion pathway's "order": the referral, planned to run `months` (ADR 0129).

        It is made (and heard) on the day of the referral; `court_code` holds the referring
        force's code, or the referral's source for a prevention referral from elsewhere.
        """
        return cls(
            disposal=DisposalType.DIVERSION,
            length_months=months,
            made_on=details.referred_on,
            hearing_date=details.referred_on,
            court_code=details.force or details.source.value,
            has_identified_victim=details.has_identified_victim,
            area=area,
            offences=[] if details.offence is None else [details.offence],
        )


class ChildProfile(BaseModel):
    """What reports need about the child: an opaque id and demographics, never a name."""

    child_id: str
    gender: Gender = Gender.NOT_SPECIFIED
    ethnicity: str | None = None
    age_at_order: int


class Task(BaseModel):
    """One task of a pathway: a step with a due date."""

    task_id: str
    step: Step
    status: TaskStatus = TaskStatus.OPEN
    due_date: date
    escalate_on: date
    opened_on: date
    completed_on: date | None = None
    escalated: bool = False
    # Cancelled because the work was not done (a restorative enquiry the child declined, and
    # the parent work that depended on it): reports count it as not done, never as on time,
    # apart from tasks cancelled because the order ended (ADR 0118).
    not_done: bool = False
    # An agreed action of the case formulation (`workflows.formulation`): who owns it. None
    # for every other task, whose owner is the pathway's case manager.
    owner_agency: str | None = None
    owner_person: str | None = None


class VictimStage(StrEnum):
    """Where the work with a victim stands."""

    AWAITING_DETAILS = "awaiting_details"
    OPTED_OUT = "opted_out"
    AWAITING_CONTACT = "awaiting_contact"
    CONSENTED = "consented"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    OPTION_CHOSEN = "option_chosen"
    WITHDRAWN = "withdrawn"
    ENDED = "ended"


class VictimState(BaseModel):
    """The victim work of a pathway: voluntary, consent-based, never for the offender's benefit."""

    stage: VictimStage = VictimStage.AWAITING_DETAILS
    enhanced: bool = False
    details_received_on: date | None = None
    consent: VictimConsent | None = None
    option: RestorativeOption | None = None
    told_work_ended_on: date | None = None

    @property
    def participating(self) -> bool:
        """Whether the victim has consented and not withdrawn."""
        return self.stage in (VictimStage.CONSENTED, VictimStage.OPTION_CHOSEN)


class VictimTrack(VictimState):
    """One victim of the order, with its own track and clock (`workflows.victim_tracks`).

    Known by an opaque id and the police's reference, never by name; an organisation or a
    community may carry its name. Its tasks' ids end with `:` and the victim id.
    """

    victim_id: str = Field(max_length=3)
    police_reference: str | None = Field(default=None, max_length=40)
    kind: VictimKind = VictimKind.PERSON
    organisation_name: str | None = Field(default=None, max_length=120)
    under_18: bool = False
    consented_on: date | None = None  # the first consent: the restorative KPI's denominator
    withdrawn_on: date | None = None
    suitability: Suitability | None = None
    options_offered: list[RestorativeOption] = Field(default_factory=list)
    progress_updates: list[ProgressUpdate] = Field(default_factory=list)


class CaseFormulation(BaseModel):
    """One version of the case formulation: the product of a multi-agency meeting.

    Issue 18 (`workflows.formulation`, ADR 0115): versions are numbered from 1 and each kept in
    `PathwayState.formulations`; `agencies` are ids of the configured list (the older
    `agencies_present` free text is kept for versions recorded before); each agreed action of
    a newer version carries its task id, owner and due date. `trigger`: why this version
    (the first, or the review, breach or court's decision since the last).
    """

    meeting_on: date
    agencies_present: list[str]
    formulation_summary: str
    agreed_actions: list[AgreedAction]
    child_views: str
    plain_language_summary: str
    version: int = 1
    agencies: list[str] = Field(default_factory=list)
    agencies_reason: str | None = None
    family_views: str | None = None
    trigger: str = "first"
    recorded_by: str | None = None
    action_ids: list[str] = Field(default_factory=list)  # the agreed actions' task ids, in order


class TimelineEntry(BaseModel):
    """One thing that happened on the pathway, for the case page and the audit of steps.

    Frozen: an entry is never changed in place, so copies of a pathway's state share its
    entries. The timeline only grows, except that assessment facts updated several times in a
    row share one entry (the latest, with `details` counting the `updates` and the first
    date, `since`).
    """

    model_config = ConfigDict(frozen=True)

    on: date
    at: datetime
    kind: str
    by: str
    summary: str
    details: dict[str, Any] = Field(default_factory=dict)


class PathwayState(BaseModel):
    """Everything the pathway knows; carried across continue-as-new and returned by queries."""

    pathway_id: str
    child: ChildProfile
    order: OrderDetails
    status: PathwayStatus = PathwayStatus.OPEN
    caseworker: str | None = None
    team: str | None = None
    case_manager_changes: int = 0
    order_starts_on: date
    order_ends_on: date
    tasks: list[Task] = Field(default_factory=list)
    victim: VictimState | None = None
    formulation: CaseFormulation | None = None
    closure_reason: ClosureReason | None = None
    reviews_scheduled: int = 0
    timeline: list[TimelineEntry] = Field(default_factory=list)
    calendar_version: str = ""
    runs: int = 1
    version: int = 0
    facts: AssessmentFacts | None = None
    eligibility: EligibilityDecisions | None = None
    eligibility_first_decided_on: date | None = None
    referrals: list[Referral] = Field(default_factory=list)
    bias_reflections: list[BiasReflectionRecord] = Field(default_factory=list)
    # A detention and training order's custody: its release dates (None for other orders and
    # for orders started before the `dto-release-2026-12` patch, until a release is recorded).
    custody: CustodyState | None = None
    # A child, not an order: a transfer waiting for the receiving team, and the case manager
    # of the child's earlier pathway that a new order was offered to (`workflows.transfers`).
    transfer: PendingTransfer | None = None
    offered: CaseManagerOffer | None = None
    compliance: Compliance = Field(default_factory=Compliance)  # `workflows.breach`
    # Started since reflections are taken at every decision stage (`reflections-2026-12`):
    # the input's `ReflectionPolicy` says which need one. Older pathways keep their rules.
    reflection_stages: bool = False
    # Started under `programmes-2026-12`: a new referral gets its participants
    # (`workflows.programmes`).
    programme_participants: bool = False
    # A referral order's enquiry, parent work and panels (`workflows.restorative`); None for
    # other orders and for referral orders started before the `restorative-2026-12` patch.
    restorative: RestorativeWork | None = None
    # Case formulation (issue 18, `workflows.formulation`): every version, oldest first
    # (`formulation` above is the latest); whether this pathway follows the rules (set
    # once at start under the `formulation-2026-12` patch, so older pathways keep theirs); and
    # a supervisor's reason for closing without one.
    formulations: list[CaseFormulation] = Field(default_factory=list)
    formulation_rules: bool = False
    closed_without_formulation: FormulationWaiver | None = None
    # Victims one by one (`workflows.victim_tracks`): set once at the start of pathways from
    # the `victims-2026-12` patch, which keep `victims` and leave `victim` None; older ones
    # keep their one `victim` as before.
    victims_v2: bool = False
    victims: list[VictimTrack] = Field(default_factory=list, max_length=MAX_VICTIMS)
    # A diversion pathway's referral, panel decision, conditions and plans (issue 20,
    # `workflows.diversion`); None on a court pathway.
    diversion: DiversionState | None = None
    # A court pathway that followed a diversion pathway's decision to charge (ADR 0132).
    charged_from: str | None = None
    # While recorded in arrears: the day the pathway's clock stands at (ADR 0146); None: today.
    clock_held_at: date | None = None
    # The child's and family's language (`language_preference`, ADR 0144); None: not asked yet.
    language: Language | None = None
    # Outcome data for the YJB's KPIs (issue 21, `workflows.outcome_data`): whether this pathway
    # takes it (set once at start under the `outcome-data-2026-12` patch), the answers at the
    # start and at the end, and a supervisor's reason for closing without them.
    outcome_data_rules: bool = False
    outcome_start: OutcomeRecord | None = None
    outcome_end: OutcomeRecord | None = None
    closed_without_outcome_data: OutcomeDataWaiver | None = None

    def victim_tracks(self) -> list["VictimTrack"]:
        """Every victim as a track: an older pathway's one victim is `v1` (ADR 0120)."""
        if self.victim is not None:
            return [VictimTrack(victim_id="v1", **self.victim.model_dump())]
        return list(self.victims)

    def referral(self, programme: Programme) -> Referral | None:
        """Return the referral to a programme, if any."""
        return next((r for r in self.referrals if r.programme == programme), None)

    def task(self, task_id: str) -> Task | None:
        """Return the task with this id, if any."""
        return next((t for t in self.tasks if t.task_id == task_id), None)

    def done(self, task_id: str) -> bool:
        """Return whether the task exists and is done."""
        t = self.task(task_id)
        return t is not None and t.status == TaskStatus.DONE


class PathwayInput(BaseModel):
    """Start (or continue-as-new) a pathway."""

    pathway_id: str
    child: ChildProfile
    order: OrderDetails
    deadlines: DeadlinePolicy = DeadlinePolicy()
    calendar: BankCalendar
    max_history_events: int = 2000
    carried: PathwayState | None = None
    # The child's open or recently closed pathway's team and case manager (ADR 0114).
    offer: CaseManagerOffer | None = None
    resentenced_from: Resentence | None = None  # a re-sentence: `workflows.breach`
    reflections: ReflectionPolicy = Field(default_factory=ReflectionPolicy)
    # A diversion pathway's referral (`workflows.diversion`); None for a court order.
    diversion: DiversionDetails | None = None
    # Recorded after the fact (the demo's year, ADR 0146): the pathway's clock stands at the
    # latest day recorded until it is told it has caught up (`caught_up`), so a task done on
    # time in arrears is never first marked overdue and escalated by today's date.
    in_arrears: bool = False
    # The diversion pathway whose decision to charge this court order followed (ADR 0132).
    charged_from: str | None = Field(default=None, max_length=40)


class NewOrderNotice(BaseModel):
    """A new order was made for the child of an open pathway: review this one."""

    new_pathway_id: str
    made_on: date
    disposal: DisposalType


class NotificationKind(StrEnum):
    """Messages the workflow asks to be sent."""

    ESCALATION = "escalation"
    VICTIM_WORK_ENDED = "victim_work_ended"
    OVERRIDE = "override"
    TRANSFER_REQUESTED = "transfer_requested"  # to the receiving team's supervisors


class Notification(BaseModel):
    """A message for the notification outbox; `key` makes its delivery idempotent."""

    key: str
    kind: NotificationKind
    pathway_id: str
    team: str | None = None
    step: Step | None = None
    due_date: date | None = None
    message: str
