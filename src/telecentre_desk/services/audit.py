"""Recording who did what, inside the use case's own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from telecentre_desk.services.context import Actor
from telecentre_desk.storage.models import AuditEvent


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = "",
    changes: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            user_id=actor.user_id if actor else None,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            changes=changes or {},
        )
    )
