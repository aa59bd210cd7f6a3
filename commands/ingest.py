"""`pathway ingest FILE...`: court records from files, one result per record and a summary.

A file holds a canonical outcome, a Common Platform message, a JSON array of either, or
NDJSON (one record per line). A line that is not JSON is rejected with its line number (and
kept, like every rejected record, to be replayed once corrected). Problem records are printed
one per line on stdout, then a summary table; a progress bar goes to stderr for large files.
The exit status is 1 if any record was rejected, 2 if a file is missing or Temporal cannot be
reached. Running it again on the same files is safe: records already received answer
`duplicate`, so a run interrupted half-way is resumed without a second pathway.

A record shaped as a referral for diversion or prevention (it has a `referral_id` and no
`message_id`: `contracts.diversion_referrals`) goes to the diversion intake (`ingest.diversion`),
the rest to the court intake; with `--diversion` every record of the files is taken as a
referral, so one too malformed to be recognised is still rejected as one.

The API's limits (`ingest.sizing`) apply to each message of a file, not to the file: a
message holding more than 5,000 records (Common Platform defendants counted one by one), nested
too deeply or holding too many values is rejected with the reason and not stored (the file
still holds it: split it and run again). A file itself may hold any number of
messages, say a year's records: it is ingested `BATCH` records at a time, so no call of the
intake holds more than a batch.
"""

import asyncio
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from temporalio.service import RPCError

from contracts.court import IngestResultKind
from core.clients import connect_temporal
from core.errors import TemporalUnavailable
from core.settings import Settings
from db.session import make_engine, make_sessions, migrate
from ingest.decoding import read_records
from ingest.diversion import DiversionIntake, looks_like_referral
from ingest.service import IngestService, RecordResult
from ingest.sizing import TooMuch, check_intake
from ingest.store import IntakeStore

BATCH = 100
"""Records per call of the intake."""
IN_FLIGHT = 4
"""Batches ingested at once (results are still printed in file order)."""
BAR_FROM = 200
"""Files with fewer records than this get no progress bar."""
PROBLEMS = (IngestResultKind.SKIPPED, IngestResultKind.HELD, IngestResultKind.REJECTED)


class Progress:
    """A progress bar on a terminal; elsewhere (a log), a line at every tenth of the way."""

    def __init__(self, name: str, total: int, stream: TextIO) -> None:
        self.name, self.total, self.stream = name, total, stream
        self.shown = total >= BAR_FROM
        self.tty = stream.isatty()
        self._tenth = 0

    def update(self, done: int) -> None:
        """Show that `done` records of the file have a result."""
        if not self.shown:
            return
        if self.tty:
            width = 30
            filled = width * done // self.total
            bar = "#" * filled + "." * (width - filled)
            end = "\n" if done >= self.total else ""
            self.stream.write(f"\r{self.name} [{bar}] {done}/{self.total}{end}")
        elif (tenth := 10 * done // self.total) > self._tenth:
            self._tenth = tenth
            self.stream.write(f"{self.name}: {done}/{self.total} records ({10 * tenth}%)\n")
        self.stream.flush()


def _problem_line(name: str, result: RecordResult) -> str:
    held = f" (held record {result.held_id})" if result.held_id is not None else ""
    return f"{name} record {result.index}: {result.result.value}: {result.reason}{held}"


def _within_limits(name: str, records: list[Any], counts: Counter[str]) -> list[int]:
    """The indexes of the messages within the limits; the others are rejected and said so."""
    kept = []
    for index, record in enumerate(records):
        try:
            check_intake([record])
        except TooMuch as too_much:
            counts[IngestResultKind.REJECTED.value] += 1
            print(f"{name} record {index}: rejected: {too_much} (not stored: split the message)")
            continue
        kept.append(index)
    return kept


async def ingest_batch(
    service: IngestService, diversion: DiversionIntake, records: list[Any], every: bool = False
) -> list[RecordResult]:
    """Ingest one batch: referrals by the diversion intake, the rest by the court intake.

    `every`: every record is a referral. One result per record, in order.
    """
    referrals = [i for i, r in enumerate(records) if every or looks_like_referral(r)]
    if not referrals:
        return await service.ingest(records)
    taken = set(referrals)
    court = [i for i in range(len(records)) if i not in taken]
    results = await diversion.ingest([records[i] for i in referrals])
    if court:
        results += await service.ingest([records[i] for i in court])
    for result, index in zip(results, referrals + court, strict=True):
        result.index = index
    return sorted(results, key=lambda r: r.index)


async def ingest_file(
    service: IngestService,
    path: Path,
    counts: Counter[str],
    diversion: DiversionIntake | None = None,
    *,
    every: bool = False,
) -> None:
    """Ingest one file, a few batches at a time; print its problems in order and count all.

    `every`: take every record as a referral for diversion (`--diversion`).
    """
    divert = diversion or DiversionIntake(service.store, service.client, service.settings)
    records = read_records(path)
    progress = Progress(path.name, len(records), sys.stderr)
    within = _within_limits(path.name, records, counts)
    batches = [within[i : i + BATCH] for i in range(0, len(within), BATCH)]
    for window in range(0, len(batches), IN_FLIGHT):
        part = batches[window : window + IN_FLIGHT]
        answers = await asyncio.gather(
            *(ingest_batch(service, divert, [records[i] for i in batch], every) for batch in part)
        )
        for batch, results in zip(part, answers, strict=True):
            for result in results:
                result.index = batch[result.index]
                counts[result.result.value] += 1
                if result.result in PROBLEMS:
                    print(_problem_line(path.name, result))
            progress.update(batch[-1] + 1)


async def ingest_files(
    settings: Settings, files: list[Path], *, diversion: bool = False
) -> Counter[str]:
    """Ingest every file in turn; return how many records had each result."""
    try:
        client = await connect_temporal(settings)
    except RuntimeError as err:  # the client's "Failed client connect"
        raise TemporalUnavailable(str(err)) from err
    engine = make_engine(settings.sqlalchemy_url)
    service = IngestService(IntakeStore(make_sessions(engine)), client, settings)
    counts: Counter[str] = Counter()
    try:
        for path in files:
            await ingest_file(service, path, counts, every=diversion)
    finally:
        engine.dispose()
    return counts


def run_ingest(settings: Settings, files: list[Path], *, diversion: bool = False) -> int:
    """Ingest the files; exit status 1 if any record was rejected, 2 if it could not run."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"pathway ingest: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    migrate(settings.sqlalchemy_url)
    try:
        counts = asyncio.run(ingest_files(settings, files, diversion=diversion))
    except (RPCError, TemporalUnavailable) as err:
        print(
            f"pathway ingest: Temporal at {settings.temporal_address} cannot be reached ({err}); "
            "records received so far are kept, and running again is safe",
            file=sys.stderr,
        )
        return 2
    print("\n  result     records")
    for kind in IngestResultKind:
        print(f"  {kind.value:<10} {counts[kind.value]:>7}")
    print(f"  {'total':<10} {sum(counts.values()):>7}")
    return 1 if counts[IngestResultKind.REJECTED.value] else 0
