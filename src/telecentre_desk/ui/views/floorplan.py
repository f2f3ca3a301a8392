"""Floor plan: today the floors and their rooms; the drawn, editable plan comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import Cell, View, label, table, tiles


class FloorPlanView(View):
    name = "floorplan"

    def title(self) -> str:
        return _("Floor plan")

    def coming_soon(self) -> str:
        return _(
            "The editable floor plan, showing who sits where, arrives in a coming version. "
            "For now, here are the floors and rooms recorded for the centre."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        rooms = [room for floor in overview.floors for room in floor.rooms]
        broken = sum(room.desks_out_of_service for room in rooms)
        floors = len(overview.floors)
        layout.addWidget(
            tiles(
                [
                    (floors, ngettext("floor", "floors", floors)),
                    (len(rooms), ngettext("room", "rooms", len(rooms))),
                    (overview.desks, ngettext("desk", "desks", overview.desks)),
                    (broken, ngettext("desk out of service", "desks out of service", broken)),
                ]
            )
        )
        if not overview.floors:
            layout.addWidget(label(_("No floor or room is recorded yet."), "lead"))
            return
        headers = [_("Room"), _("Kind"), _("Capacity"), _("Desks"), _("Out of service")]
        for floor in overview.floors:
            layout.addWidget(label(floor.name, "subheading"))
            if not floor.rooms:
                layout.addWidget(label(_("No room on this floor yet."), "muted"))
                continue
            rows: list[list[Cell]] = [
                [room.name, room.kind.label, room.capacity, room.desks, room.desks_out_of_service]
                for room in floor.rooms
            ]
            layout.addWidget(table(headers, rows))
