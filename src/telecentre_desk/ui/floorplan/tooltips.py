"""What hovering a desk or a room says: who, from which company, since when, until when."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from telecentre_desk.i18n import PARIS, _, format_datetime, ngettext
from telecentre_desk.services.floorplan import (
    DeskShape,
    DeskState,
    DeskStatus,
    RoomShape,
    RoomState,
)


def clock(value: datetime, today: datetime | None = None) -> str:
    """ "09:12" for today, the date and time for another day (times shown in Paris)."""
    reference = (today or datetime.now(UTC)).astimezone(PARIS).date()
    if value.astimezone(PARIS).date() == reference:
        return format_datetime(value, "HH:mm")
    return format_datetime(value, "short")


def desk_tooltip(desk: DeskShape, state: DeskState) -> str:
    lines = [
        f"<b>{escape(_('Desk {desk}').format(desk=desk.label))}</b> — {escape(desk.kind.label)}"
    ]
    occupant = state.occupant
    if occupant is not None:
        lines.append(f"<b>{escape(occupant.name)}</b>")
        if occupant.organisation:
            lines.append(escape(occupant.organisation))
        if occupant.network_visitor:
            lines.append(escape(_("Member of another centre of the network")))
        lines.append(escape(_("Here since {time}").format(time=clock(occupant.since))))
        if occupant.planned_end is not None:
            lines.append(escape(_("Planned end: {time}").format(time=clock(occupant.planned_end))))
    elif state.status is DeskStatus.OUT_OF_SERVICE:
        lines.append(escape(_("Out of service")))
    elif state.status is DeskStatus.HELD:
        lines.append(
            escape(_("Fixed desk of {name}, who is not here").format(name=state.holder_name or "?"))
        )
    elif state.status is DeskStatus.RESERVED:
        lines.append(escape(state.reservation or _("Reserved for a booking")))
    else:
        lines.append(escape(_("Free: click to seat someone")))
    if desk.flagged:
        lines.append(escape(_("Its stored position was unreadable: move it where it belongs.")))
    return "<br>".join(lines)


def room_tooltip(room: RoomShape, state: RoomState) -> str:
    lines = [f"<b>{escape(room.name)}</b> — {escape(room.kind.label)}"]
    lines.append(
        escape(
            ngettext("Capacity: {count} person", "Capacity: {count} people", room.capacity).format(
                count=room.capacity
            )
        )
    )
    if state.desks:
        lines.append(
            escape(
                ngettext(
                    "{count} person seated now", "{count} people seated now", state.occupied
                ).format(count=state.occupied)
            )
        )
    if state.booking_line:
        lines.append(escape(state.booking_line))
    return "<br>".join(lines)
