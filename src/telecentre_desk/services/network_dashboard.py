"""Coordinator mode: the network's dashboard, from the imported bundles only.

Occupancy per centre and month, the visits between centres (who visited whom),
visio and meeting room use, and revenue. Every figure is a sum of what the centres
published: suppressed cells (1 to 4 people) stay out of the sums, and the rows they
came from are counted so the screen can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from telecentre_desk.domain.roles import Permission
from telecentre_desk.network.period import Period
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.store import Store
from telecentre_desk.storage.network_models import (
    NetworkBundle,
    NetworkOccupancyDay,
    NetworkRevenue,
    NetworkRoomUse,
    NetworkVisit,
)

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class CentreInfo:
    code: str
    name: str
    periods: tuple[str, ...]  # the periods imported, in order


@dataclass(frozen=True)
class OccupancyMonth:
    centre_code: str
    month: date  # first day
    open_days: int
    visitor_days: int  # sum over the days of the different people present
    desk_hours_used: Decimal
    desk_hours_available: Decimal
    peak: int

    @property
    def rate(self) -> Decimal | None:
        """Desk-hours used over available, in percent (None when nothing was available)."""
        if not self.desk_hours_available:
            return None
        return (self.desk_hours_used * 100 / self.desk_hours_available).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class VisitFlow:
    home_centre_code: str  # the visitor's centre, which owes
    host_centre_code: str  # the centre visited, which is owed
    visits: int
    minutes: int
    amount_due: Decimal


@dataclass(frozen=True)
class RoomUseMonth:
    centre_code: str
    month: date
    room_kind: str  # meeting_room or visio_room
    hours_booked: Decimal
    bookings: int
    cancellations: int
    no_shows: int
    suppressed_rows: int


@dataclass(frozen=True)
class RevenueMonth:
    centre_code: str
    month: date
    net_amount: Decimal
    vat_amount: Decimal
    invoices: int
    credit_notes: int
    suppressed_rows: int


@dataclass(frozen=True)
class Dashboard:
    period: Period | None  # None: everything imported
    centres: tuple[CentreInfo, ...]
    occupancy: tuple[OccupancyMonth, ...]
    visits: tuple[VisitFlow, ...]
    room_use: tuple[RoomUseMonth, ...]
    revenue: tuple[RevenueMonth, ...]

    def matrix_codes(self) -> tuple[str, ...]:
        """Every centre of the visits matrix: those imported and those visitors came from."""
        codes = {c.code for c in self.centres}
        codes.update(f.home_centre_code for f in self.visits)
        return tuple(sorted(codes))

    def flow(self, home: str, host: str) -> VisitFlow | None:
        return next(
            (f for f in self.visits if f.home_centre_code == home and f.host_centre_code == host),
            None,
        )


def network_dashboard(store: Store, actor: Actor, period: Period | None = None) -> Dashboard:
    require(actor, Permission.EXPORT_NETWORK)
    with store.read() as session:
        return Dashboard(
            period=period,
            centres=_centres(session),
            occupancy=_occupancy(session, period),
            visits=visit_flows(session, period),
            room_use=_room_use(session, period),
            revenue=_revenue(session, period),
        )


def _within(column: Any, period: Period | None) -> list[ColumnElement[bool]]:
    if period is None:
        return []
    return [column >= period.start, column <= period.end]


def _month(column: Any) -> Any:
    return func.substr(column, 1, 7)  # dates are stored as ISO text: YYYY-MM


def _first_day(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def _money(value: object) -> Decimal:
    """A SQLite sum (float or int) as Decimal to the cent; the inputs had two decimals."""
    return Decimal(str(value or 0)).quantize(CENTS)


def _centres(session: Session) -> tuple[CentreInfo, ...]:
    rows = session.execute(
        select(
            NetworkBundle.centre_code, NetworkBundle.centre_name, NetworkBundle.period_label
        ).order_by(NetworkBundle.centre_code, NetworkBundle.period_start)
    ).all()
    names: dict[str, str] = {}
    periods: dict[str, list[str]] = {}
    for code, name, label in rows:
        names[code] = name
        periods.setdefault(code, []).append(label)
    return tuple(CentreInfo(code, names[code], tuple(periods[code])) for code in names)


def _occupancy(session: Session, period: Period | None) -> tuple[OccupancyMonth, ...]:
    day = NetworkOccupancyDay
    month = _month(day.day)
    rows = session.execute(
        select(
            day.centre_code,
            month,
            func.sum(day.open, type_=Integer),
            func.sum(day.unique_visitors),
            func.sum(day.desk_hours_used),
            func.sum(day.desk_hours_available),
            func.max(day.peak),
        )
        .where(*_within(day.day, period))
        .group_by(day.centre_code, month)
        .order_by(day.centre_code, month)
    ).all()
    return tuple(
        OccupancyMonth(
            code, _first_day(text), int(opened or 0), int(visitors or 0),
            _money(used), _money(available), int(peak or 0),
        )
        for code, text, opened, visitors, used, available, peak in rows
    )  # fmt: skip


def visit_flows(session: Session, period: Period | None) -> tuple[VisitFlow, ...]:
    """Visits and amounts due, by home centre and host centre (shared with the clearing)."""
    visit = NetworkVisit
    rows = session.execute(
        select(
            visit.home_centre_code,
            visit.host_centre_code,
            func.count(),
            func.sum(visit.duration_minutes),
            func.sum(visit.amount_due),
        )
        .where(*_within(visit.day, period))
        .group_by(visit.home_centre_code, visit.host_centre_code)
        .order_by(visit.home_centre_code, visit.host_centre_code)
    ).all()
    return tuple(
        VisitFlow(home, host, int(count), int(minutes or 0), _money(amount))
        for home, host, count, minutes, amount in rows
    )


def _room_use(session: Session, period: Period | None) -> tuple[RoomUseMonth, ...]:
    use = NetworkRoomUse
    month = _month(use.day)
    rows = session.execute(
        select(
            use.centre_code,
            month,
            use.room_kind,
            func.sum(use.hours_booked),
            func.sum(use.bookings),
            func.sum(use.cancellations),
            func.sum(use.no_shows),
            func.sum(use.suppressed, type_=Integer),
        )
        .where(*_within(use.day, period))
        .group_by(use.centre_code, month, use.room_kind)
        .order_by(use.centre_code, month, use.room_kind)
    ).all()
    return tuple(
        RoomUseMonth(
            code, _first_day(text), kind, _money(hours), int(bookings or 0),
            int(cancelled or 0), int(no_shows or 0), int(suppressed or 0),
        )
        for code, text, kind, hours, bookings, cancelled, no_shows, suppressed in rows
    )  # fmt: skip


def _revenue(session: Session, period: Period | None) -> tuple[RevenueMonth, ...]:
    revenue = NetworkRevenue
    month = _month(revenue.month)
    rows = session.execute(
        select(
            revenue.centre_code,
            month,
            func.sum(revenue.net_amount),
            func.sum(revenue.vat_amount),
            func.sum(revenue.invoices),
            func.sum(revenue.credit_notes),
            func.sum(revenue.suppressed, type_=Integer),
        )
        .where(*_within(revenue.month, period))
        .group_by(revenue.centre_code, month)
        .order_by(revenue.centre_code, month)
    ).all()
    return tuple(
        RevenueMonth(
            code, _first_day(text), _money(net), _money(vat), int(invoices or 0),
            int(credits or 0), int(suppressed or 0),
        )
        for code, text, net, vat, invoices, credits, suppressed in rows
    )  # fmt: skip


def month_label(month: date) -> str:
    return f"{month.year}-{month.month:02d}"
