"""The centre's data model: the tables the first screen needs (centre, accounts, spaces,
people, presences, bookings).

The tables of offers, invoicing and the network coordinator live in ``offer_models``,
``invoice_models`` and ``network_models``, imported by the services that use them: start-up
does not pay for declaring them (about 2 ms a table). All share ``Base.metadata``;
Alembic's environment imports every module.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from telecentre_desk.domain.kinds import (
    CommuteMode,
    DeskKind,
    MemberCategory,
    OrganisationKind,
    PresenceSource,
    RoomKind,
    VatMode,
)
from telecentre_desk.domain.roles import Role
from telecentre_desk.domain.scheduling import BookingStatus, Frequency
from telecentre_desk.storage.base import Base, enum_column
from telecentre_desk.storage.types import UTCDateTime, utc_now


class Centre(Base):
    """The single row describing this installation."""

    __tablename__ = "centre"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[str] = mapped_column(String(100), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    insee_code: Mapped[str] = mapped_column(String(5), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    vat_mode: Mapped[VatMode] = mapped_column(enum_column(VatMode, "vat_mode"))
    opening_hours: Mapped[dict[str, Any]] = mapped_column(JSON)
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    network_centre_code: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Floor(Base):
    __tablename__ = "floor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(Integer, default=0)
    # Plan size in centimetres (scene units are centimetres of the real floor).
    plan_width_cm: Mapped[int] = mapped_column(Integer, default=2000)
    plan_height_cm: Mapped[int] = mapped_column(Integer, default=1200)

    rooms: Mapped[list[Room]] = relationship(back_populates="floor", order_by="Room.id")


class FloorBackground(Base):
    """A scanned plan under a floor: the image itself, and where it sits in centimetres."""

    __tablename__ = "floor_background"
    __table_args__ = (CheckConstraint("cm_per_pixel > 0", name="scale_positive"),)

    floor_id: Mapped[int] = mapped_column(
        ForeignKey("floor.id", ondelete="CASCADE"), primary_key=True
    )
    image: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(50))
    cm_per_pixel: Mapped[float] = mapped_column(Float, default=1.0)
    offset_x_cm: Mapped[float] = mapped_column(Float, default=0.0)
    offset_y_cm: Mapped[float] = mapped_column(Float, default=0.0)


class Room(Base):
    __tablename__ = "room"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floor.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[RoomKind] = mapped_column(enum_column(RoomKind, "room_kind"))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Outline on the plan, in centimetres: a rectangle, or a polygon when `outline` is set
    # (a list of [x, y] points relative to (x_cm, y_cm)).
    x_cm: Mapped[float] = mapped_column(Float, default=0.0)
    y_cm: Mapped[float] = mapped_column(Float, default=0.0)
    width_cm: Mapped[float] = mapped_column(Float, default=400.0)
    height_cm: Mapped[float] = mapped_column(Float, default=300.0)
    outline: Mapped[list[list[float]] | None] = mapped_column(JSON)

    floor: Mapped[Floor] = relationship(back_populates="rooms")
    desks: Mapped[list[Desk]] = relationship(back_populates="room", order_by="Desk.id")


class Desk(Base):
    __tablename__ = "desk"
    __table_args__ = (UniqueConstraint("room_id", "label", name="label_in_room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    kind: Mapped[DeskKind] = mapped_column(enum_column(DeskKind, "desk_kind"))
    out_of_service: Mapped[bool] = mapped_column(Boolean, default=False)
    # The member who holds this fixed desk (subscription "poste fixe"), if any.
    holder_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    # Centre of the desk on the plan, its size and rotation (degrees, clockwise).
    x_cm: Mapped[float] = mapped_column(Float, default=0.0)
    y_cm: Mapped[float] = mapped_column(Float, default=0.0)
    width_cm: Mapped[float] = mapped_column(Float, default=140.0)
    depth_cm: Mapped[float] = mapped_column(Float, default=70.0)
    rotation_deg: Mapped[float] = mapped_column(Float, default=0.0)

    room: Mapped[Room] = relationship(back_populates="desks")


class Organisation(Base):
    """A company, administration or association that may pay for its people."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "org_kind"))
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    billing_email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    pays_for_members: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    members: Mapped[list[Member]] = relationship(back_populates="organisation")


class Member(Base):
    """A person who uses the centre; commute data only exists with the member's consent."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint(
            "consent_commute OR (commute_distance_km IS NULL AND commute_mode IS NULL)",
            name="commute_needs_consent",
        ),
        CheckConstraint(
            "commute_distance_km IS NULL OR commute_distance_km >= 0", name="commute_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    category: Mapped[MemberCategory] = mapped_column(enum_column(MemberCategory, "member_category"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    badge_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    home_centre_code: Mapped[str | None] = mapped_column(String(20))
    network_member_id: Mapped[str | None] = mapped_column(String(64))
    consent_commute: Mapped[bool] = mapped_column(Boolean, default=False)
    commute_distance_km: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    commute_mode: Mapped[CommuteMode | None] = mapped_column(enum_column(CommuteMode, "commute"))
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    # Pay-at-use billed to the organisation (its contract) rather than to the person.
    billed_to_organisation: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")


class Presence(Base):
    """One check-in to check-out interval of a member, in UTC.

    A member has at most one open presence and a desk at most one occupant: partial
    unique indexes make a double scan or two PCs checking in at once give one presence.
    """

    __tablename__ = "presence"
    __table_args__ = (
        CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
        Index(
            "uq_presence_open_member",
            "member_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
        ),
        Index(
            "uq_presence_open_desk",
            "desk_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL AND desk_id IS NOT NULL"),
        ),
        Index("ix_presence_started_at", "started_at"),
        # A member's presences, newest first: the usual desk, overlaps on the paper sheet.
        Index("ix_presence_member_started", "member_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id", ondelete="RESTRICT"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[PresenceSource] = mapped_column(enum_column(PresenceSource, "source"))
    # Closed by the closing-time sweep rather than by a person: to be reviewed.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    note: Mapped[str] = mapped_column(Text, default="")
    # A walk-in's chosen tariff (a day pass...) and the company they came for, if any.
    tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"))
    company: Mapped[str] = mapped_column(String(200), default="")

    member: Mapped[Member] = relationship()
    desk: Mapped[Desk | None] = relationship()


class User(Base):
    """Someone who signs in at the desk; the secret is stored only as an scrypt hash."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    secret_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """Who did what, when, and what changed (old and new values)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AppSetting(Base):
    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")


class ShiftNote(Base):
    """A short hand-over note from one person at the desk to the next."""

    __tablename__ = "shift_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    text: Mapped[str] = mapped_column(Text)


# -- Room bookings (issue 5) ----------------------------------------------------------------


class RoomBookingSettings(Base):
    """How a room is booked: whether it can be, its buffers, the tariffs its bookings bill.

    A room without a row gets the defaults of its kind (services/booking_rooms.py).
    """

    __tablename__ = "room_booking_settings"
    __table_args__ = (
        CheckConstraint(
            "setup_minutes BETWEEN 0 AND 240 AND cleanup_minutes BETWEEN 0 AND 240",
            name="buffers_range",
        ),
    )

    room_id: Mapped[int] = mapped_column(
        ForeignKey("room.id", ondelete="CASCADE"), primary_key=True
    )
    bookable: Mapped[bool] = mapped_column(Boolean, default=True)
    setup_minutes: Mapped[int] = mapped_column(Integer, default=0)
    cleanup_minutes: Mapped[int] = mapped_column(Integer, default=0)
    hour_tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"))
    half_day_tariff_id: Mapped[int | None] = mapped_column(
        ForeignKey("tariff.id", ondelete="RESTRICT")
    )
    day_tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"))


class Closure(Base):
    """An exceptional closure of the centre (``room_id`` NULL) or of one room, in UTC."""

    __tablename__ = "closure"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_closure_ends_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class BookingSeries(Base):
    """The rule of a repeating booking, in Paris wall time; its bookings are the occurrences.

    Ends at ``until`` or after ``count`` generated dates (exactly one of them).
    """

    __tablename__ = "booking_series"
    __table_args__ = (
        CheckConstraint("interval >= 1", name="interval_positive"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
        CheckConstraint("(until IS NULL) <> (count IS NULL)", name="until_or_count"),
        CheckConstraint("count IS NULL OR count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"), index=True)
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "frequency"))
    interval: Mapped[int] = mapped_column(Integer, default=1)
    first_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    last_weekday: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    exceptions: Mapped[list[SeriesException]] = relationship(
        order_by="SeriesException.on_date", cascade="all, delete-orphan"
    )


class SeriesException(Base):
    """A date a series skips (an EXDATE): a holiday, a clash, a meeting called off."""

    __tablename__ = "series_exception"
    __table_args__ = (UniqueConstraint("series_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("booking_series.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date)


class Booking(Base):
    """A room held from ``starts_at`` to ``ends_at`` (UTC) for a member, an organisation
    or an outside guest.

    ``held_from``/``held_until`` add the room's set-up and clean-up buffers and the
    test call: the conflict check compares those. A series' occurrence has its
    ``occurrence_date`` (its local date in the rule); ``detached`` when it was edited
    on its own ("this occurrence only").
    """

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "held_from <= starts_at AND held_until >= ends_at", name="held_covers_booking"
        ),
        CheckConstraint("attendees >= 1", name="attendees_positive"),
        CheckConstraint("member_id IS NULL OR organisation_id IS NULL", name="one_organiser"),
        CheckConstraint(
            "member_id IS NOT NULL OR organisation_id IS NOT NULL OR contact_name <> ''",
            name="has_organiser",
        ),
        CheckConstraint(
            "series_id IS NULL OR occurrence_date IS NOT NULL", name="occurrence_dated"
        ),
        UniqueConstraint("series_id", "occurrence_date"),
        Index("ix_booking_room_held", "room_id", "held_from"),
        Index("ix_booking_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking_series.id", ondelete="RESTRICT")
    )
    occurrence_date: Mapped[date | None] = mapped_column(Date)
    detached: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_from: Mapped[datetime] = mapped_column(UTCDateTime)
    held_until: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[BookingStatus] = mapped_column(enum_column(BookingStatus, "booking_status"))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    # The outside guest (or the person who called for the organisation).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    attendees: Mapped[int] = mapped_column(Integer, default=1)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    meeting_link: Mapped[str] = mapped_column(String(500), default="")
    volunteer_help: Mapped[bool] = mapped_column(Boolean, default=False)
    test_call_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    # A manager booked while the centre or room is closed: why.
    closed_override: Mapped[str] = mapped_column(String(300), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    guests: Mapped[list[BookingGuest]] = relationship(
        order_by="BookingGuest.id", cascade="all, delete-orphan"
    )


class BookingGuest(Base):
    """Someone invited to a booking: in the room, or joining the visio from afar."""

    __tablename__ = "booking_guest"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("booking.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    remote: Mapped[bool] = mapped_column(Boolean, default=True)
