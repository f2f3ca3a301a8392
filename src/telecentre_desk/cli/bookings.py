"""``bookings list`` and ``bookings ics`` from a terminal (reading only: no PIN needed)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telecentre_desk.cli.session import opened_store
from telecentre_desk.i18n import PARIS, _

if TYPE_CHECKING:
    from telecentre_desk.services.booking_queries import BookingInfo

EXIT_FAILURE = 1


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``bookings list`` and ``bookings ics`` to the ``telecentre-desk`` parser."""
    bookings = commands.add_parser(
        "bookings", parents=[common], help=_("the room bookings: list a day, export a room")
    )
    actions = bookings.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)

    listing = actions.add_parser(
        "list",
        parents=[common],
        help=_("the bookings of a day (today by default)"),
        description=_(
            "Print the bookings of a day, room by room, in the centre's local time, "
            "cancelled ones included."
        ),
    )
    listing.add_argument("--day", metavar=_("DATE"), help=_("a day as YYYY-MM-DD or DD/MM/YYYY"))
    listing.add_argument("--room", metavar=_("NAME"), help=_("only this room"))
    listing.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    listing.set_defaults(handler=_run_list)

    ics = actions.add_parser(
        "ics",
        parents=[common],
        help=_("write a room's bookings to an .ics calendar file"),
        description=_(
            "Write the bookings of a room (from three months back) to FILE in the iCalendar "
            "format, which calendar applications import; repeating bookings stay one series."
        ),
    )
    ics.add_argument("--room", metavar=_("NAME"), required=True, help=_("the room's name"))
    ics.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    ics.set_defaults(handler=_run_ics)


def _run_list(options: argparse.Namespace) -> int:
    from telecentre_desk.services.booking_queries import bookings_on
    from telecentre_desk.services.ics import room_by_name
    from telecentre_desk.services.offers import today

    day = _parse_day(options.day) if options.day else None
    if options.day and day is None:
        print(_bad_date(options.day), file=sys.stderr)
        return EXIT_FAILURE
    with opened_store(options) as store:
        day = day or today()
        rooms = [room_by_name(store, options.room)] if options.room else None
        rows = bookings_on(store, day, room_ids=rooms)
    if options.json:
        print(json.dumps([_as_json(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    _print_day(rows, day)
    return 0


def _run_ics(options: argparse.Namespace) -> int:
    from telecentre_desk.services.ics import room_by_name, write_room_feed

    with opened_store(options) as store:
        room_id = room_by_name(store, options.room)
        path = write_room_feed(store, room_id, options.out)
    print(_("Bookings of {room} written to {path}.").format(room=options.room, path=path))
    return 0


# -- helpers -----------------------------------------------------------------------------------


def _parse_day(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _bad_date(text: str) -> str:
    return _("“{text}” is not a date. Write it as 2026-11-27 or 27/11/2026.").format(text=text)


def _print_day(rows: list[BookingInfo], day: date) -> None:
    from telecentre_desk.i18n import format_date

    print(_("Bookings of {day}").format(day=format_date(day, "full")))
    if not rows:
        print(_("No booking."))
        return
    room = None
    for row in sorted(rows, key=lambda r: (r.room_name, r.starts_at)):
        if row.room_name != room:
            room = row.room_name
            print(f"\n{room}")
        line = f"  {_clock(row.starts_at)}–{_clock(row.ends_at)}  {row.title or '-'}"
        line += f"  ({row.organiser_name}, {row.attendees})  {row.status.label}"
        if row.volunteer_help:
            line += "  " + _("volunteer help")
        print(line)


def _as_json(row: BookingInfo) -> dict[str, object]:
    return {
        "id": row.id,
        "room": row.room_name,
        "start": row.starts_at.astimezone(PARIS).isoformat(),
        "end": row.ends_at.astimezone(PARIS).isoformat(),
        "title": row.title,
        "organiser": row.organiser_name,
        "organiser_kind": row.organiser_kind.value,
        "attendees": row.attendees,
        "status": row.status.value,
        "equipment": [item.value for item in row.equipment],
        "volunteer_help": row.volunteer_help,
        "series": row.series_id,
    }


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")
