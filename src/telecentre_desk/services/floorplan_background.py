"""A scanned plan under a floor (PNG or JPEG), and its scale set from two points.

Refused images (not an image, damaged, over 40 megapixels, missing file) get a message
that says what to do, and nothing is stored: the plan keeps its previous background.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from telecentre_desk.domain.geometry import Point, scale_from_points
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.floorplan import Background
from telecentre_desk.services.floorplan_image import ImageInfo, ImageRefused, inspect_image
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Floor, FloorBackground


@dataclass(frozen=True)
class BackgroundEdit:
    floor_id: int
    changes: ChangeSet
    background: Background | None  # as stored now (None: the floor has none)


def set_background(store: Store, actor: Actor, floor_id: int, data: bytes) -> BackgroundEdit:
    """Put ``data`` (a PNG or JPEG) under the floor, first scaled to the floor's width."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    info = _checked(data)
    with store.write() as session:
        floor = _floor(session, floor_id)
        row = session.get(FloorBackground, floor_id)
        if row is None:
            row = FloorBackground(floor_id=floor_id)
            session.add(row)
        row.image = data
        row.media_type = info.media_type
        row.cm_per_pixel = max(float(floor.plan_width_cm or 2000), 100.0) / info.width
        row.offset_x_cm = 0.0
        row.offset_y_cm = 0.0
        audit.record(
            session,
            actor,
            "plan_background",
            "floor",
            floor_id,
            {"media_type": info.media_type, "width": info.width, "height": info.height},
        )
        return _edit(floor_id, row, info)


def set_background_file(store: Store, actor: Actor, floor_id: int, path: Path) -> BackgroundEdit:
    """As :func:`set_background`, reading the image from ``path``."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValidationError(
            {
                "image": _(
                    "The file {path} does not exist (any more). Choose the image again. "
                    "Nothing was changed."
                ).format(path=path)
            }
        ) from None
    except OSError as error:
        raise ValidationError(
            {
                "image": _(
                    "The file {path} cannot be read ({reason}). Nothing was changed."
                ).format(path=path, reason=error.strerror or error)
            }
        ) from None
    return set_background(store, actor, floor_id, data)


def clear_background(store: Store, actor: Actor, floor_id: int) -> BackgroundEdit:
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        _floor(session, floor_id)
        row = session.get(FloorBackground, floor_id)
        if row is not None:
            session.delete(row)
            audit.record(session, actor, "plan_background_clear", "floor", floor_id)
    return BackgroundEdit(floor_id, changed(floors=[floor_id]), None)


def set_background_scale(
    store: Store,
    actor: Actor,
    floor_id: int,
    first: Point,
    second: Point,
    real_distance_cm: float,
) -> BackgroundEdit:
    """Scale the scanned plan: ``first`` and ``second`` are points on it, in centimetres of
    the plan as drawn now, and ``real_distance_cm`` is how far apart they really are.

    The first point stays where it is; the image grows or shrinks around it.
    """
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        _floor(session, floor_id)
        row = session.get(FloorBackground, floor_id)
        if row is None:
            raise ValidationError(
                {"image": _("This floor has no scanned plan to scale. Choose an image first.")}
            )
        old_scale = row.cm_per_pixel if row.cm_per_pixel and row.cm_per_pixel > 0 else 1.0
        # The points as pixels of the image, from their position on the plan.
        a = Point((first.x - row.offset_x_cm) / old_scale, (first.y - row.offset_y_cm) / old_scale)
        b = Point(
            (second.x - row.offset_x_cm) / old_scale, (second.y - row.offset_y_cm) / old_scale
        )
        try:
            new_scale = scale_from_points(a, b, real_distance_cm)
        except ValueError as error:
            if str(error) == "distance":
                message = _("Type the real distance between the two points, in metres.")
            else:
                message = _("Click two points that are apart from each other on the plan.")
            raise ValidationError({"scale": message}) from None
        before = {"cm_per_pixel": old_scale, "x": row.offset_x_cm, "y": row.offset_y_cm}
        row.offset_x_cm = first.x - a.x * new_scale
        row.offset_y_cm = first.y - a.y * new_scale
        row.cm_per_pixel = new_scale
        audit.record(
            session,
            actor,
            "plan_background_scale",
            "floor",
            floor_id,
            {
                "before": before,
                "after": {"cm_per_pixel": new_scale, "x": row.offset_x_cm, "y": row.offset_y_cm},
            },
        )
        return _edit(floor_id, row, inspect_image(bytes(row.image), decode=False))


def restore_background(
    store: Store, actor: Actor, floor_id: int, background: Background | None
) -> BackgroundEdit:
    """Put back exactly ``background`` (image, scale and position), or none: undo and redo."""
    if background is None:
        return clear_background(store, actor, floor_id)
    require(actor, Permission.EDIT_FLOOR_PLAN)
    info = _checked(background.image, decode=False)
    if not background.cm_per_pixel > 0:
        raise ValidationError({"scale": _("The scale of the plan must be above zero.")})
    with store.write() as session:
        _floor(session, floor_id)
        row = session.get(FloorBackground, floor_id)
        if row is None:
            row = FloorBackground(floor_id=floor_id)
            session.add(row)
        row.image = background.image
        row.media_type = info.media_type
        row.cm_per_pixel = background.cm_per_pixel
        row.offset_x_cm = background.offset_x_cm
        row.offset_y_cm = background.offset_y_cm
        audit.record(session, actor, "plan_background_restore", "floor", floor_id)
        return _edit(floor_id, row, info)


def _edit(floor_id: int, row: FloorBackground, info: ImageInfo) -> BackgroundEdit:
    return BackgroundEdit(
        floor_id,
        changed(floors=[floor_id]),
        Background(
            image=bytes(row.image),
            media_type=info.media_type,
            cm_per_pixel=float(row.cm_per_pixel),
            offset_x_cm=float(row.offset_x_cm),
            offset_y_cm=float(row.offset_y_cm),
            width_px=info.width,
            height_px=info.height,
        ),
    )


def _checked(data: bytes, *, decode: bool = True) -> ImageInfo:
    try:
        return inspect_image(data, decode=decode)
    except ImageRefused as refused:
        raise ValidationError(
            {
                "image": _(
                    "This image cannot be used as a plan: {reason}. Choose a PNG or JPEG "
                    "file of at most 40 megapixels. Nothing was changed."
                ).format(reason=refused.reason)
            }
        ) from None


def _floor(session: Session, floor_id: int) -> Floor:
    floor = session.get(Floor, floor_id)
    if floor is None:
        raise NotFound(_("This floor does not exist (any more). Press F5 to refresh."))
    return floor
