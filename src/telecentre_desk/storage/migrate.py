"""Running Alembic migrations safely: backup first, foreign keys off, then checked.

Imported only when a migration is pending, so a normal start never pays for Alembic.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config

from telecentre_desk.i18n import ngettext
from telecentre_desk.paths import DataPaths
from telecentre_desk.storage.backup import backup_database
from telecentre_desk.storage.engine import sqlite_engine
from telecentre_desk.storage.schema import SchemaState, SchemaStatus, inspect_database

log = logging.getLogger(__name__)


class MigrationError(Exception):
    """The migration was rolled back; the message says what to do."""


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(database: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "telecentre_desk.storage:migrations")
    if database is not None:
        config.set_main_option("sqlalchemy.url", f"sqlite:///{database}")
    return config


def upgrade_to_head(paths: DataPaths, status: SchemaStatus | None = None) -> UpgradeResult:
    """Bring the database to the head revision in one transaction.

    An existing database is copied to ``backups/`` first. Foreign keys are off
    while batch migrations rebuild tables, and ``PRAGMA foreign_key_check``
    must come back empty before the transaction commits.
    """
    status = status or inspect_database(paths.database)
    if status.state is SchemaState.CURRENT:
        return UpgradeResult(status.revision, status.head, None)
    backup = None
    if status.state is SchemaState.OUTDATED:
        backup = backup_database(paths.database, paths.backups, f"before-{status.head}")
        log.info("Backed up %s to %s before migrating", paths.database, backup)
    engine = sqlite_engine(paths.database, foreign_keys=False)
    try:
        with engine.connect() as connection, connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise MigrationError(
                    ngettext(
                        "The database upgrade would break {count} link between records; "
                        "it was cancelled and nothing was changed. Send the log file to "
                        "support.",
                        "The database upgrade would break {count} links between records; "
                        "it was cancelled and nothing was changed. Send the log file to "
                        "support.",
                        len(broken),
                    ).format(count=len(broken))
                )
    finally:
        engine.dispose()
    log.info("Database migrated from %s to %s", status.revision, status.head)
    return UpgradeResult(status.revision, status.head, backup)
