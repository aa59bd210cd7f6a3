"""Bulk loading of the synthetic read model: COPY on PostgreSQL, one transaction on SQLite.

The tables are the project's own, migrated by `db.session.migrate`; rows go in as the
read-model writers would leave them (SQLAlchemy's storage formats on SQLite: ISO dates, and
times as `YYYY-MM-DD HH:MM:SS.ffffff`), so the reports read them as they read real rows.
"""

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from benchmarks.reports.synthetic import COLUMNS, JSON_COLUMNS, Tables


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json_positions(table: str) -> list[int]:
    return [n for n, c in enumerate(COLUMNS[table]) if (table, c) in JSON_COLUMNS]


def load(engine: Engine, services: Iterable[Tables]) -> dict[str, int]:
    """Write every service's rows; return the count written to each table."""
    counts = dict.fromkeys(COLUMNS, 0)
    postgres = engine.dialect.name == "postgresql"
    pooled = engine.raw_connection()
    raw: Any = pooled.driver_connection  # psycopg's or sqlite3's own connection
    try:
        cursor = raw.cursor()
        for tables in services:
            for table, rows in tables.rows.items():
                if not rows:
                    continue
                columns = COLUMNS[table]
                jsons = _json_positions(table)
                if jsons:
                    rows = [
                        tuple(json.dumps(v) if n in jsons else v for n, v in enumerate(r))
                        for r in rows
                    ]
                quoted = ", ".join(f'"{c}"' for c in columns)
                if postgres:
                    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join("?" for _ in columns)
                    cursor.executemany(
                        f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                        [tuple(_sqlite_value(v) for v in r) for r in rows],
                    )
                counts[table] += len(rows)
        raw.commit()
        cursor.close()
        if postgres:
            raw.autocommit = True  # VACUUM runs outside a transaction
            cursor = raw.cursor()
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor = raw.cursor()
            cursor.execute("ANALYZE")
        cursor.close()
    finally:
        pooled.close()
    return counts
