"""``checkin``, ``checkout`` and ``presence`` from a terminal.

They act as the centre's first active manager, without asking a PIN: whoever
can run them can read the database file anyway (as for ``screenshot``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from telecentre_desk.i18n import PARIS, _

if TYPE_CHECKING:
    from telecentre_desk.services.context import Actor
    from telecentre_desk.services.presence import PresenceInfo, PresenceResult
    from telecentre_desk.services.store import Store

EXIT_FAILURE = 1


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``checkin``, ``checkout`` and ``presence`` to the ``telecentre-desk`` parser."""
    acting = _(
        "Acts as the centre's first active manager, without a PIN: whoever can run it "
        "can read the database file anyway."
    )
    checkin = commands.add_parser(
        "checkin",
        parents=[common],
        help=_("check a member in, by badge code or name"),
        description=_(
            "Check in the member whose badge code is CODE_OR_NAME, or whose name matches it. "
            "A name that matches several members lists them and changes nothing."
        )
        + " "
        + acting,
    )
    checkin.add_argument("member", metavar=_("CODE_OR_NAME"))
    checkin.add_argument("--desk", metavar=_("LABEL"), help=_("seat the member at this desk"))
    checkin.set_defaults(handler=_run_checkin)

    checkout = commands.add_parser(
        "checkout",
        parents=[common],
        help=_("check a member out, by badge code or name"),
        description=_("Check out the member whose badge code or name is CODE_OR_NAME.")
        + " "
        + acting,
    )
    checkout.add_argument("member", metavar=_("CODE_OR_NAME"))
    checkout.set_defaults(handler=_run_checkout)

    listing = commands.add_parser(
        "presence",
        parents=[common],
        help=_("who is here now, or every presence of a day"),
        description=_(
            "Without --day: who is checked in now. With --day: every presence of that day "
            "with its arrival, departure and duration, in the centre's local time."
        )
        + " "
        + acting,
    )
    listing.add_argument("--day", metavar=_("DATE"), help=_("a day as YYYY-MM-DD or DD/MM/YYYY"))
    listing.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    listing.set_defaults(handler=_run_presence)


# -- the commands --------------------------------------------------------------------------------
def _run_checkin(options: argparse.Namespace) -> int:
    from telecentre_desk.services.presence import check_in

    with _opened(options) as (store, actor):
        assert actor is not None
        member_id = _resolve_member(store, options.member)
        if member_id is None:
            return EXIT_FAILURE
        desk_id = None
        if options.desk:
            desk_id = _resolve_desk(store, options.desk)
            if desk_id is None:
                return EXIT_FAILURE
        result = check_in(store, actor, member_id, desk_id=desk_id)
        _print_arrival(result)
    return 0


def _run_checkout(options: argparse.Namespace) -> int:
    from telecentre_desk.domain.durations import format_duration
    from telecentre_desk.services.presence import check_out

    with _opened(options) as (store, actor):
        assert actor is not None
        member_id = _resolve_member(store, options.member)
        if member_id is None:
            return EXIT_FAILURE
        result = check_out(store, actor, member_id)
        info = result.presence
        assert info.ended_at is not None
        print(
            _("{name} checked out at {time} (stayed {duration}).").format(
                name=info.member_name,
                time=_clock(info.ended_at),
                duration=format_duration(info.duration()),
            )
        )
        if result.consumption is not None:
            print(result.consumption.summary())
    return 0


def _run_presence(options: argparse.Namespace) -> int:
    from telecentre_desk.services.presence import presences_on, present_now

    day = None
    if options.day:
        day = _parse_day(options.day)
        if day is None:
            print(
                _("“{text}” is not a date. Write it as 2026-11-27 or 27/11/2026.").format(
                    text=options.day
                ),
                file=sys.stderr,
            )
            return EXIT_FAILURE
    with _opened(options, need_actor=False) as (store, _actor):
        rows = presences_on(store, day) if day else present_now(store)
    if options.json:
        print(json.dumps([_as_json(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    _print_table(rows, day)
    return 0


# -- helpers -------------------------------------------------------------------------------------
@contextmanager
def _opened(
    options: argparse.Namespace, *, need_actor: bool = True
) -> Iterator[tuple[Store, Actor | None]]:
    from telecentre_desk.cli.session import centre_manager, opened_as_manager, opened_store

    if need_actor:
        with opened_as_manager(options) as (store, actor):
            yield store, actor
        return
    with opened_store(options) as store:
        yield store, centre_manager(store)


def _resolve_member(store: Store, text: str) -> int | None:
    """The one member meant by a badge code or a name; else print why and return None."""
    from telecentre_desk.domain.text import fold
    from telecentre_desk.services.members import search_members
    from telecentre_desk.services.presence import member_with_badge

    by_badge = member_with_badge(store, text)
    if by_badge is not None:
        return by_badge
    matches = search_members(store, text, limit=10)
    exact_name = [m for m in matches if fold(m.display_name) == fold(" ".join(text.split()))]
    if len(exact_name) == 1:
        return exact_name[0].id
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        print(
            _("No member matches “{text}”. Check the spelling or the badge code.").format(
                text=text
            ),
            file=sys.stderr,
        )
        return None
    print(
        _("“{text}” matches several members; give the badge code or the full name:").format(
            text=text
        ),
        file=sys.stderr,
    )
    for match in matches:
        details = ", ".join(part for part in (match.organisation, match.badge_code or "") if part)
        print(f"  {match.display_name}" + (f" ({details})" if details else ""), file=sys.stderr)
    return None


def _resolve_desk(store: Store, label: str) -> int | None:
    from telecentre_desk.services.desk_choice import desks_labelled

    desks = desks_labelled(store, label)
    if len(desks) == 1:
        return desks[0].id
    if not desks:
        print(_("No desk is labelled “{label}”.").format(label=label), file=sys.stderr)
    else:
        rooms = ", ".join(desk.room_name for desk in desks)
        print(
            _("Several desks are labelled “{label}” (rooms: {rooms}).").format(
                label=label, rooms=rooms
            ),
            file=sys.stderr,
        )
    return None


def _print_arrival(result: PresenceResult) -> None:
    info = result.presence
    if result.already_present:
        message = _("{name} is already here, since {time}.")
    elif info.desk_label:
        message = _("{name} checked in at {time}, desk {desk}.")
    else:
        message = _("{name} checked in at {time}.")
    print(message.format(name=info.member_name, time=_clock(info.started_at), desk=info.desk_label))


def _print_table(rows: list[PresenceInfo], day: date | None) -> None:
    from telecentre_desk.domain.durations import format_duration
    from telecentre_desk.i18n import format_date

    if not rows:
        print(
            _("Nobody is checked in.")
            if day is None
            else _("No presence on {day}.").format(day=format_date(day, "full"))
        )
        return
    for row in rows:
        end = _clock(row.ended_at) if row.ended_at else _("here")
        flags = []
        if row.needs_review:
            flags.append(_("to review"))
        if row.network_visitor:
            flags.append(_("network"))
        columns = [
            _clock(row.started_at),
            end,
            format_duration(row.duration()),
            row.desk_label or "-",
            row.member_name,
            row.organisation,
            ", ".join(flags),
        ]
        print("  ".join(columns).rstrip())


def _as_json(row: PresenceInfo) -> dict[str, object]:
    return {
        "presence_id": row.id,
        "member_id": row.member_id,
        "member": row.member_name,
        "organisation": row.organisation,
        "desk": row.desk_label,
        "start": row.started_at.astimezone(PARIS).isoformat(),
        "end": row.ended_at.astimezone(PARIS).isoformat() if row.ended_at else None,
        "duration_minutes": int(row.duration().total_seconds() // 60),
        "source": row.source.value,
        "needs_review": row.needs_review,
        "network_visitor": row.network_visitor,
    }


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")


def _parse_day(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
