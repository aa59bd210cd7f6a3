"""A detention and training order's custody and release, as the pathway's state shows them.

Half of a detention and training order's term is served in youth detention accommodation
and half under supervision in the community (Sentencing Act 2020, s. 233 and s. 241(2)). The
Secretary of State may release the child early or, on a youth court's order, late
(s. 241(3) to (5)); `workflows/custody.py` checks a recorded release against those rules.
"""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel


class ReleaseKind(StrEnum):
    """When the child was released, against the half-way point of the term."""

    HALF_WAY = "half_way"  # s. 241(2)
    EARLY = "early"  # s. 241(4): up to 1 or 2 months before the half-way point
    LATE = "late"  # s. 241(5): 1 or 2 months after it, on a youth court's order
    COMPASSIONATE = "compassionate"  # s. 241(3): at any time, in exceptional circumstances


class CustodyState(BaseModel):
    """The term, the release expected at its half-way point, and the release recorded."""

    term_months: int
    release_expected_on: date
    released_on: date | None = None
    release_kind: ReleaseKind | None = None

    @property
    def in_custody(self) -> bool:
        """Whether no release has been recorded yet."""
        return self.released_on is None
