"""Calendar quarters, as the outcome reports and the board pack name them: `2026-Q3`.

The YJB and the Ministry of Justice publish youth justice figures by calendar quarter (Youth
Justice Statistics; the YJB's quarterly KPI returns), so every indicator's trend is a line of
quarters, each named by its year and number and starting on its first day.
"""

import re
from dataclasses import dataclass
from datetime import date

from core.workdays import add_months

_NAME = re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: its year and its number (1 to 4)."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Read `2026-Q3`; raise ValueError naming the form expected."""
        found = _NAME.match(text.strip())
        if not found or not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
            raise ValueError(
                f"a quarter is written YYYY-QN, e.g. 2026-Q3, {FIRST_YEAR} to {LAST_YEAR}"
            )
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        """The quarter's first day."""
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def last_day(self) -> date:
        """The quarter's last day."""
        return date.fromordinal(add_months(self.first_day, 3).toordinal() - 1)

    def plus(self, quarters: int) -> "Quarter":
        """The quarter `quarters` after this one (before it, if negative)."""
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def last(self, count: int) -> list["Quarter"]:
        """The `count` quarters ending with this one, oldest first."""
        return [self.plus(-i) for i in reversed(range(count))]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """The quarter as people write it: `2026 Q3`."""
        return f"{self.year} Q{self.number}"


def last_complete(today: date) -> Quarter:
    """The latest quarter that has ended by `today` (a board pack reports a finished quarter)."""
    return Quarter.of(today).plus(-1)
