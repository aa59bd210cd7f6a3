"""Alembic environment: the URL comes from the config (db.session.migrate) or the settings."""

from alembic import context
from sqlalchemy import pool

import readmodel.tables  # noqa: F401 - registers the read model tables
from db.session import make_engine
from db.tables import Base

config = context.config


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from core.settings import get_settings

    return get_settings().sqlalchemy_url


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
_ = pool
