"""`pathway bench rules`: speed of the real rules path, checked against an independent oracle.

Random fact sets (`samples.random_facts`) go through `rules.evaluate`, timing each decision
(all three programmes), and through the independent plain-Python oracle
(`samples.eligibility_oracle`), which the tests use too. Every decision is compared: status,
each criterion's outcome, missing facts and cautions. Readable figures come first; the last
line is one JSON object: `{"decisions_per_s": ..., "p99_ms": ...,
"reference_decisions_per_s": ..., "disagreements": ...}`.
"""

import argparse
import sys
import time

from benchmarks.rig.cli import at_least
from benchmarks.rig.output import emit, progress, say
from benchmarks.rig.stats import percentile
from rules.engine import evaluate
from samples import eligibility_oracle as oracle
from samples.eligibility_oracle import differences
from samples.random_facts import random_requests


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
        if done % 2000 == 0 or done == count:
            progress("rules", done, count)
    elapsed = sum(latencies) / 1e9
    latencies_ms = [ns / 1e6 for ns in latencies]
    result: dict[str, float | int] = {
        "decisions_per_s": round(count / elapsed, 1),
        "p99_ms": percentile(latencies_ms, 99, 3),
        "reference_decisions_per_s": round(count / reference_elapsed, 1),
        "disagreements": disagreeing,
    }
    say(
        f"rules bench: {count} random fact sets (seed {seed}), each decided for FFT, NVR and "
        f"DV groups"
    )
    say(
        f"  rules path: {elapsed:.2f} s in evaluate, {result['decisions_per_s']:,} decisions/s; "
        f"latency p50 {percentile(latencies_ms, 50, 3):.3f} ms, p99 {result['p99_ms']:.3f} ms, "
        f"max {max(latencies_ms):.3f} ms"
    )
    say(
        f"  oracle:     {reference_elapsed:.2f} s, "
        f"{result['reference_decisions_per_s']:,} decisions/s"
    )
    say(f"  statuses:   {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}")
    say(f"  disagreements with the oracle: {disagreeing}")
    emit(result)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run `pathway bench rules` from command-line arguments.

    Args:
        argv: Arguments after the command, e.g. ["--count", "5000"].

    Returns:
        0 when the rules agree with the oracle everywhere, else 1.
    """
    parser = argparse.ArgumentParser(prog="pathway bench rules", description=__doc__)
    parser.add_argument(
        "--count", type=at_least(1), default=20000, help="random fact sets to decide"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    arguments = parser.parse_args(argv)
    result = bench_rules(arguments.count, arguments.seed)
    return 0 if result["disagreements"] == 0 else 1
