"""A year of a small service for the demo: `pathway bench year`'s simulation, dated in the past.

The same invented children and orders (`samples.orders.random_outcome`, drawn by
`benchmarks.year.bench.arrivals`), police referrals (`benchmarks.year.diversions`) and
caseworkers' behaviour (`benchmarks.year.plan`) as the benchmark, run through the real intake
and workflows on the dev server `make run` starts. The dev server's clock cannot be moved, so
the year is the one that ended today (`PastDays`, ADR 0143): steps are recorded with their
past dates, and what the caseworkers would do after today is left undone, overdue and
escalated as the workflows' clock finds it.

Every id is the child's number in the year, so loading the same year twice on the same day
starts nothing new (the intake answers "duplicate").
"""

import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TextIO

from temporalio.client import Client

from benchmarks.rig.days import holidays
from benchmarks.year.bench import arrivals
from benchmarks.year.diversions import referrals
from benchmarks.year.plan import Behaviour, Planner
from benchmarks.year.simulation import Arrival, Tally, run_apart
from ingest.service import IngestService
from rules.parameters import registered_parameter_sets

DAYS = 365
ORDERS, DIVERSIONS = 125, 35  # with the five named children, 165: "at least 150"
SEED = 2026
# The sign-in page's two teams (`web.routes.signin.DEMO_USERS`), each with its caseworkers:
# the demo users see their own team's children.
STAFF = {
    "bromley": ["casey.worker", "jo.worker", "pat.worker", "lee.worker"],
    "croydon": ["robin.worker", "kim.worker", "ash.worker", "sol.worker"],
}
# Invented names (no real child's): the case pages show a child, not a test fixture.
FIRST_NAMES = (
    "Aaliyah", "Adam", "Amara", "Ben", "Caleb", "Chloe", "Daniel", "Ella", "Ethan", "Fatima",
    "Grace", "Harvey", "Isaac", "Jayden", "Kai", "Leah", "Liam", "Maya", "Mohammed", "Nathan",
    "Olivia", "Priya", "Reece", "Sami", "Tariq", "Tyler", "Zara", "Kofi", "Jamal", "Mia",
)  # fmt: skip
LAST_NAMES = (
    "Ashcombe", "Barrowfield", "Calderly", "Denholm", "Eastwick", "Farrowdale", "Glenmore",
    "Hartwell", "Inglesby", "Kestrel", "Larchmont", "Millbrook", "Northam", "Okonjo-Reed",
    "Pembury", "Quarrendon", "Rowanby", "Stanmere", "Thornleigh", "Underhill", "Wexcombe",
)  # fmt: skip


# A youth court's mix of offences, so the reports by offence group have a shape: each code is
# classified by its Act's prefix or listed whole in `ingest/data/offence_groups.toml`.
OFFENCES = (
    ({"offence_code": "TH68010", "title": "Theft from a shop"}, 0.3),
    ({"offence_code": "TH68023", "title": "Robbery"}, 0.12),
    ({"offence_code": "OF61047", "title": "Assault occasioning actual bodily harm"}, 0.15),
    ({"offence_code": "CD71001", "title": "Criminal damage"}, 0.12),
    ({"offence_code": "MD71530", "title": "Possession of a controlled drug"}, 0.1),
    ({"offence_code": "PU86003", "title": "Threatening behaviour"}, 0.11),
    ({"offence_code": "TH68036", "title": "Burglary dwelling and theft - no violence"}, 0.1),
)


@dataclass(frozen=True)
class YearLoaded:
    """What loading the year did."""

    tally: Tally
    start: date
    wall_s: float


def year_arrivals(
    today: date, *, orders: int, diversions: int, seed: int = SEED
) -> tuple[date, frozenset[date], dict[date, list[Arrival]]]:
    """The year's court orders and police referrals, ending yesterday; with the bank holidays.

    The year starts no earlier than the first eligibility rule set (2026.1, in force from
    1 January 2026): an assessment before it would be refused (`NoRuleSetInForce`).
    """
    start = first_day(today)
    days = (today - start).days
    closed = holidays(start, before=1, after=5)
    rng = random.Random(seed)
    names = random.Random(seed + 1)  # its own generator: the caseload is the benchmark's
    court = arrivals(rng, start, days, orders, closed, victims=0.5)
    plan: dict[date, list[Arrival]] = {}
    n = 0
    for day in sorted(court):
        for raw in court[day]:
            n += 1
            plan.setdefault(day, []).append(_named(raw, n, names))
    police = referrals(rng, start, days, diversions, closed, lambda: _name(names))
    for day, referred in police.items():
        plan.setdefault(day, []).extend(referred)
    return start, closed, plan


def first_day(today: date) -> date:
    """The demo year's first day: a year before today, or the first rule set's, if later."""
    return max(today - timedelta(days=DAYS), registered_parameter_sets()[0].effective_from)


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _named(raw: dict[str, Any], n: int, rng: random.Random) -> dict[str, Any]:
    """The outcome with ids, a name and an offence of the demo's own: the same on every load."""
    name = _name(rng)
    offence = rng.choices([o for o, _ in OFFENCES], [w for _, w in OFFENCES])[0]
    raw |= {"message_id": f"demo-year-{n:05d}", "case_urn": f"01LYY{n:05d}"}
    raw["offences"] = [raw["offences"][0] | offence]
    raw["defendant"] |= {
        "defendant_id": f"demo-year-def-{n:05d}",
        "first_name": name[0],
        "last_name": name[1],
    }
    return raw


async def load_year(
    client: Client,
    service: IngestService,
    today: date,
    *,
    orders: int = ORDERS,
    diversions: int = DIVERSIONS,
    out: TextIO | None = None,
) -> YearLoaded:
    """Run the year that ended today through the intake and the workflows; show progress."""
    start, closed, plan = year_arrivals(today, orders=orders, diversions=diversions)
    planner = Planner(Behaviour(), random.Random(SEED), closed, staff=STAFF)
    stream = out or sys.stderr

    def bar(done: int, total: int) -> None:
        filled = round(30 * done / total) if total else 30
        end = "\n" if done >= total else ""
        stream.write(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} children{end}")
        stream.flush()

    began = time.perf_counter()
    # Up to today: the steps of today are done; what would come later is left open.
    days = (today - start).days + 1
    # The year is recorded after the fact: its pathways' clocks follow the days recorded, and
    # run on today's once each child's year is in (ADR 0146), so work done on time in arrears
    # is never first escalated by today's date.
    arrears = service.settings.model_copy(update={"record_in_arrears": True})
    in_arrears = IngestService(service.store, client, arrears)
    tally = await run_apart(client, in_arrears, planner, start, days, plan, progress=bar)
    return YearLoaded(tally, start, round(time.perf_counter() - began, 1))
