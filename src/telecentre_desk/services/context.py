"""Who is calling a service, and the role check every use case starts with."""

from __future__ import annotations

from dataclasses import dataclass

from telecentre_desk.domain.roles import Permission, Role, can
from telecentre_desk.i18n import _
from telecentre_desk.services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as the services see them (plain data, safe across threads)."""

    user_id: int
    login: str
    display_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied(
            _("Your role ({role}) cannot do this. Ask a manager.").format(role=actor.role.label)
        )
