"""Reviewing presences the closing sweep closed: confirm the time, or correct it.

Correcting a departure time gives back what the presence had consumed (carnet
units included) and records it again for the corrected time, in one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import changed
from telecentre_desk.services.consumption import (
    consumption_info,
    record_consumption,
    undo_consumption,
)
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.presence import PresenceResult, presence_info, with_details
from telecentre_desk.services.presence_paper import refuse_overlap
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Presence
from telecentre_desk.storage.types import utc_now


def review_presence(
    store: Store,
    actor: Actor,
    presence_id: int,
    *,
    ended_at: datetime | None = None,
    now: datetime | None = None,
) -> PresenceResult:
    """Confirm a closed presence as it is (``ended_at`` None) or with its real departure."""
    require(actor, Permission.CHECK_IN)
    moment = now or utc_now()
    with store.write() as session:
        presence = session.scalars(
            with_details(select(Presence).where(Presence.id == presence_id))
        ).first()
        if presence is None:
            raise NotFound(_("This presence does not exist (any more)."))
        if presence.ended_at is None:
            raise ValidationError(
                {"ended_at": _("This member is still here: check them out instead.")}
            )
        before = presence.ended_at
        if ended_at is not None and ended_at != before:
            if ended_at <= presence.started_at:
                raise ValidationError(
                    {"ended_at": _("The departure time must be after the arrival time.")}
                )
            if ended_at > moment:
                raise ValidationError(
                    {"ended_at": _("This departure time is still to come. Check the time.")}
                )
            refuse_overlap(
                session, presence.member_id, presence.started_at, ended_at, ignore=presence.id
            )
            undo_consumption(session, presence.id)
            presence.ended_at = ended_at.astimezone(UTC)
            session.flush()
        presence.needs_review = False
        audit.record(
            session,
            actor,
            "review_presence",
            "presence",
            presence.id,
            {"from": before.isoformat(), "to": presence.ended_at.isoformat()},
        )
        # Recorded again after a correction; otherwise the existing record is read back.
        consumption = record_consumption(session, presence)
        return PresenceResult(
            presence_info(presence),
            changed(members=[presence.member_id], presences=[presence.id]),
            checked_out=True,
            consumption=consumption_info(session, consumption),
        )
