"""The pages' own queries, on SQLite and PostgreSQL: children's names by pathway."""

from datetime import UTC, date, datetime

from db.tables import Child, PathwayIndex
from tests.conftest import sessions_for
from web.queries import child_names


def test_each_pathway_is_named_by_its_child_and_unknown_pathways_are_left_out(database_url: str) -> None:
    now = datetime.now(UTC)
    with sessions_for(database_url) as sessions:
        with sessions.begin() as session:
            session.add(Child(child_id="ch-1", identity_key="k1", first_name="Ada", last_name="Example",
                              date_of_birth=date(2011, 5, 14), gender="female", created_at=now))
            session.flush()
            for pid in ("pw-1", "pw-2"):
                session.add(PathwayIndex(pathway_id=pid, child_id="ch-1", disposal="referral_order",
                                         made_on=date(2026, 3, 27), created_at=now))
        with sessions() as session:
            names = child_names(session, ["pw-1", "pw-2", "pw-unknown"])
            assert {pid: n.full for pid, n in names.items()} == {"pw-1": "Ada Example", "pw-2": "Ada Example"}
            assert names["pw-1"].date_of_birth == date(2011, 5, 14)
            assert child_names(session, []) == {}
