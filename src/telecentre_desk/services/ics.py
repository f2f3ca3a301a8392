"""iCalendar files: an invitation for one booking (to send to its participants) and the
feed of a room's bookings, with the ``icalendar`` package.

Times are written in Paris time with ``TZID=Europe/Paris`` and the matching
VTIMEZONE, so a weekly 09:00 stays 09:00 in every calendar application. A series
is one VEVENT with its RRULE; the dates it skips, its cancelled occurrences and
the ones moved to another room are EXDATEs; an occurrence changed on its own is
an override (same UID, RECURRENCE-ID of its original date). Expanding the file
with any RFC 5545 reader gives exactly the occurrences the calendar shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import HOLDING_STATUSES, BookingStatus
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services.booking_queries import BookingInfo, booking_info, recurrence_of
from telecentre_desk.services.booking_rooms import read_room, read_rooms
from telecentre_desk.services.errors import NotFound, ServiceError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Booking, BookingGuest, BookingSeries, Centre
from telecentre_desk.storage.types import utc_now

PRODUCT = "-//Telecentre Desk//Bookings//FR"
FEED_HISTORY = timedelta(days=92)  # a room's feed starts a quarter back


@dataclass(frozen=True)
class _Centre:
    name: str
    email: str
    address: str
    domain: str  # for UIDs: unique to this centre


# -- public ------------------------------------------------------------------------------------
def booking_invitation(store: Store, booking_id: int, *, whole_series: bool = False) -> bytes:
    """An invitation (METHOD:REQUEST) for one booking, or for its whole series."""
    with store.read() as session:
        centre = _centre(session)
        info = booking_info(session, booking_id)
        calendar = _calendar("REQUEST")
        if whole_series and info.series_id is not None:
            series = session.get_one(BookingSeries, info.series_id)
            events = _series_events(session, centre, series, None)
        else:
            events = [_single_event(centre, info, f"booking-{info.id}@{centre.domain}")]
        guests = session.scalars(
            select(BookingGuest).where(BookingGuest.booking_id == booking_id)
        ).all()
        for event in events:
            _invite(event, centre, info, [(g.name, g.email) for g in guests if g.email])
            calendar.add_component(event)
    return _finish(calendar)


def room_feed(store: Store, room_id: int, *, since: datetime | None = None) -> bytes:
    """Every booking of a room from ``since`` (a quarter back by default), as a feed."""
    start = since or utc_now() - FEED_HISTORY
    with store.read() as session:
        centre = _centre(session)
        room = read_room(session, room_id)
        calendar = _calendar("PUBLISH")
        calendar.add(
            "x-wr-calname", _("{room} — {centre}").format(room=room.name, centre=centre.name)
        )
        calendar.add("x-wr-timezone", "Europe/Paris")
        series_ids = session.scalars(
            select(Booking.series_id)
            .where(
                Booking.room_id == room_id,
                Booking.series_id.is_not(None),
                Booking.status.in_(HOLDING_STATUSES),
                Booking.ends_at > start,
            )
            .distinct()
        ).all()
        for series_id in sorted(s for s in series_ids if s is not None):
            series = session.get_one(BookingSeries, series_id)
            if series.room_id == room_id:
                for event in _series_events(session, centre, series, room_id):
                    calendar.add_component(event)
        singles = session.scalars(
            select(Booking.id)
            .join(BookingSeries, Booking.series_id == BookingSeries.id, isouter=True)
            .where(
                Booking.room_id == room_id,
                Booking.status.in_(HOLDING_STATUSES),
                Booking.ends_at > start,
                # single bookings, and occurrences moved here from another room's series
                (Booking.series_id.is_(None)) | (BookingSeries.room_id != room_id),
            )
            .order_by(Booking.starts_at)
        ).all()
        for booking_id in singles:
            info = booking_info(session, booking_id)
            calendar.add_component(
                _single_event(centre, info, f"booking-{info.id}@{centre.domain}")
            )
    return _finish(calendar)


def write_room_feed(store: Store, room_id: int, out_path: Path) -> Path:
    data = room_feed(store, room_id)
    return _write(out_path, data)


def write_invitation(
    store: Store, booking_id: int, out_path: Path, *, whole_series: bool = False
) -> Path:
    return _write(out_path, booking_invitation(store, booking_id, whole_series=whole_series))


def room_by_name(store: Store, name: str) -> int:
    """The id of the room called ``name`` (ignoring case and accents)."""
    with store.read() as session:
        rooms = read_rooms(session)
    wanted = fold(name.strip())
    found = [room for room in rooms if fold(room.name) == wanted]
    if not found:
        found = [room for room in rooms if wanted and wanted in fold(room.name)]
    if len(found) == 1:
        return found[0].id
    names = ", ".join(room.name for room in (found or rooms))
    if not found:
        raise NotFound(
            _("No room is called “{name}”. The rooms are: {names}.").format(name=name, names=names)
        )
    raise ValidationError(
        {
            "room": _("“{name}” matches several rooms: {names}. Give the full name.").format(
                name=name, names=names
            )
        }
    )


# -- events ------------------------------------------------------------------------------------
def _single_event(centre: _Centre, info: BookingInfo, uid: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", utc_now())
    event.add("dtstart", info.starts_at.astimezone(PARIS))
    event.add("dtend", info.ends_at.astimezone(PARIS))
    _describe(event, centre, info)
    return event


def _series_events(
    session: Session, centre: _Centre, series: BookingSeries, room_id: int | None
) -> list[Event]:
    """The series' VEVENT (RRULE, EXDATE) and one override per occurrence changed alone.

    With ``room_id``: occurrences moved to another room are excluded from this feed.
    """
    rule = recurrence_of(series)
    rows = {
        row.occurrence_date: row
        for row in session.scalars(select(Booking).where(Booking.series_id == series.id))
        if row.occurrence_date is not None
    }
    uid = f"series-{series.id}@{centre.domain}"
    shown = {
        day: row
        for day, row in rows.items()
        if row.status in HOLDING_STATUSES and (room_id is None or row.room_id == room_id)
    }
    if not shown:
        return []
    first = min(shown.values(), key=lambda row: row.starts_at)
    template = booking_info(session, first.id)
    master = Event()
    master.add("uid", uid)
    master.add("dtstamp", utc_now())
    pattern = rule.interval_on(rule.first_date)
    master.add("dtstart", pattern.start.astimezone(PARIS))
    master.add("dtend", pattern.end.astimezone(PARIS))
    master.add("rrule", rule.ics_parts())
    excluded = [day for day in rule.dates() if day not in shown]
    if excluded:
        master.add("exdate", [_original_start(rule, day) for day in excluded])
    _describe(master, centre, template)
    events: list[Event] = [master]
    for day, row in sorted(shown.items()):
        original = rule.interval_on(day)
        if row.detached or (row.starts_at, row.ends_at) != (original.start, original.end):
            override = Event()
            override.add("uid", uid)
            override.add("dtstamp", utc_now())
            override.add("recurrence-id", _original_start(rule, day))
            override.add("dtstart", row.starts_at.astimezone(PARIS))
            override.add("dtend", row.ends_at.astimezone(PARIS))
            _describe(override, centre, booking_info(session, row.id))
            events.append(override)
    return events


def _original_start(rule: Recurrence, day: date) -> datetime:
    return rule.interval_on(day).start.astimezone(PARIS)


def _describe(event: Event, centre: _Centre, info: BookingInfo) -> None:
    add = event.add
    add("summary", info.title or _("Booking: {room}").format(room=info.room_name))
    add(
        "location",
        ", ".join(part for part in (info.room_name, centre.name, centre.address) if part),
    )
    add("status", "TENTATIVE" if info.status is BookingStatus.TENTATIVE else "CONFIRMED")
    lines = [_("Booked for: {name}").format(name=info.organiser_name)]
    lines.append(_("People in the room: {count}").format(count=info.attendees))
    if info.meeting_link:
        lines.append(_("Meeting link: {link}").format(link=info.meeting_link))
        add("url", info.meeting_link)
    add("description", "\n".join(lines))


def _invite(
    event: Event, centre: _Centre, info: BookingInfo, guests: Iterable[tuple[str, str]]
) -> None:
    add = event.add
    if centre.email:
        organiser = vCalAddress(f"mailto:{centre.email}")
        organiser.params["cn"] = centre.name
        add("organizer", organiser)
    addresses = list(guests)
    if info.contact_email:
        addresses.insert(0, (info.contact_name or info.organiser_name, info.contact_email))
    for name, email in addresses:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = name
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "NEEDS-ACTION"
        add("attendee", attendee, encode=False)


# -- plumbing ----------------------------------------------------------------------------------
def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _finish(calendar: Calendar) -> bytes:
    today = utc_now().date()
    calendar.add_missing_timezones(
        first_date=date(today.year - 2, 1, 1), last_date=date(today.year + 4, 1, 1)
    )
    data: bytes = calendar.to_ical()
    return data


def _centre(session: Session) -> _Centre:
    centre = session.get(Centre, 1)
    if centre is None:
        raise NotFound(_("The centre is not set up yet."))
    address = " ".join(p for p in (centre.address_line, centre.postal_code, centre.city) if p)
    domain = (centre.network_centre_code or "telecentre-desk").lower().replace(" ", "-")
    return _Centre(centre.name, centre.email, address, f"{domain}.telecentre-desk")


def _write(out_path: Path, data: bytes) -> Path:
    out_path = Path(out_path)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_bytes(data)
    except OSError as error:
        raise ServiceError(
            _("Cannot write the file {path} ({reason}). Choose another name or folder.").format(
                path=out_path, reason=error.strerror or error
            )
        ) from error
    return out_path
