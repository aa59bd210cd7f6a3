"""The migrations and the code declare the same schema: Alembic's autogenerate finds nothing to do."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import readmodel.tables  # noqa: F401 - registers the read model's tables, as the worker and migrations do
from db.session import make_engine
from db.tables import Base


def test_a_migrated_database_has_exactly_the_tables_columns_and_indexes_the_code_declares(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
    assert {"rm_pathways", "rm_tasks", "children", "outbox"} <= set(Base.metadata.tables)
