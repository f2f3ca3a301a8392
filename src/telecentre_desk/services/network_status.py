"""What the Network view shows on opening, in one call; and setting the centre's code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.network_directory import DirectoryInfo, directory_info
from telecentre_desk.services.network_export import (
    ExportRecord,
    Readiness,
    export_history,
    export_readiness,
)
from telecentre_desk.services.network_keys import KeyStatus, key_status
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


@dataclass(frozen=True)
class NetworkStatus:
    keys: KeyStatus
    directory: DirectoryInfo | None
    readiness: Readiness
    history: tuple[ExportRecord, ...]


@dataclass(frozen=True)
class CodeSaved:
    code: str
    changes: ChangeSet = field(default_factory=lambda: ChangeSet(everything=True))


def network_status(store: Store, actor: Actor) -> NetworkStatus:
    require(actor, Permission.EXPORT_NETWORK)
    return NetworkStatus(
        keys=key_status(store),
        directory=directory_info(store),
        readiness=export_readiness(store),
        history=export_history(store, actor),
    )


def set_network_centre_code(store: Store, actor: Actor, code: str) -> CodeSaved:
    """The centre's code in the network (as the coordinator's directory lists it)."""
    require(actor, Permission.EDIT_CENTRE)
    value = code.strip().upper()
    if not _CODE.match(value):
        raise ValidationError(
            {
                "centre_code": _(
                    "A network code has 2 to 20 capital letters, digits or dashes, for "
                    "example 77-ROZ. Copy it from the coordinator's directory."
                )
            }
        )
    with store.write() as session:
        centre = session.get_one(Centre, 1)
        previous = centre.network_centre_code
        if previous == value:
            return CodeSaved(value, ChangeSet())
        centre.network_centre_code = value
        audit.record(
            session, actor, "set_network_centre_code", "centre", 1, {"from": previous, "to": value}
        )
    return CodeSaved(value)
