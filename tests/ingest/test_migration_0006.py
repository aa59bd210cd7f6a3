"""Migration 0006 fills the new columns of records received before it, and can be undone."""

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from db.session import MIGRATIONS, make_engine, migrate


def downgrade(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.downgrade(config, revision)


def test_records_received_before_the_migration_get_their_case_defendant_and_kind(
    database_url: str,
) -> None:
    downgrade(database_url, "0005")
    engine = make_engine(database_url)
    with engine.begin() as c:
        c.execute(
            text(
                "insert into court_records (message_id, business_key, source, pathway_id, "
                "child_id, state, payload, received_at) values ('m1', "
                "'01LY1234526|def-1|referral_order|2026-11-20', 'libra', 'pw-1', 'ch-1', "
                "'started', '{}', '2026-11-20 10:00:00+00')"
            )
        )
        c.execute(
            text(
                "insert into held_records (result, message_id, reason, errors, payload, "
                "received_at) values ('held', 'cp:h:d', 'isYouth disagrees', '[]', "
                """'{"hearing_id": "h", "message": {}}', '2026-11-20 10:00:00+00'), """
                "('rejected', null, 'bad', '[]', '{\"message_id\": 5}', '2026-11-20 10:00:00+00')"
            )
        )
    migrate(database_url)
    with engine.connect() as c:
        record = c.execute(text("select case_urn, defendant_id from court_records")).one()
        kinds = c.execute(text("select kind from held_records order by id")).scalars().all()
    engine.dispose()
    assert tuple(record) == ("01LY1234526", "def-1")
    assert kinds == ["common_platform", "canonical"]
