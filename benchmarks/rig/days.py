"""London's date today and the England and Wales bank holidays around a date."""

from datetime import UTC, date, datetime

from core.bank_holidays import england_and_wales
from core.workdays import london_date


def today() -> date:
    """London's date today, as the API and the workflows see it."""
    return london_date(datetime.now(UTC))


def holidays(around: date, *, before: int, after: int) -> frozenset[date]:
    """The bank holidays from `before` years before `around`'s year to `after` years after."""
    return frozenset(england_and_wales(around.year - before, around.year + after).holidays)
