"""The mapper never raises: every message, however damaged, gives records with a result.

hypothesis is not available, so a seeded random walk damages the test messages and the
public samples: it replaces a value anywhere in the tree, or deletes a key, many times over.
"""

import copy
import json
import random
from typing import Any

from contracts.court import IngestResultKind
from ingest.common_platform import map_hearing_resulted
from samples import COMMON_PLATFORM, INVENTED_COMMON_PLATFORM

SAMPLES = COMMON_PLATFORM
DATA = INVENTED_COMMON_PLATFORM
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    10**20,
    float("inf"),
    float("nan"),
    "",
    " ",
    "x",
    "true",
    "FINAL",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+05:00",
    "Referral order",
    "99 years",
    [],
    [None],
    {},
    {"label": "Referral order"},
]


def places(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a JSON tree."""
    found: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            found.extend(places(value))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            found.extend(places(value))
    return found


def damage(message: Any, chance: random.Random) -> Any:
    damaged = copy.deepcopy(message)
    for _ in range(chance.randint(1, 4)):
        spots = places(damaged)
        if not spots:
            return chance.choice(ODD_VALUES)
        container, key = chance.choice(spots)
        if isinstance(container, dict) and chance.random() < 0.3:
            del container[key]
        else:
            container[key] = copy.deepcopy(chance.choice(ODD_VALUES))
    return damaged


def test_damaged_messages_never_raise_and_every_record_has_a_result() -> None:
    files = [*sorted(DATA.glob("*.json")), *sorted(SAMPLES.glob("*.json"))]
    messages = [json.loads(path.read_text()) for path in files]
    chance = random.Random(20261120)
    kinds = set()

    for _ in range(4000):
        records = map_hearing_resulted(
            damage(chance.choice(messages), chance),
            cjs_codes={"1081": "detention_and_training_order"},
        )

        assert records
        for record in records:
            assert (record.outcome is None) != (record.result is None)
            assert record.result is None or record.reason
            assert record.result != IngestResultKind.REJECTED or record.errors
            kinds.add(record.result)
    assert {
        None,
        IngestResultKind.SKIPPED,
        IngestResultKind.HELD,
        IngestResultKind.REJECTED,
    } <= kinds
