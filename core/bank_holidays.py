"""England and Wales bank holidays from the `holidays` package, as a `BankCalendar`.

Called outside workflow code only (API, activities, commands); workflows receive the result.
"""

import hashlib
from functools import lru_cache
from importlib.metadata import version

import holidays

from contracts.bank_calendar import BankCalendar


@lru_cache(maxsize=32)
def england_and_wales(first_year: int, last_year: int) -> BankCalendar:
    """Return the bank holidays of England and Wales for the years `first_year`..`last_year`."""
    days = sorted(
        holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1)).keys()
    )
    digest = hashlib.sha256(",".join(d.isoformat() for d in days).encode()).hexdigest()[:12]
    return BankCalendar(
        version=f"holidays-{version('holidays')}-{digest}",
        first_year=first_year,
        last_year=last_year,
        holidays=days,
    )
