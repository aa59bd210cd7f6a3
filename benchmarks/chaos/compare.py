"""Comparing a chaos run with its control: final states and database rows, modulo ids and times.

Both runs replay the same scripts, so pathway `i` of one run is pathway `i` of the other; its
pathway and child ids (random at intake) are replaced by `P<i>` and `C<i>` everywhere, and the
fields that legitimately differ between runs are dropped: instants (`at`, `created_at`,
`updated_at`, `received_at`, `sent_at`), surrogate row ids, and the count of workflow runs.

- **lost**: a scripted pathway with no final state, or a row (by its key) the control has and
  the chaos run lacks;
- **duplicated**: a row the chaos run has beyond the control's (an extra key, or a key seen
  twice), a timeline entry recorded more often, or an extra workflow execution;
- **mismatched**: a pathway whose final state differs, or a row whose content differs.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

import readmodel.tables  # noqa: F401 - registers the read model tables
from contracts.pathway import PathwayState
from db.session import make_engine
from db.tables import Base

# Table -> the columns that identify a row (after the ids are replaced).
KEYS: dict[str, tuple[str, ...]] = {
    "rm_pathways": ("pathway_id",),
    "rm_tasks": ("pathway_id", "task_id"),
    "rm_victims": ("pathway_id", "victim_id"),
    "rm_decisions": ("pathway_id", "programme"),
    "rm_referrals": ("pathway_id", "programme"),
    "rm_bias_reflections": ("pathway_id", "seq"),
    "outbox": ("key",),
    "children": ("child_id",),
    "court_records": ("message_id",),
    "pathway_index": ("pathway_id",),
    "held_records": ("message_id", "reason"),
}
# Tables a run does not compare: who read what, and when.
SKIPPED = frozenset({"audit_events"})
STATE_DROPPED = frozenset({"at", "runs"})
ROW_DROPPED = frozenset({"id", "created_at", "updated_at", "received_at", "sent_at"})


@dataclass
class Snapshot:
    """What one run left: each pathway's final state and every row, with ids replaced."""

    states: dict[int, Any] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    executions: int = 0


@dataclass
class Differences:
    """Lost, duplicated and mismatched things, with a few examples of each."""

    lost: int = 0
    duplicated: int = 0
    mismatched: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, kind: str, what: str) -> None:
        """Count one difference of `kind` and keep the first few descriptions."""
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.examples) < 12:
            self.examples.append(f"{kind}: {what}")


def _plain(value: Any, ids: dict[str, str], dropped: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v, ids, dropped) for k, v in sorted(value.items()) if k not in dropped}
    if isinstance(value, list | tuple):
        return [_plain(v, ids, dropped) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        for real, token in ids.items():
            value = value.replace(real, token)
        return value
    return value


def snapshot(
    database_url: str, states: dict[int, PathwayState], pathway_ids: dict[int, str]
) -> Snapshot:
    """Read a finished run's database and normalise it with its final states."""
    ids: dict[str, str] = {}
    for index, pid in pathway_ids.items():
        ids[pid] = f"P{index}"
        if index in states:
            ids[states[index].child.child_id] = f"C{index}"
    shot = Snapshot()
    for index, state in states.items():
        shot.states[index] = _plain(state.model_dump(mode="json"), ids, STATE_DROPPED)
    engine = make_engine(database_url)
    try:
        with engine.connect() as c:
            for name in tables():
                table = Base.metadata.tables[name]
                rows = [
                    _plain(dict(r._mapping), ids, ROW_DROPPED) for r in c.execute(select(table))
                ]
                shot.rows[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    finally:
        engine.dispose()
    return shot


def tables() -> dict[str, tuple[str, ...]]:
    """Every table compared, with its key: those of KEYS, then any other by primary key."""
    found = dict(KEYS)
    for name, table in Base.metadata.tables.items():
        if name not in found and name not in SKIPPED:
            key = tuple(c.name for c in table.primary_key.columns if c.name not in ROW_DROPPED)
            found[name] = key or tuple(c.name for c in table.columns if c.name not in ROW_DROPPED)
    return found


def compare(chaos: Snapshot, control: Snapshot) -> Differences:
    """Count what the chaos run lost, duplicated or changed against the control run."""
    d = Differences()
    for index, expected in control.states.items():
        got = chaos.states.get(index)
        if got is None:
            d.note("lost", f"pathway {index} has no final state")
            continue
        kinds = Counter(e["kind"] for e in got["timeline"])
        for kind, n in (kinds - Counter(e["kind"] for e in expected["timeline"])).items():
            d.note("duplicated", f"pathway {index}: {n} extra {kind} timeline entries")
        if got != expected:
            d.note("mismatched", f"pathway {index}: {_first_difference(got, expected)}")
    for name, key in tables().items():
        want = _by_key(control.rows.get(name, []), key)
        have = _by_key(chaos.rows.get(name, []), key)
        for k, rows in want.items():
            if k not in have:
                d.note("lost", f"{name} row {k}")
            elif have[k][0] != rows[0]:
                d.note("mismatched", f"{name} row {k}: {_first_difference(have[k][0], rows[0])}")
        for k, rows in have.items():
            extra = len(rows) - len(want.get(k, []))
            for _ in range(extra):
                d.note("duplicated", f"{name} row {k}")
    for _ in range(chaos.executions - control.executions):
        d.note("duplicated", "an extra pathway workflow execution")
    return d


def _by_key(rows: list[dict[str, Any]], key: tuple[str, ...]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for row in rows:
        out.setdefault("/".join(str(row[k]) for k in key), []).append(row)
    return out


def _first_difference(got: Any, want: Any, path: str = "") -> str:
    if isinstance(got, dict) and isinstance(want, dict):
        for k in sorted(set(got) | set(want)):
            if got.get(k) != want.get(k):
                return _first_difference(got.get(k), want.get(k), f"{path}.{k}")
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if g != w:
                return _first_difference(g, w, f"{path}[{i}]")
    return f"{path or '(whole)'}: {str(got)[:80]} != {str(want)[:80]}"
