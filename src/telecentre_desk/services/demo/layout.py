"""The demo centre's floors, rooms and desks, small and large, as data — with their plan.

Sizes and positions are in centimetres of the real floor (x to the right, y downwards).
Desks stand in benches: two rows back to back, the chairs on the outer sides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from telecentre_desk.domain.kinds import DeskKind, Equipment, RoomKind

DESK_WIDTH = 140.0
DESK_DEPTH = 70.0
_WALL_MARGIN = 90.0  # from the walls to the first desk
_AISLE_X = 120.0  # between two benches side by side
_AISLE_Y = 160.0  # between two rows of benches: room for two chairs and a passage

Rect = tuple[float, float, float, float]  # x, y (top-left), width, height
Place = tuple[float, float, float]  # desk centre x, y, rotation (degrees)


@dataclass(frozen=True)
class DeskRun:
    """Desks labelled ``prefix + n`` for n in first .. first + count - 1."""

    prefix: str
    count: int
    kind: DeskKind
    first: int = 1

    def labels(self) -> list[str]:
        return [f"{self.prefix}{n}" for n in range(self.first, self.first + self.count)]


@dataclass(frozen=True)
class RoomSpec:
    name: str
    kind: RoomKind
    capacity: int
    equipment: tuple[Equipment, ...] = ()
    desks: tuple[DeskRun, ...] = ()
    out_of_service: tuple[str, ...] = ()  # desk labels
    at: Rect = (0.0, 0.0, 400.0, 300.0)
    # A polygon, relative to ``at``'s corner (None: the rectangle ``at``).
    outline: tuple[tuple[float, float], ...] | None = None
    bench_columns: int = 3  # desks side by side in one row of a bench

    @property
    def desk_count(self) -> int:
        return sum(run.count for run in self.desks)

    def places(self) -> list[Place]:
        """Where each desk stands, in label order."""
        return bench_places(self.at, self.desk_count, self.bench_columns)


@dataclass(frozen=True)
class FloorSpec:
    name: str
    level: int
    rooms: tuple[RoomSpec, ...]
    width: float = 2000.0
    height: float = 1200.0


def bench_places(room: Rect, count: int, columns: int) -> list[Place]:
    """``count`` desks in benches of 2 rows x ``columns``, benches left to right then top to
    bottom, the whole arrangement centred in the room. The first row of a bench faces up
    (rotation 180: the chair on the upper side), the second faces down."""
    if count <= 0:
        return []
    x, y, width, height = room
    columns = max(1, columns)
    bench_width = columns * DESK_WIDTH
    benches = math.ceil(count / (2 * columns))
    across = max(1, int((width - 2 * _WALL_MARGIN + _AISLE_X) // (bench_width + _AISLE_X)))
    across = min(across, benches)
    down = math.ceil(benches / across)
    used_width = across * bench_width + (across - 1) * _AISLE_X
    used_height = down * 2 * DESK_DEPTH + (down - 1) * _AISLE_Y
    left = x + (width - used_width) / 2
    top = y + (height - used_height) / 2
    places: list[Place] = []
    for index in range(count):
        bench, seat = divmod(index, 2 * columns)
        row, column = divmod(seat, columns)
        bench_row, bench_column = divmod(bench, across)
        cx = left + bench_column * (bench_width + _AISLE_X) + (column + 0.5) * DESK_WIDTH
        cy = top + bench_row * (2 * DESK_DEPTH + _AISLE_Y) + (row + 0.5) * DESK_DEPTH
        places.append((cx, cy, 180.0 if row == 0 else 0.0))
    return places


_VISIO = (Equipment.VISIO_SYSTEM, Equipment.SCREEN, Equipment.WEBCAM, Equipment.SPEAKERPHONE)
_MEETING = (Equipment.SCREEN, Equipment.WHITEBOARD)


def _hot(prefix: str, count: int) -> tuple[DeskRun, ...]:
    return (DeskRun(prefix, count, DeskKind.HOT_DESK),)


def _office(name: str, prefix: str, seats: int, at: Rect, columns: int = 1) -> RoomSpec:
    return RoomSpec(
        name,
        RoomKind.OFFICE,
        seats,
        desks=(DeskRun(prefix, seats, DeskKind.OFFICE_SEAT),),
        at=at,
        bench_columns=columns,
    )


def _open_space(
    name: str,
    prefix: str,
    hot: int,
    at: Rect,
    *,
    fixed: int = 0,
    out_of_service: tuple[str, ...] = (),
    columns: int = 3,
) -> RoomSpec:
    runs = _hot(prefix, hot)
    if fixed:
        runs += (DeskRun(prefix, fixed, DeskKind.FIXED_DESK, first=hot + 1),)
    return RoomSpec(
        name,
        RoomKind.OPEN_SPACE,
        hot + fixed,
        (Equipment.PRINTER,),
        runs,
        out_of_service,
        at=at,
        bench_columns=columns,
    )


# The village centre: a 20 m x 12 m ground floor. The open space and the offices on the
# garden side, the shared rooms behind them, the café along the corridor by the entrance.
SMALL_LAYOUT: tuple[FloorSpec, ...] = (
    FloorSpec(
        "Rez-de-chaussée",
        0,
        (
            _open_space("Open space", "A", 12, (0, 0, 1000, 700), out_of_service=("A9",)),
            _office("Bureau 1", "B1-", 2, (1000, 0, 450, 350)),
            _office("Bureau 2", "B2-", 4, (1450, 0, 550, 350), columns=2),
            RoomSpec("Salle visio", RoomKind.VISIO_ROOM, 6, _VISIO, at=(1000, 350, 450, 350)),
            RoomSpec(
                "Salle de réunion", RoomKind.MEETING_ROOM, 10, _MEETING, at=(1450, 350, 550, 350)
            ),
            RoomSpec(
                "Café",
                RoomKind.LOUNGE,
                12,
                at=(0, 850, 1150, 350),
                outline=((0, 0), (1150, 0), (1150, 200), (1000, 350), (0, 350)),
            ),
        ),
        width=2000,
        height=1200,
    ),
)

LARGE_LAYOUT: tuple[FloorSpec, ...] = (
    FloorSpec(
        "Rez-de-chaussée",
        0,
        (
            _open_space(
                "Open space A",
                "A",
                44,
                (0, 0, 2400, 1400),
                out_of_service=("A9", "A31"),
                columns=4,
            ),
            RoomSpec(
                "Café",
                RoomKind.LOUNGE,
                30,
                at=(0, 1550, 1600, 650),
                outline=((0, 0), (1600, 0), (1600, 450), (1400, 650), (0, 650)),
            ),
            RoomSpec("Salle visio 1", RoomKind.VISIO_ROOM, 6, _VISIO, at=(2400, 0, 600, 500)),
            RoomSpec(
                "Salle de réunion Yerres",
                RoomKind.MEETING_ROOM,
                12,
                _MEETING,
                at=(2400, 500, 600, 900),
            ),
        ),
        width=3000,
        height=2200,
    ),
    FloorSpec(
        "1er étage",
        1,
        (
            _open_space(
                "Open space B",
                "B",
                32,
                (0, 0, 2400, 1600),
                fixed=12,
                out_of_service=("B17",),
                columns=4,
            ),
            _office("Bureau 1", "B1-", 2, (2400, 0, 600, 400)),
            _office("Bureau 2", "B2-", 4, (2400, 400, 600, 400), columns=2),
            _office("Bureau 3", "B3-", 6, (2400, 800, 600, 500), columns=3),
            RoomSpec("Salle visio 2", RoomKind.VISIO_ROOM, 8, _VISIO, at=(2400, 1300, 600, 500)),
        ),
        width=3000,
        height=2200,
    ),
    FloorSpec(
        "2e étage",
        2,
        (
            _open_space(
                "Open space C",
                "C",
                30,
                (0, 0, 2400, 1600),
                fixed=12,
                out_of_service=("C5",),
                columns=4,
            ),
            _office("Bureau 4", "B4-", 8, (2400, 0, 600, 700), columns=2),
            RoomSpec(
                "Salle de réunion Morin",
                RoomKind.MEETING_ROOM,
                20,
                _MEETING,
                at=(2400, 700, 600, 900),
            ),
        ),
        width=3000,
        height=2200,
    ),
)
