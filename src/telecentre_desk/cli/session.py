"""How a command reaches the centre: its store, and the account the command line acts as.

The command line runs on the centre's own PC, by whoever may open its data folder; it
acts as the centre's first active manager, so that the services' role checks and the
audit trail still apply and name someone.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from telecentre_desk.i18n import _

if TYPE_CHECKING:
    from telecentre_desk.services.context import Actor
    from telecentre_desk.services.store import Store


def no_centre_message() -> str:
    return _("This folder holds no centre yet. Create one with “demo --out DIR” first.")


@contextmanager
def opened_store(options: argparse.Namespace) -> Iterator[Store]:
    """The store of the centre in ``--data-dir`` (or the user's data folder), closed after."""
    from telecentre_desk.cli import data_paths
    from telecentre_desk.services.store import open_store

    store = open_store(data_paths(options))
    try:
        yield store
    finally:
        store.close()


def centre_manager(store: Store) -> Actor | None:
    """The centre's first active manager, or None in a folder with no centre yet."""
    from telecentre_desk.domain.roles import Role
    from telecentre_desk.services.auth import users_for_sign_in
    from telecentre_desk.services.context import Actor

    managers = [user for user in users_for_sign_in(store) if user.role is Role.MANAGER]
    if not managers:
        return None
    first = managers[0]
    return Actor(first.id, first.login, first.display_name, first.role)


@contextmanager
def opened_as_manager(options: argparse.Namespace) -> Iterator[tuple[Store, Actor]]:
    """The store and its manager; a folder with no centre is refused with a message."""
    from telecentre_desk.services.errors import ServiceError

    with opened_store(options) as store:
        actor = centre_manager(store)
        if actor is None:
            raise ServiceError(no_centre_message())
        yield store, actor
