"""The paper fallback, the shift hand-over notes, and the schema upgrade that brings them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, time, timedelta

import pytest
from alembic import command
from sqlalchemy import select

from presence_world import World, new_centre, paris, populate
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.presence_paper import PaperLine, record_paper_presence
from telecentre_desk.services.shift_log import handover_notes, latest_notes, write_note
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.migrate import alembic_config, upgrade_to_head
from telecentre_desk.storage.models import Presence

NOW = paris(2026, 11, 28, 10, 0)
THURSDAY = date(2026, 11, 26)


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    opened = open_store(data_paths)
    yield opened
    opened.close()


@pytest.fixture
def actors(store: Store) -> tuple[Actor, Actor, Actor]:
    return new_centre(store)


@pytest.fixture
def world(store: Store, actors: tuple[Actor, Actor, Actor]) -> World:
    return populate(store, actors[0])


@pytest.fixture
def volunteer(actors: tuple[Actor, Actor, Actor]) -> Actor:
    return actors[2]


def _line(world: World, key: str, start: time, end: time, **extra: object) -> PaperLine:
    return PaperLine(world.member(key), THURSDAY, start, end, **extra)  # type: ignore[arg-type]


# -- the paper sheet -----------------------------------------------------------------------


def test_a_paper_line_is_recorded_as_entered_afterwards_by_whom(
    world: World, volunteer: Actor
) -> None:
    line = _line(world, "helene", time(9, 15), time(12, 40), desk_id=world.desk("A3"))
    result = record_paper_presence(world.store, volunteer, line, now=NOW)
    assert result.presence.source is PresenceSource.PAPER
    assert result.presence.started_at == paris(2026, 11, 26, 9, 15)
    assert result.presence.duration() == timedelta(hours=3, minutes=25)
    assert result.presence.desk_label == "A3"
    assert result.consumption is not None and str(result.consumption.amount) == "10.00"
    with world.store.read() as session:
        row = session.get_one(Presence, result.presence.id)
        assert row.entered_by == volunteer.user_id
    assert presence.present_now(world.store) == []
    assert [p.member_name for p in presence.presences_on(world.store, THURSDAY)] == [
        "Hélène Lefèvre"
    ]


@pytest.mark.parametrize(
    ("start", "end", "day", "field"),
    [
        (time(12, 0), time(9, 0), THURSDAY, "departure"),  # departure before arrival
        (time(9, 0), time(9, 0), THURSDAY, "departure"),
        (time(9, 0), time(12, 0), date(2026, 11, 30), "day"),  # in the future
        (time(9, 0), time(11, 0), date(2026, 11, 28), "day"),  # today, ends after now
    ],
)
def test_impossible_times_are_refused_and_nothing_is_stored(
    world: World, volunteer: Actor, start: time, end: time, day: date, field: str
) -> None:
    line = PaperLine(world.member("helene"), day, start, end)
    with pytest.raises(ValidationError) as refused:
        record_paper_presence(world.store, volunteer, line, now=NOW)
    assert field in refused.value.problems
    with world.store.read() as session:
        assert session.scalars(select(Presence)).all() == []


def test_a_line_overlapping_a_presence_of_the_member_is_refused(
    world: World, volunteer: Actor
) -> None:
    record_paper_presence(
        world.store, volunteer, _line(world, "helene", time(9), time(12)), now=NOW
    )
    with pytest.raises(ValidationError, match="12:00") as refused:
        record_paper_presence(
            world.store, volunteer, _line(world, "helene", time(11), time(14)), now=NOW
        )
    assert set(refused.value.problems) == {"arrival"}
    # Back to back is fine; another member at the same time is fine.
    record_paper_presence(
        world.store, volunteer, _line(world, "helene", time(12), time(14)), now=NOW
    )
    record_paper_presence(world.store, volunteer, _line(world, "marc", time(9), time(12)), now=NOW)
    # A member checked in now cannot get a paper line that runs into now.
    presence.check_in(world.store, volunteer, world.member("sofia"), at=paris(2026, 11, 28, 9))
    with pytest.raises(ValidationError):
        record_paper_presence(
            world.store,
            volunteer,
            PaperLine(world.member("sofia"), date(2026, 11, 28), time(8, 30), time(9, 30)),
            now=NOW,
        )
    assert len(presence.presences_on(world.store, THURSDAY)) == 3


def test_a_desk_someone_else_had_is_refused(world: World, volunteer: Actor) -> None:
    a1 = world.desk("A1")
    record_paper_presence(
        world.store, volunteer, _line(world, "helene", time(9), time(12), desk_id=a1), now=NOW
    )
    with pytest.raises(ValidationError) as refused:
        record_paper_presence(
            world.store, volunteer, _line(world, "marc", time(10), time(11), desk_id=a1), now=NOW
        )
    assert set(refused.value.problems) == {"desk"}


def test_an_archived_member_cannot_get_a_paper_line(world: World, volunteer: Actor) -> None:
    with pytest.raises(ValidationError):
        record_paper_presence(
            world.store, volunteer, _line(world, "anne", time(9), time(12)), now=NOW
        )


def test_a_paper_line_on_the_night_the_clocks_go_back(world: World, volunteer: Actor) -> None:
    line = PaperLine(world.member("helene"), date(2026, 10, 25), time(1, 30), time(3, 30))
    result = record_paper_presence(world.store, volunteer, line, now=NOW)
    assert result.presence.duration() == timedelta(hours=3)


# -- the shift log -------------------------------------------------------------------------------


def test_the_next_person_sees_the_others_notes(
    world: World, actors: tuple[Actor, Actor, Actor]
) -> None:
    manager, receptionist, volunteer = actors
    write_note(world.store, receptionist, "Plus de café.", at=NOW - timedelta(days=10))
    write_note(world.store, receptionist, "  Le chauffage du bureau 2 est en panne.  ", at=NOW)
    write_note(world.store, volunteer, "Clés du local vélo à l'accueil.", at=NOW)
    seen = handover_notes(world.store, manager, now=NOW + timedelta(hours=1))
    assert [(n.author_name, n.text) for n in seen] == [
        ("Jeanne Martin", "Clés du local vélo à l'accueil."),
        ("Karim Benali", "Le chauffage du bureau 2 est en panne."),
    ]
    # One's own notes are not handed back to oneself; old notes are in the log only.
    mine = handover_notes(world.store, volunteer, now=NOW + timedelta(hours=1))
    assert [n.author_name for n in mine] == ["Karim Benali"]
    assert len(latest_notes(world.store)) == 3


def test_an_empty_or_overlong_note_is_refused(world: World, volunteer: Actor) -> None:
    for text in ("   ", "x" * 1001):
        with pytest.raises(ValidationError) as refused:
            write_note(world.store, volunteer, text)
        assert set(refused.value.problems) == {"text"}
    assert latest_notes(world.store) == []


# -- the schema ---------------------------------------------------------------------------------


def test_a_centre_with_presences_upgrades_to_offers(data_paths: DataPaths) -> None:
    """A 0003 database with a presence gets the new tables; the presence is kept."""
    database = str(data_paths.database)
    command.upgrade(alembic_config(data_paths.database), "0003")
    with sqlite3.connect(database) as connection:
        connection.executescript(
            """
            INSERT INTO floor (id, name, level, plan_width_cm, plan_height_cm)
                VALUES (1, 'RDC', 0, 2000, 1200);
            INSERT INTO member (id, first_name, last_name, category, email, phone,
                address_line, postal_code, city, consent_commute, consent_contact,
                billed_to_organisation, archived, created_at)
                VALUES (1, 'Hélène', 'Lefèvre', 'freelancer', '', '', '', '', '', 0, 0, 0, 0,
                '2026-01-05 08:00:00');
            INSERT INTO presence (id, member_id, started_at, source, needs_review, note)
                VALUES (1, 1, '2026-01-05 08:00:00', 'desk', 0, '');
            """
        )
    connection.close()
    upgrade_to_head(data_paths)
    with sqlite3.connect(database) as connection:
        row = connection.execute("SELECT company, tariff_id FROM presence").fetchone()
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert row == ("", None)
    assert {"tariff", "carnet", "carnet_use", "subscription", "consumption", "shift_note"} <= (
        tables
    )
