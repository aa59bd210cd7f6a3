"""The dated, versioned mapping of CJS offence codes to the youth justice statistics' groups.

The mapping is data (`ingest/data/offence_groups.toml`, whose header says how a code is read
and where each entry comes from): each version has an effective date, and an order's offences
are classified by the version in force on the day the order was made, so an order keeps the
group its day gave it when a later version moves a code. Within a version a code is looked up
whole, then without its qualifier letter (an attempt counts as the offence), then by its Act
(its first four characters); a code none of these knows is `unclassified`, and every
classification says how many codes it could not classify.

A mapping that cannot be read raises `OffenceMappingError` naming the version and entry; it is
a fault in the repository's data, found by the tests and at start-up, so it is not one of the
errors a request is answered with (`core.errors`).
"""

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from contracts.offences import MAX_MAPPING_VERSION, OffenceGroup

MAPPING_FILE = Path(__file__).parent / "data" / "offence_groups.toml"
"""The mapping shipped with Pathway."""

_PREFIX = re.compile(r"[A-Z0-9]{4}")
_CODE = re.compile(r"[A-Z0-9]{7}[A-Z]?")
_BASE_LENGTH = 7  # the Act or source (4) and the offence's number (3), without a qualifier


class OffenceMappingError(ValueError):
    """The mapping's data is malformed: the message names the version and the entry."""


def normalised(code: str) -> str:
    """Return an offence code as the mapping reads it: trimmed, upper case, no inner spaces."""
    return "".join(code.split()).upper()


@dataclass(frozen=True)
class MappingVersion:
    """One version of the mapping, in force from `effective_from`.

    Attributes:
        version: The version each classified offence records, e.g. "2026.1".
        effective_from: The first day of an order this version classifies.
        prefixes: An Act or source (a code's first four characters) to its group.
        codes: A whole code (seven characters, or eight with a qualifier) to its group; these
            come before the prefixes, e.g. robbery among the Theft Act 1968's theft codes.
    """

    version: str
    effective_from: date
    prefixes: Mapping[str, OffenceGroup] = field(repr=False)
    codes: Mapping[str, OffenceGroup] = field(repr=False)

    def group_of(self, code: str) -> OffenceGroup:
        """Return the group of an offence code, or `unclassified` when this version has none."""
        key = normalised(code)
        for candidate in (key, key[:_BASE_LENGTH] if len(key) > _BASE_LENGTH else None):
            if candidate is not None and candidate in self.codes:
                return self.codes[candidate]
        return self.prefixes.get(key[:4], OffenceGroup.UNCLASSIFIED)


@dataclass(frozen=True)
class Classification:
    """The groups one version gave a list of codes, and how many it could not classify."""

    version: str
    groups: tuple[OffenceGroup, ...]

    @property
    def unclassified(self) -> int:
        """How many of the codes the version could not classify."""
        return sum(1 for g in self.groups if g == OffenceGroup.UNCLASSIFIED)


@dataclass(frozen=True)
class OffenceMapping:
    """Every version of the mapping, by effective date (earliest first)."""

    versions: tuple[MappingVersion, ...]

    def __post_init__(self) -> None:
        if not self.versions:
            raise OffenceMappingError("the offence mapping has no version")
        days = [v.effective_from for v in self.versions]
        names = [v.version for v in self.versions]
        if days != sorted(days) or len(set(days)) != len(days):
            raise OffenceMappingError("versions must be in order of distinct effective dates")
        if len(set(names)) != len(names):
            raise OffenceMappingError(f"a version is named twice: {names}")

    def version_on(self, day: date) -> MappingVersion:
        """Return the version in force on a day; before the first version, the first."""
        in_force = [v for v in self.versions if v.effective_from <= day]
        return in_force[-1] if in_force else self.versions[0]

    def classify(self, codes: Iterable[str], *, on: date) -> Classification:
        """Classify an order's offence codes by the version in force on the order's day."""
        version = self.version_on(on)
        return Classification(version.version, tuple(version.group_of(c) for c in codes))


def _group(value: Any, where: str) -> OffenceGroup:
    group = value.get("group") if isinstance(value, dict) else None
    try:
        found = OffenceGroup(str(group))
    except ValueError:
        raise OffenceMappingError(f"{where}: {group!r} is not an offence group") from None
    if found == OffenceGroup.UNCLASSIFIED:
        raise OffenceMappingError(f"{where}: unclassified is for codes the mapping leaves out")
    return found


def _entries(
    table: Any, pattern: re.Pattern[str], where: str, what: str
) -> Mapping[str, OffenceGroup]:
    if not isinstance(table, dict):
        raise OffenceMappingError(f"{where}: must be a table of {what}")
    found = {}
    for key, value in table.items():
        if not pattern.fullmatch(key):
            raise OffenceMappingError(f"{where}.{key}: not {what} (upper case, {pattern.pattern})")
        found[key] = _group(value, f"{where}.{key}")
    return MappingProxyType(found)


def _version(raw: Any, index: int) -> MappingVersion:
    if not isinstance(raw, dict):
        raise OffenceMappingError(f"version {index}: must be a table")
    name = raw.get("version")
    where = f"version {name or index}"
    if not isinstance(name, str) or not 0 < len(name) <= MAX_MAPPING_VERSION:
        raise OffenceMappingError(f"{where}: `version` must be a name of 1 to 20 characters")
    day = raw.get("effective_from")
    if not isinstance(day, date):
        raise OffenceMappingError(f"{where}: `effective_from` must be a date (YYYY-MM-DD)")
    return MappingVersion(
        version=name,
        effective_from=day,
        prefixes=_entries(raw.get("prefixes", {}), _PREFIX, f"{where}: prefixes", "an Act"),
        codes=_entries(raw.get("codes", {}), _CODE, f"{where}: codes", "an offence code"),
    )


def parse_mapping(text: str) -> OffenceMapping:
    """Read a mapping from its TOML text (the form of `MAPPING_FILE`).

    Raises:
        OffenceMappingError: the text is not TOML, or a version or entry is malformed.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise OffenceMappingError(f"the offence mapping is not TOML: {error}") from None
    versions = data.get("version")
    if not isinstance(versions, list):
        raise OffenceMappingError("the offence mapping needs [[version]] tables")
    return OffenceMapping(tuple(_version(v, i) for i, v in enumerate(versions)))


@functools.cache
def default_mapping() -> OffenceMapping:
    """The mapping shipped with Pathway (`MAPPING_FILE`), read once per process."""
    return parse_mapping(MAPPING_FILE.read_text(encoding="utf-8"))
