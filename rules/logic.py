"""The small language the programme modules state their criteria in.

A condition reads assessment facts (and the child's age) and is judged in three-valued
logic: true, false or unknown. A fact that has not been recorded is unknown, never false.
Leaves compare one fact; `AllOf` and `AnyOf` combine them (Turnaround's facts, ADR 0128, are
read by the same leaves: `TURNAROUND_FACT_NAMES`):

- true or unknown is true, false or unknown is unknown;
- false and unknown is false, true and unknown is unknown;
- `IsUnknown` (is the fact unrecorded?) is itself always true or false.

The conditions are data: `rules.compiler` turns them into durable_rules conditions, and
`rules.programme` gives them plain-English descriptions. Thresholds are named parameters
(see `rules.parameters`), never literals.
"""

from dataclasses import dataclass
from enum import StrEnum

from contracts.facts import AssessmentFacts

FACT_NAMES: tuple[str, ...] = tuple(AssessmentFacts.model_fields)
"""The assessment facts, in the contract's order (the order missing facts are listed in)."""

TURNAROUND_FACT_NAMES: tuple[str, ...] = (
    "trigger",
    "age_at_trigger",
    "months_to_referral",
    "previous_turnaround_referral",
    "previous_statutory_order",
    "looked_after",
    "child_protection_plan",
)
"""The facts Turnaround's rules read (ADR 0128), some derived from its dates by
`rules.turnaround.record_of`, since the engine compares values and cannot add months."""

AGE = "age"
"""The child's age in whole years on the evaluation date: always known."""


class Condition:
    """Base of every condition; `reads` lists the facts it reads, in order."""

    def reads(self) -> tuple[str, ...]:
        """Return the facts this condition reads (with "age"), first appearance first."""
        raise NotImplementedError

    def value_facts(self) -> tuple[str, ...]:
        """Return the facts read by a test of their value (not just "is it recorded?")."""
        raise NotImplementedError

    def parameters(self) -> tuple[str, ...]:
        """Return the names of the threshold parameters this condition reads."""
        return ()


@dataclass(frozen=True)
class _Leaf(Condition):
    fact: str

    def reads(self) -> tuple[str, ...]:
        return (self.fact,)

    def value_facts(self) -> tuple[str, ...]:
        return (self.fact,)


@dataclass(frozen=True)
class IsTrue(_Leaf):
    """A yes/no fact is recorded as yes; unknown when unrecorded."""


@dataclass(frozen=True)
class IsFalse(_Leaf):
    """A yes/no fact is recorded as no; unknown when unrecorded."""


@dataclass(frozen=True, init=False)
class OneOf(_Leaf):
    """A choice fact is recorded as one of `values`; unknown when unrecorded.

    Attributes:
        values: The values that make the condition true, all of one enumeration.
    """

    values: tuple[StrEnum, ...]

    def __init__(self, fact: str, *values: StrEnum) -> None:
        if not values or len({type(v) for v in values}) != 1:
            raise ValueError(f"OneOf({fact!r}) needs values of one enumeration")
        object.__setattr__(self, "fact", fact)
        object.__setattr__(self, "values", values)

    def others(self) -> tuple[StrEnum, ...]:
        """Return the recorded values that make the condition false."""
        return tuple(v for v in type(self.values[0]) if v not in self.values)


@dataclass(frozen=True)
class Threshold(_Leaf):
    """A number fact compared with a parameter's value; unknown when unrecorded.

    Attributes:
        parameter: The name of the threshold parameter.
    """

    parameter: str

    def parameters(self) -> tuple[str, ...]:
        """Return the threshold's name."""
        return (self.parameter,)


@dataclass(frozen=True)
class AtMost(Threshold):
    """A number fact is at most a parameter's value; unknown when unrecorded."""


@dataclass(frozen=True)
class MoreThan(Threshold):
    """A number fact is more than a parameter's value; unknown when unrecorded."""


@dataclass(frozen=True)
class IsUnknown(_Leaf):
    """A fact is not recorded: always true or false, never unknown."""

    def value_facts(self) -> tuple[str, ...]:
        """Return nothing: whether a fact is recorded is always known."""
        return ()


@dataclass(frozen=True)
class AgeBetween(Condition):
    """The child's age is from one parameter's value to another's, inclusive.

    Attributes:
        minimum: The name of the lowest-age parameter.
        maximum: The name of the highest-age parameter.
    """

    minimum: str
    maximum: str

    def reads(self) -> tuple[str, ...]:
        """Return ("age",)."""
        return (AGE,)

    def value_facts(self) -> tuple[str, ...]:
        """Return nothing: the age is always known."""
        return ()

    def parameters(self) -> tuple[str, ...]:
        """Return the two thresholds' names."""
        return (self.minimum, self.maximum)


@dataclass(frozen=True)
class InBand(_Leaf):
    """A number fact is from one parameter's value to another's, inclusive, or unknown.

    Unlike `AgeBetween`, whose age is always known, the fact may be unrecorded (unknown).

    Attributes:
        minimum: The name of the lowest-value parameter.
        maximum: The name of the highest-value parameter.
    """

    minimum: str
    maximum: str

    def parameters(self) -> tuple[str, ...]:
        """Return the two thresholds' names."""
        return (self.minimum, self.maximum)


@dataclass(frozen=True)
class InForce(Condition):
    """A rule set version switches a dated criterion on (its 0/1 parameter is 1), or off.

    Always known: it reads a parameter, never a fact (ADR 0123).

    Attributes:
        parameter: The name of the switch parameter.
        on: True: the condition holds when the switch is on; False: when it is off.
    """

    parameter: str
    on: bool = True

    def reads(self) -> tuple[str, ...]:
        """Return nothing: a switch reads no fact."""
        return ()

    def value_facts(self) -> tuple[str, ...]:
        """Return nothing: a switch reads no fact."""
        return ()

    def parameters(self) -> tuple[str, ...]:
        """Return the switch's name."""
        return (self.parameter,)


@dataclass(frozen=True, init=False)
class _Combination(Condition):
    parts: tuple[Condition, ...]

    def __init__(self, *parts: Condition) -> None:
        if len(parts) < 2:
            raise ValueError(f"{type(self).__name__} needs at least two conditions")
        object.__setattr__(self, "parts", parts)

    def reads(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for part in self.parts for name in part.reads()))

    def value_facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for part in self.parts for n in part.value_facts()))

    def parameters(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for part in self.parts for n in part.parameters()))


class AllOf(_Combination):
    """Every part holds: false if any is false, else unknown if any is unknown."""


class AnyOf(_Combination):
    """At least one part holds: true if any is true, else unknown if any is unknown."""
