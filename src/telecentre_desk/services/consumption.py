"""What each closed presence consumes, recorded for the invoicing to bill later.

Recorded inside the transaction that closes the presence (check-out, the closing
sweep, the paper sheet), so a presence is never closed without it. In order:
a very short visit is free; a subscription covers the day; a carnet gives
half-days (never below zero, never twice for one presence: the database's
unique constraints back this up); whatever is left is paid at use at the
cheapest fair unit, by the member or by their organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.tariffs import (
    BilledLine,
    Coverage,
    Usage,
    UsageRules,
    UsageUnit,
    cheapest_line,
    split_with_carnet,
    usage_for,
    usage_of_tariff,
)
from telecentre_desk.i18n import PARIS, _, format_money, ngettext
from telecentre_desk.services.offers import (
    PAY_AT_USE_KINDS,
    active_subscription,
    full_name,
    is_desk_tariff,
    paying_organisation,
    price_for_member,
    read_usage_rules,
    usable_carnet,
)
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Member, Organisation, Presence
from telecentre_desk.storage.offer_models import Carnet, CarnetUse, Consumption, Tariff


@dataclass(frozen=True)
class ConsumptionInfo:
    presence_id: int | None  # None for what a room booking consumed (schedule issue)
    member_id: int | None
    member_name: str
    payer_organisation_id: int | None
    payer_name: str  # the organisation's name, or the member's
    service_date: date
    coverage: Coverage
    measured_unit: UsageUnit | None
    measured_quantity: int
    carnet_id: int | None
    carnet_units: int
    carnet_units_left: int | None  # on that carnet, after this presence
    tariff_id: int | None
    billed_unit: UsageUnit | None
    billed_quantity: int
    unit_price: Decimal
    vat_rate: Decimal
    amount: Decimal

    def summary(self) -> str:
        """One sentence for the desk: "1 half-day taken from the carnet (6 left)."."""
        if self.coverage is Coverage.FREE:
            return _("Free: a very short visit.")
        if self.coverage is Coverage.SUBSCRIPTION:
            return _("Covered by the subscription.")
        parts = []
        if self.coverage is Coverage.CARNET:
            parts.append(
                ngettext(
                    "{units} half-day taken from the carnet ({left} left).",
                    "{units} half-days taken from the carnet ({left} left).",
                    self.carnet_units,
                ).format(units=self.carnet_units, left=self.carnet_units_left or 0)
            )
        if self.billed_unit is not None and self.billed_quantity:
            parts.append(
                _("To pay: {quantity} at {price}, {amount} ({payer}).").format(
                    quantity=unit_count(self.billed_unit, self.billed_quantity),
                    price=format_money(self.unit_price),
                    amount=format_money(self.amount),
                    payer=self.payer_name,
                )
            )
        elif self.coverage is Coverage.PAY_AT_USE:
            parts.append(_("No price is set for this yet: the manager will see it in the bill."))
        return " ".join(parts)


def unit_count(unit: UsageUnit, quantity: int) -> str:
    """ "3 hours", "1 half-day", "2 days"."""
    if unit is UsageUnit.HOUR:
        text = ngettext("{count} hour", "{count} hours", quantity)
    elif unit is UsageUnit.HALF_DAY:
        text = ngettext("{count} half-day", "{count} half-days", quantity)
    else:
        text = ngettext("{count} day", "{count} days", quantity)
    return text.format(count=quantity)


def record_consumption(
    session: Session, presence: Presence, rules: UsageRules | None = None
) -> Consumption:
    """Record what the closed ``presence`` consumes; a second call returns the first record."""
    assert presence.ended_at is not None, "only a closed presence consumes"
    existing = session.scalars(
        select(Consumption).where(Consumption.presence_id == presence.id)
    ).first()
    if existing is not None:
        return existing
    rules = rules or read_usage_rules(session)
    member = session.get_one(Member, presence.member_id)
    duration = presence.ended_at - presence.started_at
    day = presence.started_at.astimezone(PARIS).date()
    row = Consumption(
        presence_id=presence.id,
        member_id=member.id,
        payer_organisation_id=paying_organisation(member),
        service_date=day,
        carnet_units=0,
        billed_quantity=0,
        unit_price=Decimal(0),
        vat_rate=Decimal(0),
        amount=Decimal(0),
    )
    chosen = session.get(Tariff, presence.tariff_id) if presence.tariff_id else None
    if chosen is not None:
        usage = usage_of_tariff(chosen.kind, duration, rules)
        _measure(row, usage)
        _bill_chosen_tariff(session, row, member, chosen, usage)
    else:
        usage = usage_for(duration, rules)
        _measure(row, usage)
        _cover(session, row, member, usage, day)
    session.add(row)
    session.flush()
    return row


def undo_consumption(session: Session, presence_id: int) -> None:
    """Forget what a presence consumed (before correcting it): carnet units come back."""
    use = session.scalars(select(CarnetUse).where(CarnetUse.presence_id == presence_id)).first()
    if use is not None:
        carnet = session.get_one(Carnet, use.carnet_id)
        carnet.remaining_units += use.units
        session.delete(use)
    row = session.scalars(select(Consumption).where(Consumption.presence_id == presence_id)).first()
    if row is not None:
        session.delete(row)
    session.flush()


def consumption_of(store: Store, presence_id: int) -> ConsumptionInfo | None:
    with store.read() as session:
        row = session.scalars(
            select(Consumption).where(Consumption.presence_id == presence_id)
        ).first()
        return consumption_info(session, row) if row else None


def consumptions_between(store: Store, first_day: date, last_day: date) -> list[ConsumptionInfo]:
    """Everything consumed from ``first_day`` to ``last_day`` (included), for invoicing."""
    with store.read() as session:
        rows = session.scalars(
            select(Consumption)
            .where(Consumption.service_date >= first_day, Consumption.service_date <= last_day)
            .order_by(Consumption.service_date, Consumption.id)
        ).all()
        return [consumption_info(session, row) for row in rows]


def consumption_info(session: Session, row: Consumption) -> ConsumptionInfo:
    member = session.get(Member, row.member_id) if row.member_id is not None else None
    name = full_name(member) if member else ""
    payer = (
        session.get(Organisation, row.payer_organisation_id)
        if row.payer_organisation_id is not None
        else None
    )
    carnet = session.get(Carnet, row.carnet_id) if row.carnet_id is not None else None
    return ConsumptionInfo(
        presence_id=row.presence_id,
        member_id=row.member_id,
        member_name=name,
        payer_organisation_id=row.payer_organisation_id,
        payer_name=payer.name if payer else name,
        service_date=row.service_date,
        coverage=row.coverage,
        measured_unit=row.measured_unit,
        measured_quantity=row.measured_quantity,
        carnet_id=row.carnet_id,
        carnet_units=row.carnet_units,
        carnet_units_left=carnet.remaining_units if carnet else None,
        tariff_id=row.tariff_id,
        billed_unit=row.billed_unit,
        billed_quantity=row.billed_quantity,
        unit_price=row.unit_price,
        vat_rate=row.vat_rate,
        amount=row.amount,
    )


# -- the steps -------------------------------------------------------------------------------
def _measure(row: Consumption, usage: Usage) -> None:
    row.measured_unit = usage.unit
    row.measured_quantity = usage.quantity


def _cover(session: Session, row: Consumption, member: Member, usage: Usage, day: date) -> None:
    if usage.unit is None:
        row.coverage = Coverage.FREE
        return
    subscription = active_subscription(session, member.id, day)
    if subscription is not None:
        row.coverage = Coverage.SUBSCRIPTION
        row.subscription_id = subscription.id
        row.payer_organisation_id = subscription.payer_organisation_id
        return
    carnet = usable_carnet(session, member.id, day)
    if carnet is not None:
        split = split_with_carnet(usage, carnet.remaining_units)
        carnet.remaining_units -= split.from_carnet
        session.add(
            CarnetUse(carnet_id=carnet.id, presence_id=row.presence_id, units=split.from_carnet)
        )
        row.coverage = Coverage.CARNET
        row.carnet_id = carnet.id
        row.carnet_units = split.from_carnet
        row.payer_organisation_id = carnet.payer_organisation_id
        if split.rest_half_days:
            rest = Usage(UsageUnit.HALF_DAY, split.rest_half_days)
            _bill_at_use(session, row, member, rest, payer_of_rest=paying_organisation(member))
        return
    row.coverage = Coverage.PAY_AT_USE
    _bill_at_use(session, row, member, usage, payer_of_rest=row.payer_organisation_id)


def _bill_at_use(
    session: Session,
    row: Consumption,
    member: Member,
    usage: Usage,
    *,
    payer_of_rest: int | None,
) -> None:
    """The cheapest fair line among the active hour, half-day and day tariffs."""
    tariffs = {
        unit: tariff
        for tariff in session.scalars(
            select(Tariff)
            .where(Tariff.active, is_desk_tariff(), Tariff.kind.in_(PAY_AT_USE_KINDS))
            .order_by(Tariff.position.desc(), Tariff.id.desc())  # the first listed wins
        )
        if (unit := tariff.kind.usage_unit) is not None
    }
    prices = {unit: price_for_member(session, member, tariff) for unit, tariff in tariffs.items()}
    line = cheapest_line(usage, {unit: price.price for unit, price in prices.items()})
    if line is None:
        return  # nothing priced yet: recorded unbilled, the invoicing will say so
    _write_line(row, line, tariffs[line.unit])
    row.payer_organisation_id = payer_of_rest


def _bill_chosen_tariff(
    session: Session, row: Consumption, member: Member, tariff: Tariff, usage: Usage
) -> None:
    row.coverage = Coverage.PAY_AT_USE
    unit = tariff.kind.usage_unit
    if unit is None:  # a walk-in is only offered pay-at-use tariffs; be safe anyway
        _cover(session, row, member, usage, row.service_date)
        return
    price = price_for_member(session, member, tariff)
    line = cheapest_line(usage, {unit: price.price}, exact=True)
    if line is not None:
        _write_line(row, line, tariff)


def _write_line(row: Consumption, line: BilledLine, tariff: Tariff) -> None:
    row.tariff_id = tariff.id
    row.billed_unit = line.unit
    row.billed_quantity = line.quantity
    row.unit_price = line.unit_price
    row.vat_rate = tariff.vat_rate
    row.amount = line.amount
