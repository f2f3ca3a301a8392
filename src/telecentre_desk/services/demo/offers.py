"""The demo's offers and recent life: tariffs, contracts, subscriptions, carnets, presences.

Prices are those of a village tiers-lieu under "franchise en base" (no VAT).
Dates are relative to ``now`` (by default the moment of generation), so the
carnets are valid and the subscriptions current whenever the demo is made; the
same seed and the same ``now`` always give the same rows. Past presences since the
first of last month (with what they consumed) let the "usual desk" suggestion, the
reports and a billing run of last month show something. Nobody is "here now": tests
and screens start from an empty room whatever the hour.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.closing_time import closing_moment
from telecentre_desk.domain.kinds import DeskKind, MemberCategory, PresenceSource
from telecentre_desk.domain.opening_hours import from_json
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import PARIS
from telecentre_desk.services.consumption import record_consumption
from telecentre_desk.services.offers import price_for_member
from telecentre_desk.storage.models import (
    Centre,
    Desk,
    Member,
    Organisation,
    Presence,
    ShiftNote,
    User,
)
from telecentre_desk.storage.offer_models import Carnet, ContractPrice, Subscription, Tariff
from telecentre_desk.storage.types import utc_now

HISTORY_WORKING_DAYS = 10


@dataclass(frozen=True)
class TariffSpec:
    kind: TariffKind
    name: str
    member_price: str
    non_member_price: str
    units: int = 1
    validity_days: int | None = None


CATALOGUE: tuple[TariffSpec, ...] = (
    TariffSpec(TariffKind.HOUR, "Heure", "4.00", "5.00"),
    TariffSpec(TariffKind.HALF_DAY, "Demi-journée", "10.00", "12.00"),
    TariffSpec(TariffKind.DAY, "Journée", "16.00", "20.00"),
    TariffSpec(TariffKind.CARNET, "Carnet de 10 demi-journées", "85.00", "100.00", 10, 365),
    TariffSpec(TariffKind.MONTHLY_FLEX, "Abonnement poste flexible", "150.00", "180.00"),
    TariffSpec(TariffKind.MONTHLY_FIXED, "Abonnement poste fixe", "220.00", "250.00"),
)
# What the first organisations that pay for their people negotiated (net, per unit).
CONTRACTS: tuple[dict[TariffKind, str], ...] = (
    {TariffKind.HALF_DAY: "8.50", TariffKind.DAY: "14.00"},
    {TariffKind.DAY: "15.00", TariffKind.MONTHLY_FLEX: "135.00"},
)
CARNET_BALANCES = (7, 3, 10, 1, 5, 8)
NOTES = (
    (
        "accueil",
        timedelta(days=1, hours=3),
        "Le vidéoprojecteur de la salle de réunion ne s'allume plus : j'ai appelé le "
        "dépanneur, il passe jeudi matin. En attendant, proposez la salle visio.",
    ),
    (
        "benevole",
        timedelta(hours=20),
        "Plus de café en réserve. Les clés du local vélo sont dans le tiroir de l'accueil.",
    ),
)


def add_offers_and_presences(session: Session, seed: int, now: datetime | None = None) -> None:
    """Fill the demo's offers and recent presences (inside the demo's transaction)."""
    rng = random.Random(f"offers-{seed}")
    moment = (now or utc_now()).astimezone(UTC).replace(microsecond=0)
    today = moment.astimezone(PARIS).date()
    tariffs = _add_catalogue(session)
    _add_contracts(session, tariffs)
    members = list(session.scalars(select(Member).where(~Member.archived).order_by(Member.id)))
    regulars = [m for m in members if m.category is not MemberCategory.VISITOR]
    rng.shuffle(regulars)
    _add_subscriptions(session, rng, regulars, tariffs, today)
    _add_carnets(session, regulars, tariffs, today)
    users = {user.login: user.id for user in session.scalars(select(User))}
    _add_history(session, rng, regulars, users, moment)
    _add_notes(session, users, moment)


def _add_catalogue(session: Session) -> dict[TariffKind, Tariff]:
    tariffs = {}
    for position, spec in enumerate(CATALOGUE, start=1):
        tariff = Tariff(
            kind=spec.kind,
            name=spec.name,
            member_price=Decimal(spec.member_price),
            non_member_price=Decimal(spec.non_member_price),
            vat_rate=Decimal(0),
            units=spec.units,
            validity_days=spec.validity_days,
            active=True,
            position=position,
        )
        session.add(tariff)
        tariffs[spec.kind] = tariff
    session.flush()
    return tariffs


def _add_contracts(session: Session, tariffs: dict[TariffKind, Tariff]) -> None:
    payers = session.scalars(
        select(Organisation).where(Organisation.pays_for_members).order_by(Organisation.id)
    ).all()
    for organisation, prices in zip(payers, CONTRACTS, strict=False):
        for kind, price in prices.items():
            session.add(
                ContractPrice(
                    organisation_id=organisation.id,
                    tariff_id=tariffs[kind].id,
                    price=Decimal(price),
                )
            )
    # Their employees' use is billed to them.
    for member in session.scalars(
        select(Member).where(Member.organisation_id.in_([o.id for o in payers[:2]]))
    ):
        member.billed_to_organisation = True
    session.flush()


def _add_subscriptions(
    session: Session,
    rng: random.Random,
    regulars: list[Member],
    tariffs: dict[TariffKind, Tariff],
    today: date,
) -> None:
    """A few flexible desks, and a fixed desk for each free fixed desk of the layout (up to 4)."""
    fixed_desks = session.scalars(
        select(Desk)
        .where(Desk.kind == DeskKind.FIXED_DESK, Desk.holder_id.is_(None), ~Desk.out_of_service)
        .order_by(Desk.id)
        .limit(4)
    ).all()
    flex_count = max(2, len(regulars) // 25)
    chosen = regulars[: flex_count + len(fixed_desks)]
    for index, member in enumerate(chosen):
        desk = fixed_desks[index] if index < len(fixed_desks) else None
        tariff = tariffs[TariffKind.MONTHLY_FIXED if desk else TariffKind.MONTHLY_FLEX]
        price = price_for_member(session, member, tariff)
        months_ago = rng.randint(1, 14)
        session.add(
            Subscription(
                member_id=member.id,
                tariff_id=tariff.id,
                desk_id=desk.id if desk else None,
                starts_on=(today - timedelta(days=30 * months_ago)).replace(day=1),
                ends_on=None,
                monthly_price=price.price,
                vat_rate=tariff.vat_rate,
                payer_organisation_id=price.payer_organisation_id,
            )
        )
        if desk is not None:
            desk.holder_id = member.id
    session.flush()


def _add_carnets(
    session: Session, regulars: list[Member], tariffs: dict[TariffKind, Tariff], today: date
) -> None:
    tariff = tariffs[TariffKind.CARNET]
    first = max(2, len(regulars) // 25) + 4  # after the subscribers
    for offset, remaining in enumerate(CARNET_BALANCES):
        member = regulars[(first + offset) % len(regulars)]
        bought = today - timedelta(days=20 + 15 * offset)
        price = price_for_member(session, member, tariff)
        session.add(
            Carnet(
                member_id=member.id,
                tariff_id=tariff.id,
                units_total=tariff.units,
                remaining_units=remaining,
                purchased_on=bought,
                expires_on=bought + timedelta(days=tariff.validity_days or 365),
                price=price.price,
                vat_rate=tariff.vat_rate,
                payer_organisation_id=price.payer_organisation_id,
            )
        )
    session.flush()


def _add_history(
    session: Session,
    rng: random.Random,
    regulars: list[Member],
    users: dict[str, int],
    moment: datetime,
) -> None:
    """The last working days before today, with their presences."""
    centre = session.get_one(Centre, 1)
    hours = from_json(centre.opening_hours)
    desks = session.scalars(
        select(Desk)
        .where(~Desk.out_of_service, Desk.kind != DeskKind.OFFICE_SEAT)
        .order_by(Desk.id)
    ).all()
    held: dict[int | None, int] = {d.holder_id: d.id for d in desks if d.holder_id is not None}
    free_desks = [desk.id for desk in desks if desk.holder_id is None]
    daily = max(4, min(len(free_desks) // 2, len(regulars) // 4))
    pool = regulars[: daily * 2]
    usual = {member.id: rng.choice(free_desks) for member in pool} if free_desks else {}
    entered_by = users.get("accueil") or next(iter(users.values()))
    day = moment.astimezone(PARIS).date()
    days: list[date] = []
    while len(days) < HISTORY_WORKING_DAYS:
        day -= timedelta(days=1)
        if hours.get(day.weekday()):
            days.append(day)
    for past in reversed(days):
        _add_day(session, rng, past, hours, pool, daily, usual, held, entered_by)
    # Older days, back to the first of last month, so that a billing run of last month
    # has use to bill; from their own random stream, so the recent days stay as they were,
    # and quieter (recording what each presence consumes is what makes the demo slow).
    since = (moment.astimezone(PARIS).date().replace(day=1) - timedelta(days=1)).replace(day=1)
    older: list[date] = []
    while day > since:
        day -= timedelta(days=1)
        if hours.get(day.weekday()):
            older.append(day)
    older_rng = random.Random(rng.getrandbits(64))
    for past in reversed(older):
        _add_day(session, older_rng, past, hours, pool, max(2, daily // 3), usual, held, entered_by)


def _add_day(
    session: Session,
    rng: random.Random,
    day: date,
    hours: dict[int, list[tuple[time, time]]],
    pool: list[Member],
    count: int,
    usual: dict[int, int],
    held: dict[int | None, int],
    entered_by: int,
) -> None:
    opening = min(start for start, _end in hours[day.weekday()])
    opens = datetime.combine(day, opening, tzinfo=PARIS).astimezone(UTC)
    closes = closing_moment(opens, hours, PARIS)
    taken: set[int] = set()
    for member in rng.sample(pool, min(count, len(pool))):
        arrival = opens + timedelta(minutes=rng.randrange(0, 150, 5))
        stay = timedelta(minutes=rng.choice((90, 150, 200, 240, 330, 420, 480)))
        departure = min(arrival + stay, closes)
        desk = held.get(member.id) or usual.get(member.id)
        if desk in taken:
            desk = None
        if desk is not None:
            taken.add(desk)
        presence = Presence(
            member_id=member.id,
            desk_id=desk,
            started_at=arrival,
            ended_at=departure,
            source=PresenceSource.DESK,
            entered_by=entered_by,
            needs_review=False,
            note="",
            company="",
        )
        session.add(presence)
        session.flush()
        record_consumption(session, presence)


def _add_notes(session: Session, users: dict[str, int], moment: datetime) -> None:
    for login, ago, text in NOTES:
        if login in users:
            session.add(ShiftNote(author_id=users[login], written_at=moment - ago, text=text))
    session.flush()
