"""The bank-holiday calendar a pathway runs on, carried as versioned data in its input."""

from datetime import date

from pydantic import BaseModel


class BankCalendar(BaseModel):
    """England and Wales bank holidays for a span of years.

    `version` names where the list came from (the `holidays` package version and a digest),
    so a deliberate calendar change on a running pathway can be seen in its history.
    """

    version: str
    first_year: int
    last_year: int
    holidays: list[date]

    def covers(self, day: date) -> bool:
        """Return whether `day` falls in the years this calendar lists."""
        return self.first_year <= day.year <= self.last_year
