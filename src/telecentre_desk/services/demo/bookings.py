"""The demo's room bookings: this week and the next in the visio and meeting rooms.

Relative to ``now`` (the moment of generation), like the demo's offers, so the
calendar opens on a believable week whenever the demo is made; the same seed
and the same ``now`` give the same rows. There are the rooms' tariffs and
buffers, a weekly series (the Tuesday call with a company's head office), a
monthly committee, teleconsultations and training sessions, one tentative
booking, one cancelled late, and a no-show earlier in the week. Every booking
records what it consumes, as the desk's own bookings do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import Equipment, MemberCategory, RoomKind
from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import (
    BookingStatus,
    Buffers,
    Frequency,
    Interval,
    held_interval,
)
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import PARIS
from telecentre_desk.services.booking_billing import record_booking_consumption
from telecentre_desk.storage.models import (
    Booking,
    BookingGuest,
    BookingSeries,
    Member,
    Organisation,
    Room,
    RoomBookingSettings,
    User,
)
from telecentre_desk.storage.offer_models import Tariff
from telecentre_desk.storage.types import utc_now

# Room rental prices of a village tiers-lieu (net, no VAT): per hour and per half-day.
VISIO_PRICES = {TariffKind.HOUR: ("15.00", "25.00"), TariffKind.HALF_DAY: ("45.00", "70.00")}
MEETING_PRICES = {TariffKind.HOUR: ("12.00", "20.00"), TariffKind.HALF_DAY: ("35.00", "55.00")}
_VISIO_KIT = (Equipment.VISIO_SYSTEM, Equipment.WEBCAM, Equipment.SPEAKERPHONE)


@dataclass(frozen=True)
class _Slot:
    weekday: int  # 0 = Monday
    start: time
    end: time
    title: str
    visio: bool  # in the visio room (else the meeting room)
    attendees: int
    organiser: str  # "member", "organisation" or "guest"
    volunteer: bool = False
    link: bool = False


# One ordinary week; the second week repeats it with a few changes.
WEEK: tuple[_Slot, ...] = (
    _Slot(0, time(9, 30), time(10, 30), "Téléconsultation", True, 1, "member", link=True),
    _Slot(0, time(14, 0), time(17, 0), "Formation bureautique", False, 8, "organisation"),
    _Slot(
        1,
        time(11, 0),
        time(12, 0),
        "Entretien d'embauche en visio",
        True,
        2,
        "guest",
        volunteer=True,
        link=True,
    ),
    _Slot(
        1, time(14, 0), time(16, 0), "Atelier numérique seniors", False, 6, "guest", volunteer=True
    ),
    _Slot(
        2,
        time(10, 0),
        time(11, 30),
        "Webinaire CCI Seine-et-Marne",
        True,
        4,
        "organisation",
        link=True,
    ),
    _Slot(2, time(16, 0), time(17, 0), "Rendez-vous France Travail", True, 1, "member", link=True),
    _Slot(3, time(9, 0), time(12, 30), "Réunion d'équipe", False, 7, "organisation"),
    _Slot(3, time(14, 30), time(15, 30), "Téléconsultation", True, 1, "member", link=True),
    _Slot(4, time(10, 0), time(11, 0), "Point client", True, 3, "member", link=True),
    _Slot(4, time(13, 30), time(15, 0), "Permanence association", False, 4, "guest"),
)
GUESTS = (
    ("Nathalie Girard", "06 99 12 34 01", "Association Brie Solidaire"),
    ("Thomas Royer", "06 99 12 34 02", ""),
    ("Isabelle Marchand", "06 99 12 34 03", "Club des aînés de Rozay"),
)


def add_demo_bookings(session: Session, seed: int, now: datetime | None = None) -> int:
    """Fill this week's and next week's bookings (inside the demo's transaction)."""
    rng = random.Random(f"bookings-{seed}")
    moment = (now or utc_now()).astimezone(UTC).replace(microsecond=0)
    monday = moment.astimezone(PARIS).date()
    monday -= timedelta(days=monday.weekday())
    rooms = _bookable_rooms(session)
    if not rooms:
        return 0
    visio, meeting = rooms[RoomKind.VISIO_ROOM], rooms.get(RoomKind.MEETING_ROOM)
    _settings(session, visio, Buffers.of_minutes(10, 10), VISIO_PRICES, "Salle visio")
    if meeting is not None:
        _settings(session, meeting, Buffers.of_minutes(0, 15), MEETING_PRICES, "Salle de réunion")
    people = _people(session)
    maker = _Maker(session, rng, moment, people)
    for week in (0, 1):
        for index, slot in enumerate(WEEK):
            if week == 1 and index % 4 == 3:
                continue  # the second week is a little quieter
            room = visio if slot.visio or meeting is None else meeting
            day = monday + timedelta(days=7 * week + slot.weekday)
            maker.single(room, day, slot, week, index)
    maker.weekly_call(visio, monday + timedelta(days=1))
    if meeting is not None:
        maker.monthly_committee(meeting, monday)
    session.flush()
    return int(session.scalar(select(func.count()).select_from(Booking)) or 0)


@dataclass(frozen=True)
class _People:
    members: list[Member]
    organisations: list[Organisation]
    creator: int | None


class _Maker:
    def __init__(
        self, session: Session, rng: random.Random, now: datetime, people: _People
    ) -> None:
        self.session, self.rng, self.now, self.people = session, rng, now, people

    def single(self, room: Room, day: date, slot: _Slot, week: int, index: int) -> None:
        interval = _at(day, slot.start, slot.end)
        status = BookingStatus.CONFIRMED
        if week == 1 and index == 5:
            status = BookingStatus.TENTATIVE
        booking = self._booking(room, interval, slot.title, slot.attendees, status)
        self._organiser(booking, slot.organiser)
        booking.volunteer_help = slot.volunteer
        if slot.visio:
            booking.equipment = [item.value for item in _VISIO_KIT]
        if slot.link:
            booking.meeting_link = f"https://visio.example/{self.rng.randrange(10**6):06d}"
            if slot.volunteer:  # a first-time visio: the volunteer tests the call first
                booking.test_call_at = interval.start - timedelta(minutes=30)
        self._hold(booking, room)
        self.session.add(booking)
        self.session.flush()
        if slot.link:
            booking.guests = [BookingGuest(name="Participant à distance", email="", remote=True)]
        if week == 0 and index == 7:
            booking.status = BookingStatus.CANCELLED  # called off the same morning: billed
            booking.cancelled_at = interval.start - timedelta(hours=3)
            booking.cancelled_late = True
        elif interval.end <= self.now and index == 2:
            booking.status = BookingStatus.NO_SHOW
        record_booking_consumption(self.session, booking)

    def weekly_call(self, room: Room, first: date) -> None:
        """Every Tuesday at 08:30 for two months: a company's call with its head office."""
        rule = Recurrence(Frequency.WEEKLY, first, time(8, 30), time(9, 15), count=8)
        organisation = self.people.organisations[0] if self.people.organisations else None
        self._series(room, rule, "Point hebdo avec le siège", 3, organisation)

    def monthly_committee(self, room: Room, monday: date) -> None:
        """The last Thursday of each month: the centre's steering committee."""
        thursday = monday + timedelta(days=3)
        while (thursday + timedelta(days=7)).month == thursday.month:
            thursday += timedelta(days=7)
        rule = Recurrence(
            Frequency.MONTHLY, thursday, time(17, 30), time(19, 0), count=6, last_weekday=True
        )
        self._series(room, rule, "Comité de pilotage du tiers-lieu", 9, None)

    def _series(
        self,
        room: Room,
        rule: Recurrence,
        title: str,
        attendees: int,
        organisation: Organisation | None,
    ) -> None:
        series = BookingSeries(room_id=room.id, created_by=self.people.creator, created_at=self.now)
        series.frequency = rule.frequency
        series.interval = rule.interval
        series.first_date = rule.first_date
        series.start_time = rule.start_time
        series.end_time = rule.end_time
        series.until = rule.until
        series.count = rule.count
        series.last_weekday = rule.last_weekday
        self.session.add(series)
        self.session.flush()
        for occurrence in rule.occurrences():
            if self._taken(room, occurrence.interval):
                continue  # a demo never double-books: the date is simply not booked
            booking = self._booking(
                room, occurrence.interval, title, attendees, BookingStatus.CONFIRMED
            )
            booking.series_id = series.id
            booking.occurrence_date = occurrence.on
            if organisation is not None:
                booking.organisation_id = organisation.id
                booking.contact_name = "Secrétariat"
            else:
                booking.contact_name = "Bureau de l'association"
                booking.contact_phone = "01 99 00 77 54"
                booking.closed_override = "Réunion du soir, clés confiées à la présidente"
            if room.kind is RoomKind.VISIO_ROOM:
                booking.equipment = [item.value for item in _VISIO_KIT]
            self._hold(booking, room)
            self.session.add(booking)
            self.session.flush()
            record_booking_consumption(self.session, booking)

    def _booking(
        self, room: Room, interval: Interval, title: str, attendees: int, status: BookingStatus
    ) -> Booking:
        return Booking(
            room_id=room.id,
            starts_at=interval.start,
            ends_at=interval.end,
            title=title,
            status=status,
            attendees=min(attendees, room.capacity or attendees),
            equipment=[],
            detached=False,
            cancelled_late=False,
            created_by=self.people.creator,
            created_at=self.now - timedelta(days=10),
            updated_at=self.now - timedelta(days=10),
        )

    def _organiser(self, booking: Booking, kind: str) -> None:
        if kind == "member" and self.people.members:
            booking.member_id = self.rng.choice(self.people.members).id
        elif kind == "organisation" and self.people.organisations:
            booking.organisation_id = self.rng.choice(self.people.organisations).id
            booking.contact_name = "Accueil de l'entreprise"
        else:
            name, phone, _company = self.rng.choice(GUESTS)
            booking.contact_name = name
            booking.contact_phone = phone

    def _hold(self, booking: Booking, room: Room) -> None:
        settings = self.session.get(RoomBookingSettings, room.id)
        buffers = (
            Buffers.of_minutes(settings.setup_minutes, settings.cleanup_minutes)
            if settings
            else Buffers()
        )
        held = held_interval(
            Interval(booking.starts_at, booking.ends_at), buffers, booking.test_call_at
        )
        booking.held_from, booking.held_until = held.start, held.end

    def _taken(self, room: Room, interval: Interval) -> bool:
        return (
            self.session.scalar(
                select(Booking.id).where(
                    Booking.room_id == room.id,
                    Booking.starts_at < interval.end,
                    Booking.ends_at > interval.start,
                )
            )
            is not None
        )


def _bookable_rooms(session: Session) -> dict[RoomKind, Room]:
    rooms: dict[RoomKind, Room] = {}
    for room in session.scalars(select(Room).order_by(Room.id)):
        if room.kind in (RoomKind.VISIO_ROOM, RoomKind.MEETING_ROOM):
            rooms.setdefault(room.kind, room)
    return rooms if RoomKind.VISIO_ROOM in rooms else {}


def _settings(
    session: Session,
    room: Room,
    buffers: Buffers,
    prices: dict[TariffKind, tuple[str, str]],
    label: str,
) -> None:
    last = session.scalar(select(func.max(Tariff.position))) or 0
    tariffs: dict[TariffKind, int] = {}
    for offset, (kind, (member, non_member)) in enumerate(prices.items(), start=1):
        tariff = Tariff(
            kind=kind,
            name=f"{label} — {'heure' if kind is TariffKind.HOUR else 'demi-journée'}",
            member_price=Decimal(member),
            non_member_price=Decimal(non_member),
            vat_rate=Decimal(0),
            units=1,
            active=True,
            position=last + offset,
        )
        session.add(tariff)
        session.flush()
        tariffs[kind] = tariff.id
    session.add(
        RoomBookingSettings(
            room_id=room.id,
            bookable=True,
            setup_minutes=int(buffers.setup.total_seconds() // 60),
            cleanup_minutes=int(buffers.cleanup.total_seconds() // 60),
            hour_tariff_id=tariffs.get(TariffKind.HOUR),
            half_day_tariff_id=tariffs.get(TariffKind.HALF_DAY),
        )
    )
    session.flush()


def _people(session: Session) -> _People:
    members = list(
        session.scalars(
            select(Member)
            .where(~Member.archived, Member.category != MemberCategory.VISITOR)
            .order_by(Member.id)
            .limit(30)
        )
    )
    organisations = list(
        session.scalars(
            select(Organisation).where(~Organisation.archived).order_by(Organisation.id)
        )
    )
    creator = session.scalar(select(User.id).where(User.login == "accueil"))
    return _People(members, organisations, creator)


def _at(day: date, start: time, end: time) -> Interval:
    return Interval(
        datetime.combine(day, start, tzinfo=PARIS).astimezone(UTC),
        datetime.combine(day, end, tzinfo=PARIS).astimezone(UTC),
    )
