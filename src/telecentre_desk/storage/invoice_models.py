"""Invoicing (issue 6): settings, series, invoices and their lines, what they bill, archives,
payments, desk closings and reminders."""

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
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from telecentre_desk.domain.invoicing import (
    DocumentKind,
    InvoiceStatus,
    LineFamily,
    PaymentMethod,
    UnitCode,
)
from telecentre_desk.domain.vat import VatCategory
from telecentre_desk.storage.base import Base, enum_column
from telecentre_desk.storage.offer_models import Carnet, Consumption, Subscription  # noqa: F401
from telecentre_desk.storage.types import UTCDateTime, utc_now

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
            "(member_id IS NOT NULL) + (organisation_id IS NOT NULL) + (guest_id IS NOT NULL) <= 1",
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
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))


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
