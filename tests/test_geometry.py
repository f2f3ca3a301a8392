"""Plan geometry: snapping, rotation steps, overlap and containment, align/distribute, and
safe defaults for corrupt rows."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_desk.domain.geometry import (
    DEFAULT_DESK_SIZE,
    MAX_COORDINATE_CM,
    Alignment,
    Axis,
    Box,
    DeskCheck,
    DeskGeometry,
    GeometryProblem,
    PlanWarningKind,
    Point,
    RoomCheck,
    RoomGeometry,
    align,
    desk_in_room,
    desk_problem,
    desks_overlap,
    distribute,
    normalise_angle,
    parse_outline,
    plan_warnings,
    point_in_polygon,
    room_at,
    room_problem,
    safe_desk,
    safe_room,
    scale_from_points,
    snap,
    snap_angle,
)

finite = st.floats(min_value=-10_000, max_value=10_000, allow_nan=False)


# -- snapping ---------------------------------------------------------------------------------
def test_snap_rounds_to_the_grid() -> None:
    assert snap(14.0) == 10.0
    assert snap(15.1) == 20.0
    assert snap(-14.0) == -10.0
    assert snap(123.0, 0) == 123.0  # snapping off


@given(finite)
def test_snapped_values_are_on_the_grid_and_near(value: float) -> None:
    snapped = snap(value, 10.0)
    assert math.isclose(snapped / 10.0, round(snapped / 10.0), abs_tol=1e-9)
    assert abs(snapped - value) <= 5.0 + 1e-9


@pytest.mark.parametrize(
    ("angle", "expected"),
    [(7.0, 0.0), (8.0, 15.0), (-10.0, 345.0), (352.6, 0.0), (367.0, 0.0), (97.0, 90.0)],
)
def test_rotation_snaps_to_15_degree_steps(angle: float, expected: float) -> None:
    assert snap_angle(angle) == expected


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_normalised_angles_are_in_0_360(angle: float) -> None:
    result = normalise_angle(angle)
    assert 0.0 <= result < 360.0


# -- shapes -----------------------------------------------------------------------------------
def test_desk_corners_follow_the_rotation() -> None:
    desk = DeskGeometry(100, 100, 140, 70, 90)
    box = desk.bounds()
    assert math.isclose(box.width, 70, abs_tol=1e-6)
    assert math.isclose(box.height, 140, abs_tol=1e-6)
    assert math.isclose(box.centre.x, 100) and math.isclose(box.centre.y, 100)


def test_point_in_a_non_convex_polygon() -> None:
    # An L: the notch at the top right is outside.
    l_shape = [
        Point(0, 0),
        Point(100, 0),
        Point(100, 50),
        Point(50, 50),
        Point(50, 100),
        Point(0, 100),
    ]
    assert point_in_polygon(Point(25, 25), l_shape)
    assert point_in_polygon(Point(25, 75), l_shape)
    assert not point_in_polygon(Point(75, 75), l_shape)
    assert point_in_polygon(Point(100, 25), l_shape)  # on the edge counts as inside


def test_a_desk_in_a_room_and_one_across_its_wall() -> None:
    room = RoomGeometry(0, 0, 400, 300)
    assert desk_in_room(DeskGeometry(200, 150, 140, 70), room)
    assert not desk_in_room(DeskGeometry(380, 150, 140, 70), room)
    rotated = DeskGeometry(200, 40, 140, 70, 90)  # 140 tall once turned: pokes out at the top
    assert not desk_in_room(rotated, room)


def test_touching_desks_do_not_overlap_but_crossing_ones_do() -> None:
    a = DeskGeometry(70, 35, 140, 70)
    side_by_side = DeskGeometry(210, 35, 140, 70)
    back_to_back = DeskGeometry(70, 105, 140, 70, 180)
    crossing = DeskGeometry(120, 60, 140, 70, 45)
    assert not desks_overlap(a, side_by_side)
    assert not desks_overlap(a, back_to_back)
    assert desks_overlap(a, crossing)
    # Bounding boxes overlap, the rotated rectangles do not (separating axes).
    diamond = DeskGeometry(190, 110, 60, 60, 45)
    assert not desks_overlap(a, diamond)


@given(finite, finite, st.floats(min_value=10, max_value=500), st.floats(0, 360))
def test_a_desk_always_overlaps_itself_moved_a_little(
    x: float, y: float, width: float, angle: float
) -> None:
    desk = DeskGeometry(x, y, width, 70, angle)
    assert desks_overlap(desk, desk.moved(2, 2))


def test_the_smallest_room_under_a_point_wins() -> None:
    hall = RoomGeometry(0, 0, 1000, 1000)
    box = RoomGeometry(100, 100, 200, 200)
    rooms = [(1, hall), (2, box)]
    assert room_at(Point(150, 150), rooms) == 2
    assert room_at(Point(800, 800), rooms) == 1
    assert room_at(Point(2000, 0), rooms) is None


# -- corrupt rows ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [
        (float("nan"), 10.0, 140.0, 70.0, 0.0),
        (10.0, float("inf"), 140.0, 70.0, 0.0),
        (10.0, 10.0, -140.0, 70.0, 0.0),
        (10.0, 10.0, 140.0, 0.0, 0.0),
        (10.0, 10.0, 140.0, 70.0, float("nan")),
        (10.0, 10.0, "wide", 70.0, 0.0),
        (None, 10.0, 140.0, 70.0, 0.0),
        (MAX_COORDINATE_CM * 10, 0.0, 140.0, 70.0, 0.0),
    ],
)
def test_corrupt_desk_values_get_safe_defaults_and_a_flag(values: tuple[object, ...]) -> None:
    geometry, flagged = safe_desk(*values, fallback=Point(500, 400))
    assert flagged
    assert all(math.isfinite(v) for v in (geometry.x, geometry.y, geometry.width, geometry.depth))
    assert geometry.width > 0 and geometry.depth > 0
    assert desk_problem(geometry) is None  # usable as it is


def test_a_desk_at_nan_goes_to_the_fallback_with_the_standard_size() -> None:
    geometry, flagged = safe_desk(float("nan"), 1.0, -5.0, 70.0, 30.0, fallback=Point(500, 400))
    assert flagged
    assert (geometry.x, geometry.y) == (500, 400)
    assert (geometry.width, geometry.depth) == DEFAULT_DESK_SIZE
    assert geometry.rotation == 30.0


def test_a_good_desk_is_not_flagged() -> None:
    geometry, flagged = safe_desk(10, 20, 140, 70, 375, fallback=Point(0, 0))
    assert not flagged
    assert geometry == DeskGeometry(10, 20, 140, 70, 15)


def test_a_room_with_a_broken_outline_falls_back_to_its_rectangle() -> None:
    geometry, flagged = safe_room(0, 0, 400, 300, [[0, 0], ["x", 1]], fallback=Point(0, 0))
    assert flagged and geometry.outline is None
    geometry, flagged = safe_room(0, 0, 400, 300, [[0, 0], [10, 0], [10, 10]], Point(0, 0))
    assert flagged  # 50 cm²: too small to be a room
    geometry, flagged = safe_room(
        0, 0, 400, 300, [[0, 0], [400, 0], [400, 300], [0, 300]], Point(0, 0)
    )
    assert not flagged and geometry.outline is not None and len(geometry.outline) == 4


def test_outlines_need_three_finite_points() -> None:
    assert parse_outline([[0, 0], [100, 0]]) is None
    assert parse_outline([[0, 0], [100, 0], [100, float("nan")]]) is None
    assert parse_outline("[[0, 0]]") is None
    assert parse_outline([[0, 0], [100, 0], [100, 100]]) is not None


def test_problems_with_a_drawn_geometry_are_named() -> None:
    assert desk_problem(DeskGeometry(0, 0, 5, 70)) is GeometryProblem.TOO_SMALL
    assert desk_problem(DeskGeometry(0, 0, 140, 20_000)) is GeometryProblem.TOO_BIG
    assert desk_problem(DeskGeometry(float("nan"), 0, 140, 70)) is GeometryProblem.NOT_A_NUMBER
    assert desk_problem(DeskGeometry(1e7, 0, 140, 70)) is GeometryProblem.TOO_FAR
    assert room_problem(RoomGeometry(0, 0, 400, 300, (Point(0, 0), Point(1, 1)))) is (
        GeometryProblem.BAD_OUTLINE
    )
    assert room_problem(RoomGeometry(0, 0, 400, 300)) is None


# -- align and distribute ------------------------------------------------------------------
def test_align_left_and_middle() -> None:
    boxes = [Box(10, 0, 100, 50), Box(40, 100, 60, 30), Box(0, 200, 80, 80)]
    left = align(boxes, Alignment.LEFT)
    assert [box.left + move.x for box, move in zip(boxes, left, strict=True)] == [0, 0, 0]
    assert all(move.y == 0 for move in left)
    middle = align(boxes, Alignment.MIDDLE)
    centres = {box.centre.y + move.y for box, move in zip(boxes, middle, strict=True)}
    assert centres == {140.0}  # the centre of the selection's bounds (0..280)


@given(st.lists(st.tuples(finite, finite, st.floats(1, 500), st.floats(1, 500)), min_size=2))
def test_aligned_right_edges_are_equal(raw: list[tuple[float, float, float, float]]) -> None:
    boxes = [Box(*values) for values in raw]
    moves = align(boxes, Alignment.RIGHT)
    rights = [box.right + move.x for box, move in zip(boxes, moves, strict=True)]
    assert max(rights) - min(rights) < 1e-6


def test_distribute_makes_equal_gaps_and_keeps_the_ends() -> None:
    boxes = [Box(0, 0, 100, 10), Box(130, 0, 50, 10), Box(400, 0, 100, 10), Box(200, 0, 50, 10)]
    moves = distribute(boxes, Axis.HORIZONTAL)
    placed = sorted(
        (box.left + move.x, box.right + move.x) for box, move in zip(boxes, moves, strict=True)
    )
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(placed)]
    assert max(gaps) - min(gaps) < 1e-9
    assert placed[0][0] == 0 and placed[-1][1] == 500
    assert distribute(boxes[:2], Axis.VERTICAL) == [Point(0, 0), Point(0, 0)]


# -- scale from two points --------------------------------------------------------------------
def test_scale_from_two_points() -> None:
    assert scale_from_points(Point(0, 0), Point(300, 400), 1000) == 2.0
    with pytest.raises(ValueError, match="distance"):
        scale_from_points(Point(0, 0), Point(10, 0), 0)
    with pytest.raises(ValueError, match="distance"):
        scale_from_points(Point(0, 0), Point(10, 0), float("nan"))
    with pytest.raises(ValueError, match="points"):
        scale_from_points(Point(5, 5), Point(5, 5), 100)


# -- warnings -----------------------------------------------------------------------------------
def test_warnings_name_the_desks_and_rooms() -> None:
    rooms = [
        RoomCheck(1, 1, RoomGeometry(0, 0, 400, 300)),
        RoomCheck(2, 4, RoomGeometry(400, 0, 400, 300)),
    ]
    desks = [
        DeskCheck(10, 1, DeskGeometry(100, 100, 140, 70)),
        DeskCheck(11, 1, DeskGeometry(150, 110, 140, 70)),  # overlaps 10
        DeskCheck(12, 2, DeskGeometry(1500, 100, 140, 70)),  # outside every room
    ]
    warnings = plan_warnings(rooms, desks)
    kinds = {(w.kind, w.desk_ids, w.room_ids) for w in warnings}
    assert (PlanWarningKind.DESKS_OVERLAP, (10, 11), ()) in kinds
    assert (PlanWarningKind.DESK_OUTSIDE_ROOMS, (12,), ()) in kinds
    assert (PlanWarningKind.ROOM_OVER_CAPACITY, (), (1,)) in kinds  # 2 desks, capacity 1
    assert len(warnings) == 3


def test_a_thousand_desks_in_rows_have_no_warnings() -> None:
    rooms = [RoomCheck(1, 1000, RoomGeometry(0, 0, 20_000, 20_000))]
    desks = [
        DeskCheck(i, 1, DeskGeometry(100 + (i % 40) * 140, 100 + (i // 40) * 200, 140, 70))
        for i in range(1000)
    ]
    assert plan_warnings(rooms, desks) == []
