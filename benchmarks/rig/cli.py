"""The benchmarks' command lines: counts are checked as they are read.

`type=at_least(1)` on an option refuses a smaller number with argparse's own usage error,
naming the option, so no benchmark checks its arguments again after parsing them.
"""

import argparse
from collections.abc import Callable


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse `type`: a whole number no smaller than `minimum`."""

    def count(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return count
