"""What a caseworker sends to record each step: one body model per step id.

The API adds the step id from the URL and validates the body against `StepBody`, so a 422
names the step's own fields. Free text is bounded so nothing oversized reaches a workflow.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

from access.identity import Actor as Actor  # the contract's actor: `User.actor`
from contracts.breach import (
    BreachActionBody,
    BreachPanelBody,
    ComplianceFailureBody,
    CourtOutcomeAwaitedBody,
    WarningGivenBody,
)
from contracts.common import Programme
from contracts.custody import ReleaseKind
from contracts.diversion import (
    ConditionOutcomeBody,
    DiversionPlanBody,
    ExitPlanBody,
    JointDecisionPanelBody,
    NoncomplianceToPoliceBody,
)
from contracts.facts import AssessmentFacts
from contracts.formulation import MAX_AGENCIES, MIN_OTHER_AGENCIES, YJS, ActionId, AgencyId
from contracts.language import LanguagePreferenceBody
from contracts.programmes import (
    ParticipantRole,
    ProgrammeParticipantsBody,
    SessionOutcomeBody,
    SessionPlannedBody,
)
from contracts.referrals import BiasReflection, ReferralStatus
from contracts.restorative import (
    CarerRelationship,
    ContractElement,
    FinalPanelBody,
    HarmedParty,
    PanelMeeting,
    ProgressPanelBody,
    Readiness,
)
from contracts.victims import (
    OrganisationName,
    PoliceReference,
    VictimContactSchemeReferralBody,
    VictimId,
    VictimKind,
    VictimProgressUpdateBody,
    VictimSuitabilityBody,
    VictimToldWorkEndedBody,
)

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    completed_on: date
    notes: LongText | None = None


class AllocationBody(_Body):
    """Allocate (or reallocate) a case manager; a later allocation counts as a change."""

    step: Literal["allocation"] = "allocation"
    caseworker: ShortText
    team: ShortText
    bias_reflection: BiasReflection | None = None  # required if the service says so


class FirstContactBody(_Body):
    """First contact with the child and family; say whether they were told what happens next."""

    step: Literal["first_contact"] = "first_contact"
    family_told_what_happens_next: bool = True


class AssessmentBody(_Body):
    """The assessment, with the facts the eligibility rules read."""

    step: Literal["assessment"] = "assessment"
    facts: AssessmentFacts = AssessmentFacts()


class AgreedAction(BaseModel):
    """An action agreed at the case formulation meeting, with who owns it and when it is due.

    Issue 18: `owner_agency` (an id of `Settings.formulation_agencies`), `owner_person` and
    `due_on` make it a tracked action (a task of its own, `agreed_action`). `owner` alone is
    the older shape, which recorded histories hold: a pathway started before the
    `formulation-2026-12` patch still takes it; a newer pathway refuses it, naming the fields.
    """

    model_config = ConfigDict(extra="forbid")

    action: LongText
    owner: ShortText | None = None
    owner_agency: AgencyId | None = None
    owner_person: ShortText | None = None
    due_on: date | None = None

    @model_validator(mode="after")
    def _owned(self) -> Self:
        tracked = (self.owner_agency, self.owner_person, self.due_on)
        if any(v is not None for v in tracked):
            for name, value in zip(
                ("owner_agency", "owner_person", "due_on"), tracked, strict=True
            ):
                if value is None:
                    raise ValueError(f"{name}: give the owning agency, the person and a due date")
        elif self.owner is None:
            raise ValueError("owner_agency: give the owning agency, the person and a due date")
        return self


_FORMULATION_EXAMPLE: dict[str, JsonValue] = {
    "completed_on": "2026-04-20",
    "agencies": ["yjs", "education", "childrens_social_care"],
    "formulation_summary": "Offending linked to exclusion from school and conflict at home.",
    "agreed_actions": [
        {
            "action": "Arrange a return-to-school meeting",
            "owner_agency": "education",
            "owner_person": "Ms Patel, head of year",
            "due_on": "2026-05-15",
        }
    ],
    "child_views": "I want to go back to school and see my mates.",
    "family_views": "We want help to stop the arguments at home.",
    "plain_language_summary": "We agreed to help you get back to school.",
}


class CaseFormulationBody(_Body):
    """The multi-agency case formulation meeting and its plain-language product.

    `agencies`: ids from the service's list (`GET`-able in the form; default in
    `contracts.formulation.DEFAULT_AGENCIES`); at least two besides the youth justice service,
    or `agencies_reason`. A second or later version follows a review, a breach or a court's
    decision (ADR 0115). `agencies_present` (free text) is the older shape.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [_FORMULATION_EXAMPLE]})

    step: Literal["case_formulation"] = "case_formulation"
    # A decision stage (`workflows.reflections`): required unless the service says not.
    bias_reflection: BiasReflection | None = None
    agencies: list[AgencyId] | None = Field(default=None, min_length=1, max_length=MAX_AGENCIES)
    agencies_reason: LongText | None = None
    agencies_present: list[ShortText] | None = Field(default=None, min_length=1, max_length=30)
    formulation_summary: LongText
    agreed_actions: list[AgreedAction] = Field(min_length=1, max_length=50)
    child_views: LongText
    family_views: LongText | None = None
    plain_language_summary: LongText

    @model_validator(mode="after")
    def _enough_agencies(self) -> Self:
        if self.agencies is None:
            if self.agencies_present is None:
                raise ValueError("agencies: choose the agencies at the meeting")
            return self
        others = {a for a in self.agencies if a != YJS}
        if len(others) < MIN_OTHER_AGENCIES and self.agencies_reason is None:
            raise ValueError(
                f"agencies_reason: name at least {MIN_OTHER_AGENCIES} agencies besides the "
                "youth justice service, or say why they were not there"
            )
        return self


class AgreedActionBody(_Body):
    """An agreed action of the case formulation done: `action_id` names it (its task id)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"completed_on": "2026-05-14", "action_id": "action-v1-1"}]}
    )

    step: Literal["agreed_action"] = "agreed_action"
    action_id: ActionId


class RestorativeEnquiryBody(_Body):
    """The restorative enquiry with the child, or (supervisors only) why it was not done.

    Its content is optional here (bodies recorded before the `restorative-2026-12` patch had
    none); on pathways started since, the workflow asks for each field (`workflows.restorative`).
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-04-21",
                    "harmed_parties": ["direct_victim", "family"],
                    "child_account": "Said he took the phone because his friends dared him.",
                    "willing_to_do": "Write a letter to the victim; help at the community garden.",
                    "readiness": "ready",
                },
                {"completed_on": "2026-04-21", "not_done_reason": "The child declined to meet."},
            ]
        },
    )

    step: Literal["restorative_enquiry"] = "restorative_enquiry"
    not_done_reason: LongText | None = None
    harmed_parties: list[HarmedParty] = Field(default_factory=list, max_length=len(HarmedParty))
    child_account: LongText | None = None
    willing_to_do: LongText | None = None
    readiness: Readiness | None = None

    @model_validator(mode="after")
    def _done_or_not(self) -> Self:
        given = self.harmed_parties or self.child_account or self.willing_to_do or self.readiness
        if self.not_done_reason is not None and given:
            raise ValueError(
                "not_done_reason: give what the enquiry found, or why it was not done, not both"
            )
        return self


class InitialPanelBody(_Body, PanelMeeting):
    """The initial youth offender panel and the contract agreed; the contract date starts the order.

    Who sat and whether a parent came (`PanelMeeting`), the contract's elements and terms, and
    how often the progress panels meet (at least every 3 months: Referral Order Guidance, 2018).
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-04-28",
                    "youth_justice_members": 1,
                    "community_panel_members": 2,
                    "parent_attended": True,
                    "contract_elements": ["reparation_to_victim", "education_or_work"],
                    "contract_terms": "A letter of apology; attend college every weekday.",
                    "progress_panel_interval_months": 3,
                }
            ]
        },
    )

    step: Literal["initial_panel"] = "initial_panel"
    # The panel contract is a decision stage (`workflows.reflections`).
    bias_reflection: BiasReflection | None = None
    contract_agreed: Literal[True] = True
    contract_elements: list[ContractElement] = Field(
        default_factory=list, max_length=len(ContractElement)
    )
    contract_terms: LongText | None = None
    progress_panel_interval_months: int = Field(default=3, ge=1, le=3)


class ParentRestorativeWorkBody(_Body):
    """Restorative work with the parent or carer, informed by the enquiry.

    `refer_to` opens the decision on a referral to FFT, NVR or DV groups (the intervention
    referral task). Its content is optional here for the same reason as the enquiry's.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-05-05",
                    "carer": "mother",
                    "harm_addressed": "Arguments at home since the offence.",
                    "next_steps": "Meet again after the panel; consider a parenting programme.",
                    "refer_to": ["nvr"],
                }
            ]
        },
    )

    step: Literal["parent_restorative_work"] = "parent_restorative_work"
    carer: CarerRelationship | None = None
    harm_addressed: LongText | None = None
    next_steps: LongText | None = None
    refer_to: list[Programme] = Field(default_factory=list, max_length=len(Programme))


class VictimDetailsReceivedBody(_Body):
    """The police passed a victim's details (or the victim objected to contact)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-12-01",
                    "police_reference": "01YE/2026/4711-V2",
                    "kind": "person",
                    "under_18": True,
                },
                {
                    "completed_on": "2026-12-01",
                    "police_reference": "01YE/2026/4711-V3",
                    "kind": "organisation",
                    "organisation_name": "Bromley Corner Shop Ltd",
                },
            ]
        },
    )

    step: Literal["victim_details_received"] = "victim_details_received"
    enhanced: bool = False
    opted_out: bool = False
    # Several victims per order (`workflows.victim_tracks`, pathways from `victims-2026-12`):
    # the police's reference tells them apart; a person is never named.
    police_reference: PoliceReference | None = None
    kind: VictimKind = VictimKind.PERSON
    under_18: bool = Field(
        default=False, description="a victim under 18: enhanced entitlements (Victims' Code 2020)"
    )
    organisation_name: OrganisationName | None = None

    @model_validator(mode="after")
    def _no_person_named(self) -> Self:
        if self.organisation_name is not None and self.kind == VictimKind.PERSON:
            raise ValueError(
                "organisation_name: a person is known by the police reference only, never by name"
            )
        if self.under_18 and self.kind != VictimKind.PERSON:
            raise ValueError("under_18: only a person victim can be under 18")
        return self


class VictimConsent(StrEnum):
    """The victim's answer when contacted."""

    CONSENTED = "consented"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"


class VictimContactBody(_Body):
    """Contact with the victim and their answer."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"completed_on": "2026-12-01", "victim_id": "v1", "consent": "consented"}]
        },
    )

    step: Literal["victim_contact"] = "victim_contact"
    consent: VictimConsent
    victim_id: VictimId | None = None  # which victim; may be left out when there is one


class RestorativeOption(StrEnum):
    """The restorative options a consenting victim may choose."""

    DIRECT_CONFERENCE = "direct_conference"
    INDIRECT_SHUTTLE = "indirect_shuttle"
    LETTER_OF_EXPLANATION = "letter_of_explanation"
    VICTIM_IMPACT_STATEMENT = "victim_impact_statement"
    DIRECT_REPARATION = "direct_reparation"
    COMMUNITY_REPARATION = "community_reparation"
    ATTENDING_PANEL = "attending_panel"
    # The options the Victims' Code names for youth justice (issue 18).
    FAMILY_GROUP_CONFERENCE = "family_group_conference"
    INDIRECT_REPARATION = "indirect_reparation"


class VictimRestorativeOptionBody(_Body):
    """The restorative option the victim chose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-12-01",
                    "victim_id": "v1",
                    "options_offered": ["direct_conference", "letter_of_explanation"],
                    "option": "letter_of_explanation",
                }
            ]
        },
    )

    step: Literal["victim_restorative_option"] = "victim_restorative_option"
    option: RestorativeOption
    victim_id: VictimId | None = None
    # Required on pathways from `victims-2026-12` (the refusal names it); empty in older ones.
    options_offered: list[RestorativeOption] = Field(
        default_factory=list, max_length=len(RestorativeOption)
    )


class VictimWithdrawalBody(_Body):
    """The victim withdrew: all victim work ends."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"completed_on": "2026-12-01", "victim_id": "v1"}]},
    )

    step: Literal["victim_withdrawal"] = "victim_withdrawal"
    victim_id: VictimId | None = None


class InterventionPlanBody(_Body):
    """The intervention plan (youth rehabilitation orders and DTO licences)."""

    step: Literal["intervention_plan"] = "intervention_plan"


class CustodyPlanningBody(_Body):
    """The custody planning meeting of a detention and training order."""

    step: Literal["custody_planning"] = "custody_planning"


class ResettlementPlanningBody(_Body):
    """The resettlement planning meeting before a detention and training order's release."""

    step: Literal["resettlement_planning"] = "resettlement_planning"


class ReleaseBody(_Body):
    """The child's release from custody to the supervision part of a detention and training order.

    `released_on` is the day of release; `completed_on` (the day it is recorded) defaults to it.
    `kind` says whether it was at the half-way point, early, late or on compassionate grounds
    (Sentencing Act 2020, s. 241): the workflow checks the day against it.
    """

    step: Literal["release"] = "release"
    released_on: date
    kind: ReleaseKind

    @model_validator(mode="before")
    @classmethod
    def _recorded_on_the_day(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("completed_on") is None:
            return {**data, "completed_on": data.get("released_on")}
        return data

    @model_validator(mode="after")
    def _not_recorded_before_it_happened(self) -> Self:
        if self.completed_on < self.released_on:
            raise ValueError("completed_on: a release cannot be recorded before its released_on")
        return self


class ReviewBody(_Body):
    """A review of the case (scheduled every 3 months, or triggered by a change)."""

    step: Literal["review"] = "review"


class ClosureReason(StrEnum):
    """How an order (or a diversion pathway) ends."""

    COMPLETED = "completed"
    REVOKED_EARLY = "revoked_early"
    RETURNED_TO_COURT = "returned_to_court"
    SUPERSEDED = "superseded"
    REVOKED_BY_COURT = "revoked_by_court"  # the court revoked the order (`workflows.breach`)
    # A diversion pathway's joint decision panel ends it at once (`workflows.diversion`).
    NO_FURTHER_ACTION = "no_further_action"
    CHARGED = "charged"


class ClosureBody(_Body):
    """Closure of the pathway, with how the order ended and a bias reflection."""

    step: Literal["closure"] = "closure"
    reason: ClosureReason
    bias_reflection: BiasReflection
    # A supervisor's written reason for closing without a case formulation (issue 18).
    no_formulation_reason: LongText | None = None


class InterventionReferralBody(_Body):
    """Refer to a programme or move a referral on; or close the task with no referral.

    A new referral (proposed or referred) to a programme the child is not eligible for needs
    an `override_reason`; new referrals and overrides carry a `bias_reflection`, and so does a
    decision not to refer on pathways that take reflections at every stage.
    """

    step: Literal["intervention_referral"] = "intervention_referral"
    programme: Programme | None = None
    status: ReferralStatus | None = None
    override_reason: LongText | None = None
    bias_reflection: BiasReflection | None = None
    no_referral_reason: LongText | None = None
    # Who takes part, by role (default: the programme's own, `workflows.programmes`).
    participants: list[ParticipantRole] | None = Field(default=None, max_length=4)

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if self.no_referral_reason is None and (self.programme is None or self.status is None):
            raise ValueError("give programme and status, or no_referral_reason")
        if self.no_referral_reason is not None and self.programme is not None:
            raise ValueError("give either programme and status, or no_referral_reason, not both")
        return self


# Transfer between services and turning 18 (`workflows.transfers`).


class TransferRequestedBody(_Body):
    """A supervisor of the pathway's team asks another team (service) to take the child on."""

    step: Literal["transfer_requested"] = "transfer_requested"
    to_team: ShortText
    reason: LongText
    bias_reflection: BiasReflection | None = None  # required unless the service says not


class TransferAcceptedBody(_Body):
    """A supervisor of the receiving team accepts the pending transfer."""

    step: Literal["transfer_accepted"] = "transfer_accepted"
    bias_reflection: BiasReflection | None = None


class TransferRefusedBody(_Body):
    """A supervisor of the receiving team refuses the pending transfer, saying why."""

    step: Literal["transfer_refused"] = "transfer_refused"
    reason: LongText
    bias_reflection: BiasReflection | None = None


class TransitionPlanningBody(_Body):
    """The plan for the child's move to adult probation services, made before they turn 18."""

    step: Literal["transition_planning"] = "transition_planning"


StepBody = Annotated[
    AllocationBody
    | FirstContactBody
    | AssessmentBody
    | CaseFormulationBody
    | RestorativeEnquiryBody
    | InitialPanelBody
    | ParentRestorativeWorkBody
    | VictimDetailsReceivedBody
    | VictimContactBody
    | VictimRestorativeOptionBody
    | VictimWithdrawalBody
    | InterventionPlanBody
    | CustodyPlanningBody
    | ResettlementPlanningBody
    | ReleaseBody
    | ReviewBody
    | ClosureBody
    | InterventionReferralBody
    | TransferRequestedBody
    | TransferAcceptedBody
    | TransferRefusedBody
    | TransitionPlanningBody
    | ComplianceFailureBody
    | WarningGivenBody
    | BreachActionBody
    | BreachPanelBody
    | CourtOutcomeAwaitedBody
    # Victims one by one (`workflows.victim_tracks`).
    | VictimSuitabilityBody
    | VictimProgressUpdateBody
    | VictimToldWorkEndedBody
    | VictimContactSchemeReferralBody
    | ProgrammeParticipantsBody
    | SessionPlannedBody
    | SessionOutcomeBody
    # Youth offender panels after the first (`workflows.restorative`).
    | ProgressPanelBody
    | FinalPanelBody
    # Case formulation (issue 18): an agreed action done.
    | AgreedActionBody
    # The diversion pathway (issue 20, `workflows.diversion`).
    | JointDecisionPanelBody
    | DiversionPlanBody
    | ConditionOutcomeBody
    | NoncomplianceToPoliceBody
    | ExitPlanBody
    # The child's and family's language (issue 22, `contracts.language`).
    | LanguagePreferenceBody,
    Field(discriminator="step"),
]


class StepCommand(BaseModel):
    """The update a workflow receives: the body and who sent it.

    The workflow refuses (as if it did not exist) a person who may not see the pathway, and a
    feed any step but the ones its role's act allows. Its caller writes the read model from the
    state the update returns; the workflow's own projection of that change waits a grace period
    as a safety net (ADR 0070).
    """

    actor: Actor
    body: StepBody
    # Deprecated: how a command is sent is its client's business. The workflow ignores both
    # (runs from before its `callers-project-2026-12` patch still read `caller_projects`);
    # kept because recorded histories hold them.
    check_visibility: bool = False
    caller_projects: bool = False
