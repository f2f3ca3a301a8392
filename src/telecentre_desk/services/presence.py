"""Checking members in and out: the presence intervals the plan, billing and reports read.

A member has at most one open presence (a partial unique index backs this up,
so two PCs or a double scan give one presence). Closing a presence records
what it consumes in the same transaction (services/consumption.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from telecentre_desk.domain.badge_codes import is_garbage, normalise_badge
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.consumption import (
    ConsumptionInfo,
    consumption_info,
    record_consumption,
)
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.desk_choice import DeskOption, suggest_desk
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import AuditEvent, Desk, Member, Organisation, Presence
from telecentre_desk.storage.types import utc_now

# A second scan this soon after the first is the scanner (or a hand) repeating itself,
# not the member leaving: it changes nothing.
DOUBLE_SCAN_WINDOW = timedelta(seconds=10)


@dataclass(frozen=True)
class PresenceInfo:
    id: int
    member_id: int
    member_name: str
    organisation: str  # the member's organisation, or the company a walk-in came for
    desk_id: int | None
    desk_label: str | None
    started_at: datetime
    ended_at: datetime | None
    planned_end: datetime | None
    network_visitor: bool
    source: PresenceSource
    needs_review: bool
    tariff_id: int | None = None

    def duration(self, now: datetime | None = None) -> timedelta:
        """Real elapsed time, computed on UTC instants (DST changes do not count)."""
        end = self.ended_at or now or utc_now()
        return max(end - self.started_at, timedelta(0))


@dataclass(frozen=True)
class PresenceResult:
    presence: PresenceInfo
    changes: ChangeSet
    # check_in: the member was already here, nothing new was recorded.
    already_present: bool = False
    # The presence was closed by this call; what it consumed.
    checked_out: bool = False
    consumption: ConsumptionInfo | None = None
    # Checked in without a desk: the member's usual desk, if it is free.
    suggested_desk: DeskOption | None = None


@dataclass(frozen=True)
class BatchResult:
    """Several presences closed in one transaction."""

    closed: tuple[PresenceInfo, ...]
    changes: ChangeSet


class ScanOutcome(StrEnum):
    CHECKED_IN = "checked_in"
    CHECKED_OUT = "checked_out"
    ALREADY_HERE = "already_here"  # a double scan: nothing changed
    UNKNOWN_BADGE = "unknown_badge"


@dataclass(frozen=True)
class ScanResult:
    outcome: ScanOutcome
    code: str
    result: PresenceResult | None = None

    @property
    def changes(self) -> ChangeSet:
        return self.result.changes if self.result else ChangeSet()


# -- checking in and out ------------------------------------------------------------------
def check_in(
    store: Store,
    actor: Actor,
    member_id: int,
    *,
    desk_id: int | None = None,
    at: datetime | None = None,
    planned_end: datetime | None = None,
    source: PresenceSource = PresenceSource.DESK,
) -> PresenceResult:
    """Open a presence; a member already here gets their open presence back, unchanged."""
    require(actor, Permission.CHECK_IN)
    started = at or utc_now()
    try:
        with store.write() as session:
            member = _active(session, member_id)
            if _open_presence_id(session, member_id) is not None:
                current = _open_presence(session, member_id)
                assert current is not None
                return PresenceResult(presence_info(current), ChangeSet(), already_present=True)
            return open_presence(
                session,
                actor,
                member,
                desk_id=desk_id,
                started=started,
                planned_end=planned_end,
                source=source,
            )
    except IntegrityError:
        return _lost_race(store, member_id)


def check_out(
    store: Store, actor: Actor, member_id: int, *, at: datetime | None = None
) -> PresenceResult:
    require(actor, Permission.CHECK_IN)
    ended = at or utc_now()
    with store.write() as session:
        presence = _open_presence(session, member_id)
        if presence is None:
            member = session.get(Member, member_id)
            name = full_name(member) if member else str(member_id)
            raise NotFound(_("{name} is not checked in.").format(name=name))
        return close_presence(session, actor, presence, ended)


def toggle_presence(
    store: Store,
    actor: Actor,
    member_id: int,
    *,
    desk_id: int | None = None,
    source: PresenceSource = PresenceSource.DESK,
    at: datetime | None = None,
) -> PresenceResult:
    """Check in a member who is away, check out one who is here (the desk's Enter key).

    A repeat within DOUBLE_SCAN_WINDOW of the arrival changes nothing.
    """
    require(actor, Permission.CHECK_IN)
    now = at or utc_now()
    try:
        with store.write() as session:
            member = _active(session, member_id)
            return _toggle(session, actor, member, desk_id, source, now)
    except IntegrityError:
        return _lost_race(store, member_id)


def scan(
    store: Store,
    actor: Actor,
    code: str,
    *,
    source: PresenceSource = PresenceSource.DESK,
    at: datetime | None = None,
) -> ScanResult:
    """A badge code typed by a scanner: in if away, out if here; UNKNOWN_BADGE if no one has it.

    A member who holds a fixed desk is seated there at once when it is free.
    """
    require(actor, Permission.CHECK_IN)
    badge = normalise_badge(code)  # scanners end with Enter or Tab: not garbage
    if is_garbage(badge):
        raise ValidationError(
            {
                "code": _(
                    "The scanner sent something that is not a badge code. Scan the badge "
                    "again, or type the member's name."
                )
            }
        )
    now = at or utc_now()
    try:
        with store.write() as session:
            member = _member_by_badge(session, badge)
            if member is None:
                return ScanResult(ScanOutcome.UNKNOWN_BADGE, badge)
            if member.archived:
                raise ValidationError({"code": _archived_message(member.name)})
            result = _toggle(session, actor, member, None, source, now, seat_holder=True)
    except IntegrityError:
        with store.read() as session:
            member = _member_by_badge(session, badge)
        assert member is not None
        result = _lost_race(store, member.id)
    return ScanResult(_outcome(result), badge, result)


def check_out_members(
    store: Store, actor: Actor, member_ids: Iterable[int], *, at: datetime | None = None
) -> BatchResult:
    """Check out several members at once; those already gone are skipped."""
    require(actor, Permission.CHECK_IN)
    ended = at or utc_now()
    wanted = set(member_ids)
    with store.write() as session:
        open_rows = session.scalars(
            _with_details(
                select(Presence).where(Presence.ended_at.is_(None), Presence.member_id.in_(wanted))
            ).order_by(Presence.started_at, Presence.id)
        ).all()
        return _close_all(session, actor, open_rows, ended)


def check_out_everyone(store: Store, actor: Actor, *, at: datetime | None = None) -> BatchResult:
    """Closing time: everyone still here is checked out now."""
    require(actor, Permission.CHECK_IN)
    ended = at or utc_now()
    with store.write() as session:
        open_rows = session.scalars(
            _with_details(select(Presence).where(Presence.ended_at.is_(None))).order_by(
                Presence.started_at, Presence.id
            )
        ).all()
        return _close_all(session, actor, open_rows, ended)


def move_to_desk(store: Store, actor: Actor, member_id: int, desk_id: int | None) -> PresenceResult:
    """Seat a member who is here at another desk (or at none)."""
    require(actor, Permission.CHECK_IN)
    try:
        with store.write() as session:
            presence = _open_presence(session, member_id)
            if presence is None:
                raise NotFound(_("This member is not checked in."))
            previous = presence.desk_id
            if desk_id is not None and desk_id != previous:
                _check_desk_free(session, desk_id, presence.member_id)
            presence.desk_id = desk_id
            session.flush()
            audit.record(
                session,
                actor,
                "move_desk",
                "presence",
                presence.id,
                {"from": previous, "to": desk_id},
            )
            session.refresh(presence)
            return PresenceResult(
                presence_info(presence),
                changed(desks=[previous, desk_id], members=[member_id], presences=[presence.id]),
            )
    except IntegrityError:
        raise _desk_taken() from None


# -- reading ----------------------------------------------------------------------------------
def present_now(store: Store) -> list[PresenceInfo]:
    """Everyone checked in now, earliest arrival first."""
    with store.read() as session:
        rows = session.scalars(
            _with_details(select(Presence).where(Presence.ended_at.is_(None))).order_by(
                Presence.started_at, Presence.id
            )
        ).all()
        return [presence_info(row) for row in rows]


def member_with_badge(store: Store, code: str) -> int | None:
    """The id of the member (archived or not) whose badge code this is, if any."""
    badge = normalise_badge(code)
    if is_garbage(badge) or not badge:
        return None
    with store.read() as session:
        member = _member_by_badge(session, badge)
        return member.id if member else None


def presences_on(store: Store, day: date) -> list[PresenceInfo]:
    """Every presence that overlaps ``day`` (in the centre's time zone), by arrival."""
    start, end = day_bounds(day)
    with store.read() as session:
        rows = session.scalars(
            _with_details(
                select(Presence).where(
                    Presence.started_at < end,
                    or_(Presence.ended_at.is_(None), Presence.ended_at > start),
                )
            ).order_by(Presence.started_at, Presence.id)
        ).all()
        return [presence_info(row) for row in rows]


def presences_to_review(store: Store) -> list[PresenceInfo]:
    """Presences closed by the closing-time sweep that nobody has confirmed yet."""
    with store.read() as session:
        rows = session.scalars(
            _with_details(select(Presence).where(Presence.needs_review)).order_by(
                Presence.started_at.desc(), Presence.id.desc()
            )
        ).all()
        return [presence_info(row) for row in rows]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants where ``day`` starts and ends in Paris (23 or 25 hours on DST days)."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=PARIS)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=PARIS)
    return start, end


# -- building blocks shared with the other presence use cases ------------------------------
@dataclass(frozen=True)
class Arriving:
    """What opening a presence needs to know about the member (read without the ORM)."""

    id: int
    name: str
    organisation: str
    network_visitor: bool
    archived: bool


def arriving(member: Member) -> Arriving:
    organisation = member.organisation
    return Arriving(
        member.id,
        full_name(member),
        organisation.name if organisation else "",
        member.home_centre_code is not None,
        member.archived,
    )


def open_presence(
    session: Session,
    actor: Actor,
    member: Arriving,
    *,
    desk_id: int | None,
    started: datetime,
    planned_end: datetime | None = None,
    source: PresenceSource = PresenceSource.DESK,
    tariff_id: int | None = None,
    company: str = "",
    suggest: bool = False,
) -> PresenceResult:
    """Insert the presence and its audit row with plain statements: the desk's hot path.

    The unit of work would cost more than the statements themselves; the database's
    partial unique indexes still refuse a second open presence or a taken desk.
    """
    desk = _check_desk_free(session, desk_id, member.id) if desk_id is not None else None
    started_utc = started.astimezone(UTC)
    presence_id = session.execute(
        insert(Presence)
        .values(
            member_id=member.id,
            desk_id=desk_id,
            started_at=started_utc,
            planned_end=planned_end,
            source=source,
            entered_by=actor.user_id,
            needs_review=False,
            note="",
            tariff_id=tariff_id,
            company=company,
        )
        .returning(Presence.id)
    ).scalar_one()
    session.execute(
        insert(AuditEvent).values(
            user_id=actor.user_id,
            action="check_in",
            entity="presence",
            entity_id=str(presence_id),
            changes={"member": member.id, "desk": desk_id, "source": source.value},
        )
    )
    suggestion = suggest_desk(session, member.id) if suggest and desk is None else None
    info = PresenceInfo(
        id=presence_id,
        member_id=member.id,
        member_name=member.name,
        organisation=member.organisation or company,
        desk_id=desk_id,
        desk_label=desk.label if desk else None,
        started_at=started_utc,
        ended_at=None,
        planned_end=planned_end,
        network_visitor=member.network_visitor,
        source=source,
        needs_review=False,
        tariff_id=tariff_id,
    )
    return PresenceResult(
        info,
        changed(desks=[desk_id], members=[member.id], presences=[presence_id]),
        suggested_desk=suggestion,
    )


def close_presence(
    session: Session,
    actor: Actor | None,
    presence: Presence,
    ended: datetime,
    *,
    needs_review: bool = False,
    action: str = "check_out",
) -> PresenceResult:
    """Close ``presence`` at ``ended`` and record what it consumed."""
    if ended < presence.started_at:
        raise ValidationError(
            {
                "at": _(
                    "The departure time is before the arrival time. The computer's "
                    "clock may have changed: check the time, then try again."
                )
            }
        )
    presence.ended_at = ended.astimezone(UTC)
    presence.needs_review = needs_review
    session.flush()
    consumption = consumption_info(session, record_consumption(session, presence))
    audit.record(session, actor, action, "presence", presence.id, {"member": presence.member_id})
    return PresenceResult(
        presence_info(presence),
        changed(desks=[presence.desk_id], members=[presence.member_id], presences=[presence.id]),
        checked_out=True,
        consumption=consumption,
    )


def presence_info(presence: Presence) -> PresenceInfo:
    member = presence.member
    return _fresh_info(presence, member, presence.desk)


def full_name(member: Member) -> str:
    return f"{member.first_name} {member.last_name}".strip()


def with_details(statement: Select[Presence]) -> Select[Presence]:
    return _with_details(statement)


def open_presence_of(session: Session, member_id: int) -> Presence | None:
    return _open_presence(session, member_id)


def active_member(session: Session, member_id: int) -> Member:
    """The member as an ORM object, refused when missing or archived."""
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This member does not exist (any more)."))
    if member.archived:
        raise ValidationError({"member": _archived_message(full_name(member))})
    return member


# -- private ---------------------------------------------------------------------------------
def _toggle(
    session: Session,
    actor: Actor,
    member: Arriving,
    desk_id: int | None,
    source: PresenceSource,
    now: datetime,
    *,
    seat_holder: bool = False,
) -> PresenceResult:
    current = None
    if _open_presence_id(session, member.id) is not None:
        current = _open_presence(session, member.id)
    if current is not None:
        if now - current.started_at < DOUBLE_SCAN_WINDOW:
            return PresenceResult(presence_info(current), ChangeSet(), already_present=True)
        return close_presence(session, actor, current, now)
    if desk_id is None and seat_holder:
        desk_id = _free_fixed_desk(session, member.id)
    return open_presence(
        session, actor, member, desk_id=desk_id, started=now, source=source, suggest=True
    )


def _outcome(result: PresenceResult) -> ScanOutcome:
    if result.checked_out:
        return ScanOutcome.CHECKED_OUT
    if result.already_present:
        return ScanOutcome.ALREADY_HERE
    return ScanOutcome.CHECKED_IN


def _close_all(
    session: Session, actor: Actor | None, rows: Iterable[Presence], ended: datetime
) -> BatchResult:
    closed: list[PresenceInfo] = []
    changes = ChangeSet()
    for presence in rows:
        # Someone whose arrival was entered "later today" by mistake leaves at arrival.
        result = close_presence(session, actor, presence, max(ended, presence.started_at))
        closed.append(result.presence)
        changes = changes | result.changes
    return BatchResult(tuple(closed), changes)


def _lost_race(store: Store, member_id: int) -> PresenceResult:
    """Another PC checked the same member in (or took the desk) first."""
    with store.read() as session:
        current = _open_presence(session, member_id)
        if current is not None:
            return PresenceResult(presence_info(current), ChangeSet(), already_present=True)
    raise _desk_taken()


def _desk_taken() -> ValidationError:
    return ValidationError({"desk": _("This desk was just taken. Choose another.")})


def _with_details(statement: Select[Presence]) -> Select[Presence]:
    return statement.options(
        joinedload(Presence.member).joinedload(Member.organisation), joinedload(Presence.desk)
    )


def _open_presence(session: Session, member_id: int) -> Presence | None:
    return session.scalars(
        _with_details(
            select(Presence).where(Presence.member_id == member_id, Presence.ended_at.is_(None))
        )
    ).first()


def _member_by_badge(session: Session, badge: str) -> Arriving | None:
    member = _arriving(session, Member.badge_code == badge)
    if member is None and badge.upper() != badge:  # a scanner with Caps Lock on, reversed
        member = _arriving(session, Member.badge_code == badge.upper())
    return member


def _arriving(session: Session, condition: ColumnElement[bool]) -> Arriving | None:
    row = session.execute(
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Organisation.name,
            Member.home_centre_code,
            Member.archived,
        )
        .outerjoin(Organisation, Member.organisation_id == Organisation.id)
        .where(condition)
        .limit(1)
    ).first()
    if row is None:
        return None
    member_id, first, last, organisation, home, archived = row
    return Arriving(
        member_id, f"{first} {last}".strip(), organisation or "", home is not None, archived
    )


def _open_presence_id(session: Session, member_id: int) -> int | None:
    return session.scalar(
        select(Presence.id).where(Presence.member_id == member_id, Presence.ended_at.is_(None))
    )


def _free_fixed_desk(session: Session, member_id: int) -> int | None:
    occupied = select(Presence.desk_id).where(
        Presence.ended_at.is_(None), Presence.desk_id.is_not(None)
    )
    return session.scalar(
        select(Desk.id)
        .where(Desk.holder_id == member_id, ~Desk.out_of_service, Desk.id.not_in(occupied))
        .order_by(Desk.id)
        .limit(1)
    )


def _active(session: Session, member_id: int) -> Arriving:
    member = _arriving(session, Member.id == member_id)
    if member is None:
        raise NotFound(_("This member does not exist (any more)."))
    if member.archived:
        raise ValidationError({"member": _archived_message(member.name)})
    return member


def _archived_message(name: str) -> str:
    return _("{name} is archived. Restore them in the member directory first.").format(name=name)


def _check_desk_free(session: Session, desk_id: int, member_id: int) -> Desk:
    desk = session.get(Desk, desk_id)
    if desk is None:
        raise NotFound(_("This desk does not exist (any more)."))
    if desk.out_of_service:
        raise ValidationError(
            {"desk": _("Desk {desk} is out of service. Choose another.").format(desk=desk.label)}
        )
    occupant = session.scalars(
        select(Presence).where(Presence.desk_id == desk_id, Presence.ended_at.is_(None))
    ).first()
    if occupant is not None and occupant.member_id != member_id:
        raise ValidationError(
            {
                "desk": _("Desk {desk} is taken by {name}. Choose another.").format(
                    desk=desk.label, name=full_name(occupant.member)
                )
            }
        )
    if desk.holder_id is not None and desk.holder_id != member_id:
        holder = session.get(Member, desk.holder_id)
        raise ValidationError(
            {
                "desk": _("Desk {desk} is the fixed desk of {name}. Choose another.").format(
                    desk=desk.label, name=full_name(holder) if holder else "?"
                )
            }
        )
    return desk


def _fresh_info(presence: Presence, member: Member, desk: Desk | None) -> PresenceInfo:
    organisation: Organisation | None = member.organisation
    return PresenceInfo(
        id=presence.id,
        member_id=member.id,
        member_name=full_name(member),
        organisation=organisation.name if organisation else presence.company,
        desk_id=presence.desk_id,
        desk_label=desk.label if desk else None,
        started_at=presence.started_at,
        ended_at=presence.ended_at,
        planned_end=presence.planned_end,
        network_visitor=member.home_centre_code is not None,
        source=presence.source,
        needs_review=presence.needs_review,
        tariff_id=presence.tariff_id,
    )
