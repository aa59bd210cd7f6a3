"""Court and diversion pathways written through the real projection (`write_projection`).

`seed_children` writes a known set of children (see the counts beside `STORIES` and `BULK`):
community resolutions, cautions, youth conditional cautions, charges followed by court
orders, convictions and a re-sentence, so that reports can be checked against arithmetic.
"""

from dataclasses import dataclass
from datetime import date
from itertools import count

from sqlalchemy.orm import Session

from contracts.common import DisposalType, Gender
from contracts.diversion import (
    Condition,
    ConditionStatus,
    DiversionDetails,
    DiversionState,
    PanelDecision,
    PanelOutcome,
)
from contracts.offences import OffenceGroup, OrderOffence
from contracts.pathway import ChildProfile, OrderDetails, PathwayState
from readmodel.projection import write_projection

THEFT = OrderOffence(
    offence_code="TH68010",
    title="Theft from a shop",
    group=OffenceGroup.THEFT_AND_HANDLING,
    mapping_version="2026.1",
)
_SEQ = count(1)


def child(child_id: str, ethnicity: str | None, age: int = 15) -> ChildProfile:
    return ChildProfile(child_id=child_id, gender=Gender.MALE, ethnicity=ethnicity, age_at_order=age)


def court_state(
    pid: str,
    kid: ChildProfile,
    made_on: date,
    disposal: DisposalType = DisposalType.REFERRAL_ORDER,
    *,
    team: str | None = "bromley",
    charged_from: str | None = None,
    resentenced_from: str | None = None,
) -> PathwayState:
    state = PathwayState(
        pathway_id=pid,
        child=kid,
        order=OrderDetails(
            disposal=disposal, length_months=6, made_on=made_on, hearing_date=made_on,
            court_code="B01LY00", area="bromley-yjs", offences=[THEFT],
        ),
        order_starts_on=made_on,
        order_ends_on=date(made_on.year + 1, made_on.month, 1),
        caseworker="casey" if team else None,
        team=team,
        version=1,
        charged_from=charged_from,
    )
    state.compliance.resentenced_from = resentenced_from
    return state


def diversion_state(
    pid: str,
    kid: ChildProfile,
    referred_on: date,
    outcome: PanelOutcome | None,
    decided_on: date | None = None,
    *,
    team: str | None = "bromley",
    conditions: tuple[ConditionStatus, ...] = (),
) -> PathwayState:
    details = DiversionDetails(
        referral_id=f"ref-{pid}", referred_on=referred_on, force="01", offence=THEFT,
        has_identified_victim=True,
    )
    decision = None
    if outcome is not None:
        decision = PanelDecision(
            outcome=outcome, decided_on=decided_on or referred_on, police_attendee="PS 1",
            yjs_attendee="YJS 1", rationale="agreed", recorded_by="casey",
        )
    kept = [
        Condition(condition_id=f"c{i + 1}", condition="Apologise", due_on=referred_on, status=s)
        for i, s in enumerate(conditions)
    ]
    return PathwayState(
        pathway_id=pid,
        child=kid,
        order=OrderDetails(
            disposal=DisposalType.DIVERSION, length_months=6, made_on=referred_on,
            hearing_date=referred_on, court_code="01", area="bromley-yjs",
            has_identified_victim=True, offences=[THEFT],
        ),
        order_starts_on=referred_on,
        order_ends_on=date(referred_on.year + 1, referred_on.month, 1),
        caseworker="casey" if team else None,
        team=team,
        version=1,
        diversion=DiversionState(details=details, decision=decision, conditions=kept),
    )


@dataclass(frozen=True)
class Event:
    """One pathway of a story: a panel's decision (or none yet), or a court order."""

    on: date
    outcome: PanelOutcome | None = None  # None with `court`: a court order
    court: DisposalType | None = None
    team: str = "bromley"
    charged: bool = False  # a court order following the child's earlier decision to charge
    resentence: bool = False  # a court order replacing the child's earlier one


D = date
CR, YC, YCC = PanelOutcome.COMMUNITY_RESOLUTION, PanelOutcome.YOUTH_CAUTION, PanelOutcome.YOUTH_CONDITIONAL_CAUTION
CHARGE, NFA, TURNAROUND = PanelOutcome.CHARGE, PanelOutcome.NO_FURTHER_ACTION, PanelOutcome.TURNAROUND
RO, YRO = DisposalType.REFERRAL_ORDER, DisposalType.YOUTH_REHABILITATION_ORDER

# Children whose ethnicity is not stated, each with a story. First-time entrants, by the first
# youth caution (YC), youth conditional caution (YCC) or conviction:
STORIES: dict[str, tuple[Event, ...]] = {
    "cr-only": (Event(D(2026, 2, 3), CR),),  # never
    "yc": (Event(D(2026, 2, 10), YC),),  # 2026-Q1, YC
    "ycc": (Event(D(2026, 3, 3), YCC),),  # 2026-Q1, YCC
    "conviction": (Event(D(2026, 4, 20), court=RO),),  # 2026-Q2, conviction
    # A charge is not a conviction; the court order that followed it is: 2026-Q2.
    "charged": (Event(D(2026, 1, 20), CHARGE), Event(D(2026, 4, 27), court=YRO, charged=True)),
    # Counted once, at the caution: 2026-Q1.
    "yc-then-convicted": (Event(D(2026, 1, 15), YC), Event(D(2026, 5, 5), court=RO)),
    # A re-sentence after a breach is not a new conviction: 2026-Q1 only.
    "resentenced": (Event(D(2026, 2, 2), court=RO), Event(D(2026, 5, 11), court=YRO, resentence=True)),
    # A community resolution never counts; the caution after it does: 2026-Q2.
    "cr-then-yc": (Event(D(2026, 1, 8), CR), Event(D(2026, 4, 14), YC)),
    "turnaround-then-nfa": (Event(D(2026, 2, 16), TURNAROUND), Event(D(2026, 3, 16), NFA)),  # never
    # Convicted in 2025: not a first-time entrant in 2026, whatever follows.
    "convicted-in-2025": (Event(D(2025, 11, 10), court=RO), Event(D(2026, 2, 1), YC)),
    "awaiting-decision": (Event(D(2026, 3, 20)),),  # never (yet)
    # Another team's: the whole service's count, not bromley's: 2026-Q1.
    "croydon-yc": (Event(D(2026, 2, 24), YC, team="croydon"),),
}

# Referrals the panel decided on 10 March 2026 (team bromley), by ethnic group: the RRI's
# counts. White: 5 charged of 20; Black: 5 charged of 10. Not charged, by outcome:
# White 6 YC, 5 CR, 2 YCC, 1 Turnaround, 1 NFA (15); Black 1 YC, 3 CR, 1 YCC (5).
BULK: dict[str, dict[PanelOutcome, int]] = {
    "W1": {CHARGE: 5, YC: 6, CR: 5, YCC: 2, TURNAROUND: 1, NFA: 1},
    "B1": {CHARGE: 5, YC: 1, CR: 3, YCC: 1},
}
BULK_ON = D(2026, 3, 10)


def seed_children(session: Session) -> None:
    """Write `STORIES` and `BULK` through the projection, one child per story and per referral."""
    for name, events in STORIES.items():
        kid = child(f"ch-{name}", None)
        earlier: list[str] = []
        for i, e in enumerate(events):
            pid = f"pw-{name}-{i}"
            if e.court is None:
                state = diversion_state(pid, kid, e.on, e.outcome, e.on, team=e.team)
            else:
                state = court_state(
                    pid, kid, e.on, e.court, team=e.team,
                    charged_from=earlier[-1] if e.charged else None,
                    resentenced_from=earlier[-1] if e.resentence else None,
                )
            assert write_projection(session, state)
            earlier.append(pid)
    for ethnicity, outcomes in BULK.items():
        for outcome, n in outcomes.items():
            for _ in range(n):
                i = next(_SEQ)
                state = diversion_state(f"pw-bulk-{i}", child(f"ch-bulk-{i}", ethnicity), D(2026, 3, 2),
                                        outcome, BULK_ON)
                assert write_projection(session, state)
