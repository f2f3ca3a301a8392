"""The paper fallback: past presences copied from the sheet kept while the PC was off.

Each line is one member's arrival and departure on one day, entered afterwards:
marked with the PAPER source and who entered it. Times in the future, a
departure before the arrival, or an overlap with a presence the member already
has are refused with a message and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _, format_datetime
from telecentre_desk.services import audit
from telecentre_desk.services.changes import changed
from telecentre_desk.services.consumption import consumption_info, record_consumption
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.presence import PresenceResult, active_member, presence_info
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk, Presence
from telecentre_desk.storage.types import utc_now


@dataclass(frozen=True)
class PaperLine:
    member_id: int
    day: date
    arrival: time
    departure: time
    desk_id: int | None = None
    note: str = ""


def record_paper_presence(
    store: Store, actor: Actor, line: PaperLine, *, now: datetime | None = None
) -> PresenceResult:
    require(actor, Permission.CHECK_IN)
    started = local_instant(line.day, line.arrival)
    ended = local_instant(line.day, line.departure)
    moment = now or utc_now()
    problems: dict[str, str] = {}
    if ended <= started:
        problems["departure"] = _("The departure time must be after the arrival time.")
    if ended > moment or started > moment:
        problems["day"] = _(
            "The paper sheet is for presences that are over: this time is still to come. "
            "Check the date and the times."
        )
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        member = active_member(session, line.member_id)
        refuse_overlap(session, member.id, started, ended)
        if line.desk_id is not None:
            _check_desk_was_free(session, line.desk_id, member.id, started, ended)
        presence = Presence(
            member_id=member.id,
            desk_id=line.desk_id,
            started_at=started,
            ended_at=ended,
            source=PresenceSource.PAPER,
            entered_by=actor.user_id,
            needs_review=False,
            note=line.note.strip()[:500],
        )
        session.add(presence)
        session.flush()
        consumption = consumption_info(session, record_consumption(session, presence))
        audit.record(
            session,
            actor,
            "paper_presence",
            "presence",
            presence.id,
            {"member": member.id, "from": started.isoformat(), "to": ended.isoformat()},
        )
        session.refresh(presence)
        return PresenceResult(
            presence_info(presence),
            changed(desks=[line.desk_id], members=[member.id], presences=[presence.id]),
            checked_out=True,
            consumption=consumption,
        )


def local_instant(day: date, at: time) -> datetime:
    """A wall-clock time in Paris on ``day``, as a UTC instant."""
    return datetime.combine(day, at, tzinfo=PARIS).astimezone(UTC)


def refuse_overlap(
    session: Session,
    member_id: int,
    started: datetime,
    ended: datetime,
    *,
    ignore: int | None = None,
) -> None:
    statement = select(Presence).where(
        Presence.member_id == member_id,
        Presence.started_at < ended,
        or_(Presence.ended_at.is_(None), Presence.ended_at > started),
    )
    if ignore is not None:
        statement = statement.where(Presence.id != ignore)
    clash = session.scalars(statement.limit(1)).first()
    if clash is None:
        return
    if clash.ended_at is None:
        message = _(
            "This member has been checked in since {start}: these times overlap that presence."
        ).format(start=format_datetime(clash.started_at, "short"))
    else:
        message = _(
            "This member was already here from {start} to {end}: these times overlap. "
            "Check the sheet."
        ).format(
            start=format_datetime(clash.started_at, "short"),
            end=format_datetime(clash.ended_at, "short"),
        )
    raise ValidationError({"arrival": message})


def _check_desk_was_free(
    session: Session, desk_id: int, member_id: int, started: datetime, ended: datetime
) -> None:
    desk = session.get(Desk, desk_id)
    if desk is None:
        raise NotFound(_("This desk does not exist (any more)."))
    other = session.scalars(
        select(Presence).where(
            Presence.desk_id == desk_id,
            Presence.member_id != member_id,
            Presence.started_at < ended,
            or_(Presence.ended_at.is_(None), Presence.ended_at > started),
        )
    ).first()
    if other is not None:
        raise ValidationError(
            {
                "desk": _(
                    "Desk {desk} was taken by someone else at that time. Choose another, or none."
                ).format(desk=desk.label)
            }
        )
