"""Classes of value, and three-valued judgement over them, for compiling conditions.

A condition tells apart only a few classes of value for each fact it reads: yes, no or
unknown; each choice or unknown; at most or above a threshold, or unknown; below, within or
above an age band. `judge` decides a condition on one class per fact in three-valued logic
and names the unknown facts to blame, so `rules.compiler` can enumerate every combination.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rules.logic import (
    AGE,
    AgeBetween,
    AllOf,
    AnyOf,
    AtMost,
    Condition,
    InBand,
    InForce,
    IsFalse,
    IsTrue,
    IsUnknown,
    MoreThan,
    OneOf,
    Threshold,
)


@dataclass(frozen=True)
class Domain:
    """The classes of value a condition tells apart for one fact.

    Attributes:
        kind: "bool", "enum", "number" (against a threshold), "age" (against a band),
            "band" (a number that may be unknown, against a band) or "recorded" (only tested
            for being recorded).
        classes: The classes; None stands for unknown.
        parameters: The thresholds the classes are relative to.
    """

    kind: str
    classes: tuple[Any, ...]
    parameters: tuple[str, ...] = ()


def domains(condition: Condition) -> dict[str, Domain]:
    """Return the domain of every fact a condition reads, in the order first read.

    Args:
        condition: A condition of `rules.logic`.

    Returns:
        Fact names (with "age") mapped to their domains.

    Raises:
        ValueError: One fact is tested in two incompatible ways (e.g. two thresholds).
    """
    found: dict[str, Domain] = {}
    for leaf in sorted(leaves(condition), key=lambda c: isinstance(c, IsUnknown)):
        if isinstance(leaf, IsTrue | IsFalse):
            name, domain = leaf.fact, Domain("bool", (True, False, None))
        elif isinstance(leaf, OneOf):
            members = tuple(v.value for v in type(leaf.values[0]))
            name, domain = leaf.fact, Domain("enum", (*members, None))
        elif isinstance(leaf, Threshold):
            name, domain = leaf.fact, Domain("number", ("le", "gt", None), (leaf.parameter,))
        elif isinstance(leaf, AgeBetween):
            name, domain = AGE, Domain("age", ("below", "within", "above"), leaf.parameters())
        elif isinstance(leaf, InBand):
            classes = ("below", "within", "above", None)
            name, domain = leaf.fact, Domain("band", classes, leaf.parameters())
        elif isinstance(leaf, InForce):
            name, domain = leaf.parameter, Domain("switch", ("on", "off"), (leaf.parameter,))
        elif isinstance(leaf, IsUnknown):
            name, domain = leaf.fact, found.get(leaf.fact, Domain("recorded", ("known", None)))
        else:
            raise TypeError(f"no compiler for {type(leaf).__name__}")
        if found.setdefault(name, domain) != domain:
            raise ValueError(f"{name} is tested in two incompatible ways in one condition")
    return found


def leaves(condition: Condition) -> Iterator[Condition]:
    """Yield the single-fact tests of a condition, in order."""
    if isinstance(condition, AllOf | AnyOf):
        for part in condition.parts:
            yield from leaves(part)
    else:
        yield condition


def judge(condition: Condition, classes: dict[str, Any]) -> tuple[bool | None, frozenset[str]]:
    """Judge a condition on one class per fact, with the unknown facts to blame.

    Args:
        condition: A condition of `rules.logic`.
        classes: Each fact read mapped to a class of its domain (None: unknown).

    Returns:
        True, False or None (unknown), and the facts whose being unknown makes it unknown.
    """
    if isinstance(condition, AllOf | AnyOf):
        judged = [judge(part, classes) for part in condition.parts]
        decisive = isinstance(condition, AnyOf)
        if any(value is decisive for value, _ in judged):
            return decisive, frozenset()
        unknown = [blame for value, blame in judged if value is None]
        return (None, frozenset().union(*unknown)) if unknown else (not decisive, frozenset())
    if isinstance(condition, AgeBetween):
        return classes[AGE] == "within", frozenset()
    if isinstance(condition, InForce):
        return (classes[condition.parameter] == "on") is condition.on, frozenset()
    if isinstance(condition, IsUnknown):
        return classes[condition.fact] is None, frozenset()
    assert isinstance(condition, IsTrue | IsFalse | OneOf | AtMost | MoreThan | InBand)
    value = classes[condition.fact]
    if value is None:
        return None, frozenset({condition.fact})
    if isinstance(condition, InBand):
        return value == "within", frozenset()
    if isinstance(condition, OneOf):
        return value in {v.value for v in condition.values}, frozenset()
    expected = {IsTrue: True, IsFalse: False, AtMost: "le", MoreThan: "gt"}[type(condition)]
    return value == expected, frozenset()
