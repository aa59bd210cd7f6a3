"""The supervision queue: a sample of decisions offered to the case manager's supervisor.

Every override of the rules is offered; of the other decisions with a bias reflection, one in
`sample_every` (`PATHWAY_REFLECTION_SAMPLE_EVERY`, 10), chosen by a hash of the pathway and the
reflection's number, so the sample is the same on every read and nobody can steer which of
their decisions is picked. A supervisor of the pathway's team records the discussion with the
case manager (`reflection_discussions`): when, what they concluded, and a short note.
"""

import hashlib
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from access.scope import Scope
from contracts.reflections import (
    Discussion,
    DiscussionOutcome,
    QueuedDecision,
    ReflectionStage,
    stage_of,
)
from core.errors import FieldProblem, InvalidInput, NotFound
from db.tables import ReflectionDiscussion
from readmodel.queries import in_scope
from readmodel.tables import BiasReflectionRow, PathwayRow


def offered(pathway_id: str, seq: int, stage: ReflectionStage, sample_every: int) -> str | None:
    """Why a decision is offered for discussion, or None if it is not sampled."""
    if stage == ReflectionStage.OVERRIDE:
        return "every override is discussed"
    digest = hashlib.sha256(f"{pathway_id}:{seq}".encode()).digest()
    if int.from_bytes(digest[:8], "big") % sample_every == 0:
        return f"one decision in {sample_every}, chosen at random"
    return None


def queue(
    session: Session, scope: Scope, sample_every: int, *, discussed: bool | None = False
) -> list[QueuedDecision]:
    """The decisions offered to the scope's supervisors, oldest first.

    `discussed`: False for those still to discuss, True for those discussed, None for both.
    """
    query = in_scope(
        select(BiasReflectionRow, PathwayRow.team).join(
            PathwayRow, PathwayRow.pathway_id == BiasReflectionRow.pathway_id
        ),
        scope,
        PathwayRow.team,
        PathwayRow.area,
    ).where(PathwayRow.anonymised_on.is_(None))
    rows = session.execute(query.order_by(BiasReflectionRow.on, BiasReflectionRow.pathway_id))
    found = []
    for reflection, team in rows:
        stage = stage_of(reflection.decision)
        why = offered(reflection.pathway_id, reflection.seq, stage, sample_every)
        if why is None:
            continue
        found.append(
            QueuedDecision(
                pathway_id=reflection.pathway_id,
                seq=reflection.seq,
                stage=stage,
                decision=reflection.decision,
                on=reflection.on,
                by=reflection.by,
                team=team,
                aspects_considered=list(reflection.aspects_considered),
                colleague_consulted=reflection.colleague_consulted,
                why_offered=why,
            )
        )
    if not found:
        return []
    keys = {(q.pathway_id, q.seq) for q in found}
    talks = session.scalars(
        select(ReflectionDiscussion).where(
            ReflectionDiscussion.pathway_id.in_(sorted({k[0] for k in keys}))
        )
    )
    held = {(t.pathway_id, t.seq): t for t in talks if (t.pathway_id, t.seq) in keys}
    for q in found:
        talk = held.get((q.pathway_id, q.seq))
        if talk is not None:
            q.discussed_on, q.discussed_by = talk.discussed_on, talk.discussed_by
            q.outcome = DiscussionOutcome(talk.outcome)
    if discussed is None:
        return found
    return [q for q in found if (q.discussed_on is not None) == discussed]


def record_discussion(
    session: Session,
    scope: Scope,
    sample_every: int,
    pathway_id: str,
    seq: int,
    discussion: Discussion,
    by: str,
    today: date,
) -> QueuedDecision:
    """Record the discussion of an offered decision; once per decision."""
    offered_now = {
        (q.pathway_id, q.seq): q for q in queue(session, scope, sample_every, discussed=None)
    }
    item = offered_now.get((pathway_id, seq))
    if item is None:
        raise NotFound(f"no decision {seq} of pathway {pathway_id} is offered to you to discuss")
    if item.discussed_on is not None:
        raise InvalidInput(
            problems=[
                FieldProblem(
                    "discussed_on",
                    f"this decision was discussed on {item.discussed_on} by {item.discussed_by}",
                )
            ]
        )
    if discussion.discussed_on > today:
        raise InvalidInput(
            problems=[FieldProblem("discussed_on", f"is in the future (today is {today})")]
        )
    if discussion.discussed_on < item.on:
        raise InvalidInput(
            problems=[FieldProblem("discussed_on", f"is before the decision on {item.on}")]
        )
    session.add(
        ReflectionDiscussion(
            pathway_id=pathway_id,
            seq=seq,
            discussed_on=discussion.discussed_on,
            discussed_by=by,
            outcome=discussion.outcome.value,
            note=discussion.note or None,
            recorded_at=datetime.now(UTC),
        )
    )
    item.discussed_on, item.discussed_by, item.outcome = (
        discussion.discussed_on,
        by,
        discussion.outcome,
    )
    return item
