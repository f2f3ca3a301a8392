"""Checking members in and out: the presence intervals the plan, billing and reports read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk, Member, Presence
from telecentre_desk.storage.types import utc_now


@dataclass(frozen=True)
class PresenceInfo:
    id: int
    member_id: int
    member_name: str
    organisation: str
    desk_id: int | None
    desk_label: str | None
    started_at: datetime
    ended_at: datetime | None
    planned_end: datetime | None
    network_visitor: bool
    source: PresenceSource
    needs_review: bool

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
            member = _active_member(session, member_id)
            current = _open_presence(session, member_id)
            if current is not None:
                return PresenceResult(_info(current), ChangeSet(), already_present=True)
            if desk_id is not None:
                _check_desk_free(session, desk_id, member)
            presence = Presence(
                member_id=member.id,
                desk_id=desk_id,
                started_at=started,
                planned_end=planned_end,
                source=source,
                entered_by=actor.user_id,
            )
            session.add(presence)
            session.flush()
            audit.record(
                session,
                actor,
                "check_in",
                "presence",
                presence.id,
                {"member": member.id, "desk": desk_id, "source": source.value},
            )
            session.refresh(presence)
            return PresenceResult(
                _info(presence),
                changed(desks=[desk_id], members=[member.id], presences=[presence.id]),
            )
    except IntegrityError:
        # Another PC checked the same member (or seated someone at that desk) first.
        with store.read() as session:
            current = _open_presence(session, member_id)
            if current is not None:
                return PresenceResult(_info(current), ChangeSet(), already_present=True)
        raise ValidationError({"desk": _("This desk was just taken. Choose another.")}) from None


def check_out(
    store: Store, actor: Actor, member_id: int, *, at: datetime | None = None
) -> PresenceResult:
    require(actor, Permission.CHECK_IN)
    ended = at or utc_now()
    with store.write() as session:
        presence = _open_presence(session, member_id)
        if presence is None:
            member = session.get(Member, member_id)
            name = _full_name(member) if member else str(member_id)
            raise NotFound(_("{name} is not checked in.").format(name=name))
        if ended < presence.started_at:
            raise ValidationError(
                {
                    "at": _(
                        "The departure time is before the arrival time. The computer's "
                        "clock may have changed: check the time, then try again."
                    )
                }
            )
        presence.ended_at = ended
        audit.record(session, actor, "check_out", "presence", presence.id, {"member": member_id})
        return PresenceResult(
            _info(presence),
            changed(desks=[presence.desk_id], members=[member_id], presences=[presence.id]),
        )


def move_to_desk(store: Store, actor: Actor, member_id: int, desk_id: int | None) -> PresenceResult:
    """Seat a member who is here at another desk (or at none)."""
    require(actor, Permission.CHECK_IN)
    with store.write() as session:
        presence = _open_presence(session, member_id)
        if presence is None:
            raise NotFound(_("This member is not checked in."))
        previous = presence.desk_id
        if desk_id is not None and desk_id != previous:
            _check_desk_free(session, desk_id, presence.member)
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
        return PresenceResult(
            _info(presence),
            changed(desks=[previous, desk_id], members=[member_id], presences=[presence.id]),
        )


def present_now(store: Store) -> list[PresenceInfo]:
    """Everyone checked in now, earliest arrival first."""
    with store.read() as session:
        rows = session.scalars(
            _with_details(select(Presence).where(Presence.ended_at.is_(None))).order_by(
                Presence.started_at, Presence.id
            )
        ).all()
        return [_info(row) for row in rows]


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


def _active_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This member does not exist (any more)."))
    if member.archived:
        raise ValidationError(
            {
                "member": _(
                    "{name} is archived. Restore them in the member directory first."
                ).format(name=_full_name(member))
            }
        )
    return member


def _check_desk_free(session: Session, desk_id: int, member: Member) -> None:
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
    if occupant is not None and occupant.member_id != member.id:
        raise ValidationError(
            {
                "desk": _("Desk {desk} is taken by {name}. Choose another.").format(
                    desk=desk.label, name=_full_name(occupant.member)
                )
            }
        )
    if desk.holder_id is not None and desk.holder_id != member.id:
        holder = session.get(Member, desk.holder_id)
        raise ValidationError(
            {
                "desk": _("Desk {desk} is the fixed desk of {name}. Choose another.").format(
                    desk=desk.label, name=_full_name(holder) if holder else "?"
                )
            }
        )


def _full_name(member: Member) -> str:
    return f"{member.first_name} {member.last_name}"


def _info(presence: Presence) -> PresenceInfo:
    member = presence.member
    return PresenceInfo(
        id=presence.id,
        member_id=member.id,
        member_name=_full_name(member),
        organisation=member.organisation.name if member.organisation else "",
        desk_id=presence.desk_id,
        desk_label=presence.desk.label if presence.desk else None,
        started_at=presence.started_at,
        ended_at=presence.ended_at,
        planned_end=presence.planned_end,
        network_visitor=member.home_centre_code is not None,
        source=presence.source,
        needs_review=presence.needs_review,
    )
