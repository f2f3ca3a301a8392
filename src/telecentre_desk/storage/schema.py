"""Which schema a database file has, and opening it safely.

Start-up must not pay for importing Alembic (about 0.35 s) when nothing is
pending, so the head revision is read from the migration file names
(``NNNN_description.py`` has revision ``NNNN``) and the file's revision with
plain sqlite3. A test checks that Alembic agrees.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from telecentre_desk.i18n import _
from telecentre_desk.paths import DataPaths
from telecentre_desk.storage.engine import Database

VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseFileError(Exception):
    """The database file cannot be used; the message tells the user what to do."""


class SchemaState(Enum):
    MISSING = "missing"  # no file yet, or an empty one
    CURRENT = "current"
    OUTDATED = "outdated"  # a known older revision: migrate


@dataclass(frozen=True)
class SchemaStatus:
    state: SchemaState
    revision: str | None
    head: str


def known_revisions() -> list[str]:
    names = (p.name.split("_", 1)[0] for p in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))
    return sorted(names)


def head_revision() -> str:
    return known_revisions()[-1]


def inspect_database(path: Path) -> SchemaStatus:
    """Say what the file at ``path`` holds; raise DatabaseFileError if it is unusable."""
    head = head_revision()
    if not path.exists() or path.stat().st_size == 0:
        _check_writable_dir(path.parent)
        return SchemaStatus(SchemaState.MISSING, None, head)
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseFileError(
                _(
                    "The file {path} is not a Telecentre Desk database (it is not an SQLite "
                    "file). Nothing was changed. Choose another folder with --data-dir, or "
                    "restore the database from a backup."
                ).format(path=path)
            )
    if _read_only(path):
        raise DatabaseFileError(
            _(
                "The database {path} is read-only. Nothing was changed. Give your user "
                "write permission on the file (and its folder), or copy it to a folder "
                "you can write to."
            ).format(path=path)
        )
    _check_writable_dir(path.parent)
    revision = _file_revision(path)
    if revision is None:
        raise DatabaseFileError(
            _(
                "The file {path} is an SQLite database but not a Telecentre Desk one. "
                "Nothing was changed. Choose another folder with --data-dir."
            ).format(path=path)
        )
    if revision == "":
        return SchemaStatus(SchemaState.MISSING, None, head)
    if revision not in known_revisions():
        raise DatabaseFileError(
            _(
                "This centre's database was created by a newer version of Telecentre Desk "
                "(schema {revision}; this version knows up to {head}). Nothing was changed. "
                "Install the newer version to open it."
            ).format(revision=revision, head=head)
        )
    state = SchemaState.CURRENT if revision == head else SchemaState.OUTDATED
    return SchemaStatus(state, revision, head)


def _read_only(path: Path) -> bool:
    """No write permission, or every write bit cleared (which root would ignore)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def _check_writable_dir(folder: Path) -> None:
    if _read_only(folder):
        raise DatabaseFileError(
            _(
                "The folder {path} is read-only, and the database needs to write its "
                "journal beside it. Nothing was changed. Choose a folder you can write to."
            ).format(path=folder)
        )


def _file_revision(path: Path) -> str | None:
    """The Alembic revision, "" for an empty database, None for someone else's database."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise _unreadable(path, error) from error
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "alembic_version" not in tables:
            return None if tables else ""
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else ""
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, error) from error
    finally:
        connection.close()


def _unreadable(path: Path, error: Exception) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The database {path} cannot be read ({reason}). Nothing was changed. Restore "
            "it from a backup in the “backups” folder beside it."
        ).format(path=path, reason=error)
    )


def open_database(paths: DataPaths) -> Database:
    """Open the centre database, creating or migrating it first when needed."""
    status = inspect_database(paths.database)
    if status.state is not SchemaState.CURRENT:
        from telecentre_desk.storage.migrate import upgrade_to_head

        upgrade_to_head(paths, status)
    return Database.open(paths.database)
