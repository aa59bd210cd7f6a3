"""Percentiles, by one method everywhere: linear interpolation between the closest ranks."""

from collections.abc import Sequence


def quantile(values: Sequence[float], q: float) -> float:
    """Return the q-th percentile of the values, unrounded (0 for no values).

    The inclusive method of `statistics.quantiles`, computed for one cut point only: a paired
    bootstrap asks for thousands of them.

    Args:
        values: The samples, in any order.
        q: The percentile, from 0 to 100.
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    at = q / 100 * (len(ordered) - 1)
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def percentile(values: Sequence[float], q: float, digits: int = 1) -> float:
    """Return the q-th percentile, rounded to `digits` decimals (0 for no values)."""
    return round(quantile(values, q), digits)
