"""A court's decision on a youth order already running, from a defendant's judicial results.

A result counts when it is not deleted, its category is FINAL or absent, and either its CJS
result code is one of a decision on an order, or its label speaks of one. The CJS result codes,
as the Ministry of Justice's reference data has them (bichard7-next-data,
``output-data/data/result-code.json``):

    1029 Order Revoked                 revoked (revoked_and_resentenced with a new youth order)
    1031 Order Extended                extended
    1040 Order to Continue             continued
    1087 No Action on Breach           continued
    1110 Return to Detention           detention_for_breach

Labels are read for the same decisions ("Youth rehabilitation order revoked", "Referral order
extended", "Breach of detention and training order supervision - detention", "Order to
continue"). The order being changed is the one a result's label names (referral order, youth
rehabilitation order, detention and training order); a decision that names none is held for a
person. Where several decisions are given, the strongest is the court's: a revocation with a
new youth order among the FINAL results is a re-sentence; then revoked, detention for breach,
extended, continued. An extension's new end date comes from a prompt naming the end date; a
detention's period from the result's length (``length``). Either missing is rejected, naming
the result.
"""

import re
from dataclasses import dataclass
from datetime import date

from contracts.breach import OrderChangeKind
from contracts.common import DisposalType
from contracts.court import IngestResultKind
from ingest.common_platform.json import JsonObject, at, items, parse_date, text
from ingest.common_platform.length import order_length
from ingest.common_platform.orders import ORDER_NAMES, Order, OrderProblem

CHANGE_CODES: dict[str, OrderChangeKind] = {
    "1029": OrderChangeKind.REVOKED,  # Order Revoked
    "1031": OrderChangeKind.EXTENDED,  # Order Extended
    "1040": OrderChangeKind.CONTINUED,  # Order to Continue
    "1087": OrderChangeKind.CONTINUED,  # No Action on Breach
    "1110": OrderChangeKind.DETENTION_FOR_BREACH,  # Return to Detention
}
"""CJS result codes of a decision on a running order (MoJ reference data, result-code.json)."""
_LABELS = [
    (re.compile(r"\brevo(ke|ked|cation)\b", re.IGNORECASE), OrderChangeKind.REVOKED),
    (
        re.compile(r"\bdetention\b.*\bbreach|\bbreach\b.*\bdetention\b", re.IGNORECASE),
        OrderChangeKind.DETENTION_FOR_BREACH,
    ),
    (re.compile(r"\bextend(ed)?\b|\bextension\b", re.IGNORECASE), OrderChangeKind.EXTENDED),
    (
        re.compile(r"\bto continue\b|\bcontinued\b|\bno action on breach\b", re.IGNORECASE),
        OrderChangeKind.CONTINUED,
    ),
]
_ORDER_LABELS = [
    (re.compile(r"\b" + r"\s+".join(name.split()) + r"\b", re.IGNORECASE), order)
    for order, name in ORDER_NAMES.items()
]
_STRENGTH = [
    OrderChangeKind.REVOKED,
    OrderChangeKind.DETENTION_FOR_BREACH,
    OrderChangeKind.EXTENDED,
    OrderChangeKind.CONTINUED,
]
_END_DATE = re.compile(r"\b(end date|extended to|new end|ends on|until)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """One judicial result that decides about a running order."""

    kind: OrderChangeKind
    order: DisposalType | None  # the order it names, if it names one
    result: JsonObject
    path: str


@dataclass(frozen=True)
class Change:
    """The court's decision, as the canonical `order_change` and the order it changes."""

    order: Order  # the order being changed (its type; length and date are not the court's now)
    order_change: dict[str, object]


def decision_of(result: JsonObject) -> tuple[OrderChangeKind, DisposalType | None] | None:
    """The decision a result gives about a running order, and the order it names, or None."""
    category = text(result, "category")
    if result.get("isDeleted") is True or (category is not None and category.upper() != "FINAL"):
        return None
    label = text(result, "label") or ""
    code = result.get("cjsCode")
    code = str(code).strip() if isinstance(code, int | str) and not isinstance(code, bool) else ""
    kind = CHANGE_CODES.get(code) or next((k for p, k in _LABELS if p.search(label)), None)
    if kind is None:
        return None
    named = next((order for pattern, order in _ORDER_LABELS if pattern.search(label)), None)
    return kind, named


def find_decisions(results: list[tuple[JsonObject, str, int | None]]) -> list[Decision]:
    """Every result that decides about a running order, in message order."""
    found = []
    for result, path, _ in results:
        decided = decision_of(result)
        if decided is not None:
            found.append(Decision(decided[0], decided[1], result, path))
    return found


def resolve_change(
    decisions: list[Decision], new_order: Order | None, first_day: date
) -> Change | OrderProblem:
    """The one change the decisions make (with a new order, a re-sentence), or why not."""
    orders = list(dict.fromkeys(d.order for d in decisions if d.order is not None))
    if not orders:
        return OrderProblem(
            IngestResultKind.HELD,
            "the results decide about an order already running but do not say which "
            "(referral order, youth rehabilitation order or detention and training order): "
            "a person must match it",
        )
    if len(orders) > 1:
        return OrderProblem.several(
            orders,
            "the results decide about more than one running order",
            "a person must apply each",
        )
    kind = next(k for k in _STRENGTH if any(d.kind == k for d in decisions))
    decision = next(d for d in decisions if d.kind == kind)
    if new_order is not None and kind != OrderChangeKind.REVOKED:
        return OrderProblem(
            IngestResultKind.HELD,
            f"the results make a new {ORDER_NAMES[new_order.type]} and decide about a running "
            f"{ORDER_NAMES[orders[0]]} without revoking it: a person must record each",
        )
    changed = Order(orders[0], 1, None, decision.path, None)
    if kind == OrderChangeKind.REVOKED and new_order is not None:
        disposal = {
            "type": DisposalType(new_order.type).value,
            "length_months": new_order.length_months,
            "made_on": (new_order.made_on or first_day).isoformat(),
        }
        return Change(
            changed, {"change": OrderChangeKind.REVOKED_AND_RESENTENCED.value, "disposal": disposal}
        )
    if kind == OrderChangeKind.EXTENDED:
        extended_to = _end_date(decision)
        if extended_to is None:
            return OrderProblem.unread(
                "the order's extension gives no new end date",
                at(decision.path, "judicialResultPrompts"),
                "no prompt giving the new end date (e.g. 'End date': 'YYYY-MM-DD')",
            )
        return Change(changed, {"change": kind.value, "extended_to": extended_to.isoformat()})
    if kind == OrderChangeKind.DETENTION_FOR_BREACH:
        months = order_length(decision.result)
        if months is None:
            return OrderProblem.unread(
                "the detention for breach has no period that can be read",
                at(decision.path, "judicialResultPrompts"),
                "no prompt or duration giving the period of detention in months",
            )
        return Change(changed, {"change": kind.value, "detention_months": months})
    return Change(changed, {"change": kind.value})


def _end_date(decision: Decision) -> date | None:
    for prompt in items(decision.result, "judicialResultPrompts"):
        if isinstance(prompt, dict) and _END_DATE.search(text(prompt, "label") or ""):
            found = parse_date(prompt.get("value"))
            if found is not None:
                return found
    return None
