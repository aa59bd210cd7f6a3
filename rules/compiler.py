"""Turns the programme rule sets into durable_rules conditions (plain data, no engine calls).

The engine asserts one *probe* fact per criterion and per fact whose value the criterion
tests (one probe for a criterion that tests none, such as the age band, and for a caution).
Exactly one of four tags applies to every probe:

- `met`: the criterion is true;
- `not_met`: the criterion is false;
- `missing`: the criterion is unknown *because* the probed fact is unknown;
- `unknown`: the criterion is unknown, and not because of the probed fact.

So the engine decides every outcome and which unknown facts a caseworker must collect. A fact
read only by an "is it recorded?" test is never missing: that test is always true or false.

Each fact a condition reads has a few classes of value that its tests tell apart (yes, no or
unknown; each choice or unknown; at most or above a threshold, or unknown; below, within or
above an age band; below, within or above a band, or unknown, for `InBand`). The compiler
judges every combination of classes in three-valued logic, merges the combinations that share
a tag into as few products of classes as it can, and writes each product as a durable_rules
condition. A probe carries its facts under short names
of its own (`v<fact>_<probe>`, e.g. `v3_7`), so a condition needs no extra test to say which
probe it is about and the JSON the engine parses stays small; thresholds travel in the probe
(`p<parameter>`), so one compiled rule set serves every parameter version.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rules.classes import Domain, domains, judge
from rules.logic import AGE, FACT_NAMES, TURNAROUND_FACT_NAMES
from rules.parameters import PARAMETER_NAMES
from rules.programme import ProgrammeRules

Cond = dict[str, Any]
"""A durable_rules condition on one fact."""

TAGS: tuple[str, ...] = ("met", "not_met", "missing", "unknown")
"""What a rule says about the probes it matches."""

MAX_GROUPS = 15
"""durable_rules allows 31 entries in a rule's expression sequence: 15 `$and`/`$or` groups."""

_ALIASES = {
    **{name: f"v{index}" for index, name in enumerate((*FACT_NAMES, AGE, *TURNAROUND_FACT_NAMES))},
    **{name: f"p{index}" for index, name in enumerate(PARAMETER_NAMES)},
}


@dataclass(frozen=True)
class Probe:
    """One fact the engine asserts per evaluation.

    Attributes:
        key: The probe's position in the tuple of probes, unique.
        programme: The programme id.
        check_id: The criterion's or caution's id.
        fact: The fact probed for being missing, or None.
        fields: Record field names mapped to the names the probe carries them under.
    """

    key: int
    programme: str
    check_id: str
    fact: str | None
    fields: tuple[tuple[str, str], ...]


def _merge(cubes: list[dict[str, frozenset[Any]]], names: list[str]) -> list[dict[str, Any]]:
    """Merge products of classes that differ in one fact only, until none do."""
    changed = True
    while changed:
        changed = False
        for name in names:
            groups: dict[tuple[Any, ...], frozenset[Any]] = {}
            for cube in cubes:
                rest = tuple(cube[n] for n in names if n != name)
                groups[rest] = groups.get(rest, frozenset()) | cube[name]
            if len(groups) < len(cubes):
                changed = True
                others = [n for n in names if n != name]
                cubes = [
                    {**dict(zip(others, rest, strict=True)), name: values}
                    for rest, values in groups.items()
                ]
    return cubes


def _atoms(field: str, domain: Domain, chosen: frozenset[Any]) -> list[Cond]:
    """Return conditions whose conjunction says the field's class is in `chosen`."""
    if None in chosen:
        rest = _atoms(field, domain, chosen - {None}) if chosen != {None} else []
        return [{field: None}] if not rest else [{"$or": [{field: None}, _and(rest)]}]
    known = frozenset(domain.classes) - {None}
    if chosen == known:
        return [{"$neq": {field: None}}]
    if domain.kind in ("age", "band"):  # unknown ("band" only) was handled above
        least, most = (_ALIASES[name] for name in domain.parameters)
        low, high = {"$gte": {field: {"$m": least}}}, {"$lte": {field: {"$m": most}}}
        below, above = {"$lt": {field: {"$m": least}}}, {"$gt": {field: {"$m": most}}}
        bands: dict[frozenset[Any], list[Cond]] = {
            frozenset({"within"}): [low, high],
            frozenset({"below"}): [below],
            frozenset({"above"}): [above],
            frozenset({"below", "within"}): [high],
            frozenset({"within", "above"}): [low],
            frozenset({"below", "above"}): [{"$or": [below, above]}],
        }
        if domain.kind == "band":  # a recorded value only: never compare unknown with a number
            return [{"$neq": {field: None}}, *bands[chosen]]
        return bands[chosen]
    if domain.kind == "switch":  # a 0/1 parameter: 1 is on
        return [{field: 1}] if chosen == {"on"} else [{"$neq": {field: 1}}]
    if domain.kind == "number":
        (only,) = chosen
        threshold = _ALIASES[domain.parameters[0]]
        return [{"$lte" if only == "le" else "$gt": {field: {"$m": threshold}}}]
    if len(chosen) == 1:
        return [{field: next(iter(chosen))}]
    return [{"$neq": {field: v}} for v in domain.classes if v is not None and v not in chosen]


def _and(parts: list[Cond]) -> Cond:
    return parts[0] if len(parts) == 1 else {"$and": parts}


def groups(cond: Cond) -> int:
    """Return how many `$and`/`$or` groups a condition holds (see `MAX_GROUPS`)."""
    count = 0
    for key, value in cond.items():
        if key in ("$and", "$or"):
            count += 1 + sum(groups(part) for part in value)
    return count


def _checks(programmes: tuple[ProgrammeRules, ...]) -> Iterator[tuple[str, Any, bool]]:
    for rules in programmes:
        for check in rules.criteria:
            yield rules.programme.value, check, False
        for caution in rules.cautions:
            yield rules.programme.value, caution, True


def _tag(value: bool | None, blame: frozenset[str], fact: str | None) -> str:
    if value is None:
        return "missing" if fact in blame else "unknown"
    return "met" if value else "not_met"


def compile_rules(
    programmes: tuple[ProgrammeRules, ...],
) -> tuple[tuple[Probe, ...], dict[str, list[Cond]]]:
    """Compile rule sets into probes and, per tag, the conditions that match them.

    Args:
        programmes: The rule sets.

    Returns:
        The probes to assert on each evaluation, and each tag of `TAGS` mapped to
        alternative conditions (any one matching gives the probe that tag).
    """
    probes: list[Probe] = []
    branches: dict[str, list[Cond]] = {tag: [] for tag in TAGS}
    for programme, check, is_caution in _checks(programmes):
        found_domains = domains(check.condition)
        names = list(found_domains)
        probed = (None,) if is_caution else check.condition.value_facts() or (None,)
        for fact in probed:
            key = len(probes)
            fields = {name: f"{_ALIASES[name]}_{key}" for name in names}
            params = dict.fromkeys(p for d in found_domains.values() for p in d.parameters)
            probes.append(
                Probe(
                    key,
                    programme,
                    check.id,
                    fact,
                    (*fields.items(), *((p, _ALIASES[p]) for p in params)),
                )
            )
            cubes: dict[str, list[dict[str, frozenset[Any]]]] = {tag: [] for tag in TAGS}
            for combination in itertools.product(*(found_domains[n].classes for n in names)):
                classes = dict(zip(names, combination, strict=True))
                tag = _tag(*judge(check.condition, classes), fact)
                cubes[tag].append({n: frozenset({c}) for n, c in classes.items()})
            for tag, found in cubes.items():
                for cube in _merge(found, names):
                    atoms = [
                        a
                        for n in names
                        if cube[n] != set(found_domains[n].classes)
                        for a in _atoms(fields[n], found_domains[n], cube[n])
                    ]
                    branches[tag].append(_and(atoms) if atoms else {"key": key})
    return tuple(probes), branches


def rules_of(branches: dict[str, list[Cond]]) -> dict[str, tuple[str, Cond]]:
    """Pack each tag's conditions into as few rules as durable_rules accepts.

    Args:
        branches: Each tag mapped to alternative conditions, from `compile_rules`.

    Returns:
        Rule names mapped to (tag, condition), each condition within `MAX_GROUPS`.
    """
    packed: dict[str, tuple[str, Cond]] = {}
    for tag, options in branches.items():
        chunks: list[list[Cond]] = []
        flat = [part for option in options for part in option.get("$or", [option])]
        for option in flat:
            if not chunks or 1 + sum(map(groups, chunks[-1])) + groups(option) > MAX_GROUPS:
                chunks.append([])
            chunks[-1].append(option)
        for index, chunk in enumerate(chunks):
            name = tag if len(chunks) == 1 else f"{tag}_{index}"
            packed[name] = (tag, chunk[0] if len(chunk) == 1 else {"$or": chunk})
    return packed
