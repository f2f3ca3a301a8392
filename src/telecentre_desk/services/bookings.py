"""Booking rooms: book, change (move, resize, edit), cancel, confirm, record a no-show.

Each use case is one ``store.write()`` transaction: the checks, the conflict
check and the write happen under the same write lock, so two PCs can never
book one slot twice. Bad input raises ValidationError (one message per field)
and stores nothing; a taken or closed slot raises BookingConflict with the
booking in the way and the nearest free slots. Changing one occurrence of a
series, or it and the following ones, or all of them: see booking_series.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.booking_billing import record_booking_consumption
from telecentre_desk.services.booking_conflicts import BookingConflict, check_in_session
from telecentre_desk.services.booking_drafts import (
    BookingDraft,
    BookingResult,
    EditScope,
    Organiser,
    audit_of,
    cancel_row,
    changeable_row,
    changes_of,
    clean_draft,
    draft_of,
    replace_guests,
    row_of,
    settle_closure,
    write_row,
)
from telecentre_desk.services.booking_queries import GuestInfo, booking_info
from telecentre_desk.services.booking_rooms import read_room
from telecentre_desk.services.booking_series import cancel_series, rewrite_series
from telecentre_desk.services.changes import changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Booking
from telecentre_desk.storage.types import utc_now

__all__ = [
    "BookingConflict",
    "BookingDraft",
    "BookingResult",
    "EditScope",
    "GuestInfo",
    "Organiser",
    "book",
    "cancel_booking",
    "move_booking",
    "set_status",
    "update_booking",
]


# -- booking -----------------------------------------------------------------------------------
def book(store: Store, actor: Actor, draft: BookingDraft) -> BookingResult:
    """Book a room once; refused with BookingConflict when the slot is taken or closed."""
    require(actor, Permission.BOOK_ROOMS)
    now = utc_now()
    with store.write() as session:
        room = read_room(session, draft.room_id)
        draft = clean_draft(session, draft, room, now)
        check = check_in_session(
            session,
            room,
            draft.interval,
            test_call_at=draft.test_call_at,
            attendees=draft.attendees,
            now=now,
        )
        draft = settle_closure(actor, draft, check)
        row = Booking(created_by=actor.user_id, created_at=now)
        write_row(session, row, draft, room)
        session.add(row)
        session.flush()
        replace_guests(session, row, draft.guests)
        record_booking_consumption(session, row)
        audit.record(session, actor, "book", "booking", row.id, audit_of(draft))
        return BookingResult(booking_info(session, row.id), changes_of(row, draft))


def update_booking(
    store: Store,
    actor: Actor,
    booking_id: int,
    draft: BookingDraft,
    scope: EditScope = EditScope.THIS,
) -> BookingResult:
    """Change a booking (its time, room, organiser or details); a series by ``scope``."""
    require(actor, Permission.BOOK_ROOMS)
    now = utc_now()
    with store.write() as session:
        row = changeable_row(session, booking_id)
        if row.series_id is not None and scope is not EditScope.THIS:
            return rewrite_series(session, actor, row, draft, scope, now=now)
        return _update_one(session, actor, row, draft, now)


def move_booking(
    store: Store,
    actor: Actor,
    booking_id: int,
    room_id: int,
    starts_at: datetime,
    ends_at: datetime,
    scope: EditScope = EditScope.THIS,
) -> BookingResult:
    """Drag and drop, or resize: the same booking in ``room_id`` from ``starts_at`` to
    ``ends_at``."""
    require(actor, Permission.BOOK_ROOMS)
    now = utc_now()
    with store.write() as session:
        row = changeable_row(session, booking_id)
        draft = replace(
            draft_of(session, row), room_id=room_id, starts_at=starts_at, ends_at=ends_at
        )
        if row.test_call_at is not None:  # the test call keeps its distance to the start
            draft = replace(draft, test_call_at=row.test_call_at + (starts_at - row.starts_at))
        if row.series_id is not None and scope is not EditScope.THIS:
            return rewrite_series(session, actor, row, draft, scope, now=now)
        return _update_one(session, actor, row, draft, now)


def _update_one(
    session: Session, actor: Actor, row: Booking, draft: BookingDraft, now: datetime
) -> BookingResult:
    room = read_room(session, draft.room_id)
    draft = clean_draft(session, draft, room, now, existing=row)
    check = check_in_session(
        session,
        room,
        draft.interval,
        exclude=(row.id,),
        test_call_at=draft.test_call_at,
        attendees=draft.attendees,
        now=now,
    )
    draft = settle_closure(actor, draft, check)
    before = audit_of(draft_of(session, row))
    previous_room = row.room_id
    moved = (row.room_id, row.starts_at, row.ends_at) != (
        draft.room_id,
        draft.starts_at,
        draft.ends_at,
    )
    write_row(session, row, draft, room)
    if row.series_id is not None and (moved or before != audit_of(draft)):
        row.detached = True  # differs from its series now: an override in iCalendar
    row.updated_at = now
    replace_guests(session, row, draft.guests)
    session.flush()
    record_booking_consumption(session, row)
    audit.record(
        session,
        actor,
        "update_booking",
        "booking",
        row.id,
        {"before": before, "after": audit_of(draft)},
    )
    changes = changes_of(row, draft) | changed(rooms=[previous_room])
    return BookingResult(booking_info(session, row.id), changes)


# -- status changes ----------------------------------------------------------------------------
def cancel_booking(
    store: Store,
    actor: Actor,
    booking_id: int,
    scope: EditScope = EditScope.THIS,
) -> BookingResult:
    """Cancel a booking (or its series by ``scope``). Before the centre's cut-off nothing is
    billed; after it, the booking stays billable (``cancelled_late``)."""
    require(actor, Permission.BOOK_ROOMS)
    now = utc_now()
    with store.write() as session:
        row = row_of(session, booking_id)
        if row.series_id is not None and scope is not EditScope.THIS:
            return cancel_series(session, actor, row, scope, now=now)
        if row.status is BookingStatus.CANCELLED:
            raise ValidationError({"status": _("This booking is already cancelled.")})
        if row.ends_at <= now:
            raise ValidationError(
                {
                    "status": _(
                        "This booking is over: it cannot be cancelled any more. If nobody "
                        "came, record a no-show instead."
                    )
                }
            )
        cancel_row(session, row, now)
        audit.record(
            session, actor, "cancel_booking", "booking", row.id, {"late": row.cancelled_late}
        )
        return BookingResult(
            booking_info(session, row.id), changed(rooms=[row.room_id], members=[row.member_id])
        )


def set_status(store: Store, actor: Actor, booking_id: int, status: BookingStatus) -> BookingResult:
    """Confirm a tentative booking, put a confirmed one back to tentative, or record that
    nobody came (a no-show, once the booking has started: it stays billed)."""
    require(actor, Permission.BOOK_ROOMS)
    now = utc_now()
    with store.write() as session:
        row = row_of(session, booking_id)
        if status is BookingStatus.CANCELLED:
            raise ValueError("use cancel_booking() to cancel")
        if row.status is BookingStatus.CANCELLED:
            raise ValidationError(
                {"status": _("This booking is cancelled. Book the room again instead.")}
            )
        if status is BookingStatus.NO_SHOW and row.starts_at > now:
            raise ValidationError(
                {"status": _("The booking has not started yet: nobody can have missed it.")}
            )
        previous = row.status
        row.status = status
        row.updated_at = now
        session.flush()
        if previous is BookingStatus.NO_SHOW or status is BookingStatus.NO_SHOW:
            record_booking_consumption(session, row)  # a no-show is billed as booked
        audit.record(
            session,
            actor,
            "booking_status",
            "booking",
            row.id,
            {"from": previous.value, "to": status.value},
        )
        return BookingResult(booking_info(session, row.id), changed(rooms=[row.room_id]))
