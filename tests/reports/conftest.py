from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import sessions_for


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a migrated empty database (SQLite, and PostgreSQL)."""
    with sessions_for(database_url) as made:
        yield made
