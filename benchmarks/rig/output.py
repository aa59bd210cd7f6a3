"""How a benchmark speaks: figures for a person on stdout, progress on stderr, JSON last.

The last stdout line of every benchmark is one JSON object, so a script can read the figures
with `tail -1`; everything a person reads comes before it.
"""

import json
import sys
from typing import Any


def say(text: str) -> None:
    """Write one line of readable figures to stdout."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def note(text: str) -> None:
    """Write one line of progress to stderr."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def progress(label: str, done: int, total: int) -> None:
    """Show `label: done/total` on stderr, on one line rewritten in place."""
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r  {label}: {done}/{total}{end}")
    sys.stderr.flush()


def emit(figures: dict[str, Any]) -> None:
    """Write the benchmark's one JSON line (the last line of stdout)."""
    sys.stdout.write(json.dumps(figures) + "\n")
    sys.stdout.flush()
