"""Gathering a period's figures from the database as plain rows, ready for the bundle.

Everything here is a read; nothing personal is returned: members appear as
counts, and visitors from other centres as keyed pseudonyms of their network id.
Presences still open are not counted (their length is not known yet), so that
two exports of the same period give the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import Equipment, MemberCategory, RoomKind
from telecentre_desk.domain.opening_hours import WeeklyHours, from_json
from telecentre_desk.i18n import PARIS
from telecentre_desk.network import schemas
from telecentre_desk.network.calendar import french_public_holidays, osm_opening_hours
from telecentre_desk.network.clearing import ClearingTariff, clear_visit
from telecentre_desk.network.period import Period
from telecentre_desk.network.pseudonyms import normalise_member_id, pseudonym
from telecentre_desk.services.network_gather_rooms import revenue_rows, room_use_rows
from telecentre_desk.storage.models import Centre, Desk, Member, Presence, Room

Row = dict[str, Any]
_HOURS = Decimal("0.01")


@dataclass(frozen=True)
class GatheredPeriod:
    tables: dict[str, list[Row]]
    suppressed_cells: int  # counts of 1 to 4 people left empty
    visits_without_id: int  # visitors whose network id is unknown (empty pseudonym)
    open_presences_skipped: int


@dataclass(frozen=True)
class _Stay:
    member_id: int
    start: datetime
    end: datetime
    home_centre: str | None  # None: a member of this centre
    network_id: str | None
    category: MemberCategory


def gather_period(
    session: Session,
    centre_code: str,
    period: Period,
    tariff: ClearingTariff | None,
    secret: bytes | None,
) -> GatheredPeriod:
    """Every resource's rows for ``period``; without ``tariff`` or ``secret`` (a preview
    before setup) amounts or pseudonyms are left empty."""
    start_utc, end_utc = utc_bounds(period)
    centre = session.get_one(Centre, 1)
    hours = from_json(centre.opening_hours)
    stays = _stays(session, centre_code, start_utc, end_utc)
    open_skipped = session.scalar(
        select(func.count())
        .select_from(Presence)
        .where(Presence.ended_at.is_(None), Presence.started_at < end_utc)
    )
    desks = _desks_in_service(session)
    members, suppressed_members = members_by_category_rows(session, stays, end_utc)
    visits, without_id = network_visit_rows(stays, period, tariff, secret)
    tables = {
        "centre": [_centre_row(session, centre, centre_code, desks, hours)],
        "occupancy": occupancy_rows(stays, period, hours, desks),
        "network_visits": visits,
        "room_use": room_use_rows(session, period, centre_code),
        "revenue": revenue_rows(session, period),
        "members_by_category": members,
    }
    return GatheredPeriod(tables, suppressed_members, without_id, open_skipped or 0)


def utc_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as UTC instants: from its first local midnight to the one after its end."""
    return paris_midnight(period.start), paris_midnight(period.end + timedelta(days=1))


def paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)


def _stays(session: Session, own_code: str, start: datetime, end: datetime) -> list[_Stay]:
    rows = session.execute(
        select(
            Presence.member_id,
            Presence.started_at,
            Presence.ended_at,
            Member.home_centre_code,
            Member.network_member_id,
            Member.category,
        )
        .join(Member, Member.id == Presence.member_id)
        .where(
            Presence.ended_at.is_not(None),
            Presence.started_at < end,
            Presence.ended_at > start,
        )
        .order_by(Presence.started_at, Presence.id)
    ).all()
    stays: list[_Stay] = []
    for member_id, started, ended, home, network_id, category in rows:
        assert ended is not None
        foreign = home if home and home != own_code else None
        stays.append(_Stay(member_id, started, ended, foreign, network_id, category))
    return stays


def _desks_in_service(session: Session) -> int:
    count = session.scalar(select(func.count()).select_from(Desk).where(~Desk.out_of_service))
    return count or 0


def _centre_row(session: Session, centre: Centre, code: str, desks: int, hours: WeeklyHours) -> Row:
    rooms = session.execute(select(Room.kind, Room.equipment)).all()
    by_kind: dict[RoomKind, int] = defaultdict(int)
    services: set[str] = set()
    visio = 0
    for kind, equipment in rooms:
        by_kind[kind] += 1
        services.update(equipment or ())
        if kind is RoomKind.VISIO_ROOM or Equipment.VISIO_SYSTEM.value in (equipment or ()):
            visio += 1
    return {
        "centre_code": code,
        "name": centre.name,
        "insee_code": centre.insee_code,
        "desks": desks,
        "rooms_open_space": by_kind[RoomKind.OPEN_SPACE],
        "rooms_office": by_kind[RoomKind.OFFICE],
        "rooms_meeting": by_kind[RoomKind.MEETING_ROOM],
        "rooms_visio": by_kind[RoomKind.VISIO_ROOM],
        "rooms_lounge": by_kind[RoomKind.LOUNGE],
        "visio_rooms": visio,
        "opening_hours": osm_opening_hours(hours),
        "services": ";".join(sorted(services)),
    }


def occupancy_rows(
    stays: Iterable[_Stay], period: Period, hours: WeeklyHours, desks: int
) -> list[Row]:
    """One row per day: open/closed, people, desk-hours used and available, peak."""
    days = list(period.days())
    bounds = {day: (paris_midnight(day), paris_midnight(day + timedelta(days=1))) for day in days}
    seconds: dict[date, int] = defaultdict(int)
    people: dict[date, set[int]] = defaultdict(set)
    events: dict[date, list[tuple[datetime, int]]] = defaultdict(list)
    for stay in stays:
        day = max(stay.start.astimezone(PARIS).date(), period.start)
        last = min(stay.end.astimezone(PARIS).date(), period.end)
        while day <= last:
            day_start, day_end = bounds[day]
            start, end = max(stay.start, day_start), min(stay.end, day_end)
            if end > start or (end == start == stay.start):
                seconds[day] += (end - start) // timedelta(seconds=1)
                people[day].add(stay.member_id)
                events[day] += ((start, 1), (end, -1))
            day += timedelta(days=1)
    holidays = {
        holiday for year in {d.year for d in days} for holiday in french_public_holidays(year)
    }
    rows: list[Row] = []
    for day in days:
        spans = hours.get(day.weekday(), [])
        holiday = day in holidays
        is_open = bool(spans) and not holiday
        reason = "" if is_open else ("public_holiday" if holiday and spans else "weekly_closing")
        opening_minutes = sum(_minutes(end) - _minutes(start) for start, end in spans)
        available = Decimal(desks * opening_minutes) / 60 if is_open else Decimal(0)
        rows.append(
            {
                "date": day,
                "open": is_open,
                "closed_reason": reason,
                "unique_visitors": len(people[day]),
                "desk_hours_used": (Decimal(seconds[day]) / 3600).quantize(_HOURS, ROUND_HALF_UP),
                "desk_hours_available": available.quantize(_HOURS, ROUND_HALF_UP),
                "peak": _peak(events[day]),
            }
        )
    return rows


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _peak(events: list[tuple[datetime, int]]) -> int:
    """Most intervals open at one instant; a departure at 10:00 frees the place for an
    arrival at 10:00 (departures are counted first)."""
    peak = current = 0
    for _moment, step in sorted(events):
        current += step
        peak = max(peak, current)
    return peak


def network_visit_rows(
    stays: Iterable[_Stay], period: Period, tariff: ClearingTariff | None, secret: bytes | None
) -> tuple[list[Row], int]:
    """Visits by members of other centres that began in the period, and how many lack an id."""
    rows: list[Row] = []
    without_id = 0
    for stay in stays:
        day = stay.start.astimezone(PARIS).date()
        if stay.home_centre is None or day not in period:
            continue
        minutes = (stay.end - stay.start) // timedelta(minutes=1)
        network_id = normalise_member_id(stay.network_id or "")
        if not network_id:
            without_id += 1
        cleared = clear_visit(tariff, minutes) if tariff else None
        rows.append(
            {
                "pseudonym": _pseudonym(secret, network_id),
                "home_centre_code": stay.home_centre,
                "date": day,
                "duration_minutes": minutes,
                "tariff": cleared.unit if cleared else None,
                "quantity": cleared.quantity if cleared else None,
                "amount_due": cleared.amount if cleared else None,
            }
        )
    rows.sort(key=_visit_order)
    return rows, without_id


def _pseudonym(secret: bytes | None, network_id: str) -> str | None:
    """Empty for a visitor whose id is unknown; None in a preview without the secret."""
    if not network_id:
        return ""
    return pseudonym(secret, network_id) if secret else None


def _visit_order(row: Row) -> tuple[date, str, str, int]:
    return (row["date"], row["home_centre_code"], row["pseudonym"] or "", row["duration_minutes"])


def members_by_category_rows(
    session: Session, stays: Iterable[_Stay], end_utc: datetime
) -> tuple[list[Row], int]:
    """The centre's own members by category, registered and present; counts of 1 to 4 people
    are left empty. Returns the rows and how many cells were suppressed."""
    registered = dict(
        session.execute(
            select(Member.category, func.count())
            .where(
                ~Member.archived,
                Member.home_centre_code.is_(None),
                Member.created_at < end_utc,
            )
            .group_by(Member.category)
        ).all()
    )
    present: dict[MemberCategory, set[int]] = defaultdict(set)
    for stay in stays:
        if stay.home_centre is None:
            present[stay.category].add(stay.member_id)
    rows: list[Row] = []
    suppressed = 0
    for value in schemas.CATEGORIES:
        category = MemberCategory(value)
        counts = (registered.get(category, 0), len(present[category]))
        published = [schemas.suppress(count) for count in counts]
        hidden = sum(1 for count, shown in zip(counts, published, strict=True) if shown != count)
        suppressed += hidden
        rows.append(
            {
                "category": value,
                "registered_members": published[0],
                "members_present": published[1],
                "suppressed": hidden > 0,
            }
        )
    return rows, suppressed
