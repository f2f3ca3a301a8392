"""The centre's data model (foundation tables). Later features add tables by migration."""

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

from telecentre_desk.domain.invoicing import (
    DocumentKind,
    InvoiceStatus,
    LineFamily,
    PaymentMethod,
    UnitCode,
)
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
from telecentre_desk.domain.tariffs import Coverage, TariffKind, UsageUnit
from telecentre_desk.domain.vat import VatCategory
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


# -- Offers and consumption (issue 4) -----------------------------------------------------


class Tariff(Base):
    """One offer of the catalogue. Prices are net (before VAT), in euros.

    A carnet's prices are for the whole book of ``units`` half-days, valid
    ``validity_days`` after purchase; a subscription's prices are per month.
    """

    __tablename__ = "tariff"
    __table_args__ = (
        CheckConstraint("member_price >= 0 AND non_member_price >= 0", name="prices_not_negative"),
        CheckConstraint("vat_rate >= 0 AND vat_rate < 100", name="vat_rate_range"),
        CheckConstraint("units >= 1", name="units_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TariffKind] = mapped_column(enum_column(TariffKind, "tariff_kind"))
    name: Mapped[str] = mapped_column(String(100))
    member_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    non_member_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    units: Mapped[int] = mapped_column(Integer, default=1)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContractPrice(Base):
    """An organisation's negotiated net price for a tariff (its contract)."""

    __tablename__ = "contract_price"
    __table_args__ = (
        UniqueConstraint("organisation_id", "tariff_id"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id", ondelete="CASCADE"))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class Subscription(Base):
    """A monthly flexible or fixed desk, from ``starts_on`` to ``ends_on`` (open if None)."""

    __tablename__ = "subscription"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("monthly_price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id", ondelete="RESTRICT"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    monthly_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    payer_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Carnet(Base):
    """A prepaid book of half-days; ``remaining_units`` never goes below zero."""

    __tablename__ = "carnet"
    __table_args__ = (
        CheckConstraint(
            "remaining_units >= 0 AND remaining_units <= units_total", name="remaining_in_range"
        ),
        CheckConstraint("expires_on >= purchased_on", name="expires_after_purchase"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"))
    units_total: Mapped[int] = mapped_column(Integer)
    remaining_units: Mapped[int] = mapped_column(Integer)
    purchased_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    payer_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class CarnetUse(Base):
    """Units a presence took from a carnet: at most once per presence (unique)."""

    __tablename__ = "carnet_use"
    __table_args__ = (CheckConstraint("units > 0", name="units_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    carnet_id: Mapped[int] = mapped_column(ForeignKey("carnet.id", ondelete="RESTRICT"), index=True)
    presence_id: Mapped[int] = mapped_column(
        ForeignKey("presence.id", ondelete="RESTRICT"), unique=True
    )
    units: Mapped[int] = mapped_column(Integer)


class Consumption(Base):
    """What a closed presence consumes, for the invoicing to bill later (one per presence).

    ``measured_*`` is what the time counts as; ``billed_*`` what is left to pay at
    use after a subscription or a carnet, at ``unit_price`` (net), to the member
    or to ``payer_organisation_id`` when their organisation pays.
    """

    __tablename__ = "consumption"
    __table_args__ = (
        CheckConstraint("billed_quantity >= 0 AND carnet_units >= 0", name="quantities"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint(
            "(presence_id IS NULL) <> (booking_id IS NULL)", name="presence_or_booking"
        ),
        CheckConstraint("presence_id IS NULL OR member_id IS NOT NULL", name="presence_member"),
        Index("ix_consumption_service_date", "service_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What is consumed: a presence or a room booking (exactly one, see the CHECK).
    presence_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence.id", ondelete="RESTRICT"), unique=True
    )
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking.id", ondelete="RESTRICT"), unique=True
    )
    # NULL only for a booking by an organisation or an outside guest (no member): the
    # CHECK above keeps it set for every presence.
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="RESTRICT"), index=True
    )
    payer_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    service_date: Mapped[date] = mapped_column(Date)
    coverage: Mapped[Coverage] = mapped_column(enum_column(Coverage, "coverage"))
    measured_unit: Mapped[UsageUnit | None] = mapped_column(enum_column(UsageUnit, "usage_unit"))
    measured_quantity: Mapped[int] = mapped_column(Integer, default=0)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscription.id", ondelete="RESTRICT")
    )
    carnet_id: Mapped[int | None] = mapped_column(ForeignKey("carnet.id", ondelete="RESTRICT"))
    carnet_units: Mapped[int] = mapped_column(Integer, default=0)
    tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariff.id", ondelete="RESTRICT"))
    billed_unit: Mapped[UsageUnit | None] = mapped_column(enum_column(UsageUnit, "billed_unit"))
    billed_quantity: Mapped[int] = mapped_column(Integer, default=0)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


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


# -- Invoicing (issue 6) ------------------------------------------------------------------
# Issued invoices, their lines and archives, payments taken into a desk closing and the
# desk closings themselves are protected by triggers (migration 0006): the database
# refuses to change them, whatever program writes to the file.


class BillingSettings(Base):
    """The centre's invoicing terms; the legal identity itself is in ``centre``.

    Issued documents keep a snapshot of both, so a change applies to later documents only.
    """

    __tablename__ = "billing_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("payment_due_days >= 0", name="due_days_not_negative"),
        CheckConstraint("late_payment_rate >= 0", name="late_rate_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    share_capital: Mapped[str] = mapped_column(String(50), default="")
    rcs: Mapped[str] = mapped_column(String(100), default="")
    invoice_prefix: Mapped[str] = mapped_column(String(10), default="F")
    credit_note_prefix: Mapped[str] = mapped_column(String(10), default="AV")
    payment_due_days: Mapped[int] = mapped_column(Integer, default=30)
    late_payment_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("12.00"))
    iban: Mapped[str] = mapped_column(String(34), default="")
    bic: Mapped[str] = mapped_column(String(11), default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class InvoiceSeries(Base):
    """One continuous numbering sequence: invoices or credit notes of one prefix and year."""

    __tablename__ = "invoice_series"
    __table_args__ = (
        UniqueConstraint("kind", "prefix", "year"),
        CheckConstraint("last_number >= 0", name="last_number_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    prefix: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(Base):
    """An invoice or credit note: a draft (no number) or issued (numbered, frozen).

    The customer is a member, an organisation or a booking's outside guest (at most
    one link); the buyer's name and address are copied onto the draft, where they can
    be corrected, and frozen with it at issue.
    """

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("series_id", "sequence"),
        CheckConstraint(
            "(member_id IS NOT NULL) + (organisation_id IS NOT NULL) + (guest_id IS NOT NULL)"
            " <= 1",
            name="one_customer",
        ),
        CheckConstraint(
            "status = 'draft' OR (number IS NOT NULL AND sequence IS NOT NULL"
            " AND issue_date IS NOT NULL AND due_date IS NOT NULL AND content_hash IS NOT NULL)",
            name="issued_is_complete",
        ),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        Index("ix_invoice_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    status: Mapped[InvoiceStatus] = mapped_column(enum_column(InvoiceStatus, "invoice_status"))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    guest_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking_guest.id", ondelete="RESTRICT")
    )
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_address_line: Mapped[str] = mapped_column(String(200), default="")
    buyer_postal_code: Mapped[str] = mapped_column(String(10), default="")
    buyer_city: Mapped[str] = mapped_column(String(100), default="")
    buyer_country_code: Mapped[str] = mapped_column(String(2), default="FR")
    buyer_is_company: Mapped[bool] = mapped_column(Boolean, default=False)
    buyer_siret: Mapped[str] = mapped_column(String(14), default="")
    buyer_vat_number: Mapped[str] = mapped_column(String(20), default="")
    buyer_email: Mapped[str] = mapped_column(String(200), default="")
    buyer_reference: Mapped[str] = mapped_column(String(100), default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # A credit note cites the invoice it corrects.
    corrects_invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice.id", ondelete="RESTRICT"), index=True
    )
    # Set when issued, in the same transaction that takes the number.
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice_series.id", ondelete="RESTRICT")
    )
    sequence: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)
    issue_date: Mapped[date | None] = mapped_column(Date, index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    net_total: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    vat_total: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    gross_total: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # The hash chain over every issued document (invoices and credit notes, in issue order).
    chain_index: Mapped[int | None] = mapped_column(Integer, unique=True)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    lines: Mapped[list[InvoiceLine]] = relationship(
        order_by="InvoiceLine.position", cascade="all, delete-orphan"
    )


class InvoiceLine(Base):
    __tablename__ = "invoice_line"
    __table_args__ = (
        UniqueConstraint("invoice_id", "position"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0 AND discount >= 0", name="amounts_not_negative"),
        CheckConstraint("vat_rate >= 0 AND vat_rate < 100", name="vat_rate_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    family: Mapped[LineFamily] = mapped_column(enum_column(LineFamily, "line_family"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    unit_code: Mapped[UnitCode] = mapped_column(enum_column(UnitCode, "unit_code"))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    discount: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    vat_category: Mapped[VatCategory] = mapped_column(enum_column(VatCategory, "vat_category"))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    vat_exemption_reason: Mapped[str] = mapped_column(String(200), default="")
    vat_exemption_code: Mapped[str] = mapped_column(String(30), default="")
    net: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)


class BilledItem(Base):
    """What an invoice line bills: unique keys make billing the same thing twice impossible.

    Exactly one of: a consumption (presence or booking), a carnet sale, or one month of
    a subscription. Deleting a draft frees its items for the next billing run.
    """

    __tablename__ = "billed_item"
    __table_args__ = (
        UniqueConstraint("subscription_id", "month"),
        CheckConstraint(
            "(consumption_id IS NOT NULL) + (carnet_id IS NOT NULL)"
            " + (subscription_id IS NOT NULL) = 1",
            name="one_source",
        ),
        CheckConstraint(
            "(subscription_id IS NULL) = (month IS NULL)", name="month_of_subscription"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(
        ForeignKey("invoice_line.id", ondelete="CASCADE"), index=True
    )
    consumption_id: Mapped[int | None] = mapped_column(
        ForeignKey("consumption.id", ondelete="RESTRICT"), unique=True
    )
    carnet_id: Mapped[int | None] = mapped_column(
        ForeignKey("carnet.id", ondelete="RESTRICT"), unique=True
    )
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscription.id", ondelete="RESTRICT")
    )
    month: Mapped[date | None] = mapped_column(Date)  # the first day of the billed month


class InvoiceArchive(Base):
    """What was issued, exactly: the canonical snapshot and the PDF made at issue time."""

    __tablename__ = "invoice_archive"

    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoice.id", ondelete="RESTRICT"), primary_key=True
    )
    document_json: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))


class DeskClosing(Base):
    """The daily closing of the payments taken at the desk, chained like invoices."""

    __tablename__ = "desk_closing"
    __table_args__ = (CheckConstraint("payment_count >= 0", name="count_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    cash_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    cheque_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    card_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    transfer_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    payment_count: Mapped[int] = mapped_column(Integer)
    chain_index: Mapped[int] = mapped_column(Integer, unique=True)
    previous_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))


class Payment(Base):
    """Money received against an invoice. Never deleted: a mistake is undone by a reversal
    (a negative amount citing the payment it reverses); frozen once in a desk closing."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint("amount > 0 OR reverses_payment_id IS NOT NULL", name="negative_reverses"),
        Index("ix_payment_paid_on", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoice.id", ondelete="RESTRICT"), index=True
    )
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod, "payment_method"))
    reference: Mapped[str] = mapped_column(String(100), default="")  # cheque number, transfer
    taken_at_desk: Mapped[bool] = mapped_column(Boolean, default=False)
    reverses_payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment.id", ondelete="RESTRICT")
    )
    closing_id: Mapped[int | None] = mapped_column(
        ForeignKey("desk_closing.id", ondelete="RESTRICT"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT")
    )


class Reminder(Base):
    """A reminder letter sent for an unpaid invoice (levels 1 to 3)."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("invoice_id", "level"),
        CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="RESTRICT"))
    level: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))


# -- Network coordinator (issue 7) ----------------------------------------------------------
# The coordinator's copy of the bundles centres send: one row per imported bundle, and its
# checked resources in typed tables. Each resource row repeats the centre's code so that the
# dashboard reads one indexed table; deleting a bundle (a replacement) cascades to its rows.


class NetworkBundle(Base):
    """One imported exchange bundle: a centre's figures for one period."""

    __tablename__ = "network_bundle"
    __table_args__ = (
        UniqueConstraint("centre_code", "period_label"),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_code: Mapped[str] = mapped_column(String(20))
    centre_name: Mapped[str] = mapped_column(String(200))
    period_label: Mapped[str] = mapped_column(String(10))  # 2026-11, 2026-Q4, 2026
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    format_version: Mapped[str] = mapped_column(String(10))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    signer_fingerprint: Mapped[str] = mapped_column(String(100))
    created: Mapped[str] = mapped_column(String(40))  # as the manifest gives it
    generator: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    imported_by: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )


class NetworkCentreProfile(Base):
    """The centre profile a bundle carries (one row per bundle)."""

    __tablename__ = "network_centre_profile"

    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("network_bundle.id", ondelete="CASCADE"), primary_key=True
    )
    centre_code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    insee_code: Mapped[str] = mapped_column(String(5), default="")
    desks: Mapped[int | None] = mapped_column(Integer)
    rooms_open_space: Mapped[int | None] = mapped_column(Integer)
    rooms_office: Mapped[int | None] = mapped_column(Integer)
    rooms_meeting: Mapped[int | None] = mapped_column(Integer)
    rooms_visio: Mapped[int | None] = mapped_column(Integer)
    rooms_lounge: Mapped[int | None] = mapped_column(Integer)
    visio_rooms: Mapped[int | None] = mapped_column(Integer)
    opening_hours: Mapped[str] = mapped_column(String(500), default="")
    services: Mapped[str] = mapped_column(String(500), default="")


class NetworkOccupancyDay(Base):
    __tablename__ = "network_occupancy_day"
    __table_args__ = (
        UniqueConstraint("bundle_id", "day"),
        Index("ix_network_occupancy_day_centre_day", "centre_code", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("network_bundle.id", ondelete="CASCADE"))
    centre_code: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    open: Mapped[bool] = mapped_column(Boolean)
    closed_reason: Mapped[str] = mapped_column(String(20), default="")
    unique_visitors: Mapped[int | None] = mapped_column(Integer)
    desk_hours_used: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    desk_hours_available: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    peak: Mapped[int | None] = mapped_column(Integer)


class NetworkVisit(Base):
    """A visit to ``host_centre_code`` by a member of ``home_centre_code``."""

    __tablename__ = "network_visit"
    __table_args__ = (
        Index("ix_network_visit_day_centres", "day", "home_centre_code", "host_centre_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("network_bundle.id", ondelete="CASCADE"), index=True
    )
    host_centre_code: Mapped[str] = mapped_column(String(20))
    home_centre_code: Mapped[str] = mapped_column(String(20))
    pseudonym: Mapped[str] = mapped_column(String(64), default="")
    day: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    tariff: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[int] = mapped_column(Integer)
    amount_due: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class NetworkRoomUse(Base):
    __tablename__ = "network_room_use"
    __table_args__ = (
        UniqueConstraint("bundle_id", "day", "room_kind", "booker_type"),
        Index("ix_network_room_use_centre_day", "centre_code", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("network_bundle.id", ondelete="CASCADE"))
    centre_code: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    room_kind: Mapped[str] = mapped_column(String(20))
    booker_type: Mapped[str] = mapped_column(String(20))
    hours_booked: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    bookings: Mapped[int | None] = mapped_column(Integer)
    cancellations: Mapped[int | None] = mapped_column(Integer)
    no_shows: Mapped[int | None] = mapped_column(Integer)
    suppressed: Mapped[bool] = mapped_column(Boolean)


class NetworkRevenue(Base):
    __tablename__ = "network_revenue"
    __table_args__ = (
        UniqueConstraint("bundle_id", "month", "family", "vat_rate"),
        Index("ix_network_revenue_centre_month", "centre_code", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("network_bundle.id", ondelete="CASCADE"))
    centre_code: Mapped[str] = mapped_column(String(20))
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    family: Mapped[str] = mapped_column(String(20))
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    net_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    vat_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    invoices: Mapped[int | None] = mapped_column(Integer)
    credit_notes: Mapped[int | None] = mapped_column(Integer)
    suppressed: Mapped[bool] = mapped_column(Boolean)


class NetworkMembers(Base):
    """Members by category, as a bundle publishes them (1 to 4 people left empty)."""

    __tablename__ = "network_members"
    __table_args__ = (UniqueConstraint("bundle_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("network_bundle.id", ondelete="CASCADE"))
    centre_code: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(20))
    registered_members: Mapped[int | None] = mapped_column(Integer)
    members_present: Mapped[int | None] = mapped_column(Integer)
    suppressed: Mapped[bool] = mapped_column(Boolean)
