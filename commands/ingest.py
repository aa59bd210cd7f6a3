"""`pathway ingest FILE...`: court records from files, one result per record and a summary.

A file holds a canonical outcome, a Common Platform message, a JSON array of either, or
NDJSON (one record per line). A line that is not JSON is rejected with its line number.
"""

import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from clients import connect_temporal
from contracts.court import IngestResult, IngestResultKind
from db.session import make_engine, make_sessions, migrate
from ingest.service import IngestService
from ingest.store import IntakeStore
from settings import Settings

BATCH = 50


def read_records(path: Path) -> list[Any]:
    """Return the records of a file; undecodable NDJSON lines become error markers."""
    text = path.read_text(encoding="utf-8")
    try:
        body = json.loads(text)
        return body if isinstance(body, list) else [body]
    except json.JSONDecodeError:
        pass
    records: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as bad:
            records.append({"__unreadable__": f"{path.name} line {number}: not JSON ({bad.msg})"})
    return records


def _progress(done: int, total: int, name: str) -> None:
    if total < 200 or not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")


async def _ingest(settings: Settings, files: list[Path]) -> Counter[str]:
    client = await connect_temporal(settings)
    engine = make_engine(settings.sqlalchemy_url)
    service = IngestService(IntakeStore(make_sessions(engine)), client, settings)
    counts: Counter[str] = Counter()
    for path in files:
        records = read_records(path)
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            results: list[IngestResult] = await service.ingest(batch)
            for result in results:
                result.index += start
                counts[result.result.value] += 1
                if result.result not in (IngestResultKind.STARTED, IngestResultKind.DUPLICATE):
                    print(
                        f"{path.name} record {result.index}: {result.result.value}: {result.reason}"
                    )
            _progress(min(start + BATCH, len(records)), len(records), path.name)
    engine.dispose()
    return counts


def run_ingest(settings: Settings, files: list[Path]) -> int:
    """Ingest the files; exit status 1 if any record was rejected."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"pathway ingest: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    migrate(settings.sqlalchemy_url)
    counts = asyncio.run(_ingest(settings, files))
    print("\n  result     records")
    for kind in IngestResultKind:
        print(f"  {kind.value:<10} {counts[kind.value]:>7}")
    print(f"  {'total':<10} {sum(counts.values()):>7}")
    return 1 if counts[IngestResultKind.REJECTED.value] else 0
