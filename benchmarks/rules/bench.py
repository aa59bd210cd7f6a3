"""`pathway bench rules`: speed of the real rules path, checked against an independent oracle.

Random fact sets (`samples.random_facts`) are decided for the four programmes three ways, and
every decision is compared with the independent plain-Python oracle
(`samples.eligibility_oracle`), which the tests use too:

1. one at a time through `rules.evaluate`, as the eligibility activity decides a pathway's
   facts: the rate and latency of a single full decision (status, each criterion's outcome,
   missing facts and cautions all compared);
2. in batches through `rules.evaluate_many` (`rules.engine.BATCH` children per durable_rules
   session): full decisions, all compared;
3. in batches through `rules.engine.decide_statuses`, the path the preview of a rule change
   takes for every open pathway (`reports.rule_preview`): statuses only, each compared. Its rate is
   the one the preview's target is stated in (ADR 0123): 50,000 open pathways in under 10 s
   means at least 5,000 decisions a second;
4. end to end (`--preview-pathways N`, 50,000 by default): N open pathways in a fresh SQLite
   read model previewed against a proposal (`benchmarks.rules.preview`): reading, deciding
   both ways and counting.

Readable figures come first; the last line is one JSON object: `{"decisions_per_s": ...,
"p99_ms": ..., "batched_decisions_per_s": ..., "preview_decisions_per_s": ...,
"reference_decisions_per_s": ..., "disagreements": ..., "preview_pathways": ...,
"preview_seconds": ...}`.
"""

import argparse
import sys
import time

from benchmarks.rig.cli import at_least
from benchmarks.rig.output import emit, progress, say
from benchmarks.rig.stats import percentile
from benchmarks.rules.preview import bench_preview
from rules.decision import age_on
from rules.engine import PROGRAMMES, decide_statuses, evaluate, evaluate_many
from rules.parameters import parameters_on
from samples import eligibility_oracle as oracle
from samples.eligibility_oracle import differences
from samples.random_facts import random_requests


def _report(disagreeing: int, request: object, found: list[str]) -> None:
    if disagreeing <= 5:
        sys.stderr.write(f"disagreement on {request}:\n  ")
        sys.stderr.write("\n  ".join(found) + "\n")


def bench_rules(
    count: int = 20000, seed: int = 1, preview_pathways: int = 0
) -> dict[str, float | int]:
    """Run the bench, print its figures and end with the JSON line.

    Each rate counts only the time spent inside the rules call; decisions are compared with
    the oracle's after they are timed.

    Args:
        count: How many random fact sets.
        seed: The random seed (the same seed gives the same fact sets).
        preview_pathways: How many open pathways to preview end to end (0: none).

    Returns:
        decisions_per_s and p99_ms (one at a time), batched_decisions_per_s,
        preview_decisions_per_s, reference_decisions_per_s and disagreements (of all three).
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
            _report(disagreeing, request.model_dump_json(), found)
        for programme in decision.by_programme().values():
            statuses[programme.status.value] = statuses.get(programme.status.value, 0) + 1
        if done % 2000 == 0 or done == count:
            progress("rules", done, count)
    elapsed = sum(latencies) / 1e9
    latencies_ms = [ns / 1e6 for ns in latencies]

    before = clock()
    batched = evaluate_many(requests)
    batched_elapsed = (clock() - before) / 1e9
    for request, decision, wanted in zip(requests, batched, expected, strict=True):
        found = differences(decision, wanted)
        if found:
            disagreeing += 1
            _report(disagreeing, request.model_dump_json(), found)
    del batched

    # The preview's path: facts as the read model keeps them (JSON), ages, one version each.
    children = [
        (r.facts.model_dump(mode="json"), age_on(r.date_of_birth, r.on), parameters_on(r.on))
        for r in requests
    ]
    preview_elapsed = 0.0
    by_version: dict[str, list[int]] = {}
    for index, (_, _, version) in enumerate(children):
        by_version.setdefault(version.version, []).append(index)
    for indices in by_version.values():
        version = children[indices[0]][2]
        chunk = [(children[i][0], children[i][1]) for i in indices]
        before = clock()
        decided = decide_statuses(chunk, version)
        preview_elapsed += (clock() - before) / 1e9
        for index, found_statuses in zip(indices, decided, strict=True):
            wanted = expected[index]
            wrong = [
                f"{p.value} status: rules {s.value}, oracle {wanted[p.value].status}"
                for p, s in found_statuses.items()
                if s.value != wanted[p.value].status
            ]
            if wrong:
                disagreeing += 1
                _report(disagreeing, requests[index].model_dump_json(), wrong)

    result: dict[str, float | int] = {
        "decisions_per_s": round(count / elapsed, 1),
        "p99_ms": percentile(latencies_ms, 99, 3),
        "batched_decisions_per_s": round(count / batched_elapsed, 1),
        "preview_decisions_per_s": round(count / preview_elapsed, 1),
        "reference_decisions_per_s": round(count / reference_elapsed, 1),
        "disagreements": disagreeing,
    }
    names = ", ".join(rules.programme.value for rules in PROGRAMMES)
    say(f"rules bench: {count} random fact sets (seed {seed}), each decided for {names}")
    say(
        f"  one at a time (evaluate): {elapsed:.2f} s, {result['decisions_per_s']:,} "
        f"decisions/s; latency p50 {percentile(latencies_ms, 50, 3):.3f} ms, p99 "
        f"{result['p99_ms']:.3f} ms, max {max(latencies_ms):.3f} ms"
    )
    say(
        f"  batched (evaluate_many):  {batched_elapsed:.2f} s, "
        f"{result['batched_decisions_per_s']:,} full decisions/s"
    )
    say(
        f"  preview (decide_statuses): {preview_elapsed:.2f} s, "
        f"{result['preview_decisions_per_s']:,} decisions/s (target 5,000/s)"
    )
    say(
        f"  oracle:     {reference_elapsed:.2f} s, "
        f"{result['reference_decisions_per_s']:,} decisions/s"
    )
    say(f"  statuses:   {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}")
    say(f"  disagreements with the oracle: {disagreeing}")
    result["preview_pathways"] = preview_pathways
    result["preview_seconds"] = 0.0
    if preview_pathways:
        seconds, preview = bench_preview(preview_pathways, seed)
        result["preview_seconds"] = round(seconds, 2)
        changed = ", ".join(f"{c.programme.value} {c.changed}" for c in preview.programmes)
        say(
            f"  end to end: {preview.pathways:,} open pathways previewed in {seconds:.2f} s "
            f"(target < 10 s for 50,000); changed decisions: {changed}"
        )
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
    parser.add_argument(
        "--preview-pathways",
        type=at_least(0),
        default=50000,
        help="open pathways to preview end to end in a fresh SQLite read model (0: skip)",
    )
    arguments = parser.parse_args(argv)
    result = bench_rules(arguments.count, arguments.seed, arguments.preview_pathways)
    return 0 if result["disagreements"] == 0 else 1
