"""Schedule: today the rooms that can be booked; the booking calendar comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.domain.kinds import RoomKind
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import Cell, View, label, table, tiles

BOOKABLE = (RoomKind.VISIO_ROOM, RoomKind.MEETING_ROOM)


class ScheduleView(View):
    name = "schedule"

    def title(self) -> str:
        return _("Schedule")

    def coming_soon(self) -> str:
        return _(
            "Booking the visio and meeting rooms by the hour arrives in a coming version. "
            "For now, here are the rooms that will be bookable."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        floor_of = {room.id: floor.name for floor in overview.floors for room in floor.rooms}
        visio = overview.rooms_of_kind(RoomKind.VISIO_ROOM)
        meeting = overview.rooms_of_kind(RoomKind.MEETING_ROOM)
        layout.addWidget(
            tiles(
                [
                    (len(visio), ngettext("visio room", "visio rooms", len(visio))),
                    (len(meeting), ngettext("meeting room", "meeting rooms", len(meeting))),
                ]
            )
        )
        rooms = visio + meeting
        if not rooms:
            layout.addWidget(label(_("No visio or meeting room is recorded yet."), "lead"))
            return
        rows: list[list[Cell]] = [
            [r.name, r.kind.label, floor_of.get(r.id, ""), r.capacity] for r in rooms
        ]
        layout.addWidget(label(_("Bookable rooms"), "subheading"))
        layout.addWidget(table([_("Room"), _("Kind"), _("Floor"), _("Capacity")], rows))
