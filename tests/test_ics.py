"""The .ics files: an invitation for one booking, and a room's feed whose series, expanded by
an independent reader (recurring-ical-events), give exactly the bookings the app shows."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import icalendar
import recurring_ical_events

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_dst_change,
    next_weekday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import BookingStatus, Frequency
from telecentre_desk.services import ics
from telecentre_desk.services.booking_queries import GuestInfo, bookings_between
from telecentre_desk.services.booking_series import book_series
from telecentre_desk.services.bookings import (
    EditScope,
    Organiser,
    book,
    cancel_booking,
    move_booking,
)


def _expanded(data: bytes, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar).between(start, end)
    return sorted(
        (event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)) for event in events
    )


def _shown(world: World, room: int, start: datetime, end: datetime) -> list[tuple[datetime, ...]]:
    return sorted(
        (b.starts_at, b.ends_at)
        for b in bookings_between(world.store, start, end, room_ids=[room])
        if b.status is not BookingStatus.CANCELLED
    )


def test_an_invitation_for_one_booking(world: World) -> None:
    day = next_weekday(1)
    booking = book(
        world.store,
        world.manager,
        world.draft(
            paris(day, 10),
            paris(day, 11),
            title="Entretien",
            meeting_link="https://visio.example/xyz",
            organiser=Organiser(name="Léa Roux", email="lea.roux@example.fr"),
            guests=(GuestInfo("Recruteur", "rh@example.fr"),),
        ),
    ).booking
    data = ics.booking_invitation(world.store, booking.id)
    text = data.decode()
    assert "METHOD:REQUEST" in text and "BEGIN:VTIMEZONE" in text and "TZID:Europe/Paris" in text
    assert "DTSTART;TZID=Europe/Paris:" + paris(day, 10).strftime("%Y%m%dT%H%M%S") in text
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Entretien"
    assert str(event["URL"]) == "https://visio.example/xyz"
    attendees = sorted(str(a) for a in event.get("ATTENDEE"))
    assert attendees == ["mailto:lea.roux@example.fr", "mailto:rh@example.fr"]
    assert str(event["ORGANIZER"]) == "mailto:accueil@brie.example"
    assert event["DTSTART"].dt.astimezone(UTC) == booking.starts_at


def test_a_room_feed_expanded_independently_gives_the_bookings_shown(world: World) -> None:
    change = next_dst_change(3)
    first = change - timedelta(days=12)  # a Tuesday: the series crosses the DST change
    rule = Recurrence(Frequency.WEEKLY, first, time(9), time(10), count=6)
    series = book_series(
        world.store,
        world.manager,
        world.draft(paris(first, 9), paris(first, 10), title="Point hebdo"),
        rule,
        skip={first + timedelta(weeks=1)},
    )
    bookings = series.bookings  # weeks 0, 2, 3, 4, 5
    cancel_booking(world.store, world.manager, bookings[1].id)  # week 2: cancelled
    moved = bookings[2]  # week 3: an hour later, this occurrence only
    move_booking(
        world.store,
        world.manager,
        moved.id,
        world.visio,
        moved.starts_at + timedelta(hours=1),
        moved.ends_at + timedelta(hours=1),
    )
    elsewhere = bookings[3]  # week 4: in the meeting room this time
    move_booking(
        world.store,
        world.manager,
        elsewhere.id,
        world.meeting,
        elsewhere.starts_at,
        elsewhere.ends_at,
    )
    book(world.store, world.manager, world.draft(paris(first, 14), paris(first, 15), title="Seul"))
    start, end = paris(first - timedelta(days=7), 0), paris(first + timedelta(weeks=8), 0)
    for room in (world.visio, world.meeting):
        data = ics.room_feed(world.store, room, since=start.astimezone(UTC))
        assert _expanded(data, start, end) == _shown(world, room, start, end)
    text = ics.room_feed(world.store, world.visio).decode()
    assert "COUNT=6" in text and "BYDAY=TU" in text
    assert "EXDATE;TZID=Europe/Paris" in text and "RECURRENCE-ID;TZID=Europe/Paris" in text


def test_a_series_changed_from_the_following_ones_is_two_series_in_the_feed(world: World) -> None:
    first = next_weekday(3, weeks=2)
    rule = Recurrence(Frequency.WEEKLY, first, time(16), time(17), count=4)
    result = book_series(
        world.store, world.manager, world.draft(paris(first, 16), paris(first, 17)), rule
    )
    third = result.bookings[2]
    move_booking(
        world.store,
        world.manager,
        third.id,
        world.visio,
        third.starts_at - timedelta(hours=2),
        third.ends_at - timedelta(hours=2),
        EditScope.FOLLOWING,
    )
    start, end = paris(first, 0), paris(first + timedelta(weeks=6), 0)
    data = ics.room_feed(world.store, world.visio)
    assert data.count(b"RRULE:") == 2
    assert _expanded(data, start, end) == _shown(world, world.visio, start, end)
    invitation = ics.booking_invitation(world.store, result.bookings[0].id, whole_series=True)
    assert b"RRULE:" in invitation and b"METHOD:REQUEST" in invitation


def test_room_names_are_found_without_accents_and_files_are_written(
    world: World, tmp_path: Path
) -> None:
    assert ics.room_by_name(world.store, "salle de reunion") == world.meeting
    assert ics.room_by_name(world.store, "visio") == world.visio
    path = ics.write_room_feed(world.store, world.visio, tmp_path / "salle.ics")
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
