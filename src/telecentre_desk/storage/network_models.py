"""The network coordinator's copy of the bundles centres send (issue 7)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from telecentre_desk.storage.base import Base
from telecentre_desk.storage.types import UTCDateTime, utc_now

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
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))


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
