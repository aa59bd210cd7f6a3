"""Starting a claimed pathway's workflow, and opening a review on the child's other pathways.

The workflow input carries the order and demographics, never a name or date of birth. A start
is harmless to repeat: the id is the claim's, and an existing workflow of that id is used.
"""

from dataclasses import dataclass

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from contracts.breach import Resentence
from contracts.court import CourtOutcome, Source
from contracts.pathway import ChildProfile, NewOrderNotice, OrderDetails, PathwayInput
from contracts.transfers import CaseManagerOffer
from core.bank_holidays import england_and_wales
from core.errors import PathwayNotFound, TemporalUnavailable
from core.pathways import Pathways
from core.settings import Settings
from ingest.canonical import age_on
from ingest.claims import Claim
from ingest.offences import order_offences
from workflows.pathway import PathwayWorkflow

REVIEW_TIMEOUT_S = 30.0
"""How long to wait for an open pathway to accept a review before saying it could not."""


def pathway_input(
    outcome: CourtOutcome,
    claim: Claim,
    settings: Settings,
    area: str | None = None,
    offer: CaseManagerOffer | None = None,
    resentenced_from: Resentence | None = None,
    charged_from: str | None = None,
) -> PathwayInput:
    """Build a workflow input: the order and demographics, never a name or date of birth.

    `offer`: the team and case manager the child knows (`ingest.linking`, ADR 0114);
    `charged_from`: the diversion pathway whose decision to charge the order followed (ADR 0132).
    """
    d, made = outcome.disposal, outcome.disposal.made_on
    years = settings.calendar_years_ahead + (d.length_months + 11) // 12
    return PathwayInput(
        pathway_id=claim.pathway_id,
        child=ChildProfile(
            child_id=claim.child_id,
            gender=outcome.defendant.gender,
            ethnicity=outcome.defendant.ethnicity,
            age_at_order=age_on(outcome.defendant.date_of_birth, made),
        ),
        order=OrderDetails(
            disposal=d.type,
            length_months=d.length_months,
            made_on=made,
            hearing_date=outcome.hearing_date,
            court_code=outcome.court.code,
            has_identified_victim=outcome.has_identified_victim,
            victim_stated=outcome.source != Source.COMMON_PLATFORM,
            requirements=d.requirements,
            area=area,
            offences=order_offences(outcome),
        ),
        deadlines=settings.deadlines,
        reflections=settings.reflections,
        calendar=england_and_wales(made.year, made.year + years),
        max_history_events=settings.max_history_events,
        offer=offer,
        resentenced_from=resentenced_from,
        charged_from=charged_from,
        in_arrears=settings.record_in_arrears,
    )


async def start_pathway(
    client: Client,
    settings: Settings,
    outcome: CourtOutcome,
    claim: Claim,
    offer: CaseManagerOffer | None = None,
    *,
    resentenced_from: Resentence | None = None,
    charged_from: str | None = None,
) -> None:
    """Start the claim's pathway workflow (an existing one of that id counts as started).

    `resentenced_from`: the pathway whose order this one replaces (`ingest.order_changes`);
    `charged_from`: the diversion pathway whose decision to charge it followed (ADR 0132).
    """
    area = settings.intake_area(outcome.defendant.yjs_area, outcome.court.code)
    try:
        await client.start_workflow(
            PathwayWorkflow.run,
            pathway_input(outcome, claim, settings, area, offer, resentenced_from, charged_from),
            id=claim.pathway_id,
            task_queue=settings.temporal_task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        )
    except WorkflowAlreadyStartedError:
        pass  # started by an earlier attempt, and since closed


REVIEWED, MISSED, NOT_RUNNING = "reviewed", "missed", "not running"


@dataclass(frozen=True)
class Review:
    """What opening a review on another pathway gave, and whose that pathway is."""

    answer: str
    team: str | None = None
    area: str | None = None


async def review_pathway(pathways: Pathways, pathway_id: str, notice: NewOrderNotice) -> Review:
    """Open a review on one of the child's other pathways for a new order; say what happened.

    One update id per new order (`Pathways.notify_new_order`): a retried or replayed intake
    opens one review. Answers `REVIEWED` with the pathway's team and area, `NOT_RUNNING`
    (closed or gone: nothing to review) or `MISSED` (the server or a worker did not answer in
    time: the intake says so, never skips it).
    """
    try:
        state = await pathways.notify_new_order(pathway_id, notice, timeout=REVIEW_TIMEOUT_S)
    except PathwayNotFound:
        return Review(NOT_RUNNING)
    except TemporalUnavailable:
        return Review(MISSED)
    return Review(REVIEWED, state.team, state.order.area)


def new_order_notice(outcome: CourtOutcome, claim: Claim) -> NewOrderNotice:
    """The notice a new order sends the child's other pathways."""
    return NewOrderNotice(
        new_pathway_id=claim.pathway_id,
        made_on=outcome.disposal.made_on,
        disposal=outcome.disposal.type,
    )


def review_note(outcomes: dict[str, str], visible: set[str] | None) -> str | None:
    """Say which reviews a new order opened, naming only the pathways the caller may see.

    `outcomes` maps each other pathway to what `review_pathway` answered; `visible` holds the
    ids the caller may see (None: every one).
    """

    def named(ids: list[str]) -> str:
        shown = [i for i in ids if visible is None or i in visible]
        hidden = len(ids) - len(shown)
        words = ", ".join(shown)
        if hidden:
            words += (" and " if shown else "") + f"{hidden} other pathway(s) of the child"
        return words

    reviewed = [p for p, o in outcomes.items() if o == REVIEWED]
    missed = [p for p, o in outcomes.items() if o == MISSED]
    notes = []
    if reviewed:
        notes.append(f"linked to the child's open pathway(s) {named(reviewed)}: review opened")
    if missed:
        notes.append(
            f"no review could be opened on {named(missed)} (no worker answered within "
            f"{REVIEW_TIMEOUT_S:.0f} s, or Temporal was unavailable): open one by hand"
        )
    return "; ".join(notes) or None
