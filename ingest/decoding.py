r"""Decoding what integrators send: strict JSON, and files of one record, an array or NDJSON.

Python's `json` accepts `NaN` and `Infinity`, turns a number too large for a float into
infinity, and decodes an escaped lone surrogate (`"\ud800"`) into a string that cannot be
written as UTF-8; the databases refuse all of these. They are refused here, where a person can
be told why, rather than where a record is kept.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Unreadable:
    """A line of a file that is not JSON: rejected, and kept with its text for a replay."""

    text: str
    problem: str


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}… is too large")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _no_lone_surrogates(value: Any) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("a string holds a lone surrogate (\\ud800 to \\udfff)") from None
    elif isinstance(value, list):
        for item in value:
            _no_lone_surrogates(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_lone_surrogates(key)
            _no_lone_surrogates(item)


def loads(data: str | bytes) -> Any:
    """Decode JSON strictly.

    Raises:
        ValueError: not JSON (`json.JSONDecodeError`), `NaN` or `Infinity`, a number too large
            for a float, an integer with too many digits, or a lone surrogate.
        RecursionError: nested too deeply.
        UnicodeDecodeError: bytes that are not UTF-8.
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    value = json.loads(text, parse_constant=_constant, parse_float=_number)
    if _SURROGATE_ESCAPE.search(text):  # only escapes can make one (pairs are fine)
        _no_lone_surrogates(value)
    return value


def read_records(path: Path) -> list[Any]:
    """Return the records of a file; NDJSON lines that are not JSON become `Unreadable`."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        body = loads(text)
        return body if isinstance(body, list) else [body]
    except (ValueError, RecursionError):
        pass
    records: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(loads(line))
        except (ValueError, RecursionError) as bad:
            problem = f"{path.name} line {number}: not JSON ({getattr(bad, 'msg', bad)})"
            records.append(Unreadable(text=line[:100_000], problem=problem))
    return records
