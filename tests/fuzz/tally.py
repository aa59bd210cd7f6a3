"""What the fuzzing sent, counted in the process that sent it and summed over every process.

`make test` runs the tests in parallel processes (pytest-xdist, ADR 0149): each process counts
its own requests and hands the counts back when it ends; the process that prints the summary
(and writes `$PATHWAY_FUZZ_REPORT`) adds them up. Without xdist there is one process and
nothing to add. The hooks that do this are in `tests/conftest.py`, which every process loads.
"""

import json
import os
from collections import Counter
from typing import Any

SENT: Counter[str] = Counter()
STATUSES: Counter[str] = Counter()
SECONDS: Counter[str] = Counter()


def counted() -> dict[str, dict[str, float]]:
    """This process's counts, as a parallel worker hands them back."""
    return {"sent": dict(SENT), "statuses": dict(STATUSES), "seconds": dict(SECONDS)}


def add(counts: dict[str, dict[str, float]] | None) -> None:
    """Add a worker's counts to this process's."""
    if not counts:
        return
    SENT.update({k: int(v) for k, v in counts["sent"].items()})
    STATUSES.update({k: int(v) for k, v in counts["statuses"].items()})
    SECONDS.update(counts["seconds"])


def write_report() -> None:
    """Write the totals to `$PATHWAY_FUZZ_REPORT` when it is set."""
    report = os.environ.get("PATHWAY_FUZZ_REPORT")
    if report and SENT:
        with open(report, "w") as out:
            json.dump(
                {"requests": sum(SENT.values()), "by_endpoint": SENT, "by_status": STATUSES},
                out,
                indent=1,
                sort_keys=True,
            )


def summary(terminalreporter: Any) -> None:
    """Say how many requests the fuzzing sent, by endpoint."""
    if not SENT:
        return
    waited = sum(SECONDS.values())
    terminalreporter.write_sep(
        "-", f"fuzzing sent {sum(SENT.values())} requests ({waited:.0f} s waiting for answers)"
    )
    for endpoint, n in sorted(SENT.items()):
        codes = ", ".join(
            f"{key.rsplit(' ', 1)[1]}: {count}"
            for key, count in sorted(STATUSES.items())
            if key.rsplit(" ", 1)[0] == endpoint
        )
        mean = 1000 * SECONDS[endpoint] / n
        terminalreporter.write_line(f"  {n:6d}  {endpoint}  ({codes}; {mean:.0f} ms each)")
