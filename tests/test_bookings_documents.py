"""The printed day sheet and door card, the command line, the demo's bookings and the
migration that brings bookings to an existing database."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_weekday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk import cli
from telecentre_desk.domain.kinds import Equipment
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import PARIS
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.booking_documents import (
    day_sheet,
    door_card,
    write_day_sheet_pdf,
    write_door_card_pdf,
)
from telecentre_desk.services.booking_queries import bookings_between
from telecentre_desk.services.bookings import book, cancel_booking
from telecentre_desk.services.demo import generate_demo
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.migrate import alembic_config
from telecentre_desk.storage.models import Booking
from telecentre_desk.storage.offer_models import Consumption


def _day_with_bookings(world: World) -> date:
    day = next_weekday(1)
    book(
        world.store,
        world.manager,
        world.draft(
            paris(day, 10),
            paris(day, 11),
            title="Téléconsultation",
            volunteer_help=True,
            equipment=(Equipment.VISIO_SYSTEM, Equipment.WEBCAM),
            test_call_at=paris(day, 9, 30),
        ),
    )
    gone = book(
        world.store, world.manager, world.draft(paris(day, 14), paris(day, 15), title="Annulé")
    )
    cancel_booking(world.store, world.manager, gone.booking.id)
    book(
        world.store,
        world.manager,
        world.draft(
            paris(day, 9), paris(day, 12), room=world.meeting, title="Formation", attendees=8
        ),
    )
    return day


def test_the_day_sheet_lists_each_room_and_what_to_prepare(world: World, tmp_path: Path) -> None:
    day = _day_with_bookings(world)
    sheet = day_sheet(world.store, day)
    assert [room.name for room in sheet.rooms] == ["Salle visio", "Salle de réunion"]
    visio = sheet.rooms[0]
    assert [b.title for b in visio.bookings] == ["Téléconsultation", "Annulé"]
    assert [b.active for b in visio.bookings] == [True, False]
    prepare = [b for room in sheet.rooms for b in room.bookings if b.needs_preparing]
    assert [b.title for b in prepare] == ["Téléconsultation"]
    assert prepare[0].volunteer_help and prepare[0].test_call_at == paris(day, 9, 30)
    assert "08:30" in sheet.hours
    path = write_day_sheet_pdf(world.store, day, tmp_path / "sheet.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data  # DejaVu embedded
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1


def test_the_door_card_shows_slots_free_times_and_no_names(world: World, tmp_path: Path) -> None:
    day = _day_with_bookings(world)
    card = door_card(world.store, world.visio, day)
    slots = [
        (s.starts_at.astimezone(PARIS).strftime("%H:%M"), s.booked, s.title) for s in card.slots
    ]
    assert slots == [
        ("08:30", False, ""),
        ("10:00", True, "Téléconsultation"),
        ("11:00", False, ""),
    ]
    write_door_card_pdf(world.store, world.visio, day, tmp_path / "door.pdf")
    assert (tmp_path / "door.pdf").read_bytes().startswith(b"%PDF")
    saturday = day + timedelta(days=4)
    assert door_card(world.store, world.visio, saturday).closed_reason


def test_an_unwritable_place_gets_a_clear_message(world: World, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ServiceError, match=str(blocker)):
        write_day_sheet_pdf(world.store, next_weekday(1), blocker / "sheet.pdf")


# -- the command line --------------------------------------------------------------------------
def test_bookings_list_and_ics_from_the_command_line(
    world: World, data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = _day_with_bookings(world)
    world.store.close()
    base = ["--data-dir", str(data_paths.root)]
    assert cli.main(["bookings", "list", "--day", day.isoformat(), *base]) == 0
    text = capsys.readouterr().out
    assert "Téléconsultation" in text and "10:00–11:00" in text and "Formation" in text
    assert (
        cli.main(
            [
                "bookings",
                "list",
                "--day",
                day.strftime("%d/%m/%Y"),
                "--room",
                "visio",
                "--json",
                *base,
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [(r["title"], r["status"]) for r in rows] == [
        ("Téléconsultation", "confirmed"),
        ("Annulé", "cancelled"),
    ]
    out = tmp_path / "visio.ics"
    assert cli.main(["bookings", "ics", "--room", "Salle visio", "--out", str(out), *base]) == 0
    assert out.read_bytes().count(b"BEGIN:VEVENT") == 1
    assert cli.main(["bookings", "list", "--day", "31/02/2026", *base]) == 1
    assert "31/02/2026" in capsys.readouterr().err
    assert cli.main(["bookings", "ics", "--room", "Grenier", "--out", str(out), *base]) == 1
    assert "Grenier" in capsys.readouterr().err


def test_the_command_runs_as_a_program(world: World, data_paths: DataPaths) -> None:
    world.store.close()
    executable = shutil.which("telecentre-desk") or str(
        Path(__import__("sys").executable).with_name("telecentre-desk")
    )
    done = subprocess.run(
        [executable, "bookings", "list", "--data-dir", str(data_paths.root), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


# -- the demo ----------------------------------------------------------------------------------
def test_the_demo_has_a_believable_fortnight_of_bookings(tmp_path: Path) -> None:
    paths = prepare_data_dir(tmp_path / "demo")
    generate_demo(paths)
    store = open_store(paths)
    try:
        today = datetime.now(PARIS).date()
        monday = today - timedelta(days=today.weekday())
        rows = bookings_between(store, paris(monday, 0), paris(monday + timedelta(days=14), 0))
        assert len(rows) >= 15
        assert {b.room_name for b in rows} == {"Salle visio", "Salle de réunion"}
        assert {b.status for b in rows} >= {
            BookingStatus.CONFIRMED,
            BookingStatus.TENTATIVE,
            BookingStatus.CANCELLED,
        }
        assert any(b.in_series for b in rows) and any(b.volunteer_help for b in rows)
        holding = [b for b in rows if b.status is not BookingStatus.CANCELLED]
        for first in holding:  # never double-booked, buffers included
            for other in holding:
                if other.id != first.id and other.room_id == first.room_id:
                    assert not (
                        first.held_from < other.held_until and other.held_from < first.held_until
                    )
        with store.read() as session:
            billed = session.scalar(
                select(func.count())
                .select_from(Consumption)
                .where(Consumption.booking_id.is_not(None), Consumption.amount > Decimal(0))
            )
            assert billed and billed >= len(holding) // 2
    finally:
        store.close()


# -- the migration -----------------------------------------------------------------------------
def test_migration_0005_keeps_presence_consumption_and_goes_back(data_paths: DataPaths) -> None:
    config = alembic_config(data_paths.database)
    command.upgrade(config, "0004")
    with sqlite3.connect(data_paths.database) as raw:
        raw.executescript(
            """
            INSERT INTO centre (id, name, legal_form, address_line, postal_code, city,
                insee_code, phone, email, siret, vat_number, vat_mode, opening_hours,
                time_zone, network_centre_code, created_at)
            VALUES (1, 'C', '', '', '', '', '', '', '', '', '', 'franchise', '{}',
                'Europe/Paris', '', '2026-01-01 00:00:00');
            INSERT INTO member (id, first_name, last_name, category, email, phone, address_line,
                postal_code, city, consent_commute, consent_contact, billed_to_organisation,
                archived, created_at)
            VALUES (1, 'A', 'B', 'nomad', '', '', '', '', '', 0, 0, 0, 0, '2026-01-01');
            INSERT INTO presence (id, member_id, started_at, ended_at, source, needs_review,
                note, company)
            VALUES (1, 1, '2026-01-05 08:00:00', '2026-01-05 10:00:00', 'desk', 0, '', '');
            INSERT INTO consumption (id, presence_id, member_id, service_date, coverage,
                measured_quantity, carnet_units, billed_quantity, unit_price, vat_rate, amount,
                created_at)
            VALUES (1, 1, 1, '2026-01-05', 'pay_at_use', 2, 0, 2, 4, 0, 8, '2026-01-05');
            """
        )
    raw.close()
    command.upgrade(config, "head")
    command.check(config)
    store = open_store(data_paths)
    with store.read() as session:
        row = session.get_one(Consumption, 1)
        assert (row.presence_id, row.booking_id, row.amount) == (1, None, Decimal("8.00"))
        assert session.scalar(select(func.count()).select_from(Booking)) == 0
    store.close()
    command.downgrade(config, "0004")
    with sqlite3.connect(data_paths.database) as raw:
        assert raw.execute("SELECT presence_id, amount FROM consumption").fetchall() == [(1, 8)]
    raw.close()
