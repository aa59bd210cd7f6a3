"""The population of children aged 10 to 17 a service serves: what rates per population divide by.

The YJB's and the Ministry of Justice's rates of first-time entrants and of custody are per
population of children aged 10 to 17 (per 100,000 for first-time entrants, per 1,000 for
custody), from the Office for National Statistics' mid-year population estimates for the local
authority (Youth Justice Board and Ministry of Justice, "Youth Justice Statistics", the
first-time entrants and custody chapters; ONS, "Population estimates for the UK, England,
Wales, Scotland and Northern Ireland", mid-year). Pathway cannot read the ONS tables, so a
service configures its own (`PATHWAY_POPULATION`, JSON: `{"TEAM": {"YEAR": COUNT}}`, with
`"*"` for the whole service). The value shipped is a demonstration (of the size of a London
borough's 10-17 population), not an estimate of any real place: a service replaces it.
"""

from pydantic import BaseModel, Field

WHOLE_SERVICE = "*"

DEMO_POPULATION: dict[str, dict[int, int]] = {
    "bromley": {2022: 14_900, 2023: 15_000, 2024: 15_200, 2025: 15_300, 2026: 15_350},
    "croydon": {2022: 16_300, 2023: 16_500, 2024: 16_600, 2025: 16_700, 2026: 16_750},
    WHOLE_SERVICE: {2022: 31_200, 2023: 31_500, 2024: 31_800, 2025: 32_000, 2026: 32_100},
}
"""A demonstration table (the demo's two teams and the service): replace it with the ONS
mid-year estimates for the service's area."""


class Population(BaseModel):
    """Children aged 10 to 17 by team (`"*"`: the whole service) and year."""

    by_team: dict[str, dict[int, int]] = Field(default_factory=lambda: dict(DEMO_POPULATION))

    def of(self, team: str | None, year: int) -> int | None:
        """The population for `team` (None: the whole service) in `year`; None if not given.

        A year not in the table takes the nearest earlier year's (the estimates come out a year
        or more late), else none: a rate is then not given rather than guessed.
        """
        years = self.by_team.get(team or WHOLE_SERVICE)
        if not years:
            return None
        known = [y for y in years if y <= year]
        return years[max(known)] if known else None


def per(count: int, population: int | None, unit: int) -> float | None:
    """`count` per `unit` children of `population`, or None when the population is unknown."""
    return count * unit / population if population else None
