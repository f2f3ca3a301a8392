"""The closing-time sweep: presences still open after closing are closed at closing time.

Nobody checked them out, so the time is a guess: each one is flagged for review
(see ``presence_review.review_presence``). The sweep is safe to run again and
again (the interface runs it on start and every few minutes); it also gives
back fixed desks whose subscription has ended.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.closing_time import closing_moment
from telecentre_desk.domain.opening_hours import WeeklyHours, from_json
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS
from telecentre_desk.services.changes import changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.offers import release_ended_fixed_desks
from telecentre_desk.services.presence import (
    BatchResult,
    PresenceInfo,
    close_presence,
    with_details,
)
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, Presence
from telecentre_desk.storage.types import utc_now


def close_forgotten_presences(
    store: Store, actor: Actor, *, now: datetime | None = None
) -> BatchResult:
    """Close, at the closing time of their day, the presences still open after it."""
    require(actor, Permission.CHECK_IN)
    moment = now or utc_now()
    with store.write() as session:
        hours = _opening_hours(session)
        open_rows = session.scalars(
            with_details(select(Presence).where(Presence.ended_at.is_(None))).order_by(
                Presence.started_at, Presence.id
            )
        ).all()
        closed: list[PresenceInfo] = []
        changes = changed()
        for presence in open_rows:
            closing = closing_moment(presence.started_at, hours, PARIS)
            if closing > moment:
                continue
            result = close_presence(
                session, actor, presence, closing, needs_review=True, action="closed_at_closing"
            )
            closed.append(result.presence)
            changes = changes | result.changes
        released = release_ended_fixed_desks(session, moment.astimezone(PARIS).date())
        return BatchResult(tuple(closed), changes | changed(desks=released))


def _opening_hours(session: Session) -> WeeklyHours:
    centre = session.get(Centre, 1)
    return from_json(centre.opening_hours) if centre else {}
