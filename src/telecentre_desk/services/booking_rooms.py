"""What can be booked and when: each room's booking settings, exceptional closures, the
cancellation cut-off, and the centre's calendar the conflict check reads.

A room without settings gets its kind's defaults: visio and meeting rooms are
bookable, with no buffer and no tariff; anything else is not bookable until a
manager says so (an office "by the day", for example).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.centre_calendar import CentreCalendar, Closure
from telecentre_desk.domain.kinds import Equipment, RoomKind
from telecentre_desk.domain.opening_hours import default_opening_hours, from_json
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import (
    HOLDING_STATUSES,
    MAX_LENGTH,
    Buffers,
    Interval,
    equipment_of,
    held_interval,
    is_sensible_date,
    sensible_date_message,
)
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import (
    AppSetting,
    Booking,
    Centre,
    Floor,
    Room,
    RoomBookingSettings,
)
from telecentre_desk.storage.models import Closure as ClosureRow
from telecentre_desk.storage.offer_models import Tariff
from telecentre_desk.storage.types import utc_now

BOOKABLE_BY_DEFAULT = (RoomKind.VISIO_ROOM, RoomKind.MEETING_ROOM)
POLICY_KEY = "bookings.policy"
DEFAULT_CUTOFF_HOURS = 24
MAX_CUTOFF_HOURS = 24 * 14
MAX_REASON = 200


# -- rooms -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoomBookingInfo:
    id: int
    name: str
    kind: RoomKind
    floor: str
    capacity: int
    equipment: tuple[Equipment, ...]
    bookable: bool
    setup_minutes: int
    cleanup_minutes: int
    hour_tariff_id: int | None
    half_day_tariff_id: int | None
    day_tariff_id: int | None

    @property
    def buffers(self) -> Buffers:
        return Buffers.of_minutes(self.setup_minutes, self.cleanup_minutes)

    @property
    def is_visio(self) -> bool:
        return self.kind is RoomKind.VISIO_ROOM or Equipment.VISIO_SYSTEM in self.equipment


@dataclass(frozen=True)
class RoomBookingDraft:
    bookable: bool
    setup_minutes: int = 0
    cleanup_minutes: int = 0
    hour_tariff_id: int | None = None
    half_day_tariff_id: int | None = None
    day_tariff_id: int | None = None


@dataclass(frozen=True)
class RoomBookingResult:
    room: RoomBookingInfo
    # Future bookings that now overlap once the new buffers are counted: to look at.
    now_overlapping: tuple[int, ...]
    changes: ChangeSet


def booking_rooms(store: Store, *, bookable_only: bool = True) -> list[RoomBookingInfo]:
    """The rooms in plan order (floor level, then room), bookable ones only by default."""
    with store.read() as session:
        rooms = read_rooms(session)
    return [room for room in rooms if room.bookable or not bookable_only]


# Built once: the conflict check runs these on every keystroke-speed call, and building a
# statement costs more than running it (bench/schedule.py).
_ROOM_COLUMNS = (
    select(
        Room.id,
        Room.name,
        Room.kind,
        Floor.name,
        Room.capacity,
        Room.equipment,
        RoomBookingSettings.room_id,
        RoomBookingSettings.bookable,
        RoomBookingSettings.setup_minutes,
        RoomBookingSettings.cleanup_minutes,
        RoomBookingSettings.hour_tariff_id,
        RoomBookingSettings.half_day_tariff_id,
        RoomBookingSettings.day_tariff_id,
    )
    .join(Floor, Room.floor_id == Floor.id)
    .outerjoin(RoomBookingSettings, RoomBookingSettings.room_id == Room.id)
)
_ALL_ROOMS = _ROOM_COLUMNS.order_by(Floor.level, Floor.id, Room.id)
_ONE_ROOM = _ROOM_COLUMNS.where(Room.id == bindparam("room_id"))


def read_rooms(session: Session) -> list[RoomBookingInfo]:
    return [_room_info(row) for row in session.connection().execute(_ALL_ROOMS)]


def read_room(session: Session, room_id: int) -> RoomBookingInfo:
    row = session.connection().execute(_ONE_ROOM, {"room_id": room_id}).first()
    if row is None:
        raise NotFound(_("This room does not exist (any more). Press F5 to refresh."))
    return _room_info(row)


def _room_info(row: Sequence[Any]) -> RoomBookingInfo:
    (
        room_id,
        name,
        kind,
        floor,
        capacity,
        equipment,
        settings,
        bookable,
        setup,
        cleanup,
        hour,
        half_day,
        day,
    ) = row
    if settings is None:  # no settings yet: the defaults of the room's kind
        bookable, setup, cleanup = kind in BOOKABLE_BY_DEFAULT, 0, 0
    return RoomBookingInfo(
        room_id,
        name,
        kind,
        floor,
        capacity,
        equipment_of(equipment or []),
        bool(bookable),
        setup,
        cleanup,
        hour,
        half_day,
        day,
    )


def update_room_booking(
    store: Store, actor: Actor, room_id: int, draft: RoomBookingDraft
) -> RoomBookingResult:
    """Change how a room is booked; future bookings take the new buffers at once."""
    require(actor, Permission.EDIT_CENTRE)
    problems = Buffers.of_minutes(draft.setup_minutes, draft.cleanup_minutes).problems()
    with store.write() as session:
        problems.update(_tariff_problems(session, draft))
        if problems:
            raise ValidationError(problems)
        read_room(session, room_id)  # NotFound first
        settings = session.get(RoomBookingSettings, room_id)
        if settings is None:
            settings = RoomBookingSettings(room_id=room_id)
            session.add(settings)
        settings.bookable = draft.bookable
        settings.setup_minutes = draft.setup_minutes
        settings.cleanup_minutes = draft.cleanup_minutes
        settings.hour_tariff_id = draft.hour_tariff_id
        settings.half_day_tariff_id = draft.half_day_tariff_id
        settings.day_tariff_id = draft.day_tariff_id
        session.flush()
        overlapping = _rehold_future(session, room_id, draft)
        audit.record(
            session,
            actor,
            "update_room_booking",
            "room",
            room_id,
            {
                "bookable": draft.bookable,
                "setup_minutes": draft.setup_minutes,
                "cleanup_minutes": draft.cleanup_minutes,
                "tariffs": [draft.hour_tariff_id, draft.half_day_tariff_id, draft.day_tariff_id],
            },
        )
        return RoomBookingResult(
            read_room(session, room_id), tuple(overlapping), changed(rooms=[room_id])
        )


def _tariff_problems(session: Session, draft: RoomBookingDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    for field, tariff_id, kind in (
        ("hour_tariff", draft.hour_tariff_id, TariffKind.HOUR),
        ("half_day_tariff", draft.half_day_tariff_id, TariffKind.HALF_DAY),
        ("day_tariff", draft.day_tariff_id, TariffKind.DAY),
    ):
        if tariff_id is None:
            continue
        tariff = session.get(Tariff, tariff_id)
        if tariff is None or tariff.kind is not kind:
            problems[field] = _("Choose a tariff of the kind “{kind}”.").format(kind=kind.label)
    return problems


def _rehold_future(session: Session, room_id: int, draft: RoomBookingDraft) -> list[int]:
    """Recompute what future bookings hold with the new buffers; ids that now overlap."""
    buffers = Buffers.of_minutes(draft.setup_minutes, draft.cleanup_minutes)
    rows = session.scalars(
        select(Booking)
        .where(
            Booking.room_id == room_id,
            Booking.ends_at > utc_now(),
            Booking.status.in_(HOLDING_STATUSES),
        )
        .order_by(Booking.held_from)
    ).all()
    overlapping: list[int] = []
    previous: Booking | None = None
    for row in rows:
        held = held_interval(Interval(row.starts_at, row.ends_at), buffers, row.test_call_at)
        row.held_from, row.held_until = held.start, held.end
        if previous is not None and previous.held_until > row.held_from:
            overlapping += [previous.id, row.id]
        if previous is None or row.held_until > previous.held_until:
            previous = row
    return sorted(set(overlapping))


# -- closures ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClosureInfo:
    id: int
    room_id: int | None
    room_name: str | None  # None: the whole centre
    starts_at: datetime
    ends_at: datetime
    reason: str


@dataclass(frozen=True)
class ClosureResult:
    closure: ClosureInfo
    # Bookings already in the closed period: the desk calls these people.
    affected_bookings: tuple[int, ...]
    changes: ChangeSet


def list_closures(store: Store, *, since: datetime | None = None) -> list[ClosureInfo]:
    """Closures that end after ``since`` (by default: now), earliest first."""
    after = since or utc_now()
    with store.read() as session:
        rows = session.execute(
            select(ClosureRow, Room.name)
            .outerjoin(Room, ClosureRow.room_id == Room.id)
            .where(ClosureRow.ends_at > after)
            .order_by(ClosureRow.starts_at, ClosureRow.id)
        ).all()
        return [_closure_info(row, name) for row, name in rows]


def add_closure(
    store: Store,
    actor: Actor,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
    *,
    room_id: int | None = None,
) -> ClosureResult:
    """Close the centre (or one room) over an interval; bookings already there are listed."""
    require(actor, Permission.EDIT_CENTRE)
    reason = reason.strip()
    problems: dict[str, str] = {}
    if not reason:
        problems["reason"] = _("Say why the centre is closed; people who call will be told.")
    elif len(reason) > MAX_REASON:
        problems["reason"] = _("Keep the reason short ({most} characters at most).").format(
            most=MAX_REASON
        )
    if ends_at <= starts_at:
        problems["ends_at"] = _("The closure must end after it starts. Check the dates.")
    elif not is_sensible_date(starts_at, utc_now()) or ends_at - starts_at > timedelta(days=366):
        problems["starts_at"] = sensible_date_message()
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        room_name = read_room(session, room_id).name if room_id is not None else None
        row = ClosureRow(
            room_id=room_id,
            starts_at=starts_at.astimezone(UTC),
            ends_at=ends_at.astimezone(UTC),
            reason=reason,
            created_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        affected = session.scalars(
            select(Booking.id)
            .where(
                Booking.starts_at < ends_at,
                Booking.ends_at > starts_at,
                Booking.status.in_(HOLDING_STATUSES),
                *([Booking.room_id == room_id] if room_id is not None else []),
            )
            .order_by(Booking.starts_at)
        ).all()
        audit.record(
            session,
            actor,
            "add_closure",
            "closure",
            row.id,
            {"room": room_id, "from": starts_at.isoformat(), "to": ends_at.isoformat()},
        )
        rooms = [room_id] if room_id is not None else _all_room_ids(session)
        return ClosureResult(_closure_info(row, room_name), tuple(affected), changed(rooms=rooms))


def remove_closure(store: Store, actor: Actor, closure_id: int) -> ChangeSet:
    require(actor, Permission.EDIT_CENTRE)
    with store.write() as session:
        row = session.get(ClosureRow, closure_id)
        if row is None:
            raise NotFound(_("This closure does not exist (any more)."))
        rooms = [row.room_id] if row.room_id is not None else _all_room_ids(session)
        session.delete(row)
        audit.record(session, actor, "remove_closure", "closure", closure_id, {})
        return changed(rooms=rooms)


def _closure_info(row: ClosureRow, room_name: str | None) -> ClosureInfo:
    return ClosureInfo(row.id, row.room_id, room_name, row.starts_at, row.ends_at, row.reason)


def _all_room_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Room.id)))


# -- the calendar the checks read --------------------------------------------------------------
_OPENING_HOURS = select(Centre.opening_hours)
_CLOSURE_COLUMNS = select(
    ClosureRow.starts_at, ClosureRow.ends_at, ClosureRow.reason, ClosureRow.room_id, ClosureRow.id
)
_CLOSURES_AROUND = _CLOSURE_COLUMNS.where(
    ClosureRow.ends_at > bindparam("start"), ClosureRow.starts_at < bindparam("end")
)


def read_calendar(session: Session, around: Interval | None = None) -> CentreCalendar:
    """Opening hours and the closures overlapping ``around`` (all of them without it)."""
    connection = session.connection()
    hours_json = connection.execute(_OPENING_HOURS).scalar()
    weekly = from_json(hours_json) if isinstance(hours_json, dict) else default_opening_hours()
    if around is None:
        rows = connection.execute(_CLOSURE_COLUMNS)
    else:
        rows = connection.execute(_CLOSURES_AROUND, {"start": around.start, "end": around.end})
    closures = [
        Closure(Interval(start, end), reason, room_id, closure_id)
        for start, end, reason, room_id, closure_id in rows
    ]
    return CentreCalendar(weekly, tuple(closures))


def calendar_window(wanted: Interval, margin: timedelta = MAX_LENGTH) -> Interval:
    """The span whose closures matter for ``wanted`` and its nearest free slots."""
    return Interval(wanted.start - margin, wanted.end + margin)


# -- the cancellation cut-off ------------------------------------------------------------------
@dataclass(frozen=True)
class BookingPolicy:
    """A booking cancelled less than ``cutoff_hours`` before it starts is still billed."""

    cutoff_hours: int = DEFAULT_CUTOFF_HOURS

    @property
    def cutoff(self) -> timedelta:
        return timedelta(hours=self.cutoff_hours)


def booking_policy(store: Store) -> BookingPolicy:
    with store.read() as session:
        return read_policy(session)


def read_policy(session: Session) -> BookingPolicy:
    setting = session.get(AppSetting, POLICY_KEY)
    value = setting.value if setting is not None and isinstance(setting.value, dict) else {}
    hours = value.get("cutoff_hours")
    if isinstance(hours, int) and 0 <= hours <= MAX_CUTOFF_HOURS:
        return BookingPolicy(hours)
    return BookingPolicy()


def set_booking_policy(store: Store, actor: Actor, policy: BookingPolicy) -> BookingPolicy:
    require(actor, Permission.EDIT_CENTRE)
    if not 0 <= policy.cutoff_hours <= MAX_CUTOFF_HOURS:
        raise ValidationError(
            {
                "cutoff_hours": _(
                    "The cut-off is between 0 and {most} hours before the booking."
                ).format(most=MAX_CUTOFF_HOURS)
            }
        )
    with store.write() as session:
        setting = session.get(AppSetting, POLICY_KEY)
        if setting is None:
            setting = AppSetting(key=POLICY_KEY, value={})
            session.add(setting)
        setting.value = {"cutoff_hours": policy.cutoff_hours}
        audit.record(session, actor, "set_booking_policy", "setting", POLICY_KEY, setting.value)
    return policy
