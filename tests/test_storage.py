"""The database file: pragmas, write locking, migrations and their safety net."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.opening_hours import default_opening_hours, to_json
from telecentre_desk.paths import DataPaths
from telecentre_desk.storage.engine import Database
from telecentre_desk.storage.migrate import MigrationError, alembic_config
from telecentre_desk.storage.models import Centre, Floor, Room
from telecentre_desk.storage.schema import (
    SchemaState,
    head_revision,
    inspect_database,
    open_database,
)


def test_new_database_is_created_at_head_with_nothing_pending(data_paths: DataPaths) -> None:
    open_database(data_paths).close()
    assert inspect_database(data_paths.database).state is SchemaState.CURRENT
    # Raises if the models and the migrations disagree.
    command.check(alembic_config(data_paths.database))


def test_head_read_from_file_names_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]


def test_connections_use_wal_full_sync_and_foreign_keys(data_paths: DataPaths) -> None:
    database = open_database(data_paths)
    with database.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.close()


def test_write_transaction_takes_the_write_lock_before_any_statement(
    data_paths: DataPaths,
) -> None:
    database = open_database(data_paths)
    other = sqlite3.connect(data_paths.database, timeout=0, isolation_level=None)
    with database.write() as session:
        session.connection()  # BEGIN IMMEDIATE, no statement yet
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again after commit
    other.execute("ROLLBACK")
    other.close()
    database.close()


def test_read_session_does_not_block_a_writer(data_paths: DataPaths) -> None:
    database = open_database(data_paths)
    other = sqlite3.connect(data_paths.database, timeout=0, isolation_level=None)
    with database.read() as session:
        session.execute(select(Floor)).all()
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    other.close()
    database.close()


def test_two_writers_are_serialised_not_refused(data_paths: DataPaths) -> None:
    database = open_database(data_paths)
    _add_centre(database)
    errors: list[Exception] = []

    def add_floors(prefix: str) -> None:
        try:
            for index in range(20):
                with database.write() as session:
                    count = len(session.scalars(select(Floor)).all())
                    time.sleep(0.001)  # widen the read-then-write window
                    session.add(Floor(name=f"{prefix}{index}", level=count))
        except Exception as error:  # pragma: no cover - the failure being tested for
            errors.append(error)

    threads = [threading.Thread(target=add_floors, args=(p,)) for p in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as session:
        levels = sorted(session.scalars(select(Floor.level)).all())
    # Each writer saw every floor committed before it: levels 0..39, no duplicate.
    assert levels == list(range(40))
    database.close()


def test_foreign_keys_are_enforced(data_paths: DataPaths) -> None:
    database = open_database(data_paths)
    with pytest.raises(Exception, match="FOREIGN KEY"), database.write() as session:
        session.add(Room(floor_id=999, name="Nowhere", kind="office", capacity=1))
    database.close()


def test_migration_from_an_older_schema_backs_up_first_and_keeps_data(
    data_paths: DataPaths,
) -> None:
    command.upgrade(alembic_config(data_paths.database), "0001")
    with sqlite3.connect(data_paths.database) as raw:
        raw.execute(
            "INSERT INTO centre (id, name, legal_form, address_line, postal_code, city, "
            "insee_code, phone, email, siret, vat_number, vat_mode, opening_hours, time_zone, "
            "network_centre_code, created_at) VALUES (1, 'Ancien', '', '', '', '', '', '', '', "
            "'', '', 'franchise', '{}', 'Europe/Paris', '', '2026-01-01 00:00:00')"
        )
    raw.close()
    assert inspect_database(data_paths.database).state is SchemaState.OUTDATED

    database = open_database(data_paths)

    backups = list(data_paths.backups.glob("*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT name FROM centre").fetchone() == ("Ancien",)
    copy.close()
    with database.read() as session:
        assert session.scalars(select(Centre.name)).one() == "Ancien"
    assert inspect_database(data_paths.database).state is SchemaState.CURRENT
    database.close()


def test_current_database_opens_without_importing_alembic(data_paths: DataPaths) -> None:
    """Start-up must not pay for Alembic when nothing is pending."""
    import subprocess
    import sys

    open_database(data_paths).close()
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from telecentre_desk.paths import DataPaths\n"
        "from telecentre_desk.storage.schema import open_database\n"
        f"open_database(DataPaths(Path({str(data_paths.root)!r}))).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _add_centre(database: Database) -> None:
    with database.write() as session:
        session.add(
            Centre(
                name="Test",
                vat_mode=VatMode.FRANCHISE,
                opening_hours=to_json(default_opening_hours()),
            )
        )


def test_utc_column_refuses_naive_datetimes(data_paths: DataPaths) -> None:
    from datetime import datetime

    database = open_database(data_paths)
    with pytest.raises(Exception, match="naive"), database.write() as session:
        session.add(
            Centre(
                name="T",
                vat_mode=VatMode.FRANCHISE,
                opening_hours={},
                created_at=datetime(2026, 3, 29, 2, 30),
            )
        )
    database.close()


def test_a_migration_that_leaves_broken_links_is_rolled_back(data_paths: DataPaths) -> None:
    command.upgrade(alembic_config(data_paths.database), "0001")
    raw = sqlite3.connect(data_paths.database)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute(
        "INSERT INTO audit_event (at, user_id, action, entity, entity_id, changes) "
        "VALUES ('2026-01-01 00:00:00', 999, 'x', 'y', '', '{}')"
    )
    raw.commit()
    raw.close()

    with pytest.raises(MigrationError, match="casserait 1 lien entre"):
        open_database(data_paths)

    status = inspect_database(data_paths.database)
    assert (status.state, status.revision) == (SchemaState.OUTDATED, "0001")
    with sqlite3.connect(data_paths.database) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    assert "member" not in tables  # 0002's tables were rolled back with it
    assert len(list(data_paths.backups.glob("*.sqlite3"))) == 1


def test_upgrading_a_centre_with_rooms_and_members_keeps_them(data_paths: DataPaths) -> None:
    command.upgrade(alembic_config(data_paths.database), "0002")
    raw = sqlite3.connect(data_paths.database)
    raw.executescript(
        "INSERT INTO floor (id, name, level) VALUES (1, 'RDC', 0);"
        "INSERT INTO room (id, floor_id, name, kind, capacity, equipment) "
        "VALUES (1, 1, 'Open space', 'open_space', 12, '[]');"
        "INSERT INTO desk (id, room_id, label, kind, out_of_service) "
        "VALUES (1, 1, 'A1', 'hot_desk', 0);"
        "INSERT INTO member (id, first_name, last_name, category, email, phone, address_line, "
        "postal_code, city, consent_commute, consent_contact, archived, created_at) VALUES "
        "(1, 'Hélène', 'Martin', 'freelancer', '', '', '', '', '', 0, 0, 0, "
        "'2026-01-01 00:00:00');"
    )
    raw.commit()
    raw.close()

    open_database(data_paths).close()

    with sqlite3.connect(data_paths.database) as upgraded:
        assert upgraded.execute("SELECT label, width_cm, holder_id FROM desk").fetchall() == [
            ("A1", 140.0, None)
        ]
        assert upgraded.execute(
            "SELECT first_name, billed_to_organisation FROM member"
        ).fetchall() == [("Hélène", 0)]
    upgraded.close()
