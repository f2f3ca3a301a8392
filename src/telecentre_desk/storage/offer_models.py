"""Offers and consumption (issue 4): the tariff catalogue, contracts, subscriptions, carnets and
what each presence or booking consumes."""

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

from telecentre_desk.domain.tariffs import Coverage, TariffKind, UsageUnit
from telecentre_desk.storage.base import Base, enum_column
from telecentre_desk.storage.models import Booking, Member, Presence  # noqa: F401  (tables referred to)
from telecentre_desk.storage.types import UTCDateTime, utc_now

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
