"""The only module that imports durable_rules: one narrow function from request to decisions.

durable_rules does the matching. One ruleset holds a rule per tag of `rules.compiler.TAGS`
(met, not met, unknown because of the probed fact, unknown otherwise; a tag's conditions are
split over more rules only if they outgrow the library's limit), covering every criterion and
caution of every programme. Each evaluation asserts one probe fact per criterion (and per
fact it tests), carrying the facts and the thresholds of the rule set version applied, so
one registered ruleset serves every version, a proposed one included (`reports.rule_preview`).

Many children are judged in one session (`BATCH` at a time, ADR 0123): their probes go to
the engine in one `assert_facts` call, and each rule batches all its matches into one Python
action (`cap`), so a batch costs one JSON encoding and a handful of round trips out of the C
engine however many children it holds. Judging one child at a time spent most of its time in
those per-call costs, not in matching.

What the library does that would otherwise surprise us, and how it is handled here:

- one host per process with no locks, and `Host` starts background threads that dispatch
  actions and timers on their own: we use a host without those threads, and serialise every
  call with a module-level lock, so evaluations may come from any number of threads;
- a ruleset name can be registered once per process: one host, created on first use;
- at most 1,024 live session ids (then `MemoryError`): a fresh sid per batch, deleted in a
  `finally`;
- `assert_facts` raises `MessageNotHandledException` and runs no action at all if any fact
  in the batch matches no rule: the rules cover every probe, and a miss is an error;
- an exception inside an action is swallowed into the session state: actions record their
  own failures, and every probe must be judged exactly once, or the evaluation raises.
"""

import itertools
import operator
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from durable import engine as durable_engine

from contracts.common import Programme
from contracts.eligibility import (
    CriterionKind,
    CriterionOutcome,
    EligibilityDecisions,
    EligibilityStatus,
    ProgrammeDecision,
)
from contracts.facts import EligibilityRequest
from contracts.turnaround import TurnaroundRequest
from rules import dv_groups, fft, nvr, turnaround, violence_reduction
from rules.compiler import Probe, compile_rules, rules_of
from rules.decision import age_on, decide, status_of
from rules.logic import FACT_NAMES
from rules.parameters import ParameterSet, parameters_on
from rules.programme import ProgrammeRules

PROGRAMMES: tuple[ProgrammeRules, ...] = (
    fft.RULES,
    nvr.RULES,
    dv_groups.RULES,
    violence_reduction.RULES,
)
"""The rule sets evaluated, in the order of `EligibilityDecisions`."""

RULESET = "pathway_eligibility"
"""The durable_rules ruleset name, registered once per process."""

TURNAROUND_RULESET = "turnaround_eligibility"
"""Turnaround's own ruleset (ADR 0128): a prevention programme of the diversion pathway, decided
apart so the court pathway's evaluations assert none of its probes."""

_PROBES, _BRANCHES = compile_rules(PROGRAMMES)
_FIELDS = tuple((probe.key, probe.fields) for probe in _PROBES)
_OUTCOME = {
    "met": CriterionOutcome.MET,
    "not_met": CriterionOutcome.NOT_MET,
    "missing": CriterionOutcome.UNKNOWN,
    "unknown": CriterionOutcome.UNKNOWN,
}

BATCH = 1000
"""Children judged in one session (ADR 0123). Larger batches share more probes but hold the
lock, and the memory of one JSON document, for longer."""

_CAP = BATCH * len(_PROBES)


@dataclass(frozen=True)
class _Ruleset:
    """One registered ruleset: its name and the probes each record asserts."""

    name: str
    probes: tuple[Probe, ...]
    fields: tuple[tuple[int, tuple[tuple[str, str], ...]], ...]


_TURNAROUND_PROBES, _TURNAROUND_BRANCHES = compile_rules((turnaround.RULES,))
_TURNAROUND = _Ruleset(
    TURNAROUND_RULESET,
    _TURNAROUND_PROBES,
    tuple((probe.key, probe.fields) for probe in _TURNAROUND_PROBES),
)


def _getter(fields: tuple[tuple[str, str], ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """Read a probe's values from a record as a tuple (with two or more, in one C call)."""
    names = [f for f, _ in fields]
    if len(names) == 1:
        only = names[0]
        return lambda record: (record[only],)
    if not names:
        return lambda record: ()
    return operator.itemgetter(*names)


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
    sink.extend((tag, message["id"]) for message in messages)


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
        definitions = {
            ruleset: {
                name: {"all": [{"m": condition}], "run": _action(tag), "cap": _CAP}
                for name, (tag, condition) in rules_of(branches).items()
            }
            for ruleset, branches in (
                (RULESET, _BRANCHES),
                (TURNAROUND_RULESET, _TURNAROUND_BRANCHES),
            )
        }
        _host = _QuietHost(definitions)
    return _host


def _judge_batch(records: Sequence[dict[str, Any]], ruleset: _Ruleset | None = None) -> list[str]:
    """Judge the probes of up to `BATCH` records in one session; return every probe's tag.

    A probe is a pure question (its key and the values it carries), so a batch asserts each
    distinct probe once: children with the same answers to a criterion's facts share its
    probe. Each fact carries an explicit `id`: without one, durable_rules identifies a fact by
    its content, and in batches of thousands of distinct facts it refused some as already
    observed (`MessageObservedException`, seen at 200 children a batch); with ids it does not.

    Returns:
        The tags record by record, each record's in probe order (`len(_PROBES)` per record,
        or the probes of `ruleset`).
    """
    # The court pathway's probes are read at call time (the engine tests replace them).
    ruleset = ruleset or _Ruleset(RULESET, _PROBES, _FIELDS)
    # A dict keeps its keys in insertion order: the i-th key is the question with index i.
    distinct: dict[tuple[int, tuple[Any, ...]], int] = {}
    ask = distinct.setdefault
    refs: list[int] = []
    getters = [(key, _getter(fields)) for key, fields in ruleset.fields]
    for record in records:
        refs.extend(
            [ask(question, len(distinct)) for question in [(k, get(record)) for k, get in getters]]
        )
    fields_of = dict(ruleset.fields)
    questions = [(key, fields_of[key], values) for key, values in distinct]
    with _lock:
        host = _get_host()
        sid = str(next(_sids))
        facts = [
            {
                "sid": sid,
                "id": i,
                "key": key,
                **{name: value for (_, name), value in zip(fields, values, strict=True)},
            }
            for i, (key, fields, values) in enumerate(questions)
        ]
        sink: list[tuple[str, int]] = []
        _sinks[sid] = sink
        try:
            host.assert_facts(ruleset.name, facts)
        except durable_engine.MessageNotHandledException as error:
            raise RulesEngineError("a criterion matched no eligibility rule") from error
        finally:
            del _sinks[sid]
            failure = _failures.pop(sid, None)
            host.delete_state(ruleset.name, sid)
    if failure is not None:
        raise RulesEngineError(f"an eligibility rule action failed: {failure!r}") from failure
    tags: list[str | None] = [None] * len(facts)
    twice: set[int] = set()
    for tag, index in sink:
        if tags[index] is None:
            tags[index] = tag
        elif tags[index] != tag:
            twice.add(index)
    wrong = sorted({questions[i][0] for i, tag in enumerate(tags) if tag is None or i in twice})
    if wrong:
        raise RulesEngineError(
            f"criteria not judged exactly once: {[ruleset.probes[k] for k in wrong]}"
        )
    return [tags[i] for i in refs]  # type: ignore[misc]


def _judge(records: Sequence[dict[str, Any]]) -> Iterator[list[str]]:
    """Yield each record's probe tags, in order, judging `BATCH` records per session."""
    size = len(_FIELDS)
    for start in range(0, len(records), BATCH):
        tags = _judge_batch(records[start : start + BATCH])
        for base in range(0, len(tags), size):
            yield tags[base : base + size]


def _record_of(request: EligibilityRequest, parameters: ParameterSet) -> dict[str, Any]:
    record: dict[str, Any] = request.facts.model_dump(mode="json")
    record["age"] = age_on(request.date_of_birth, request.on)
    record.update(parameters.items)
    return record


def _decisions(
    request: EligibilityRequest,
    record: dict[str, Any],
    parameters: ParameterSet,
    tags: list[str],
) -> EligibilityDecisions:
    outcomes: dict[str, dict[str, CriterionOutcome]] = {p.programme.value: {} for p in PROGRAMMES}
    missing: dict[str, dict[str, set[str]]] = {p.programme.value: {} for p in PROGRAMMES}
    for probe, tag in zip(_PROBES, tags, strict=True):
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


def evaluate(request: EligibilityRequest) -> EligibilityDecisions:
    """Decide eligibility for every programme for one child on one date.

    Thread-safe; blocking, so call it from a thread pool or `asyncio.to_thread`.

    Args:
        request: The date of birth, the assessment facts and the evaluation date.

    Returns:
        Each programme's decision, with the rule set version in force on the date.

    Raises:
        ValueError: The date of birth is after the evaluation date.
        rules.parameters.NoRuleSetInForce: No rule set version is in force on the date.
        RulesEngineError: The engine did not judge every criterion exactly once.
    """
    return evaluate_many([request])[0]


def evaluate_many(requests: Sequence[EligibilityRequest]) -> list[EligibilityDecisions]:
    """Decide eligibility for many requests, in order, `BATCH` per session (see `evaluate`).

    Args:
        requests: The requests.

    Returns:
        One set of decisions per request, in the same order.
    """
    versions = [parameters_on(request.on) for request in requests]
    records = [_record_of(r, p) for r, p in zip(requests, versions, strict=True)]
    return [
        _decisions(request, record, parameters, tags)
        for request, record, parameters, tags in zip(
            requests, records, versions, _judge(records), strict=True
        )
    ]


def evaluate_turnaround(request: TurnaroundRequest) -> ProgrammeDecision:
    """Decide Turnaround eligibility for one child referred on one date (ADR 0128).

    Thread-safe; blocking, so call it from a thread pool or `asyncio.to_thread`. Not part of
    `evaluate`: Turnaround belongs to the diversion pathway, not the court pathway.

    Args:
        request: The date of birth, the Turnaround facts and the evaluation date.

    Returns:
        Turnaround's decision, with the rule set version in force on the evaluation date;
        missing facts are named as `TurnaroundFacts` names them.

    Raises:
        rules.parameters.NoRuleSetInForce: No rule set version is in force on the date.
        RulesEngineError: The engine did not judge every criterion exactly once.
    """
    parameters = parameters_on(request.on)
    record = turnaround.record_of(request, parameters)
    tags = _judge_batch([record], _TURNAROUND)
    outcomes: dict[str, CriterionOutcome] = {}
    missing: dict[str, set[str]] = {}
    for probe, tag in zip(_TURNAROUND_PROBES, tags, strict=True):
        outcome = _OUTCOME[tag]
        if outcomes.setdefault(probe.check_id, outcome) is not outcome:
            raise RulesEngineError(f"probes of {probe.programme}.{probe.check_id} disagree")
        if tag == "missing" and probe.fact is not None:
            missing.setdefault(probe.check_id, set()).add(probe.fact)
    decision = decide(
        turnaround.RULES,
        outcomes=outcomes,
        missing=missing,
        record=record,
        parameters=parameters,
        on=request.on,
    )
    return ProgrammeDecision.model_validate(turnaround.explain(decision, request, parameters))


_UNKNOWN = dict.fromkeys(FACT_NAMES)
"""Every fact unknown: a child's facts are laid over it, so a fact left out is unknown."""

# Each programme's inclusions and exclusions: (kind, index of the criterion's first probe).
_STATUS_PROBES: tuple[tuple[Programme, tuple[tuple[CriterionKind, int], ...]], ...] = tuple(
    (
        Programme(rules.programme.value),  # the court pathway's programmes are all `Programme`s
        tuple(
            (
                criterion.kind,
                next(
                    p.key
                    for p in _PROBES
                    if p.programme == rules.programme.value and p.check_id == criterion.id
                ),
            )
            for criterion in rules.criteria
        ),
    )
    for rules in PROGRAMMES
)


def statuses(tags: Sequence[str]) -> dict[Programme, EligibilityStatus]:
    """Each programme's status from one record's probe tags (`rules.decision.status_of`)."""
    return {
        programme: status_of((kind, _OUTCOME[tags[key]]) for kind, key in criteria)
        for programme, criteria in _STATUS_PROBES
    }


def decide_statuses(
    children: Sequence[tuple[Mapping[str, Any], int]], parameters: ParameterSet
) -> list[dict[Programme, EligibilityStatus]]:
    """Decide only each programme's status for many children under one rule set version.

    For the preview of a rule change (`reports.rule_preview`), which needs the statuses of
    every open pathway under two versions and none of the explanations: it skips building
    decisions.

    Args:
        children: Each child's assessment facts (a fact left out is unknown) and age in years.
        parameters: The rule set version to apply, registered or only proposed.

    Returns:
        Each child's status per programme, in order.
    """
    values = dict(parameters.items)
    records = [{**_UNKNOWN, **facts, "age": age, **values} for facts, age in children]
    # Children share judgements: each programme's status is built once per combination of its
    # criteria's tags (a few dozen), not once per child.
    caches: list[dict[tuple[str, ...], EligibilityStatus]] = [{} for _ in _STATUS_PROBES]
    decided = []
    for tags in _judge(records):
        found = {}
        for (programme, criteria), cache in zip(_STATUS_PROBES, caches, strict=True):
            judged = tuple([tags[key] for _, key in criteria])
            status = cache.get(judged)
            if status is None:
                status = cache[judged] = status_of(
                    (kind, _OUTCOME[tags[key]]) for kind, key in criteria
                )
            found[programme] = status
        decided.append(found)
    return decided
