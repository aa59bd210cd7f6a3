"""Dated parameters: the thresholds (ages, weeks) each eligibility rule set version reads.

Criteria vary by provider, so no threshold is a literal in a rule. Each version of the rule
set is a `ParameterSet` with an effective date; the version in force on the evaluation date
(the latest whose effective date is on or before it) is the one applied, and every decision
records its version. Each threshold carries its unit and the source it was taken from.

Version 2026.1 holds the defaults, each with its source (the programmes' modules say where
each criterion comes from). A provider's different age band is a new version registered with
`register_parameter_set`.
"""

import functools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from core.errors import NoRuleSetInForce as NoRuleSetInForce  # no rule set on a date

PARAMETER_NAMES: tuple[str, ...] = (
    "fft_min_age",
    "fft_max_age",
    "fft_max_return_home_weeks",
    "nvr_min_age",
    "nvr_max_age",
    "dv_min_age",
    "dv_max_age",
    # The violence reduction group work programme (`rules.violence_reduction`, ADR 0122).
    "vr_min_age",
    "vr_max_age",
    "vr_one_to_one_sessions",
    "vr_group_sessions",
    # Dated criteria's switches (0 off, 1 on; ADR 0123).
    "vr_exclude_sex_offending_only",
    # Turnaround, the diversion pathway's prevention programme (`rules.turnaround`, ADR 0128):
    # its age band at the trigger, its referral window, and a service's local exclusions
    # (switches, 0 off, 1 on).
    "turnaround_min_age",
    "turnaround_max_age",
    "turnaround_referral_window_months",
    "turnaround_exclude_previous_statutory_order",
    "turnaround_exclude_looked_after",
    "turnaround_exclude_child_protection_plan",
)
"""Every parameter a rule set version must define, in a stable order."""

_AGE_BANDS = (
    ("fft_min_age", "fft_max_age"),
    ("nvr_min_age", "nvr_max_age"),
    ("dv_min_age", "dv_max_age"),
    ("vr_min_age", "vr_max_age"),
    ("turnaround_min_age", "turnaround_max_age"),
)


@dataclass(frozen=True)
class Parameter:
    """One threshold with its unit and where it comes from.

    Attributes:
        value: The threshold, a whole number of `unit`.
        unit: "years", "weeks", "months", "sessions" or "switch" (0: a dated criterion is
            off; 1: on).
        reference: The source the value was taken from, for people auditing a decision.
    """

    value: int
    unit: str
    reference: str


@dataclass(frozen=True)
class ParameterSet:
    """The thresholds of one rule set version, in force from `effective_from`.

    Attributes:
        version: The rule set version a decision records, e.g. "2026.1".
        effective_from: The first evaluation date this version applies to.
        parameters: Every name of `PARAMETER_NAMES` mapped to its `Parameter`.
    """

    version: str
    effective_from: date
    parameters: Mapping[str, Parameter] = field(repr=False)

    def __post_init__(self) -> None:
        missing = [name for name in PARAMETER_NAMES if name not in self.parameters]
        unknown = sorted(set(self.parameters) - set(PARAMETER_NAMES))
        if missing or unknown:
            raise ValueError(
                f"rule set {self.version}: missing parameters {missing}, unknown {unknown}"
            )
        for name in PARAMETER_NAMES:
            parameter = self.parameters[name]
            if parameter.unit == "switch" and parameter.value not in (0, 1):
                raise ValueError(f"rule set {self.version}: {name} is a switch: 0 (off) or 1 (on)")
        for low, high in _AGE_BANDS:
            if self.parameters[low].value > self.parameters[high].value:
                raise ValueError(f"rule set {self.version}: {low} is above {high}")
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def value(self, name: str) -> int:
        """Return the value of one parameter.

        Args:
            name: One of `PARAMETER_NAMES`.

        Returns:
            The threshold, in the parameter's unit.
        """
        return self.parameters[name].value

    def values(self) -> dict[str, int]:
        """Return every parameter's value, keyed by name, in `PARAMETER_NAMES` order."""
        return dict(self.items)

    @functools.cached_property
    def items(self) -> tuple[tuple[str, int], ...]:
        """Every parameter's (name, value), in `PARAMETER_NAMES` order."""
        return tuple((name, self.parameters[name].value) for name in PARAMETER_NAMES)

    def derive(self, *, version: str, effective_from: date, **values: int) -> "ParameterSet":
        """Return a new version that changes some values and keeps the rest.

        Args:
            version: The new version's name.
            effective_from: The new version's effective date.
            **values: Parameter names mapped to their new values.

        Returns:
            The new parameter set (not registered).
        """
        changed = dict(self.parameters)
        for name, new_value in values.items():
            if name not in changed:
                raise ValueError(f"unknown parameter {name!r}")
            changed[name] = replace(
                changed[name], value=new_value, reference=f"rule set {version} configuration"
            )
        return ParameterSet(version=version, effective_from=effective_from, parameters=changed)


_YOUNGEST = (
    "Children and Young Persons Act 1933, s. 50: no child under 10 can be guilty of an offence"
)
_OLDEST = "Sentencing Act 2020, s. 84(1)(b): a referral order is for a child aged under 18"

_TURNAROUND = (
    'Ministry of Justice, "Turnaround Programme" guidance (GOV.UK, 2022, updated 2023), '
    "Eligibility: children aged 10 to 17, referred within three months of the trigger"
)
_LOCAL = (
    "services publish such exclusions of their own, e.g. children already supported on a "
    "statutory order, looked after or on a child protection plan"
)

DEFAULT_2026_1 = ParameterSet(
    version="2026.1",
    effective_from=date(2026, 1, 1),
    parameters={
        "fft_min_age": Parameter(10, "years", f"FFT, youngest age: {_YOUNGEST}"),
        "fft_max_age": Parameter(17, "years", f"FFT, oldest age: {_OLDEST}"),
        "fft_max_return_home_weeks": Parameter(
            12,
            "weeks",
            "FFT, a child away from home expected back within 12 weeks: rule set 2026.1's own "
            "figure (FFT LLC's criteria exclude youth in residential or congregate settings)",
        ),
        "nvr_min_age": Parameter(10, "years", f"NVR, youngest age: {_YOUNGEST}"),
        "nvr_max_age": Parameter(17, "years", f"NVR, oldest age: {_OLDEST}"),
        "dv_min_age": Parameter(
            4, "years", "DV Community Groups, youngest age: AVA, Community Groups programme"
        ),
        "dv_max_age": Parameter(17, "years", f"DV Community Groups, oldest age: {_OLDEST}"),
        "vr_min_age": Parameter(
            12,
            "years",
            "Violence reduction group work, youngest age: rule set 2026.1's own figure (peer "
            "groups of secondary-school age; a service with younger groups configures its own)",
        ),
        "vr_max_age": Parameter(
            17, "years", f"Violence reduction group work, oldest age: {_OLDEST}"
        ),
        "vr_one_to_one_sessions": Parameter(
            3,
            "sessions",
            "Violence reduction group work, one-to-one sessions before the first group session: "
            "rule set 2026.1's own figure (trauma-informed work builds safety and trust with the "
            "child before a group)",
        ),
        "vr_group_sessions": Parameter(
            10,
            "sessions",
            "Violence reduction group work, weekly group sessions: rule set 2026.1's own figure",
        ),
        "vr_exclude_sex_offending_only": Parameter(
            0,
            "switch",
            "Violence reduction group work, a dated criterion: excluding a child whose offending "
            "is sexual offending only (harmful sexual behaviour is assessed and worked with "
            "apart). Off in rule set 2026.1; a service's version switches it on from its date",
        ),
        "turnaround_min_age": Parameter(
            10, "years", f"Turnaround, youngest age at the trigger: {_TURNAROUND} ({_YOUNGEST})"
        ),
        "turnaround_max_age": Parameter(
            17, "years", f"Turnaround, oldest age at the trigger: {_TURNAROUND}"
        ),
        "turnaround_referral_window_months": Parameter(
            3,
            "months",
            f"Turnaround, a referral within 3 calendar months of the trigger: {_TURNAROUND}",
        ),
        "turnaround_exclude_previous_statutory_order": Parameter(
            0,
            "switch",
            "Turnaround, a local exclusion: a child who was on a statutory court order before. "
            f"Off in rule set 2026.1; a service switches it on in its own version ({_LOCAL})",
        ),
        "turnaround_exclude_looked_after": Parameter(
            0,
            "switch",
            "Turnaround, a local exclusion: a looked after child. Off in rule set 2026.1; a "
            f"service switches it on in its own version ({_LOCAL})",
        ),
        "turnaround_exclude_child_protection_plan": Parameter(
            0,
            "switch",
            "Turnaround, a local exclusion: a child on a child protection plan. Off in rule set "
            f"2026.1; a service switches it on in its own version ({_LOCAL})",
        ),
    },
)
"""The default rule set, version 2026.1; each threshold names its source."""

_lock = threading.Lock()
_versions: tuple[ParameterSet, ...] = (DEFAULT_2026_1,)


def register_parameter_set(parameter_set: ParameterSet) -> None:
    """Add a rule set version, e.g. a provider's own age band from a later date.

    Args:
        parameter_set: The version to add; its name and effective date must both be new.

    Raises:
        ValueError: A version with that name or effective date is already registered.
    """
    global _versions
    with _lock:
        for existing in _versions:
            if parameter_set.version == existing.version:
                raise ValueError(f"rule set {parameter_set.version} is already registered")
            if parameter_set.effective_from == existing.effective_from:
                raise ValueError(
                    f"rule set {existing.version} already takes effect on "
                    f"{existing.effective_from.isoformat()}"
                )
        _versions = tuple(sorted((*_versions, parameter_set), key=lambda p: p.effective_from))


def unregister_parameter_set(version: str) -> None:
    """Remove a rule set version added with `register_parameter_set` (tests use this).

    Args:
        version: The version's name.

    Raises:
        ValueError: The version is the built-in default or is not registered.
    """
    global _versions
    if version == DEFAULT_2026_1.version:
        raise ValueError(f"rule set {version} is the built-in default")
    with _lock:
        kept = tuple(p for p in _versions if p.version != version)
        if len(kept) == len(_versions):
            raise ValueError(f"rule set {version} is not registered")
        _versions = kept


def registered_parameter_sets() -> tuple[ParameterSet, ...]:
    """Return every registered version, earliest effective date first."""
    return _versions


def parameters_on(on: date) -> ParameterSet:
    """Return the rule set version in force on a date.

    Args:
        on: The evaluation date.

    Returns:
        The latest version whose effective date is on or before `on`.

    Raises:
        NoRuleSetInForce: Every version takes effect after `on`.
    """
    versions = _versions
    for parameter_set in reversed(versions):
        if parameter_set.effective_from <= on:
            return parameter_set
    earliest = versions[0]
    raise NoRuleSetInForce(
        f"no eligibility rule set is in force on {on.isoformat()}: the earliest, "
        f"{earliest.version}, takes effect on {earliest.effective_from.isoformat()}"
    )
