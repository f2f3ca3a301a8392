"""Plan geometry in centimetres: snapping, rotation steps, overlap and containment, align and
distribute, and safe defaults for geometry read from a corrupt row.

Coordinates follow the screen: x grows to the right, y grows downwards, angles are degrees
clockwise. A desk is a rectangle given by its centre, width, depth and rotation; a room is
an axis-aligned rectangle (x, y = top-left corner) or a polygon whose points are relative
to (x, y).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

GRID_CM = 10.0
ROTATION_STEP_DEG = 15.0
MIN_SIZE_CM = 10.0
MAX_SIZE_CM = 10_000.0  # 100 m: nothing in a telecentre is bigger
MAX_COORDINATE_CM = 100_000.0  # 1 km from the plan's origin
DEFAULT_DESK_SIZE = (140.0, 70.0)
DEFAULT_ROOM_SIZE = (400.0, 300.0)
# Two shapes that merely touch (or overlap by less than this) do not "overlap".
OVERLAP_TOLERANCE_CM = 1.0
# A scanned plan bigger than this is refused: decoding it would take about 160 MB of memory.
MAX_BACKGROUND_PIXELS = 40_000_000


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Box:
    """An axis-aligned bounding box."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def centre(self) -> Point:
        return Point(self.left + self.width / 2, self.top + self.height / 2)

    def contains(self, point: Point) -> bool:
        return self.left <= point.x <= self.right and self.top <= point.y <= self.bottom


@dataclass(frozen=True)
class DeskGeometry:
    x: float  # centre
    y: float
    width: float
    depth: float
    rotation: float = 0.0

    def corners(self) -> tuple[Point, ...]:
        angle = math.radians(self.rotation)
        cos, sin = math.cos(angle), math.sin(angle)
        w, d = self.width / 2, self.depth / 2
        return tuple(
            Point(self.x + dx * cos - dy * sin, self.y + dx * sin + dy * cos)
            for dx, dy in ((-w, -d), (w, -d), (w, d), (-w, d))
        )

    def bounds(self) -> Box:
        return bounds_of(self.corners())

    @property
    def centre(self) -> Point:
        return Point(self.x, self.y)

    def moved(self, dx: float, dy: float) -> DeskGeometry:
        return DeskGeometry(self.x + dx, self.y + dy, self.width, self.depth, self.rotation)


@dataclass(frozen=True)
class RoomGeometry:
    x: float  # top-left corner
    y: float
    width: float
    height: float
    outline: tuple[Point, ...] | None = None  # relative to (x, y); None: the rectangle

    def polygon(self) -> tuple[Point, ...]:
        """The room's outline in plan coordinates."""
        if self.outline:
            return tuple(Point(self.x + p.x, self.y + p.y) for p in self.outline)
        return (
            Point(self.x, self.y),
            Point(self.x + self.width, self.y),
            Point(self.x + self.width, self.y + self.height),
            Point(self.x, self.y + self.height),
        )

    def bounds(self) -> Box:
        return bounds_of(self.polygon())

    def area(self) -> float:
        return polygon_area(self.polygon())

    def moved(self, dx: float, dy: float) -> RoomGeometry:
        return RoomGeometry(self.x + dx, self.y + dy, self.width, self.height, self.outline)


# -- snapping and angles -----------------------------------------------------------------------
def snap(value: float, step: float = GRID_CM) -> float:
    """``value`` rounded to the nearest multiple of ``step`` (no snapping when step <= 0)."""
    if step <= 0:
        return value
    return round(value / step) * step


def normalise_angle(degrees: float) -> float:
    """Into [0, 360)."""
    angle = math.fmod(degrees, 360.0)
    if angle < 0:
        angle += 360.0
    return 0.0 if math.isclose(angle, 360.0) else angle


def snap_angle(degrees: float, step: float = ROTATION_STEP_DEG) -> float:
    """The nearest multiple of ``step`` (15° by default), normalised into [0, 360)."""
    return normalise_angle(snap(degrees, step))


# -- shapes ------------------------------------------------------------------------------------
def bounds_of(points: Iterable[Point]) -> Box:
    xs, ys = [], []
    for point in points:
        xs.append(point.x)
        ys.append(point.y)
    if not xs:
        return Box(0.0, 0.0, 0.0, 0.0)
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def polygon_area(points: Sequence[Point]) -> float:
    total = 0.0
    for index, a in enumerate(points):
        b = points[(index + 1) % len(points)]
        total += a.x * b.y - b.x * a.y
    return abs(total) / 2


def point_in_polygon(point: Point, polygon: Sequence[Point], tolerance: float = 0.5) -> bool:
    """Inside or on the edge (within ``tolerance`` cm); works for non-convex polygons."""
    if len(polygon) < 3:
        return False
    inside = False
    count = len(polygon)
    for index in range(count):
        a, b = polygon[index], polygon[(index + 1) % count]
        if _distance_to_segment(point, a, b) <= tolerance:
            return True
        if (a.y > point.y) != (b.y > point.y):
            crossing = a.x + (point.y - a.y) * (b.x - a.x) / (b.y - a.y)
            if point.x < crossing:
                inside = not inside
    return inside


def polygon_inside(inner: Sequence[Point], outer: Sequence[Point], tolerance: float = 1.0) -> bool:
    """Every corner of ``inner`` lies in ``outer`` (enough for desks in rooms)."""
    return all(point_in_polygon(point, outer, tolerance) for point in inner)


def convex_overlap(
    a: Sequence[Point], b: Sequence[Point], tolerance: float = OVERLAP_TOLERANCE_CM
) -> bool:
    """Whether two convex polygons overlap by more than ``tolerance`` (separating axes)."""
    for polygon in (a, b):
        count = len(polygon)
        for index in range(count):
            p, q = polygon[index], polygon[(index + 1) % count]
            axis_x, axis_y = q.y - p.y, p.x - q.x  # the edge's normal
            length = math.hypot(axis_x, axis_y)
            if length == 0:
                continue
            axis_x, axis_y = axis_x / length, axis_y / length
            a_min, a_max = _project(a, axis_x, axis_y)
            b_min, b_max = _project(b, axis_x, axis_y)
            if min(a_max, b_max) - max(a_min, b_min) <= tolerance:
                return False
    return True


def desks_overlap(a: DeskGeometry, b: DeskGeometry) -> bool:
    box_a, box_b = a.bounds(), b.bounds()
    if (
        box_a.right <= box_b.left
        or box_b.right <= box_a.left
        or box_a.bottom <= box_b.top
        or box_b.bottom <= box_a.top
    ):
        return False
    return convex_overlap(a.corners(), b.corners())


def desk_in_room(desk: DeskGeometry, room: RoomGeometry) -> bool:
    return polygon_inside(desk.corners(), room.polygon())


def room_at(point: Point, rooms: Sequence[tuple[int, RoomGeometry]]) -> int | None:
    """The id of the smallest room containing ``point`` (rooms may be drawn inside others)."""
    found: list[tuple[float, int]] = [
        (geometry.area(), room_id)
        for room_id, geometry in rooms
        if geometry.bounds().contains(point) and point_in_polygon(point, geometry.polygon())
    ]
    return min(found)[1] if found else None


# -- corrupt rows ------------------------------------------------------------------------------
def _number(value: object) -> float | None:
    """``value`` as a finite float, or None (NaN, infinity, text, None...)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _coordinate(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and abs(number) <= MAX_COORDINATE_CM else None


def _size(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and MIN_SIZE_CM <= number <= MAX_SIZE_CM else None


def safe_desk(
    x: object, y: object, width: object, depth: object, rotation: object, fallback: Point
) -> tuple[DeskGeometry, bool]:
    """A usable desk geometry from stored values, and whether anything had to be replaced.

    NaN, infinite, absurd or negative values (a corrupt row) become defaults: the desk
    appears at ``fallback`` with the standard size, and the caller flags it.
    """
    cx, cy = _coordinate(x), _coordinate(y)
    w, d = _size(width), _size(depth)
    angle = _number(rotation)
    flagged = None in (cx, cy, w, d, angle)
    if cx is None or cy is None:
        cx, cy = fallback.x, fallback.y
    return (
        DeskGeometry(
            cx,
            cy,
            w if w is not None else DEFAULT_DESK_SIZE[0],
            d if d is not None else DEFAULT_DESK_SIZE[1],
            normalise_angle(angle) if angle is not None else 0.0,
        ),
        flagged,
    )


def safe_room(
    x: object, y: object, width: object, height: object, outline: object, fallback: Point
) -> tuple[RoomGeometry, bool]:
    """As :func:`safe_desk`, for a room; an unreadable outline falls back to the rectangle."""
    left, top = _coordinate(x), _coordinate(y)
    w, h = _size(width), _size(height)
    points = parse_outline(outline) if outline is not None else None
    flagged = None in (left, top, w, h) or (outline is not None and points is None)
    if left is None or top is None:
        left, top = fallback.x, fallback.y
    return (
        RoomGeometry(
            left,
            top,
            w if w is not None else DEFAULT_ROOM_SIZE[0],
            h if h is not None else DEFAULT_ROOM_SIZE[1],
            points,
        ),
        flagged,
    )


def parse_outline(value: object) -> tuple[Point, ...] | None:
    """``[[x, y], ...]`` with at least three finite points of non-zero area, or None."""
    if not isinstance(value, list | tuple) or len(value) < 3:
        return None
    points: list[Point] = []
    for item in value:
        if not isinstance(item, list | tuple) or len(item) != 2:
            return None
        px, py = _coordinate(item[0]), _coordinate(item[1])
        if px is None or py is None:
            return None
        points.append(Point(px, py))
    if polygon_area(points) < MIN_SIZE_CM * MIN_SIZE_CM:
        return None
    return tuple(points)


class GeometryProblem(StrEnum):
    """Why a geometry given by a user is refused (the service words it)."""

    NOT_A_NUMBER = "not_a_number"
    TOO_SMALL = "too_small"
    TOO_BIG = "too_big"
    TOO_FAR = "too_far"
    BAD_OUTLINE = "bad_outline"


def desk_problem(geometry: DeskGeometry) -> GeometryProblem | None:
    return _problem((geometry.x, geometry.y), (geometry.width, geometry.depth), geometry.rotation)


def room_problem(geometry: RoomGeometry) -> GeometryProblem | None:
    problem = _problem((geometry.x, geometry.y), (geometry.width, geometry.height), 0.0)
    outline = geometry.outline
    if (
        problem is None
        and outline is not None
        and parse_outline([[p.x, p.y] for p in outline]) is None
    ):
        return GeometryProblem.BAD_OUTLINE
    return problem


def _problem(
    position: tuple[float, float], size: tuple[float, float], angle: float
) -> GeometryProblem | None:
    if any(_number(value) is None for value in (*position, *size, angle)):
        return GeometryProblem.NOT_A_NUMBER
    if any(abs(value) > MAX_COORDINATE_CM for value in position):
        return GeometryProblem.TOO_FAR
    if any(value < MIN_SIZE_CM for value in size):
        return GeometryProblem.TOO_SMALL
    if any(value > MAX_SIZE_CM for value in size):
        return GeometryProblem.TOO_BIG
    return None


# -- align and distribute ----------------------------------------------------------------------
class Alignment(StrEnum):
    LEFT = "left"
    CENTRE = "centre"  # vertical line through the centres
    RIGHT = "right"
    TOP = "top"
    MIDDLE = "middle"  # horizontal line through the centres
    BOTTOM = "bottom"


class Axis(StrEnum):
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


def align(boxes: Sequence[Box], how: Alignment) -> list[Point]:
    """How far to move each box so that they line up; the reference is the selection's edge
    (or, for centres, the centre of the selection's bounds)."""
    if len(boxes) < 2:
        return [Point(0.0, 0.0) for _ in boxes]
    overall = bounds_of(
        point for box in boxes for point in (Point(box.left, box.top), Point(box.right, box.bottom))
    )
    moves: list[Point] = []
    for box in boxes:
        if how is Alignment.LEFT:
            moves.append(Point(overall.left - box.left, 0.0))
        elif how is Alignment.RIGHT:
            moves.append(Point(overall.right - box.right, 0.0))
        elif how is Alignment.CENTRE:
            moves.append(Point(overall.centre.x - box.centre.x, 0.0))
        elif how is Alignment.TOP:
            moves.append(Point(0.0, overall.top - box.top))
        elif how is Alignment.BOTTOM:
            moves.append(Point(0.0, overall.bottom - box.bottom))
        else:
            moves.append(Point(0.0, overall.centre.y - box.centre.y))
    return moves


def distribute(boxes: Sequence[Box], axis: Axis) -> list[Point]:
    """How far to move each box so that the gaps between neighbours are equal.

    The first and last boxes along the axis stay; with fewer than three nothing moves.
    """
    moves = [Point(0.0, 0.0) for _ in boxes]
    if len(boxes) < 3:
        return moves
    horizontal = axis is Axis.HORIZONTAL
    order = sorted(range(len(boxes)), key=lambda i: boxes[i].left if horizontal else boxes[i].top)
    first, last = boxes[order[0]], boxes[order[-1]]
    start = first.left if horizontal else first.top
    end = last.right if horizontal else last.bottom
    sizes = sum(boxes[i].width if horizontal else boxes[i].height for i in order)
    gap = (end - start - sizes) / (len(boxes) - 1)
    cursor = start
    for index in order[:-1]:  # the last one stays exactly where it is
        box = boxes[index]
        if horizontal:
            moves[index] = Point(cursor - box.left, 0.0)
            cursor += box.width + gap
        else:
            moves[index] = Point(0.0, cursor - box.top)
            cursor += box.height + gap
    return moves


# -- background scale --------------------------------------------------------------------------
def scale_from_points(a: Point, b: Point, real_distance_cm: float) -> float:
    """Centimetres per pixel of a scanned plan, from two points on it and their real distance.

    Raises ValueError when the points coincide or the distance is not a positive number.
    """
    distance = _number(real_distance_cm)
    if distance is None or distance <= 0:
        raise ValueError("distance")
    if any(_number(v) is None for v in (a.x, a.y, b.x, b.y)):
        raise ValueError("points")
    pixels = math.hypot(b.x - a.x, b.y - a.y)
    if pixels < 1.0:
        raise ValueError("points")
    return distance / pixels


# -- checks that warn --------------------------------------------------------------------------
class PlanWarningKind(StrEnum):
    DESK_OUTSIDE_ROOMS = "desk_outside_rooms"
    DESKS_OVERLAP = "desks_overlap"
    ROOM_OVER_CAPACITY = "room_over_capacity"


@dataclass(frozen=True)
class DeskCheck:
    id: int
    room_id: int
    geometry: DeskGeometry


@dataclass(frozen=True)
class RoomCheck:
    id: int
    capacity: int
    geometry: RoomGeometry


@dataclass(frozen=True)
class PlanWarning:
    kind: PlanWarningKind
    desk_ids: tuple[int, ...] = ()
    room_ids: tuple[int, ...] = ()


_CELL_CM = 250.0  # spatial hash cell: a few desks wide


def plan_warnings(rooms: Sequence[RoomCheck], desks: Sequence[DeskCheck]) -> list[PlanWarning]:
    """Desks outside every room, overlapping desks, rooms with more desks than their capacity.

    These warn and never block. Overlaps are found through a spatial hash, so a floor of
    a thousand desks is checked in a few milliseconds rather than half a million pairs.
    """
    warnings: list[PlanWarning] = []
    room_shapes = [(room.geometry.bounds(), room.geometry.polygon()) for room in rooms]
    for desk in desks:
        corners = desk.geometry.corners()
        box = desk.geometry.bounds()
        inside = any(
            bounds.left - 1 <= box.left
            and box.right <= bounds.right + 1
            and bounds.top - 1 <= box.top
            and box.bottom <= bounds.bottom + 1
            and polygon_inside(corners, polygon)
            for bounds, polygon in room_shapes
        )
        if not inside:
            warnings.append(PlanWarning(PlanWarningKind.DESK_OUTSIDE_ROOMS, desk_ids=(desk.id,)))
    warnings.extend(
        PlanWarning(PlanWarningKind.DESKS_OVERLAP, desk_ids=pair) for pair in _overlaps(desks)
    )
    per_room: dict[int, int] = {}
    for desk in desks:
        per_room[desk.room_id] = per_room.get(desk.room_id, 0) + 1
    for room in rooms:
        if per_room.get(room.id, 0) > room.capacity:
            warnings.append(PlanWarning(PlanWarningKind.ROOM_OVER_CAPACITY, room_ids=(room.id,)))
    return warnings


def _overlaps(desks: Sequence[DeskCheck]) -> list[tuple[int, int]]:
    cells: dict[tuple[int, int], list[int]] = {}
    boxes = [desk.geometry.bounds() for desk in desks]
    for index, box in enumerate(boxes):
        for cx in range(math.floor(box.left / _CELL_CM), math.floor(box.right / _CELL_CM) + 1):
            for cy in range(math.floor(box.top / _CELL_CM), math.floor(box.bottom / _CELL_CM) + 1):
                cells.setdefault((cx, cy), []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in cells.values():
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                key = (i, j) if i < j else (j, i)
                if key in pairs:
                    continue
                if desks_overlap(desks[i].geometry, desks[j].geometry):
                    pairs.add(key)
    ids = [(desks[i].id, desks[j].id) for i, j in pairs]
    return sorted((min(a, b), max(a, b)) for a, b in ids)


# -- helpers -----------------------------------------------------------------------------------
def _project(points: Sequence[Point], axis_x: float, axis_y: float) -> tuple[float, float]:
    values = [p.x * axis_x + p.y * axis_y for p in points]
    return min(values), max(values)


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b.x - a.x, b.y - a.y
    length_sq = dx * dx + dy * dy
    if length_sq == 0:
        return math.hypot(p.x - a.x, p.y - a.y)
    t = max(0.0, min(1.0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length_sq))
    return math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
