"""Working days and London dates, as pure functions safe to call inside workflow code.

The bank holidays are passed in (a `BankCalendar` carried in the workflow's input), never read
from the `holidays` package here, so a package upgrade cannot change a replayed deadline.
London's clock rule (BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
Sunday of October) is written out so no time-zone database is read inside a workflow.
"""

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

_SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Return whether `day` is neither a weekend day nor a bank holiday."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """Return the `days`-th working day after `start` (`start` itself is not counted).

    Zero days gives `start` itself.
    """
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def _weekdays_through(day: date) -> int:
    # Ordinal 1 (1 January of year 1) is a Monday: count Monday-to-Friday days up to `day`.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(after: date, until: date, holidays: Collection[date]) -> int:
    """Count the working days in the half-open range (`after`, `until`]; 0 if `until <= after`."""
    if until <= after:
        return 0
    weekdays = _weekdays_through(until) - _weekdays_through(after)
    return weekdays - sum(1 for h in holidays if after < h <= until and h.weekday() < _SATURDAY)


def add_months(start: date, months: int) -> date:
    """Return the same day `months` later, clamped to the month's last day (31 Jan + 1 = 28 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")


@lru_cache(maxsize=64)  # pure; asked for a few times per task at every step
def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


@lru_cache(maxsize=64)
def _bst_bounds_utc(year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(_last_sunday(year, 3), time(1), tzinfo=UTC)
    end = datetime.combine(_last_sunday(year, 10), time(1), tzinfo=UTC)
    return start, end


def london_date(instant: datetime) -> date:
    """Return the calendar date in London at a UTC instant."""
    utc = instant.astimezone(UTC)
    start, end = _bst_bounds_utc(utc.year)
    offset = timedelta(hours=1) if start <= utc < end else timedelta(0)
    return (utc + offset).date()


def london_time(instant: datetime) -> datetime:
    """Return the wall-clock time in London at an instant (naive: London has no offset here)."""
    utc = instant.astimezone(UTC)
    start, end = _bst_bounds_utc(utc.year)
    offset = timedelta(hours=1) if start <= utc < end else timedelta(0)
    return (utc + offset).replace(tzinfo=None)


def london_midnight(day: date) -> datetime:
    """Return the UTC instant at which `day` begins in London."""
    in_bst = _last_sunday(day.year, 3) < day <= _last_sunday(day.year, 10)
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    return midnight - timedelta(hours=1) if in_bst else midnight
