"""The demo centre's floors, rooms and desks, small and large, as data."""

from __future__ import annotations

from dataclasses import dataclass

from telecentre_desk.domain.kinds import DeskKind, Equipment, RoomKind


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

    @property
    def desk_count(self) -> int:
        return sum(run.count for run in self.desks)


@dataclass(frozen=True)
class FloorSpec:
    name: str
    level: int
    rooms: tuple[RoomSpec, ...]


_VISIO = (Equipment.VISIO_SYSTEM, Equipment.SCREEN, Equipment.WEBCAM, Equipment.SPEAKERPHONE)
_MEETING = (Equipment.SCREEN, Equipment.WHITEBOARD)


def _hot(prefix: str, count: int) -> tuple[DeskRun, ...]:
    return (DeskRun(prefix, count, DeskKind.HOT_DESK),)


def _office(name: str, prefix: str, seats: int) -> RoomSpec:
    return RoomSpec(
        name, RoomKind.OFFICE, seats, desks=(DeskRun(prefix, seats, DeskKind.OFFICE_SEAT),)
    )


def _open_space(
    name: str, prefix: str, hot: int, fixed: int = 0, out_of_service: tuple[str, ...] = ()
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
    )


SMALL_LAYOUT: tuple[FloorSpec, ...] = (
    FloorSpec(
        "Rez-de-chaussée",
        0,
        (
            _open_space("Open space", "A", 12, out_of_service=("A9",)),
            _office("Bureau 1", "B1-", 2),
            _office("Bureau 2", "B2-", 4),
            RoomSpec("Salle visio", RoomKind.VISIO_ROOM, 6, _VISIO),
            RoomSpec("Salle de réunion", RoomKind.MEETING_ROOM, 10, _MEETING),
            RoomSpec("Café", RoomKind.LOUNGE, 12),
        ),
    ),
)

LARGE_LAYOUT: tuple[FloorSpec, ...] = (
    FloorSpec(
        "Rez-de-chaussée",
        0,
        (
            _open_space("Open space A", "A", 44, out_of_service=("A9", "A31")),
            RoomSpec("Café", RoomKind.LOUNGE, 30),
            RoomSpec("Salle visio 1", RoomKind.VISIO_ROOM, 6, _VISIO),
            RoomSpec("Salle de réunion Yerres", RoomKind.MEETING_ROOM, 12, _MEETING),
        ),
    ),
    FloorSpec(
        "1er étage",
        1,
        (
            _open_space("Open space B", "B", 32, fixed=12, out_of_service=("B17",)),
            _office("Bureau 1", "B1-", 2),
            _office("Bureau 2", "B2-", 4),
            _office("Bureau 3", "B3-", 6),
            RoomSpec("Salle visio 2", RoomKind.VISIO_ROOM, 8, _VISIO),
        ),
    ),
    FloorSpec(
        "2e étage",
        2,
        (
            _open_space("Open space C", "C", 30, fixed=12, out_of_service=("C5",)),
            _office("Bureau 4", "B4-", 8),
            RoomSpec("Salle de réunion Morin", RoomKind.MEETING_ROOM, 20, _MEETING),
        ),
    ),
)
