"""The only module that imports durable_rules: one narrow function from request to decisions.

durable_rules does the matching. One ruleset holds a rule per tag of `rules.compiler.TAGS`
(met, not met, unknown because of the probed fact, unknown otherwise; a tag's conditions are
split over more rules only if they outgrow the library's limit), covering every criterion and
caution of every programme. Each evaluation asserts one probe fact per criterion (and per
fact it tests), carrying the facts and the thresholds of the rule set version in force, so
one registered ruleset serves every version. Each rule batches all its matches into one
Python action (`cap`), so a decision costs at most four round trips out of the C engine.

What the library does that would otherwise surprise us, and how it is handled here:

- one host per process with no locks, and `Host` starts background threads that dispatch
  actions and timers on their own: we use a host without those threads, and serialise every
  call with a module-level lock, so evaluations may come from any number of threads;
- a ruleset name can be registered once per process: one host, created on first use;
- at most 1,024 live session ids (then `MemoryError`): a fresh sid per evaluation, deleted
  in a `finally`;
- `assert_facts` raises `MessageNotHandledException` and runs no action at all if any fact
  in the batch matches no rule: the four rules cover every probe, and a miss is an error;
- an exception inside an action is swallowed into the session state: actions record their
  own failures, and every probe must be judged exactly once, or the evaluation raises.
"""

import itertools
import threading
from collections.abc import Callable, Sequence
from typing import Any

from durable import engine as durable_engine

from contracts.eligibility import CriterionOutcome, EligibilityDecisions
from contracts.facts import EligibilityRequest
from rules import dv_groups, fft, nvr
from rules.compiler import compile_rules, rules_of
from rules.decision import age_on, decide
from rules.parameters import parameters_on
from rules.programme import ProgrammeRules

PROGRAMMES: tuple[ProgrammeRules, ...] = (fft.RULES, nvr.RULES, dv_groups.RULES)
"""The rule sets evaluated, in the order of `EligibilityDecisions`."""

RULESET = "pathway_eligibility"
"""The durable_rules ruleset name, registered once per process."""

_PROBES, _BRANCHES = compile_rules(PROGRAMMES)
_FIELDS = tuple((probe.key, probe.fields) for probe in _PROBES)
_OUTCOME = {
    "met": CriterionOutcome.MET,
    "not_met": CriterionOutcome.NOT_MET,
    "missing": CriterionOutcome.UNKNOWN,
    "unknown": CriterionOutcome.UNKNOWN,
}
_CAP = 4 * len(_PROBES)


class RulesEngineError(RuntimeError):
    """The rules engine failed to judge every criterion; the decision cannot be trusted."""


class _QuietHost(durable_engine.Host):  # type: ignore[misc]
    """A durable_rules host that starts no background dispatch threads."""

    def _run(self) -> None:
        """Start nothing: every action runs inside the call that asserted the facts."""


_lock = threading.Lock()
_host: Any = None
_sids = itertools.count(1)
_sinks: dict[str, list[tuple[str, int]]] = {}
_failures: dict[str, BaseException] = {}


def _record(sink: list[tuple[str, int]], tag: str, messages: Sequence[Any]) -> None:
    sink.extend((tag, message["key"]) for message in messages)


def _action(tag: str) -> Callable[[Any], None]:
    def run(c: Any) -> None:
        sid = str(c.s.sid)
        try:
            _record(_sinks[sid], tag, c.m)
        except BaseException as error:  # the library would swallow it: keep it for the caller
            _failures[sid] = error

    return run


def _get_host() -> Any:
    global _host
    if _host is None:
        definition = {
            name: {"all": [{"m": condition}], "run": _action(tag), "cap": _CAP}
            for name, (tag, condition) in rules_of(_BRANCHES).items()
        }
        _host = _QuietHost({RULESET: definition})
    return _host


def _judge(record: dict[str, Any]) -> list[str]:
    """Assert the probes for one record; return the tag of each probe, in probe order."""
    with _lock:
        host = _get_host()
        sid = str(next(_sids))
        facts = [
            {"sid": sid, "key": key, **{name: record[f] for f, name in fields}}
            for key, fields in _FIELDS
        ]
        sink: list[tuple[str, int]] = []
        _sinks[sid] = sink
        try:
            host.assert_facts(RULESET, facts)
        except durable_engine.MessageNotHandledException as error:
            raise RulesEngineError("a criterion matched no eligibility rule") from error
        finally:
            del _sinks[sid]
            failure = _failures.pop(sid, None)
            host.delete_state(RULESET, sid)
    if failure is not None:
        raise RulesEngineError(f"an eligibility rule action failed: {failure!r}") from failure
    judged: list[set[str]] = [set() for _ in _FIELDS]
    for tag, key in sink:
        judged[key].add(tag)
    wrong = [_PROBES[key] for key, tags in enumerate(judged) if len(tags) != 1]
    if wrong:
        raise RulesEngineError(f"criteria not judged exactly once: {wrong}")
    return [tags.pop() for tags in judged]


def evaluate(request: EligibilityRequest) -> EligibilityDecisions:
    """Decide eligibility for FFT, NVR and the DV groups for one child on one date.

    Thread-safe; blocking, so call it from a thread pool or `asyncio.to_thread`.

    Args:
        request: The date of birth, the assessment facts and the evaluation date.

    Returns:
        The three programmes' decisions, each with the rule set version in force on the date.

    Raises:
        ValueError: The date of birth is after the evaluation date.
        rules.parameters.NoRuleSetInForce: No rule set version is in force on the date.
        RulesEngineError: The engine did not judge every criterion exactly once.
    """
    parameters = parameters_on(request.on)
    record: dict[str, Any] = request.facts.model_dump(mode="json")
    record["age"] = age_on(request.date_of_birth, request.on)
    record.update(parameters.items)
    outcomes: dict[str, dict[str, CriterionOutcome]] = {p.programme.value: {} for p in PROGRAMMES}
    missing: dict[str, dict[str, set[str]]] = {p.programme.value: {} for p in PROGRAMMES}
    for probe, tag in zip(_PROBES, _judge(record), strict=True):
        outcome = _OUTCOME[tag]
        if outcomes[probe.programme].setdefault(probe.check_id, outcome) is not outcome:
            raise RulesEngineError(f"probes of {probe.programme}.{probe.check_id} disagree")
        if tag == "missing" and probe.fact is not None:
            missing[probe.programme].setdefault(probe.check_id, set()).add(probe.fact)
    decisions = {
        rules.programme.value: decide(
            rules,
            outcomes=outcomes[rules.programme.value],
            missing=missing[rules.programme.value],
            record=record,
            parameters=parameters,
            on=request.on,
        )
        for rules in PROGRAMMES
    }
    return EligibilityDecisions.model_validate(decisions)


def evaluate_many(requests: Sequence[EligibilityRequest]) -> list[EligibilityDecisions]:
    """Decide eligibility for many requests, in order (see `evaluate`).

    Args:
        requests: The requests.

    Returns:
        One set of decisions per request, in the same order.
    """
    return [evaluate(request) for request in requests]
