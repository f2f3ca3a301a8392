"""Opening the centre's database for the front ends, which never import storage/."""

from __future__ import annotations

from telecentre_desk.paths import DataPaths
from telecentre_desk.storage.engine import Database
from telecentre_desk.storage.schema import DatabaseFileError, open_database

# The front ends hold a Store and pass it back to the services.
Store = Database

__all__ = ["DatabaseFileError", "Store", "open_store"]


def open_store(paths: DataPaths) -> Store:
    """Open (creating or migrating if needed) the database in ``paths``."""
    return open_database(paths)
