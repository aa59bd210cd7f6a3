"""Which earlier pathway a child's new order is offered to (`ingest.linking.offer_for`)."""

from datetime import date
from typing import Any

import pytest

from ingest.linking import offer_for
from tests.conftest import sessions_for
from tests.reports.seed import add_pathway

NEW_ORDER = date(2026, 11, 2)


def offered(database_url: str, *rows: dict[str, Any], area: str | None = None) -> str | None:
    with sessions_for(database_url) as sessions:
        with sessions.begin() as s:
            for n, row in enumerate(rows):
                add_pathway(s, row.pop("pathway_id", f"pw-{n}"), child_id="ch-1", **row)
        with sessions() as session:
            found = offer_for(
                session,
                child_id="ch-1",
                pathway_id="pw-new",
                area=area,
                made_on=NEW_ORDER,
                months=6,
            )
    return None if found is None else found.pathway_id


CLOSED_RECENTLY = {"status": "closed", "closure_reason": "completed", "closed_on": date(2026, 9, 1)}
CLOSED_LONG_AGO = {"status": "closed", "closure_reason": "completed", "closed_on": date(2026, 5, 1)}


@pytest.mark.parametrize(
    "rows,area,expected",
    [
        pytest.param([{}], None, "pw-0", id="an open pathway is offered"),
        pytest.param(
            [CLOSED_RECENTLY, {"made_on": date(2026, 1, 2)}],
            None,
            "pw-1",
            id="an open pathway before a recently closed one",
        ),
        pytest.param([CLOSED_RECENTLY], None, "pw-0", id="one closed within 6 months is offered"),
        pytest.param([CLOSED_LONG_AGO], None, None, id="one closed more than 6 months ago is not"),
        pytest.param(
            [{"team": None, "caseworker": None}], None, None, id="one no team has taken on is not"
        ),
        pytest.param([{"area": "croydon"}], "bromley", None, id="another service's pathway is not"),
        pytest.param([{"area": "bromley"}], "bromley", "pw-0", id="the same service's is"),
        pytest.param(
            [{"anonymised_on": date(2026, 10, 1)}], None, None, id="an anonymised one is not"
        ),
    ],
)
def test_the_offer_is_the_childs_open_or_recent_pathway_of_the_same_service(
    database_url: str, rows: list[dict[str, Any]], area: str | None, expected: str | None
) -> None:
    assert offered(database_url, *[dict(r) for r in rows], area=area) == expected


def test_the_new_pathway_itself_is_never_offered(database_url: str) -> None:
    assert offered(database_url, {"pathway_id": "pw-new"}) is None
