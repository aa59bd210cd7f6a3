"""Which youth order a defendant's judicial results make, with its length and date.

A judicial result counts when it is not deleted (``isDeleted``), its ``category`` is FINAL
or absent (INTERMEDIARY and ANCILLARY results are ignored), and either its ``label`` names a
referral order, youth rehabilitation order or detention and training order, in any case and
with extra words allowed ("Youth Rehabilitation Order England and Wales", "Referral order -
6 months"), or its ``cjsCode`` is in the configured table. A label that also speaks of
revoking, breaching, extending, amending, varying, discharging or terminating an order is
about an order already running, not a new one, and does not count here: the court's decision
on a running order is read by ``changes``.

Results are read at three levels, as the Common Platform schemas place them: each offence's
``judicialResults``; the defendant's own ``judicialResults`` (also accepted under the name
``defendantJudicialResults``); and the hearing's ``defendantJudicialResults``, each a
``{masterDefendantId, judicialResult}`` pair, matched on the defendant's ``masterDefendantId``
(or its ``id`` when it has none).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from contracts.common import DisposalType
from contracts.court import FieldError, IngestResultKind
from ingest.common_platform.json import JsonObject, as_object, at, child, items, parse_date, text
from ingest.common_platform.length import order_length

DEFAULT_CJS_CODES: dict[str, DisposalType] = {}
"""CJS result codes that name a youth order, used when a result's label does not.

Configuration, not law: empty by default because the codes could not be checked against the
CJS data standards result code list; a deployment passes its own table to the mapper.
"""

ORDER_NAMES = {
    DisposalType.REFERRAL_ORDER: "referral order",
    DisposalType.YOUTH_REHABILITATION_ORDER: "youth rehabilitation order",
    DisposalType.DETENTION_AND_TRAINING_ORDER: "detention and training order",
}
_LABELS = [
    (re.compile(r"\b" + r"\s+".join(name.split()) + r"\b", re.IGNORECASE), order)
    for order, name in ORDER_NAMES.items()
]
_EXISTING_ORDER = re.compile(
    r"\b(revo\w*|breach\w*|extend\w*|extension|amend\w*|vary|varied|variation|discharg\w*"
    r"|terminat\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A judicial result that makes a youth order, and where it sits in the message."""

    type: DisposalType
    result: JsonObject
    path: str
    offence_index: int | None  # None for a defendant-level result


@dataclass(frozen=True)
class Order:
    """The one youth order a defendant's results make."""

    type: DisposalType
    length_months: int
    made_on: date | None  # the result's orderedDate, when it gives one
    path: str  # the judicial result the length and date were read from
    offence_indexes: tuple[int, ...] | None  # the offences it was made for; None for all


@dataclass(frozen=True)
class OrderProblem:
    """Why the results cannot give one order: to hold for a person, or to reject."""

    result: IngestResultKind
    reason: str
    errors: tuple[FieldError, ...] = ()

    @classmethod
    def several(cls, orders: list[DisposalType], say: str, then: str) -> "OrderProblem":
        """Held: the results `say` more than one order (named here), and `then` for a person."""
        names = " and a ".join(ORDER_NAMES[o] for o in orders)
        return cls(IngestResultKind.HELD, f"{say} (a {names}): {then}")

    @classmethod
    def unread(cls, reason: str, field: str, missing: str) -> "OrderProblem":
        """Rejected for `reason`: nothing at `field` can be read (`missing` says what)."""
        return cls(IngestResultKind.REJECTED, reason, (FieldError(field=field, reason=missing),))


def order_type(result: JsonObject, cjs_codes: Mapping[str, DisposalType]) -> DisposalType | None:
    """The youth order a judicial result makes, or None when it makes none."""
    category = text(result, "category")
    if result.get("isDeleted") is True or (category is not None and category.upper() != "FINAL"):
        return None
    label = text(result, "label") or ""
    if not _EXISTING_ORDER.search(label):
        for pattern, order in _LABELS:
            if pattern.search(label):
                return order
    code = result.get("cjsCode")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    return cjs_codes.get(code.strip()) if isinstance(code, str) else None


def belongs_to(entry: JsonObject, defendant: JsonObject) -> bool:
    """Whether a hearing-level ``defendantJudicialResults`` entry is this defendant's."""
    master = text(defendant, "masterDefendantId") or text(defendant, "id")
    return master is not None and text(entry, "masterDefendantId") == master


def find_candidates(
    *,
    hearing: JsonObject,
    hearing_path: str,
    defendant: JsonObject,
    defendant_path: str,
    cjs_codes: Mapping[str, DisposalType],
) -> list[Candidate]:
    """Every judicial result that makes a youth order for this defendant, in message order."""
    candidates = []
    for result_object, path, offence_index in defendant_results(
        hearing=hearing,
        hearing_path=hearing_path,
        defendant=defendant,
        defendant_path=defendant_path,
    ):
        order = order_type(result_object, cjs_codes)
        if order is not None:
            candidates.append(Candidate(order, result_object, path, offence_index))
    return candidates


def defendant_results(
    *, hearing: JsonObject, hearing_path: str, defendant: JsonObject, defendant_path: str
) -> list[tuple[JsonObject, str, int | None]]:
    """Every judicial result of this defendant (offence, defendant and hearing level), in order.

    Each with its path and the index of its offence (None for a defendant-level result).
    """
    found: list[tuple[object, str, int | None]] = []
    for index, offence in enumerate(items(defendant, "offences")):
        results_path = at(at(at(defendant_path, "offences"), index), "judicialResults")
        for number, result in enumerate(items(as_object(offence), "judicialResults")):
            found.append((result, at(results_path, number), index))
    for key in ("judicialResults", "defendantJudicialResults"):
        for number, result in enumerate(items(defendant, key)):
            found.append((result, at(at(defendant_path, key), number), None))
    hearing_results = at(hearing_path, "defendantJudicialResults")
    for number, entry in enumerate(items(hearing, "defendantJudicialResults")):
        entry_object = as_object(entry)
        if entry_object is not None and belongs_to(entry_object, defendant):
            path = at(at(hearing_results, number), "judicialResult")
            found.append((child(entry_object, "judicialResult"), path, None))
    return [
        (result_object, path, offence_index)
        for result, path, offence_index in found
        if (result_object := as_object(result)) is not None
    ]


def resolve(candidates: list[Candidate]) -> Order | OrderProblem | None:
    """The one order the candidates make; a problem when they disagree; None when none."""
    types = list(dict.fromkeys(c.type for c in candidates))
    if not types:
        return None
    if len(types) > 1:
        return OrderProblem.several(
            types,
            "the FINAL results make more than one youth order",
            "a person must decide which one starts a pathway",
        )
    name = ORDER_NAMES[types[0]]
    lengths = [(c, order_length(c.result)) for c in candidates]
    usable = sorted({months for _, months in lengths if months is not None})
    if not usable:
        return OrderProblem.unread(
            f"the {name} has no length that can be read",
            at(candidates[0].path, "judicialResultPrompts"),
            "no prompt giving the period, length or duration of the order in months or years "
            "(e.g. 'Period of order': '6 months'), and no durationElement in months or years",
        )
    if len(usable) > 1:
        months = " and ".join(str(m) for m in usable)
        return OrderProblem(
            IngestResultKind.HELD,
            f"the {name} results give different lengths ({months} months): "
            "a person must decide the order's length",
        )
    source = next(c for c, months in lengths if months is not None)
    ordered = source.result.get("orderedDate")
    made_on = parse_date(ordered)
    if ordered is not None and made_on is None:
        return OrderProblem.unread(
            f"the {name}'s orderedDate is not a date",
            at(source.path, "orderedDate"),
            "not a date (YYYY-MM-DD)",
        )
    offences = {c.offence_index for c in candidates}
    return Order(
        type=types[0],
        length_months=usable[0],
        made_on=made_on,
        path=source.path,
        offence_indexes=None
        if None in offences
        else tuple(sorted(i for i in offences if i is not None)),
    )
