"""Repeating bookings: preview the dates, book the series, change or cancel "this
occurrence", "this and the following ones" or "all".

Every occurrence is a booking row (so the conflict check, the calendar and the
billing treat it like any booking); the series keeps the rule and the skipped
dates. Before saving, the preview lists the dates that fall on a public
holiday, a closure or another booking: the user skips them (or a manager books
a closed date anyway, with a reason). Saving re-checks every date under the
write lock and stores nothing if one is still in the way.

Changing "the following" (or "all") occurrences never rewrites the past: the
series is cut the day before the first changed date and a new series carries
the change; occurrences already started stay as they were. Cancelled
occurrences in the changed range leave the series (they stay in the calendar,
and billed when cancelled late) and their dates become skipped dates.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.centre_calendar import CentreCalendar, ClosedKind
from telecentre_desk.domain.recurrence import Occurrence, Recurrence
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import (
    MAX_LENGTH,
    BookingStatus,
    Interval,
    is_sensible_date,
    sensible_date_message,
    time_problems,
)
from telecentre_desk.i18n import PARIS, _, format_date, ngettext
from telecentre_desk.services import audit
from telecentre_desk.services.booking_billing import (
    drop_booking_consumption,
    record_booking_consumption,
)
from telecentre_desk.services.booking_conflicts import SlotCheck, check_in_session
from telecentre_desk.services.booking_drafts import (
    BookingDraft,
    BookingResult,
    EditScope,
    audit_of,
    cancel_row,
    changeable_row,
    clean_draft,
    replace_guests,
    write_row,
)
from telecentre_desk.services.booking_queries import (
    BookingInfo,
    SeriesInfo,
    booking_info,
    read_series,
    recurrence_of,
)
from telecentre_desk.services.booking_rooms import RoomBookingInfo, read_calendar, read_room
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Booking, BookingSeries, SeriesException
from telecentre_desk.storage.types import utc_now


@dataclass(frozen=True)
class OccurrenceCheck:
    """One date of a series and what stands in its way (nothing when ``free``)."""

    on: date
    check: SlotCheck

    @property
    def interval(self) -> Interval:
        return self.check.wanted

    @property
    def free(self) -> bool:
        return self.check.free

    @property
    def holiday(self) -> str | None:
        closed = self.check.closed
        return closed.reason if closed and closed.kind is ClosedKind.HOLIDAY else None

    @property
    def only_closed(self) -> bool:
        """Closed but not taken: a manager may book it anyway, with a reason."""
        return not self.check.collisions and self.check.closed is not None

    def problem(self) -> str:
        return self.check.message()


@dataclass(frozen=True)
class SeriesPreview:
    recurrence: Recurrence
    occurrences: tuple[OccurrenceCheck, ...]
    skipped: tuple[date, ...]

    @property
    def problems(self) -> tuple[OccurrenceCheck, ...]:
        return tuple(o for o in self.occurrences if not o.free)


class SeriesConflict(ServiceError):
    """Some dates of the series are taken or closed: ``preview`` lists them all."""

    def __init__(self, preview: SeriesPreview) -> None:
        self.preview = preview
        problems = preview.problems
        listed = ", ".join(format_date(o.on) for o in problems[:5])
        super().__init__(
            ngettext(
                "{count} date of this series is taken or closed ({dates}). Skip it, or "
                "change the time.",
                "{count} dates of this series are taken or closed ({dates}). Skip them, or "
                "change the time.",
                len(problems),
            ).format(count=len(problems), dates=listed)
        )


@dataclass(frozen=True)
class SeriesResult:
    series: SeriesInfo
    bookings: tuple[BookingInfo, ...]
    changes: ChangeSet


# -- creating ----------------------------------------------------------------------------------
def preview_series(
    store: Store, draft: BookingDraft, recurrence: Recurrence, *, skip: Collection[date] = ()
) -> SeriesPreview:
    """The series' dates and what is in the way of each (read-only; nothing is stored)."""
    now = utc_now()
    with store.read() as session:
        room = read_room(session, draft.room_id)
        occurrences = _occurrences(recurrence, skip, now)
        return _preview(session, room, draft, recurrence, occurrences, skip, now)


def book_series(
    store: Store,
    actor: Actor,
    draft: BookingDraft,
    recurrence: Recurrence,
    *,
    skip: Collection[date] = (),
) -> SeriesResult:
    """Book every date of ``recurrence`` but the ``skip`` ones, or nothing at all."""
    require(actor, Permission.BOOK_ROOMS)
    now = utc_now()
    with store.write() as session:
        room = read_room(session, draft.room_id)
        occurrences = _occurrences(recurrence, skip, now)
        draft = _first_draft(session, draft, room, occurrences[0], now)
        preview = _preview(session, room, draft, recurrence, occurrences, skip, now)
        _refuse_unresolved(actor, draft, preview)
        series = BookingSeries(room_id=room.id, created_by=actor.user_id, created_at=now)
        _set_rule(series, recurrence)
        series.exceptions = [
            SeriesException(on_date=day) for day in sorted(set(skip) & set(recurrence.dates()))
        ]
        session.add(series)
        session.flush()
        rows = _insert(session, actor, series, room, draft, preview, now)
        audit.record(
            session,
            actor,
            "book_series",
            "booking_series",
            series.id,
            {**audit_of(draft), "rule": recurrence.describe(), "bookings": len(rows)},
        )
        return SeriesResult(
            read_series(session, series.id),
            tuple(booking_info(session, row.id) for row in rows),
            changed(rooms=[room.id], members=[draft.organiser.member_id]),
        )


# -- changing ----------------------------------------------------------------------------------
def edit_series(
    store: Store,
    actor: Actor,
    booking_id: int,
    draft: BookingDraft,
    scope: EditScope,
    recurrence: Recurrence | None = None,
    *,
    skip: Collection[date] = (),
) -> BookingResult:
    """Change the following (or all) occurrences from ``booking_id``'s, and possibly the
    rule itself (how often, until when)."""
    require(actor, Permission.BOOK_ROOMS)
    with store.write() as session:
        row = changeable_row(session, booking_id)
        if row.series_id is None:
            raise ValidationError({"scope": _("This booking does not repeat.")})
        return rewrite_series(
            session, actor, row, draft, scope, now=utc_now(), recurrence=recurrence, skip=skip
        )


def rewrite_series(
    session: Session,
    actor: Actor,
    row: Booking,
    draft: BookingDraft,
    scope: EditScope,
    *,
    now: datetime,
    recurrence: Recurrence | None = None,
    skip: Collection[date] = (),
) -> BookingResult:
    """Apply ``draft`` to ``row``'s occurrence and the following ones (or all still to come)."""
    assert row.series_id is not None and row.occurrence_date is not None
    series = session.get_one(BookingSeries, row.series_id)
    old_rule = recurrence_of(series)
    if row.starts_at <= now:
        raise ValidationError(
            {
                "scope": _(
                    "This occurrence has already started: change it alone (“this occurrence "
                    "only”), or open a later one to change the following ones."
                )
            }
        )
    start, end = draft.starts_at.astimezone(PARIS), draft.ends_at.astimezone(PARIS)
    if end.date() != start.date() or end.time() <= start.time():
        raise ValidationError({"end": _("A repeating booking starts and ends on the same day.")})
    shift = start.date() - row.occurrence_date
    from_date = row.occurrence_date
    if scope is EditScope.ALL:
        from_date = _first_not_started(old_rule, now) or row.occurrence_date
    new_rule = _new_rule(old_rule, recurrence, from_date + shift, start.time(), end.time(), shift)
    problems = new_rule.problems()
    if problems:
        raise ValidationError(problems)
    carried = _release_from(session, series, from_date, shift)
    if from_date <= series.first_date:
        target = series
    else:
        _cut(series, from_date)
        target = BookingSeries(room_id=draft.room_id, created_by=actor.user_id, created_at=now)
        session.add(target)
    _set_rule(target, new_rule)
    target.room_id = draft.room_id
    skipped = (carried | set(skip)) & set(new_rule.dates())
    target.exceptions = [SeriesException(on_date=day) for day in sorted(skipped)]
    session.flush()

    room = read_room(session, draft.room_id)
    occurrences = _occurrences(new_rule, skipped, now)
    draft = _first_draft(session, draft, room, occurrences[0], now, existing=row)
    preview = _preview(session, room, draft, new_rule, occurrences, skipped, now)
    _refuse_unresolved(actor, draft, preview)
    rows = _insert(session, actor, target, room, draft, preview, now)
    audit.record(
        session,
        actor,
        "edit_series",
        "booking_series",
        target.id,
        {**audit_of(draft), "scope": scope.value, "from": from_date.isoformat()},
    )
    edited = next((r for r in rows if r.occurrence_date == row.occurrence_date + shift), rows[0])
    rooms = {series.room_id, room.id}
    return BookingResult(
        booking_info(session, edited.id),
        changed(rooms=list(rooms), members=[draft.organiser.member_id]),
        tuple(r.id for r in rows),
    )


def cancel_series(
    session: Session, actor: Actor, row: Booking, scope: EditScope, *, now: datetime
) -> BookingResult:
    """Cancel ``row``'s occurrence and the following ones (or all still to come)."""
    assert row.series_id is not None and row.occurrence_date is not None
    series = session.get_one(BookingSeries, row.series_id)
    from_date = row.occurrence_date
    if scope is EditScope.ALL:
        from_date = _first_not_started(recurrence_of(series), now) or row.occurrence_date
    rows = _series_rows(session, series.id, from_date)
    to_cancel = [r for r in rows if r.status is not BookingStatus.CANCELLED and r.starts_at > now]
    if not to_cancel:
        raise ValidationError(
            {"status": _("Nothing is left to cancel: these occurrences are over or cancelled.")}
        )
    for occurrence in to_cancel:
        cancel_row(session, occurrence, now)
    if from_date > series.first_date:
        _release_from(session, series, from_date, timedelta(0))
        _cut(series, from_date)
    session.flush()
    audit.record(
        session,
        actor,
        "cancel_series",
        "booking_series",
        series.id,
        {"scope": scope.value, "from": from_date.isoformat(), "bookings": len(to_cancel)},
    )
    return BookingResult(
        booking_info(session, row.id),
        changed(rooms=[series.room_id], members=[row.member_id]),
        tuple(r.id for r in to_cancel),
    )


# -- private -----------------------------------------------------------------------------------
def _occurrences(rule: Recurrence, skip: Collection[date], now: datetime) -> list[Occurrence]:
    problems = rule.problems()
    if problems:
        raise ValidationError(problems)
    occurrences = rule.occurrences(exceptions=skip)
    if not occurrences:
        raise ValidationError(
            {
                "until": _(
                    "This repetition gives no date at all: check the last date, the number "
                    "of times and the skipped dates."
                )
            }
        )
    last = occurrences[-1].interval
    if not is_sensible_date(last.start, now):
        raise ValidationError({"until": sensible_date_message()})
    problems = time_problems(occurrences[0].interval.start, occurrences[0].interval.end, now)
    if problems:
        raise ValidationError(problems)
    return occurrences


def _first_draft(
    session: Session,
    draft: BookingDraft,
    room: RoomBookingInfo,
    first: Occurrence,
    now: datetime,
    *,
    existing: Booking | None = None,
) -> BookingDraft:
    """The draft at the first occurrence's times (the test call keeps its distance)."""
    lead = draft.starts_at - draft.test_call_at if draft.test_call_at else None
    draft = replace(
        draft,
        starts_at=first.interval.start,
        ends_at=first.interval.end,
        test_call_at=first.interval.start - lead if lead is not None else None,
    )
    return clean_draft(session, draft, room, now, existing=existing, series=True)


def _preview(
    session: Session,
    room: RoomBookingInfo,
    draft: BookingDraft,
    rule: Recurrence,
    occurrences: list[Occurrence],
    skip: Collection[date],
    now: datetime,
) -> SeriesPreview:
    span = Interval(occurrences[0].interval.start - MAX_LENGTH, occurrences[-1].interval.end)
    calendar: CentreCalendar = read_calendar(session, span)
    lead = draft.starts_at - draft.test_call_at if draft.test_call_at else None
    checks = tuple(
        OccurrenceCheck(
            o.on,
            check_in_session(
                session,
                room,
                o.interval,
                calendar=calendar,
                suggest=False,
                now=now,
                test_call_at=o.interval.start - lead if lead is not None else None,
            ),
        )
        for o in occurrences
    )
    return SeriesPreview(rule, checks, tuple(sorted(skip)))


def _refuse_unresolved(actor: Actor, draft: BookingDraft, preview: SeriesPreview) -> None:
    override = bool(draft.closed_override) and actor.can(Permission.EDIT_CENTRE)
    unresolved = [o for o in preview.problems if not (o.only_closed and override)]
    if unresolved:
        raise SeriesConflict(preview)


def _insert(
    session: Session,
    actor: Actor,
    series: BookingSeries,
    room: RoomBookingInfo,
    draft: BookingDraft,
    preview: SeriesPreview,
    now: datetime,
) -> list[Booking]:
    lead = draft.starts_at - draft.test_call_at if draft.test_call_at else None
    rows: list[Booking] = []
    for occurrence in preview.occurrences:
        interval = occurrence.interval
        one = replace(
            draft,
            starts_at=interval.start,
            ends_at=interval.end,
            test_call_at=interval.start - lead if lead is not None else None,
            closed_override=draft.closed_override if not occurrence.free else "",
        )
        row = Booking(
            series_id=series.id,
            occurrence_date=occurrence.on,
            detached=False,
            created_by=actor.user_id,
            created_at=now,
        )
        write_row(session, row, one, room)
        session.add(row)
        rows.append(row)
    session.flush()
    for row in rows:
        replace_guests(session, row, draft.guests)
        record_booking_consumption(session, row)
    session.flush()
    return rows


def _set_rule(series: BookingSeries, rule: Recurrence) -> None:
    series.frequency = rule.frequency
    series.interval = rule.interval
    series.first_date = rule.first_date
    series.start_time = rule.start_time
    series.end_time = rule.end_time
    series.until = rule.until
    series.count = rule.count
    series.last_weekday = rule.last_weekday


def _new_rule(
    old: Recurrence,
    wanted: Recurrence | None,
    first_date: date,
    start: time,
    end: time,
    shift: timedelta,
) -> Recurrence:
    if wanted is not None:
        return replace(wanted, first_date=first_date, start_time=start, end_time=end)
    last = old.last_date() or old.first_date
    return replace(
        old, first_date=first_date, start_time=start, end_time=end, until=last + shift, count=None
    )


def _first_not_started(rule: Recurrence, now: datetime) -> date | None:
    return next((d for d in rule.dates() if rule.interval_on(d).start > now), None)


def _series_rows(session: Session, series_id: int, from_date: date) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.series_id == series_id, Booking.occurrence_date >= from_date)
            .order_by(Booking.occurrence_date)
        )
    )


def _release_from(
    session: Session, series: BookingSeries, from_date: date, shift: timedelta
) -> set[date]:
    """Take the occurrences from ``from_date`` out of the series: cancelled ones stay as
    single bookings, the others are removed (the caller writes them again). Returns the
    dates to skip from then on (skipped or cancelled before), moved by ``shift``."""
    carried = {e.on_date + shift for e in series.exceptions if e.on_date >= from_date}
    series.exceptions = [e for e in series.exceptions if e.on_date < from_date]
    for row in _series_rows(session, series.id, from_date):
        assert row.occurrence_date is not None
        if row.status is BookingStatus.CANCELLED:
            carried.add(row.occurrence_date + shift)
            row.series_id = None
            row.occurrence_date = None
            row.detached = True
        else:
            drop_booking_consumption(session, row.id)
            session.delete(row)
    session.flush()
    return carried


def _cut(series: BookingSeries, from_date: date) -> None:
    """End ``series`` the day before ``from_date``."""
    series.until = from_date - timedelta(days=1)
    series.count = None
