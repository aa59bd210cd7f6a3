"""The tests' databases are what Alembic makes: `database_url` and `sqlite_url` give each test a
copy of one SQLite file migrated per session, and a PostgreSQL schema given the statements the
migrations sent once per session (tests/conftest.py). Each is compared here, catalogue and rows,
with a database Alembic migrates now."""

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from db.session import make_engine, migrate
from tests.conftest import POSTGRES_URL


def sqlite_catalogue(url: str) -> dict[str, Any]:
    """Every table, index and trigger's SQL, every table's rows, and the journal mode."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as c:
        objects = sorted(c.execute("select type, name, tbl_name, sql from sqlite_master"))
        tables = [name for kind, name, _, _ in objects if kind == "table"]
        return {
            "objects": objects,
            "rows": {t: sorted(map(repr, c.execute(f'select * from "{t}"'))) for t in tables},
            "journal_mode": c.execute("pragma journal_mode").fetchone(),
        }


def test_a_tests_sqlite_database_is_the_one_alembic_makes(sqlite_url: str, tmp_path: Path) -> None:
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate(fresh)
    mine = sqlite_catalogue(sqlite_url)
    assert "alembic_version" in mine["rows"] and len(mine["objects"]) > 50
    assert mine == sqlite_catalogue(fresh)


CATALOGUE = {
    "columns": """select table_name, column_name, ordinal_position, data_type, is_nullable,
                         column_default, character_maximum_length, numeric_precision
                  from information_schema.columns where table_schema = current_schema()""",
    "constraints": """select t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)
                      from pg_constraint c join pg_class t on t.oid = c.conrelid
                      where t.relnamespace = current_schema()::regnamespace""",
    "indexes": """select tablename, indexname, replace(indexdef, current_schema() || '.', '')
                  from pg_indexes where schemaname = current_schema()""",
    "sequences": """select sequence_name, data_type, start_value, increment
                    from information_schema.sequences where sequence_schema = current_schema()""",
    "types": """select t.typname, t.typtype, array_agg(e.enumlabel order by e.enumsortorder)
                from pg_type t left join pg_enum e on e.enumtypid = t.oid
                where t.typnamespace = current_schema()::regnamespace group by 1, 2""",
    "tables": """select tablename from pg_tables where schemaname = current_schema()""",
}


def postgres_catalogue(url: str) -> dict[str, Any]:
    """The schema's columns, constraints, indexes, sequences and types, and every table's rows."""
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            found: dict[str, Any] = {
                name: sorted(map(repr, c.execute(text(sql)))) for name, sql in CATALOGUE.items()
            }
            found["rows"] = {
                t: sorted(map(repr, c.execute(text(f'select * from "{t}"'))))
                for (t,) in c.execute(text(CATALOGUE["tables"]))
            }
            return found
    finally:
        engine.dispose()


@pytest.fixture
def migrated_by_alembic() -> Iterator[str]:
    """A PostgreSQL schema migrated by Alembic now."""
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as c:
        c.execute(text(f"create schema {schema}"))
    try:
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
        migrate(url)
        yield url
    finally:
        with admin.begin() as c:
            c.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_tests_postgresql_schema_is_the_one_alembic_makes(
    database_url: str, migrated_by_alembic: str
) -> None:
    mine = postgres_catalogue(database_url)
    assert "alembic_version" in mine["rows"] and len(mine["tables"]) > 20
    assert mine["rows"]["alembic_version"] != []
    assert mine == postgres_catalogue(migrated_by_alembic)
