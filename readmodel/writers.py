"""Every write into the read model: who writes, when, and why writing from several places is safe.

The read model (`readmodel.tables`) copies what the workflows hold, for questions across
pathways; the workflows remain the source of truth. Nothing outside this module writes its
tables. There are four writers, each through one function here:

1. The command client (`core/pathways.py`), after every change it makes (a step, new facts, a
   new order's review) for the API, the pages and the feeds: `write_after_step`, with the state
   the update returned; for the API in a background task once the answer has gone (ADR 0070),
   for the pages before redirecting to a list, so the list shows what was just done.
2. The projection activity (`activities/projection.py`): `project`, after every change the
   workflow makes itself, and as the safety net after a change whose caller wrote it (after
   `CALLER_PROJECTION_GRACE`; ADR 0070).
3. `pathway rebuild-read-model` (`commands/rebuild.py`): `rebuild_pathway`, on demand, from
   each pathway's latest run (ADR 0021).
4. Retention (`activities/retention.py`): `anonymise_pathway`, from the daily schedule, for
   pathways closed longer than the retention period (ADR 0080).

Why they can write the same pathway in any order:

- The first three write a whole `PathwayState` through `write_projection`, whose version check
  and write are one statement (a conditional UPDATE, else an INSERT that does nothing on
  conflict): an older state never overwrites a newer one, and a repeat changes nothing, on
  SQLite and PostgreSQL. The caller's write and the workflow's may race; either order leaves
  the newest state.
- `write_after_step` never raises: a write that fails (the database is down) is logged, and the
  workflow projects the same state itself after the grace, so nothing is lost.
- `rebuild_pathway(force=True)` deletes a pathway's rows first only when they are not newer
  than the state it read (under a row lock, in the transaction that rewrites them), so rows the
  workflow wrote meanwhile stay.
- Anonymised rows are never restored: `anonymise_pathway` records the pathway in
  `anonymised_pathways` (beside the intake, outside the read model) and sets `anonymised_on`
  before emptying the free text (`FREE_TEXT`); the version-checked UPDATE skips a row with
  `anonymised_on`, and rows written afresh (a rebuild after the tables were emptied) are
  written anonymised, whatever free text the workflow's state still holds.
- The state's writes run statements built once, on the session's connection (ADR 0073): they
  run after every step.

Tests and `pathway bench overdue` insert rows directly into throwaway databases of their own,
and migrations change the schema; none of them writes a deployment's read model.
`tests/readmodel/test_writers.py` holds this list to the code.
"""

import logging
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from contracts.pathway import PathwayState
from db.tables import AnonymisedPathway
from readmodel.projection import write_projection
from readmodel.tables import FREE_TEXT, PathwayRow, TaskRow, VictimRow

__all__ = ["anonymise_pathway", "project", "rebuild_pathway", "write_after_step"]

log = logging.getLogger(__name__)


def project(sessions: sessionmaker[Session], state: PathwayState) -> bool:
    """Write the state in a transaction of its own; return whether it was newer.

    The projection activity's write: a stale or repeated call is a no-op.
    """
    with sessions.begin() as session:
        return write_projection(session, state)


def write_after_step(sessions: sessionmaker[Session], state: PathwayState) -> None:
    """Write the state as the caller that changed it; a failure is logged, not raised.

    The command client (`core.pathways`) calls this with the state an update returned. The
    workflow projects the same state itself a little later (the safety net), so a caller whose
    write failed (a database outage) loses nothing.
    """
    try:
        project(sessions, state)
    except Exception:
        log.warning(
            "the read model was not updated for %s version %s: the workflow will retry",
            state.pathway_id,
            state.version,
            exc_info=True,
        )


def rebuild_pathway(sessions: sessionmaker[Session], state: PathwayState, *, force: bool) -> bool:
    """Write one pathway read back from Temporal, in its own transaction; return if written.

    Args:
        sessions: Sessions on the read model's database.
        state: The pathway's latest state, as its workflow answers it.
        force: Rewrite rows that are not newer than `state` (deleting them first), for rows
            the version check would keep, e.g. after a fix to the projection itself.

    Returns:
        Whether the pathway's rows were written.
    """
    with sessions.begin() as session:
        if force:
            stored = session.scalar(
                select(PathwayRow.version)
                .where(PathwayRow.pathway_id == state.pathway_id)
                .with_for_update()
            )
            # Rows newer than this state were written by the workflow since: keep them.
            if stored is not None and stored <= state.version:
                for table in (TaskRow, VictimRow, PathwayRow):
                    session.execute(delete(table).where(table.pathway_id == state.pathway_id))
        return write_projection(session, state)


def anonymise_pathway(session: Session, row: PathwayRow, today: date) -> None:
    """Record the pathway as anonymised (keeping an earlier date) and empty its free text.

    Runs in the retention activity's transaction, which also anonymises the pathway's
    notifications and intake records (`db.anonymisation`).
    """
    marker = session.get(AnonymisedPathway, row.pathway_id)
    if marker is None:
        marker = AnonymisedPathway(pathway_id=row.pathway_id, anonymised_on=today)
        session.add(marker)
    row.anonymised_on = marker.anonymised_on
    # The pathway's row first, as the projection does: a projection running at the same time
    # then waits for this transaction, sees `anonymised_on` and writes nothing.
    session.flush()
    for table, columns in FREE_TEXT.items():
        session.execute(
            update(table)
            .where(table.pathway_id == row.pathway_id)  # type: ignore[attr-defined]
            .values({c: None for c in columns})
        )
