"""The offers: the tariff catalogue, contract prices, subscriptions and carnets.

Prices are net (before VAT) Decimals in euros. Who pays: the member, or their
organisation when the member is billed to it and the organisation pays for its
people; the organisation's contract price for a tariff then replaces the
member price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.money import cents
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.tariffs import TariffKind, UsageRules
from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import (
    AppSetting,
    Desk,
    Member,
    Organisation,
    RoomBookingSettings,
)
from telecentre_desk.storage.offer_models import Carnet, ContractPrice, Subscription, Tariff
from telecentre_desk.storage.types import utc_now

USAGE_RULES_KEY = "offers.usage_rules"
DEFAULT_CARNET_VALIDITY_DAYS = 365


# -- the catalogue -------------------------------------------------------------------------
@dataclass(frozen=True)
class TariffInfo:
    id: int
    kind: TariffKind
    name: str
    member_price: Decimal
    non_member_price: Decimal
    vat_rate: Decimal
    units: int
    validity_days: int | None
    active: bool
    position: int


@dataclass(frozen=True)
class TariffDraft:
    kind: TariffKind
    name: str
    member_price: Decimal
    non_member_price: Decimal
    vat_rate: Decimal = Decimal(0)
    units: int = 1
    validity_days: int | None = None
    active: bool = True


@dataclass(frozen=True)
class TariffResult:
    tariff: TariffInfo
    changes: ChangeSet


def list_tariffs(store: Store, *, include_inactive: bool = False) -> list[TariffInfo]:
    """The catalogue in its display order."""
    with store.read() as session:
        statement = select(Tariff).order_by(Tariff.position, Tariff.id)
        if not include_inactive:
            statement = statement.where(Tariff.active)
        return [tariff_info(row) for row in session.scalars(statement)]


def walk_in_tariffs(store: Store) -> list[TariffInfo]:
    """What a walk-in visitor can choose: the active hour, half-day and day desk tariffs."""
    with store.read() as session:
        rows = session.scalars(
            select(Tariff)
            .where(Tariff.active, is_desk_tariff(), Tariff.kind.in_(PAY_AT_USE_KINDS))
            .order_by(Tariff.position, Tariff.id)
        )
        return [tariff_info(row) for row in rows]


PAY_AT_USE_KINDS = (TariffKind.HOUR, TariffKind.HALF_DAY, TariffKind.DAY)


def is_desk_tariff() -> ColumnElement[bool]:
    """Not a room's booking tariff: the bookable rooms bill their own hours and half-days
    (schedule issue) with tariffs of the same kinds, which a desk presence must not use."""
    return ~exists().where(
        or_(
            RoomBookingSettings.hour_tariff_id == Tariff.id,
            RoomBookingSettings.half_day_tariff_id == Tariff.id,
            RoomBookingSettings.day_tariff_id == Tariff.id,
        )
    )


def create_tariff(store: Store, actor: Actor, draft: TariffDraft) -> TariffResult:
    require(actor, Permission.EDIT_CENTRE)
    _check_draft(draft)
    with store.write() as session:
        last = session.scalar(select(Tariff.position).order_by(Tariff.position.desc()).limit(1))
        tariff = Tariff(position=(last or 0) + 1)
        _apply(tariff, draft)
        session.add(tariff)
        session.flush()
        audit.record(session, actor, "create_tariff", "tariff", tariff.id, _audit_of(draft))
        return TariffResult(tariff_info(tariff), ChangeSet())


def update_tariff(store: Store, actor: Actor, tariff_id: int, draft: TariffDraft) -> TariffResult:
    """Change a tariff; what was already consumed or sold keeps its own price."""
    require(actor, Permission.EDIT_CENTRE)
    _check_draft(draft)
    with store.write() as session:
        tariff = session.get(Tariff, tariff_id)
        if tariff is None:
            raise NotFound(_("This tariff does not exist (any more)."))
        _apply(tariff, draft)
        audit.record(session, actor, "update_tariff", "tariff", tariff.id, _audit_of(draft))
        return TariffResult(tariff_info(tariff), ChangeSet())


def _check_draft(draft: TariffDraft) -> None:
    problems: dict[str, str] = {}
    if not draft.name.strip():
        problems["name"] = _("Give the tariff a name, as members will read it.")
    for field, value in (
        ("member_price", draft.member_price),
        ("non_member_price", draft.non_member_price),
    ):
        if not _is_money(value):
            problems[field] = _("Enter a price in euros, 0 or more, for example 12.50.")
    if not _is_money(draft.vat_rate) or draft.vat_rate >= 100:
        problems["vat_rate"] = _("Enter a VAT rate in percent: 20, 10, 5.5 or 0.")
    if draft.units < 1:
        problems["units"] = _("A carnet holds at least one half-day.")
    if draft.validity_days is not None and draft.validity_days < 1:
        problems["validity_days"] = _("A carnet stays valid at least one day.")
    if problems:
        raise ValidationError(problems)


def _is_money(value: Decimal) -> bool:
    try:
        return value.is_finite() and value >= 0 and value == cents(value)
    except InvalidOperation:
        return False


def _apply(tariff: Tariff, draft: TariffDraft) -> None:
    tariff.kind = draft.kind
    tariff.name = draft.name.strip()
    tariff.member_price = draft.member_price
    tariff.non_member_price = draft.non_member_price
    tariff.vat_rate = draft.vat_rate
    tariff.units = draft.units if draft.kind is TariffKind.CARNET else 1
    tariff.validity_days = draft.validity_days if draft.kind is TariffKind.CARNET else None
    tariff.active = draft.active


def _audit_of(draft: TariffDraft) -> dict[str, object]:
    return {
        "kind": draft.kind.value,
        "name": draft.name,
        "member_price": str(draft.member_price),
        "non_member_price": str(draft.non_member_price),
        "vat_rate": str(draft.vat_rate),
        "active": draft.active,
    }


def tariff_info(tariff: Tariff) -> TariffInfo:
    return TariffInfo(
        id=tariff.id,
        kind=tariff.kind,
        name=tariff.name,
        member_price=tariff.member_price,
        non_member_price=tariff.non_member_price,
        vat_rate=tariff.vat_rate,
        units=tariff.units,
        validity_days=tariff.validity_days,
        active=tariff.active,
        position=tariff.position,
    )


# -- usage rules (what counts as a half-day) -------------------------------------------------
def usage_rules(store: Store) -> UsageRules:
    with store.read() as session:
        return read_usage_rules(session)


def read_usage_rules(session: Session) -> UsageRules:
    setting = session.get(AppSetting, USAGE_RULES_KEY)
    if setting is None or not isinstance(setting.value, dict):
        return UsageRules()
    return UsageRules.from_json(setting.value)


def set_usage_rules(store: Store, actor: Actor, rules: UsageRules) -> UsageRules:
    require(actor, Permission.EDIT_CENTRE)
    problems = rules.problems()
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        setting = session.get(AppSetting, USAGE_RULES_KEY)
        if setting is None:
            setting = AppSetting(key=USAGE_RULES_KEY, value={})
            session.add(setting)
        before = setting.value
        setting.value = rules.to_json()
        audit.record(
            session,
            actor,
            "set_usage_rules",
            "app_setting",
            USAGE_RULES_KEY,
            {"from": before, "to": setting.value},
        )
    return rules


# -- contracts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContractPriceInfo:
    organisation_id: int
    tariff_id: int
    tariff_name: str
    price: Decimal


def set_contract_price(
    store: Store, actor: Actor, organisation_id: int, tariff_id: int, price: Decimal | None
) -> list[ContractPriceInfo]:
    """Set (or with None remove) an organisation's price for a tariff; returns its contract."""
    require(actor, Permission.EDIT_CENTRE)
    if price is not None and not _is_money(price):
        raise ValidationError({"price": _("Enter a price in euros, 0 or more, for example 12.50.")})
    with store.write() as session:
        if session.get(Organisation, organisation_id) is None:
            raise NotFound(_("This organisation does not exist (any more)."))
        if session.get(Tariff, tariff_id) is None:
            raise NotFound(_("This tariff does not exist (any more)."))
        row = session.scalars(
            select(ContractPrice).where(
                ContractPrice.organisation_id == organisation_id,
                ContractPrice.tariff_id == tariff_id,
            )
        ).first()
        if price is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                ContractPrice(organisation_id=organisation_id, tariff_id=tariff_id, price=price)
            )
        else:
            row.price = price
        audit.record(
            session,
            actor,
            "set_contract_price",
            "organisation",
            organisation_id,
            {"tariff": tariff_id, "price": None if price is None else str(price)},
        )
        session.flush()
        return _contract(session, organisation_id)


def contract_prices(store: Store, organisation_id: int) -> list[ContractPriceInfo]:
    with store.read() as session:
        return _contract(session, organisation_id)


def _contract(session: Session, organisation_id: int) -> list[ContractPriceInfo]:
    rows = session.execute(
        select(ContractPrice, Tariff.name)
        .join(Tariff, ContractPrice.tariff_id == Tariff.id)
        .where(ContractPrice.organisation_id == organisation_id)
        .order_by(Tariff.position, Tariff.id)
    ).all()
    return [
        ContractPriceInfo(row.organisation_id, row.tariff_id, name, row.price) for row, name in rows
    ]


# -- who pays, and how much ------------------------------------------------------------------
@dataclass(frozen=True)
class PriceForMember:
    price: Decimal
    payer_organisation_id: int | None


def paying_organisation(member: Member) -> int | None:
    """The organisation that pays for this member's use, if any."""
    organisation = member.organisation
    pays = (
        member.billed_to_organisation
        and organisation is not None
        and organisation.pays_for_members
        and not organisation.archived
    )
    return organisation.id if pays and organisation is not None else None


def price_for_member(session: Session, member: Member, tariff: Tariff) -> PriceForMember:
    """The contract price when the organisation pays and has one, else member/non-member."""
    payer = paying_organisation(member)
    if payer is not None:
        contract = session.scalar(
            select(ContractPrice.price).where(
                ContractPrice.organisation_id == payer, ContractPrice.tariff_id == tariff.id
            )
        )
        if contract is not None:
            return PriceForMember(contract, payer)
    is_member = member.category is not MemberCategory.VISITOR
    return PriceForMember(tariff.member_price if is_member else tariff.non_member_price, payer)


# -- subscriptions -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SubscriptionInfo:
    id: int
    member_id: int
    tariff_id: int
    tariff_name: str
    kind: TariffKind
    desk_id: int | None
    desk_label: str | None
    starts_on: date
    ends_on: date | None
    monthly_price: Decimal
    payer_organisation_id: int | None

    def active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class SubscriptionResult:
    subscription: SubscriptionInfo
    changes: ChangeSet


def subscribe(
    store: Store,
    actor: Actor,
    member_id: int,
    tariff_id: int,
    starts_on: date,
    *,
    ends_on: date | None = None,
    desk_id: int | None = None,
) -> SubscriptionResult:
    """A monthly subscription; a fixed desk one keeps ``desk_id`` for the member."""
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        member = _member(session, member_id)
        tariff = session.get(Tariff, tariff_id)
        if tariff is None or not tariff.kind.is_subscription:
            raise ValidationError({"tariff": _("Choose a monthly subscription tariff.")})
        if ends_on is not None and ends_on < starts_on:
            raise ValidationError(
                {"ends_on": _("The subscription must end on or after the day it starts.")}
            )
        _refuse_overlap(session, member, starts_on, ends_on)
        desk = _fixed_desk(session, member, tariff, desk_id)
        price = price_for_member(session, member, tariff)
        subscription = Subscription(
            member_id=member.id,
            tariff_id=tariff.id,
            desk_id=desk.id if desk else None,
            starts_on=starts_on,
            ends_on=ends_on,
            monthly_price=price.price,
            vat_rate=tariff.vat_rate,
            payer_organisation_id=price.payer_organisation_id,
        )
        session.add(subscription)
        if desk is not None:
            desk.holder_id = member.id
        session.flush()
        audit.record(
            session,
            actor,
            "subscribe",
            "subscription",
            subscription.id,
            {
                "member": member.id,
                "tariff": tariff.id,
                "desk": subscription.desk_id,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            },
        )
        return SubscriptionResult(
            _subscription_info(session, subscription),
            changed(desks=[subscription.desk_id], members=[member.id]),
        )


def end_subscription(
    store: Store, actor: Actor, subscription_id: int, ends_on: date
) -> SubscriptionResult:
    """Set the last day; a fixed desk is given back once that day has passed."""
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        subscription = session.get(Subscription, subscription_id)
        if subscription is None:
            raise NotFound(_("This subscription does not exist (any more)."))
        if ends_on < subscription.starts_on:
            raise ValidationError(
                {"ends_on": _("The subscription must end on or after the day it starts.")}
            )
        subscription.ends_on = ends_on
        released = release_ended_fixed_desks(session, today())
        audit.record(
            session,
            actor,
            "end_subscription",
            "subscription",
            subscription.id,
            {"ends_on": ends_on.isoformat()},
        )
        return SubscriptionResult(
            _subscription_info(session, subscription),
            changed(desks=[subscription.desk_id, *released], members=[subscription.member_id]),
        )


def member_subscriptions(store: Store, member_id: int) -> list[SubscriptionInfo]:
    with store.read() as session:
        rows = session.scalars(
            select(Subscription)
            .where(Subscription.member_id == member_id)
            .order_by(Subscription.starts_on.desc(), Subscription.id.desc())
        ).all()
        return [_subscription_info(session, row) for row in rows]


def active_subscription(session: Session, member_id: int, day: date) -> Subscription | None:
    return session.scalars(
        select(Subscription)
        .where(
            Subscription.member_id == member_id,
            Subscription.starts_on <= day,
            or_(Subscription.ends_on.is_(None), Subscription.ends_on >= day),
        )
        .order_by(Subscription.starts_on)
        .limit(1)
    ).first()


def release_ended_fixed_desks(session: Session, day: date) -> list[int]:
    """Give back the fixed desks of subscriptions that ended before ``day``; their ids."""
    ended = session.scalars(
        select(Subscription).where(
            Subscription.desk_id.is_not(None),
            Subscription.ends_on.is_not(None),
            Subscription.ends_on < day,
        )
    ).all()
    released = []
    for subscription in ended:
        desk = session.get(Desk, subscription.desk_id)
        still_held = active_subscription(session, subscription.member_id, day)
        kept = still_held is not None and still_held.desk_id == subscription.desk_id
        if desk is not None and desk.holder_id == subscription.member_id and not kept:
            desk.holder_id = None
            released.append(desk.id)
    return released


def _refuse_overlap(
    session: Session, member: Member, starts_on: date, ends_on: date | None
) -> None:
    statement = select(Subscription).where(
        Subscription.member_id == member.id,
        or_(Subscription.ends_on.is_(None), Subscription.ends_on >= starts_on),
    )
    if ends_on is not None:
        statement = statement.where(Subscription.starts_on <= ends_on)
    clash = session.scalars(statement.limit(1)).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "{name} already has a subscription from {start} over these dates. End it "
                    "first, or start the new one after it."
                ).format(name=full_name(member), start=format_date(clash.starts_on))
            }
        )


def _fixed_desk(
    session: Session, member: Member, tariff: Tariff, desk_id: int | None
) -> Desk | None:
    if tariff.kind is not TariffKind.MONTHLY_FIXED:
        return None
    if desk_id is None:
        raise ValidationError({"desk": _("A fixed desk subscription needs its desk: choose one.")})
    desk = session.get(Desk, desk_id)
    if desk is None:
        raise NotFound(_("This desk does not exist (any more)."))
    if desk.out_of_service:
        raise ValidationError(
            {"desk": _("Desk {desk} is out of service. Choose another.").format(desk=desk.label)}
        )
    if desk.holder_id is not None and desk.holder_id != member.id:
        raise ValidationError(
            {
                "desk": _("Desk {desk} is already someone's fixed desk. Choose another.").format(
                    desk=desk.label
                )
            }
        )
    return desk


def _subscription_info(session: Session, subscription: Subscription) -> SubscriptionInfo:
    tariff = session.get_one(Tariff, subscription.tariff_id)
    desk = session.get(Desk, subscription.desk_id) if subscription.desk_id else None
    return SubscriptionInfo(
        id=subscription.id,
        member_id=subscription.member_id,
        tariff_id=tariff.id,
        tariff_name=tariff.name,
        kind=tariff.kind,
        desk_id=subscription.desk_id,
        desk_label=desk.label if desk else None,
        starts_on=subscription.starts_on,
        ends_on=subscription.ends_on,
        monthly_price=subscription.monthly_price,
        payer_organisation_id=subscription.payer_organisation_id,
    )


# -- carnets -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CarnetInfo:
    id: int
    member_id: int
    tariff_name: str
    units_total: int
    remaining_units: int
    purchased_on: date
    expires_on: date
    price: Decimal
    payer_organisation_id: int | None


@dataclass(frozen=True)
class CarnetResult:
    carnet: CarnetInfo
    changes: ChangeSet


def sell_carnet(
    store: Store,
    actor: Actor,
    member_id: int,
    tariff_id: int,
    *,
    purchased_on: date | None = None,
) -> CarnetResult:
    require(actor, Permission.MANAGE_MEMBERS)
    bought = purchased_on or today()
    with store.write() as session:
        member = _member(session, member_id)
        tariff = session.get(Tariff, tariff_id)
        if tariff is None or tariff.kind is not TariffKind.CARNET:
            raise ValidationError({"tariff": _("Choose a carnet tariff.")})
        price = price_for_member(session, member, tariff)
        validity = tariff.validity_days or DEFAULT_CARNET_VALIDITY_DAYS
        carnet = Carnet(
            member_id=member.id,
            tariff_id=tariff.id,
            units_total=tariff.units,
            remaining_units=tariff.units,
            purchased_on=bought,
            expires_on=bought + timedelta(days=validity),
            price=price.price,
            vat_rate=tariff.vat_rate,
            payer_organisation_id=price.payer_organisation_id,
        )
        session.add(carnet)
        session.flush()
        audit.record(
            session,
            actor,
            "sell_carnet",
            "carnet",
            carnet.id,
            {"member": member.id, "tariff": tariff.id, "units": tariff.units},
        )
        return CarnetResult(carnet_info(carnet, tariff.name), changed(members=[member.id]))


def member_carnets(store: Store, member_id: int) -> list[CarnetInfo]:
    with store.read() as session:
        rows = session.execute(
            select(Carnet, Tariff.name)
            .join(Tariff, Carnet.tariff_id == Tariff.id)
            .where(Carnet.member_id == member_id)
            .order_by(Carnet.expires_on, Carnet.id)
        ).all()
        return [carnet_info(carnet, name) for carnet, name in rows]


def usable_carnet(session: Session, member_id: int, day: date) -> Carnet | None:
    """The carnet to take units from: valid on ``day``, with units left, expiring first."""
    return session.scalars(
        select(Carnet)
        .where(
            Carnet.member_id == member_id,
            Carnet.remaining_units > 0,
            Carnet.purchased_on <= day,
            Carnet.expires_on >= day,
        )
        .order_by(Carnet.expires_on, Carnet.id)
        .limit(1)
    ).first()


def carnet_info(carnet: Carnet, tariff_name: str) -> CarnetInfo:
    return CarnetInfo(
        id=carnet.id,
        member_id=carnet.member_id,
        tariff_name=tariff_name,
        units_total=carnet.units_total,
        remaining_units=carnet.remaining_units,
        purchased_on=carnet.purchased_on,
        expires_on=carnet.expires_on,
        price=carnet.price,
        payer_organisation_id=carnet.payer_organisation_id,
    )


# -- a member's balance (the kiosk's welcome) ------------------------------------------------
@dataclass(frozen=True)
class MemberBalance:
    member_id: int
    first_name: str
    carnet_units: int  # half-days left on valid carnets
    carnet_expires_on: date | None  # of the carnet used next
    subscription: str | None  # name of today's subscription


def member_balance(store: Store, member_id: int, on: date | None = None) -> MemberBalance:
    day = on or today()
    with store.read() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(_("This member does not exist (any more)."))
        carnets = session.scalars(
            select(Carnet)
            .where(
                Carnet.member_id == member_id,
                Carnet.remaining_units > 0,
                Carnet.expires_on >= day,
            )
            .order_by(Carnet.expires_on, Carnet.id)
        ).all()
        subscription = active_subscription(session, member_id, day)
        subscription_name = None
        if subscription is not None:
            subscription_name = session.get_one(Tariff, subscription.tariff_id).name
        return MemberBalance(
            member_id=member.id,
            first_name=member.first_name or member.last_name,
            carnet_units=sum(c.remaining_units for c in carnets),
            carnet_expires_on=carnets[0].expires_on if carnets else None,
            subscription=subscription_name,
        )


# -- helpers -------------------------------------------------------------------------------------
def today() -> date:
    """Today in the centre's time zone."""
    return utc_now().astimezone(PARIS).date()


def full_name(member: Member) -> str:
    return f"{member.first_name} {member.last_name}".strip()


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This member does not exist (any more)."))
    if member.archived:
        raise ValidationError(
            {
                "member": _(
                    "{name} is archived. Restore them in the member directory first."
                ).format(name=full_name(member))
            }
        )
    return member


# -- what a sale would cost (shown in the dialogs before selling) ----------------------------
@dataclass(frozen=True)
class PriceQuote:
    price: Decimal
    payer_organisation_id: int | None
    payer_name: str  # the organisation that pays, or the member
    contract: bool  # the organisation's negotiated price, not the catalogue's


def quote_for_member(store: Store, member_id: int, tariff_id: int) -> PriceQuote:
    """What ``member_id`` would pay for ``tariff_id`` today, and who pays."""
    with store.read() as session:
        member = session.get(Member, member_id)
        tariff = session.get(Tariff, tariff_id)
        if member is None or tariff is None:
            raise NotFound(_("This member or tariff does not exist (any more)."))
        price = price_for_member(session, member, tariff)
        payer = (
            session.get(Organisation, price.payer_organisation_id)
            if price.payer_organisation_id is not None
            else None
        )
        contract = payer is not None and (
            session.scalar(
                select(ContractPrice.id).where(
                    ContractPrice.organisation_id == payer.id,
                    ContractPrice.tariff_id == tariff.id,
                )
            )
            is not None
        )
        return PriceQuote(
            price.price,
            price.payer_organisation_id,
            payer.name if payer is not None else full_name(member),
            contract,
        )
