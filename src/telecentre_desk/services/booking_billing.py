"""What a booking consumes, in the consumption table the invoicing reads for presences too.

One row per booking (``consumption.booking_id`` is unique), written in the
transaction that books, moves or resizes it. The booked time counts as hours,
a half-day or days with the centre's usage rules (no grace period: a booked
room is never free), and the cheapest fair line among the room's hour,
half-day and day tariffs is billed:

- a member pays the member price, or the non-member price for a visitor, or
  their organisation's contract price when it pays for them;
- an organisation pays its contract price, else the member price when it pays
  for its people (it has an agreement with the centre), else the non-member price;
- an outside guest pays the non-member price (the invoice goes to the name and
  contact on the booking).

Cancelling before the centre's cut-off removes the row; cancelling later keeps
it (the booking is marked ``cancelled_late``), and a no-show keeps it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.tariffs import (
    Coverage,
    UsageUnit,
    cheapest_line,
    usage_for,
)
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.offers import paying_organisation, price_for_member, read_usage_rules
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Booking, Member, Organisation, RoomBookingSettings
from telecentre_desk.storage.offer_models import Consumption, ContractPrice, Tariff


@dataclass(frozen=True)
class BookingConsumptionInfo:
    booking_id: int
    member_id: int | None
    payer_organisation_id: int | None
    service_date: date
    measured_unit: UsageUnit | None
    measured_quantity: int
    tariff_id: int | None
    billed_unit: UsageUnit | None
    billed_quantity: int
    unit_price: Decimal
    vat_rate: Decimal
    amount: Decimal

    @property
    def priced(self) -> bool:
        return self.billed_unit is not None


def record_booking_consumption(session: Session, booking: Booking) -> Consumption:
    """(Re)write what ``booking`` consumes; any earlier row of it is replaced.

    Once that row is on an invoice (a draft or an issued one), a change that would
    bill something else is refused: the invoice must be put right first.
    """
    row = _consumption_of(session, booking)
    existing = session.scalars(
        select(Consumption).where(Consumption.booking_id == booking.id)
    ).one_or_none()
    if existing is not None:
        if _billed_alike(existing, row) and _invoiced_on(session, existing.id):
            return existing  # a change of title or equipment: the bill stays as it was
        drop_booking_consumption(session, booking.id)
    session.add(row)
    session.flush()
    return row


def _consumption_of(session: Session, booking: Booking) -> Consumption:
    rules = replace(read_usage_rules(session), grace=timedelta(0))
    usage = usage_for(booking.ends_at - booking.starts_at, rules)
    member = session.get(Member, booking.member_id) if booking.member_id else None
    row = Consumption(
        booking_id=booking.id,
        member_id=member.id if member else None,
        payer_organisation_id=_payer(session, booking, member),
        service_date=booking.starts_at.astimezone(PARIS).date(),
        coverage=Coverage.PAY_AT_USE,
        measured_unit=usage.unit,
        measured_quantity=usage.quantity,
        carnet_units=0,
        billed_quantity=0,
        unit_price=Decimal(0),
        vat_rate=Decimal(0),
        amount=Decimal(0),
    )
    tariffs = _room_tariffs(session, booking.room_id)
    prices = {unit: _price(session, booking, member, tariff) for unit, tariff in tariffs.items()}
    line = cheapest_line(usage, prices)
    if line is not None:  # otherwise recorded unpriced: the invoicing says so
        tariff = tariffs[line.unit]
        row.tariff_id = tariff.id
        row.billed_unit = line.unit
        row.billed_quantity = line.quantity
        row.unit_price = line.unit_price
        row.vat_rate = tariff.vat_rate
        row.amount = line.amount
    return row


_BILLED_FIELDS = (
    "member_id",
    "payer_organisation_id",
    "service_date",
    "tariff_id",
    "billed_unit",
    "billed_quantity",
    "unit_price",
    "vat_rate",
    "amount",
)


def _billed_alike(existing: Consumption, new: Consumption) -> bool:
    return all(getattr(existing, name) == getattr(new, name) for name in _BILLED_FIELDS)


def drop_booking_consumption(session: Session, booking_id: int) -> None:
    """Forget what a booking consumes, unless it is already on an invoice (then refused)."""
    consumption_id = session.scalar(
        select(Consumption.id).where(Consumption.booking_id == booking_id)
    )
    if consumption_id is None:
        return
    invoice = _invoiced_on(session, consumption_id)
    if invoice:
        raise ServiceError(
            _(
                "This booking is already on {invoice}: what it bills can no longer change. "
                "Remove its line from the draft, or issue a credit note, then change it."
            ).format(invoice=invoice)
        )
    session.execute(delete(Consumption).where(Consumption.id == consumption_id))


def _invoiced_on(session: Session, consumption_id: int) -> str:
    """The invoice billing this consumption ("invoice F-2026-00012", "the draft for …"), or ""."""
    from telecentre_desk.storage.invoice_models import BilledItem, Invoice, InvoiceLine

    found = session.execute(
        select(Invoice.number, Invoice.buyer_name)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .join(BilledItem, BilledItem.line_id == InvoiceLine.id)
        .where(BilledItem.consumption_id == consumption_id)
    ).first()
    if found is None:
        return ""
    number, buyer = found
    if number:
        return _("invoice {number}").format(number=number)
    return _("the draft invoice for {buyer}").format(buyer=buyer)


def booking_consumption(store: Store, booking_id: int) -> BookingConsumptionInfo | None:
    with store.read() as session:
        return read_booking_consumption(session, booking_id)


def read_booking_consumption(session: Session, booking_id: int) -> BookingConsumptionInfo | None:
    row = session.scalars(select(Consumption).where(Consumption.booking_id == booking_id)).first()
    if row is None:
        return None
    return BookingConsumptionInfo(
        booking_id=booking_id,
        member_id=row.member_id,
        payer_organisation_id=row.payer_organisation_id,
        service_date=row.service_date,
        measured_unit=row.measured_unit,
        measured_quantity=row.measured_quantity,
        tariff_id=row.tariff_id,
        billed_unit=row.billed_unit,
        billed_quantity=row.billed_quantity,
        unit_price=row.unit_price,
        vat_rate=row.vat_rate,
        amount=row.amount,
    )


def _room_tariffs(session: Session, room_id: int) -> dict[UsageUnit, Tariff]:
    settings = session.get(RoomBookingSettings, room_id)
    if settings is None:
        return {}
    tariffs: dict[UsageUnit, Tariff] = {}
    for unit, tariff_id in (
        (UsageUnit.HOUR, settings.hour_tariff_id),
        (UsageUnit.HALF_DAY, settings.half_day_tariff_id),
        (UsageUnit.DAY, settings.day_tariff_id),
    ):
        tariff = session.get(Tariff, tariff_id) if tariff_id is not None else None
        if tariff is not None and tariff.active:
            tariffs[unit] = tariff
    return tariffs


def _payer(session: Session, booking: Booking, member: Member | None) -> int | None:
    if member is not None:
        return paying_organisation(member)
    return booking.organisation_id


def _price(session: Session, booking: Booking, member: Member | None, tariff: Tariff) -> Decimal:
    if member is not None:
        return price_for_member(session, member, tariff).price
    if booking.organisation_id is None:
        return tariff.non_member_price  # an outside guest
    contract = session.scalar(
        select(ContractPrice.price).where(
            ContractPrice.organisation_id == booking.organisation_id,
            ContractPrice.tariff_id == tariff.id,
        )
    )
    if contract is not None:
        return contract
    organisation = session.get_one(Organisation, booking.organisation_id)
    return tariff.member_price if organisation.pays_for_members else tariff.non_member_price
