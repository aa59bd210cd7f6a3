"""The Relative Rate Index of one group against a reference group, with suppression and a CI.

RRI = (events in group / base in group) / (events in reference / base in reference). Its 95%
confidence interval uses the log method: with a events of n1 in the group and c of n2 in the
reference, se = sqrt(1/a - 1/n1 + 1/c - 1/n2) and the bounds are exp(ln(RRI) +/- 1.96 se).
With no events in the group the RRI is 0 and its lower bound 0; the upper bound then adds 0.5
to each count (the Haldane-Anscombe correction) so that the log method still gives a number.

Counts below `min_count` are suppressed: they are not shown, and neither is any rate or RRI
built on them, because a rate on a handful of children is both unstable and identifying.
"""

import math
from dataclasses import dataclass

from pydantic import BaseModel, Field

Z_95 = 1.96  # the 97.5th percentile of the normal distribution, as usually rounded


@dataclass(frozen=True)
class Counts:
    """Events and base of one group at one decision point."""

    events: int
    base: int


class RriRow(BaseModel):
    """One group at one decision point."""

    decision_point: str
    group: str
    events: int | None = Field(description="null when suppressed")
    base: int | None = Field(description="null when below min_count")
    rate: float | None = Field(description="events / base")
    reference_rate: float | None
    rri: float | None = Field(description="rate / reference_rate")
    ci_low: float | None = Field(description="lower bound of the 95% confidence interval")
    ci_high: float | None = Field(description="upper bound of the 95% confidence interval")
    suppressed: bool
    note: str | None = None


def _interval(a: float, n1: float, c: float, n2: float) -> tuple[float, float]:
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    return math.exp(math.log(ratio) - Z_95 * se), math.exp(math.log(ratio) + Z_95 * se)


def _too_small(counts: Counts, min_count: int) -> str | None:
    if counts.base < min_count:
        return f"fewer than {min_count} in the base" if min_count > 1 else "no one in the base"
    if counts.events < min_count:
        return f"fewer than {min_count} events" if min_count > 1 else "no events"
    return None


def compare(
    decision_point: str,
    group: str,
    counts: Counts,
    reference: Counts,
    *,
    is_reference: bool,
    min_count: int,
) -> RriRow:
    """Return the row of `group` against the reference group at one decision point."""
    own = _too_small(counts, min_count)
    theirs = _too_small(reference, min_count)
    row = RriRow(
        decision_point=decision_point,
        group=group,
        events=counts.events if own is None else None,
        base=counts.base if counts.base >= min_count else None,
        rate=counts.events / counts.base if own is None and counts.base else None,
        reference_rate=(
            reference.events / reference.base if theirs is None and reference.base else None
        ),
        rri=None,
        ci_low=None,
        ci_high=None,
        suppressed=own is not None or theirs is not None,
    )
    if own is not None:
        row.note = f"suppressed: {own}"
    elif theirs is not None:
        row.note = f"suppressed: the reference group has {theirs}"
    elif row.rate is None:
        row.note = "no one in the base"
    elif not row.reference_rate:
        row.note = "no events in the reference group: the RRI is undefined"
    elif is_reference:
        row.rri, row.note = 1.0, "reference group"
    else:
        row.rri = row.rate / row.reference_rate
        a, n1, c, n2 = counts.events, counts.base, reference.events, reference.base
        if a == 0:
            row.ci_low, row.ci_high = 0.0, _interval(a + 0.5, n1 + 0.5, c + 0.5, n2 + 0.5)[1]
        else:
            row.ci_low, row.ci_high = _interval(a, n1, c, n2)
    return row
