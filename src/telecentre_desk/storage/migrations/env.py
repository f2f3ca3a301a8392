"""Alembic environment: batch mode for SQLite, the models' metadata as target."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from telecentre_desk.storage import (  # noqa: F401  (each module registers its tables)
    invoice_models,
    models,
    network_models,
    offer_models,
)
from telecentre_desk.storage.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as fresh_connection:
        run_migrations(fresh_connection)
