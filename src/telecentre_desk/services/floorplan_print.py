"""Printing "today's plan": every floor as it is now, for volunteers and as a paper fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from telecentre_desk.domain.geometry import DeskGeometry
from telecentre_desk.i18n import N_, PARIS, _, format_date, format_datetime, ngettext
from telecentre_desk.services.centre import get_centre
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.floorplan import (
    DeskStatus,
    FloorPlan,
    list_floors,
    load_floor_plan,
)
from telecentre_desk.services.store import Store
from telecentre_desk.storage.types import utc_now

if TYPE_CHECKING:  # reportlab is imported only when a plan is printed
    from telecentre_desk.documents.plan_pdf import SheetFloor

LEGEND: tuple[tuple[DeskStatus, str], ...] = (
    (DeskStatus.FREE, N_("Free")),
    (DeskStatus.OCCUPIED, N_("Occupied")),
    (DeskStatus.HELD, N_("Fixed desk, holder not here")),
    (DeskStatus.RESERVED, N_("Reserved for a booking")),
    (DeskStatus.OUT_OF_SERVICE, N_("Out of service")),
)
_NUMBER = re.compile(r"(\d+)")


def todays_plan_pdf(store: Store, out_path: Path, floor_ids: Sequence[int] | None = None) -> Path:
    """Write today's plan of ``floor_ids`` (all floors by default) to ``out_path``.

    Read-only: any role may print it.
    """
    from telecentre_desk.documents.plan_pdf import PlanSheet, write_plan_pdf

    floors = [f for f in list_floors(store) if floor_ids is None or f.id in floor_ids]
    plans = [load_floor_plan(store, floor.id) for floor in floors]
    now = utc_now()
    sheet = PlanSheet(
        centre=get_centre(store).name,
        date_text=format_date(now.astimezone(PARIS).date(), "full"),
        printed_text=_("printed at {time}").format(time=format_datetime(now, "HH:mm")),
        floors=tuple(_sheet_floor(plan) for plan in plans),
        legend=tuple((status.value, _(text)) for status, text in LEGEND),
    )
    path = Path(out_path)
    try:
        write_plan_pdf(sheet, path)
    except OSError as error:
        raise ServiceError(
            _("The PDF could not be written to {path} ({reason}). Choose another folder.").format(
                path=path, reason=error.strerror or error
            )
        ) from None
    return path


def _sheet_floor(plan: FloorPlan) -> SheetFloor:
    from telecentre_desk.documents.plan_pdf import SheetDesk, SheetFloor, SheetRoom, SheetSeat

    states = {state.desk_id: state for state in plan.state.desks}
    room_states = {state.room_id: state for state in plan.state.rooms}
    rooms = []
    for room in plan.rooms:
        state = room_states.get(room.id)
        if state is not None and state.desks:
            badge = _("{seated} / {capacity} seated").format(
                seated=state.occupied, capacity=state.capacity
            )
        else:
            badge = ngettext("{count} seat", "{count} seats", room.capacity).format(
                count=room.capacity
            )
        if state is not None and state.booking_line:
            badge = f"{badge} · {state.booking_line}"
        rooms.append(
            SheetRoom(room.name, tuple((p.x, p.y) for p in room.geometry.polygon()), badge)
        )
    desks = []
    seated = []
    free = []
    for desk in sorted(plan.desks, key=lambda d: _natural(d.label)):
        desk_state = states.get(desk.id)
        status = desk_state.status if desk_state else DeskStatus.FREE
        occupant = desk_state.occupant if desk_state else None
        desks.append(
            SheetDesk(
                desk.label,
                _corners(desk.geometry),
                (desk.geometry.x, desk.geometry.y),
                status.value,
                occupant.short_name if occupant else "",
            )
        )
        if occupant is not None:
            seated.append(
                SheetSeat(
                    desk.label,
                    occupant.name,
                    occupant.organisation,
                    format_datetime(occupant.since, "HH:mm"),
                )
            )
        elif status is DeskStatus.FREE:
            free.append(desk.label)
    box = plan.floor
    x0, y0, x1, y1 = 0.0, 0.0, box.width_cm, box.height_cm
    for room in plan.rooms:
        bounds = room.geometry.bounds()
        x0, y0 = min(x0, bounds.left), min(y0, bounds.top)
        x1, y1 = max(x1, bounds.right), max(y1, bounds.bottom)
    for desk in plan.desks:
        bounds = desk.geometry.bounds()
        x0, y0 = min(x0, bounds.left), min(y0, bounds.top)
        x1, y1 = max(x1, bounds.right), max(y1, bounds.bottom)
    return SheetFloor(
        name=box.name,
        bounds=(x0, y0, x1 - x0, y1 - y0),
        rooms=tuple(rooms),
        desks=tuple(desks),
        seated=tuple(seated),
        free=tuple(free),
    )


def _corners(geometry: DeskGeometry) -> tuple[tuple[float, float], ...]:
    return tuple((p.x, p.y) for p in geometry.corners())


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part.casefold() for part in _NUMBER.split(text)]
