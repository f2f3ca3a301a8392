"""A booking as the desk fills it in, and the checks and writes every booking use case
shares (single bookings in bookings.py, series in booking_series.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.contact import PhoneError, is_valid_email, normalise_phone
from telecentre_desk.domain.kinds import Equipment
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import (
    MAX_TITLE,
    BookingStatus,
    Interval,
    OrganiserKind,
    attendee_problems,
    check_call_problems,
    equipment_of,
    held_interval,
    time_problems,
)
from telecentre_desk.i18n import N_, _
from telecentre_desk.services.booking_billing import drop_booking_consumption
from telecentre_desk.services.booking_conflicts import BookingConflict, SlotCheck
from telecentre_desk.services.booking_queries import BookingInfo, GuestInfo
from telecentre_desk.services.booking_rooms import RoomBookingInfo, read_policy
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.storage.models import Booking, BookingGuest, Member, Organisation

MAX_GUESTS = 100
MAX_LINK = 500
MAX_NOTE = 2000
MAX_OVERRIDE = 300
_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)


class EditScope(StrEnum):
    """Which occurrences of a series a change applies to."""

    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"

    @property
    def label(self) -> str:
        return _(_SCOPE_LABELS[self])


_SCOPE_LABELS = {
    EditScope.THIS: N_("This occurrence only"),
    EditScope.FOLLOWING: N_("This one and the following ones"),
    EditScope.ALL: N_("All occurrences still to come"),
}


@dataclass(frozen=True)
class Organiser:
    """Who the booking is for: a member, an organisation, or an outside guest."""

    member_id: int | None = None
    organisation_id: int | None = None
    name: str = ""  # the guest, or the person who called for the organisation
    email: str = ""
    phone: str = ""

    @property
    def kind(self) -> OrganiserKind:
        if self.member_id is not None:
            return OrganiserKind.MEMBER
        if self.organisation_id is not None:
            return OrganiserKind.ORGANISATION
        return OrganiserKind.GUEST


@dataclass(frozen=True)
class BookingDraft:
    room_id: int
    starts_at: datetime
    ends_at: datetime
    organiser: Organiser
    title: str = ""
    attendees: int = 1
    status: BookingStatus = BookingStatus.CONFIRMED
    equipment: tuple[Equipment, ...] = ()
    meeting_link: str = ""
    guests: tuple[GuestInfo, ...] = ()
    volunteer_help: bool = False
    test_call_at: datetime | None = None
    note: str = ""
    # A manager's reason to book although the centre or room is closed then.
    closed_override: str = ""

    @property
    def interval(self) -> Interval:
        return Interval(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class BookingResult:
    booking: BookingInfo
    changes: ChangeSet
    # Series edits: every booking written or cancelled by the call.
    affected: tuple[int, ...] = ()


# -- checks and writes -------------------------------------------------------------------------
def clean_draft(
    session: Session,
    draft: BookingDraft,
    room: RoomBookingInfo,
    now: datetime,
    *,
    existing: Booking | None = None,
    series: bool = False,
) -> BookingDraft:
    """The draft with its text trimmed; ValidationError listing every problem."""
    draft = replace(
        draft,
        title=draft.title.strip(),
        meeting_link=draft.meeting_link.strip(),
        note=draft.note.strip(),
        closed_override=draft.closed_override.strip(),
        organiser=replace(
            draft.organiser,
            name=draft.organiser.name.strip(),
            email=draft.organiser.email.strip(),
            phone=draft.organiser.phone.strip(),
        ),
        guests=tuple(
            GuestInfo(g.name.strip(), g.email.strip(), g.remote)
            for g in draft.guests
            if g.name.strip() or g.email.strip()
        ),
    )
    problems: dict[str, str] = {}
    if not series:
        problems.update(time_problems(draft.starts_at, draft.ends_at, now))
    if not room.bookable:
        problems["room"] = _("{room} is not open to bookings. Choose another room.").format(
            room=room.name
        )
    if draft.status not in (BookingStatus.TENTATIVE, BookingStatus.CONFIRMED):
        unchanged = existing is not None and existing.status is draft.status
        if not unchanged:
            problems["status"] = _("A new booking is tentative or confirmed.")
    if len(draft.title) > MAX_TITLE:
        problems["title"] = _("The title is too long ({most} characters at most).").format(
            most=MAX_TITLE
        )
    problems.update(attendee_problems(draft.attendees, room.capacity))
    missing = [item for item in draft.equipment if item not in room.equipment]
    if missing:
        problems["equipment"] = _("{room} has no {items}. Choose a room that has it.").format(
            room=room.name, items=", ".join(item.label.lower() for item in missing)
        )
    if draft.meeting_link and (
        len(draft.meeting_link) > MAX_LINK or not _LINK.match(draft.meeting_link)
    ):
        problems["meeting_link"] = _("Paste the whole meeting link, starting with https://.")
    if len(draft.note) > MAX_NOTE:
        problems["note"] = _("The note is too long ({most} characters at most).").format(
            most=MAX_NOTE
        )
    if len(draft.closed_override) > MAX_OVERRIDE:
        problems["closed_override"] = _(
            "Keep the reason short ({most} characters at most)."
        ).format(most=MAX_OVERRIDE)
    problems.update(check_call_problems(draft.test_call_at, draft.starts_at))
    problems.update(_guest_problems(draft.guests))
    draft, organiser_problems = _clean_organiser(session, draft)
    problems.update(organiser_problems)
    if problems:
        raise ValidationError(problems)
    return draft


def settle_closure(actor: Actor, draft: BookingDraft, check: SlotCheck) -> BookingDraft:
    """Raise BookingConflict unless the slot is free, or closed and overridden by a manager.

    The override reason is kept only when it was needed.
    """
    if check.collisions:
        raise BookingConflict(check)
    if check.closed is None:
        return replace(draft, closed_override="")
    if not draft.closed_override:
        raise BookingConflict(check)
    if not actor.can(Permission.EDIT_CENTRE):
        raise ValidationError(
            {
                "closed_override": _(
                    "Only a manager can book while the centre is closed. Ask a manager, or "
                    "choose a time when it is open."
                )
            }
        )
    return draft


def write_row(session: Session, row: Booking, draft: BookingDraft, room: RoomBookingInfo) -> None:
    held = held_interval(draft.interval, room.buffers, draft.test_call_at)
    row.room_id = room.id
    # In UTC from the start: what the call returns compares and subtracts as real time.
    row.starts_at = draft.starts_at.astimezone(UTC)
    row.ends_at = draft.ends_at.astimezone(UTC)
    row.held_from = held.start.astimezone(UTC)
    row.held_until = held.end.astimezone(UTC)
    row.title = draft.title
    row.status = draft.status
    row.member_id = draft.organiser.member_id
    row.organisation_id = draft.organiser.organisation_id
    row.contact_name = draft.organiser.name
    row.contact_email = draft.organiser.email
    row.contact_phone = draft.organiser.phone
    row.attendees = draft.attendees
    row.equipment = [item.value for item in draft.equipment]
    row.meeting_link = draft.meeting_link
    row.volunteer_help = draft.volunteer_help
    row.test_call_at = draft.test_call_at.astimezone(UTC) if draft.test_call_at else None
    row.note = draft.note
    row.closed_override = draft.closed_override
    if row.detached is None:
        row.detached = False
    if row.cancelled_late is None:
        row.cancelled_late = False


def replace_guests(session: Session, row: Booking, guests: Sequence[GuestInfo]) -> None:
    row.guests = [BookingGuest(name=g.name, email=g.email, remote=g.remote) for g in guests]


def cancel_row(session: Session, row: Booking, now: datetime) -> None:
    """Cancel ``row``: still billed when cancelled after the centre's cut-off."""
    late = now >= row.starts_at - read_policy(session).cutoff
    row.status = BookingStatus.CANCELLED
    row.cancelled_at = now
    row.cancelled_late = late
    row.updated_at = now
    if not late:
        drop_booking_consumption(session, row.id)
    session.flush()


def draft_of(session: Session, row: Booking) -> BookingDraft:
    """What the row holds, as a draft (to change one thing of it)."""
    guests = session.scalars(
        select(BookingGuest).where(BookingGuest.booking_id == row.id).order_by(BookingGuest.id)
    ).all()
    return BookingDraft(
        room_id=row.room_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        organiser=Organiser(
            row.member_id,
            row.organisation_id,
            row.contact_name,
            row.contact_email,
            row.contact_phone,
        ),
        title=row.title,
        attendees=row.attendees,
        status=row.status,
        equipment=equipment_of(row.equipment),
        meeting_link=row.meeting_link,
        guests=tuple(GuestInfo(g.name, g.email, g.remote) for g in guests),
        volunteer_help=row.volunteer_help,
        test_call_at=row.test_call_at,
        note=row.note,
        closed_override=row.closed_override,
    )


def audit_of(draft: BookingDraft) -> dict[str, object]:
    """What the audit log keeps of a booking: times, room, organiser ids, no contact data."""
    return {
        "room": draft.room_id,
        "start": draft.starts_at.isoformat(),
        "end": draft.ends_at.isoformat(),
        "status": draft.status.value,
        "member": draft.organiser.member_id,
        "organisation": draft.organiser.organisation_id,
        "title": draft.title,
        "attendees": draft.attendees,
        "override": draft.closed_override,
    }


def changeable_row(session: Session, booking_id: int) -> Booking:
    row = row_of(session, booking_id)
    if row.status is BookingStatus.CANCELLED:
        raise ValidationError(
            {"status": _("This booking is cancelled: it cannot be changed. Book again instead.")}
        )
    return row


def row_of(session: Session, booking_id: int) -> Booking:
    row = session.get(Booking, booking_id)
    if row is None:
        raise NotFound(_("This booking does not exist (any more). Press F5 to refresh."))
    return row


def changes_of(row: Booking, draft: BookingDraft) -> ChangeSet:
    return changed(rooms=[row.room_id], members=[draft.organiser.member_id])


def _guest_problems(guests: Sequence[GuestInfo]) -> dict[str, str]:
    if len(guests) > MAX_GUESTS:
        return {"guests": _("Invite at most {most} people.").format(most=MAX_GUESTS)}
    for guest in guests:
        if not guest.name:
            return {"guests": _("Give each participant a name.")}
        if guest.email and not is_valid_email(guest.email):
            return {
                "guests": _(
                    "The e-mail of {name} is not valid: check it or leave it empty."
                ).format(name=guest.name)
            }
    return {}


def _clean_organiser(session: Session, draft: BookingDraft) -> tuple[BookingDraft, dict[str, str]]:
    organiser = draft.organiser
    if organiser.member_id is not None and organiser.organisation_id is not None:
        raise ValueError("a booking is for a member or an organisation, not both")
    problems: dict[str, str] = {}
    if organiser.member_id is not None:
        member = session.get(Member, organiser.member_id)
        if member is None:
            problems["organiser"] = _("This member does not exist (any more). Search again.")
        elif member.archived:
            problems["organiser"] = _(
                "{name} is archived. Restore them in the member directory first."
            ).format(name=f"{member.first_name} {member.last_name}".strip())
    elif organiser.organisation_id is not None:
        organisation = session.get(Organisation, organiser.organisation_id)
        if organisation is None:
            problems["organiser"] = _("This organisation does not exist (any more).")
        elif organisation.archived:
            problems["organiser"] = _(
                "{name} is archived. Restore it first, or choose another organisation."
            ).format(name=organisation.name)
    elif not organiser.name:
        problems["organiser"] = _(
            "Say who the booking is for: a member, an organisation, or an outside guest's name."
        )
    elif not organiser.email and not organiser.phone:
        problems["contact"] = _(
            "Give a phone number or an e-mail for the guest, to reach them if something changes."
        )
    if len(organiser.name) > 200:
        problems["organiser"] = _("This name is too long (200 characters at most).")
    if organiser.email and not is_valid_email(organiser.email):
        problems["contact"] = _(
            "This e-mail address is not valid. Check it, for example marie.dupont@example.fr."
        )
    phone = organiser.phone
    if phone:
        try:
            phone = normalise_phone(phone)
        except PhoneError:
            problems["contact"] = _(
                "This phone number is not valid. Write it as 06 12 34 56 78 or +33 6 12 34 56 78."
            )
    return replace(draft, organiser=replace(organiser, phone=phone)), problems
