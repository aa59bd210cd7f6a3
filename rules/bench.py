"""`pathway bench rules`: speed of the real rules path, checked against an independent oracle.

Random fact sets (`rules.random_facts`) go through `rules.evaluate`, timing each decision
(all three programmes), and through the plain-Python oracle kept in the tests
(`tests/rules/oracle.py`). Every decision is compared: status, each criterion's outcome,
missing facts and cautions. Readable figures come first; the last line is one JSON object:
`{"decisions_per_s": ..., "p99_ms": ..., "reference_decisions_per_s": ..., "disagreements": ...}`.
"""

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from contracts.eligibility import EligibilityDecisions
from rules.engine import evaluate
from rules.random_facts import random_requests

ORACLE_PATH = Path(__file__).resolve().parents[1] / "tests" / "rules" / "oracle.py"
"""Where the oracle lives: in the tests, so it never shares code with the rules."""


def load_oracle(path: Path = ORACLE_PATH) -> ModuleType:
    """Load the oracle module from its file.

    Args:
        path: The oracle's source file.

    Returns:
        The module, whose `decide(request)` returns the oracle's decisions.

    Raises:
        FileNotFoundError: The file is absent (the tests are not shipped with the package).
    """
    if not path.is_file():
        raise FileNotFoundError(f"the rules oracle is not at {path}: run from a source checkout")
    spec = importlib.util.spec_from_file_location("pathway_rules_oracle", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def differences(decisions: EligibilityDecisions, expected: dict[str, Any]) -> list[str]:
    """Return how the engine's decisions differ from the oracle's (empty when they agree).

    Args:
        decisions: The engine's decisions.
        expected: The oracle's decisions, keyed by programme id.

    Returns:
        One line per programme and aspect that differs.
    """
    found = []
    for programme, decision in decisions.by_programme().items():
        oracle = expected[programme.value]
        mine = {
            "status": decision.status.value,
            "criteria": [(c.id, c.kind.value, c.outcome.value) for c in decision.criteria],
            "missing_facts": decision.missing_facts,
            "cautions": [c.id for c in decision.cautions],
        }
        for aspect, value in mine.items():
            wanted = getattr(oracle, aspect)
            if value != wanted:
                found.append(f"{programme.value} {aspect}: rules {value}, oracle {wanted}")
    return found


def _progress(done: int, count: int, label: str) -> None:
    if done % 2000 == 0 or done == count:
        sys.stderr.write(f"\r{label}: {done}/{count}")
        if done == count:
            sys.stderr.write("\n")
        sys.stderr.flush()


def bench_rules(count: int = 20000, seed: int = 1) -> dict[str, float | int]:
    """Run the bench, print its figures and end with the JSON line.

    The rules' rate counts only the time spent inside `rules.evaluate`; each decision is
    compared with the oracle's as soon as it is timed, so decisions are not kept in memory.

    Args:
        count: How many random fact sets.
        seed: The random seed (the same seed gives the same fact sets).

    Returns:
        decisions_per_s, p99_ms, reference_decisions_per_s and disagreements.
    """
    oracle = load_oracle()
    requests = random_requests(count, seed)
    started = time.perf_counter()
    expected = [oracle.decide(request) for request in requests]
    reference_elapsed = time.perf_counter() - started
    evaluate(requests[0])  # the first call compiles and registers the ruleset
    latencies: list[int] = []
    statuses: dict[str, int] = {}
    disagreeing = 0
    clock = time.perf_counter_ns
    for done, (request, wanted) in enumerate(zip(requests, expected, strict=True), 1):
        before = clock()
        decision = evaluate(request)
        latencies.append(clock() - before)
        found = differences(decision, wanted)
        if found:
            disagreeing += 1
            if disagreeing <= 5:
                sys.stderr.write(f"disagreement on {request.model_dump_json()}:\n  ")
                sys.stderr.write("\n  ".join(found) + "\n")
        for programme in decision.by_programme().values():
            statuses[programme.status.value] = statuses.get(programme.status.value, 0) + 1
        _progress(done, count, "rules")
    elapsed = sum(latencies) / 1e9
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] / 1e6

    result: dict[str, float | int] = {
        "decisions_per_s": round(count / elapsed, 1),
        "p99_ms": round(percentile(0.99), 3),
        "reference_decisions_per_s": round(count / reference_elapsed, 1),
        "disagreements": disagreeing,
    }
    sys.stdout.write(
        f"rules bench: {count} random fact sets (seed {seed}), each decided for FFT, NVR and "
        f"DV groups\n"
        f"  rules path: {elapsed:.2f} s in evaluate, {result['decisions_per_s']:,} decisions/s; "
        f"latency p50 {percentile(0.5):.3f} ms, p99 {percentile(0.99):.3f} ms, "
        f"max {ordered[-1] / 1e6:.3f} ms\n"
        f"  oracle:     {reference_elapsed:.2f} s, "
        f"{result['reference_decisions_per_s']:,} decisions/s\n"
        f"  statuses:   {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}\n"
        f"  disagreements with the oracle: {disagreeing}\n"
        f"{json.dumps(result)}\n"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """Run `pathway bench rules` from command-line arguments.

    Args:
        argv: Arguments after the command, e.g. ["--count", "5000"].

    Returns:
        0 when the rules agree with the oracle everywhere, else 1.
    """
    parser = argparse.ArgumentParser(prog="pathway bench rules", description=__doc__)
    parser.add_argument("--count", type=int, default=20000, help="random fact sets to decide")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    arguments = parser.parse_args(argv)
    if arguments.count < 1:
        parser.error("--count must be at least 1")
    result = bench_rules(arguments.count, arguments.seed)
    return 0 if result["disagreements"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
