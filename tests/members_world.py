"""A small centre for the member directory tests: three accounts, and helpers to count rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from telecentre_desk.domain.kinds import OrganisationKind
from telecentre_desk.domain.roles import Role
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.auth import create_user, sign_in
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.organisations import OrganisationDraft, create_organisation
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AuditEvent, Member, Organisation

# Luhn-valid SIRETs (the first is the INSEE's own example).
SIRET = "73282932000074"
OTHER_SIRET = "84731952200011"


@dataclass
class Centre:
    store: Store
    manager: Actor
    receptionist: Actor
    volunteer: Actor

    def count(self, model: type[Any] = Member) -> int:
        with self.store.read() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0

    def audit_actions(self) -> list[str]:
        with self.store.read() as session:
            return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))

    def paying_organisation(self, name: str = "Logiciels de la Brie SAS") -> int:
        result = create_organisation(
            self.store,
            self.manager,
            OrganisationDraft(
                name=name,
                kind=OrganisationKind.COMPANY,
                siret=SIRET,
                address_line="3 rue de la Gare",
                postal_code="77540",
                city="Rozay-en-Brie",
                billing_email="compta@logiciels-brie.example",
                pays_for_members=True,
            ),
        )
        return result.organisation.id

    def organisation_named(self, name: str) -> Organisation | None:
        with self.store.read() as session:
            return session.scalars(select(Organisation).where(Organisation.name == name)).first()


def new_centre(paths: DataPaths, network_code: str = "77-ROZ") -> Centre:
    store = open_store(paths)
    manager = create_centre(
        store,
        CentreProfile(
            name="Tiers-lieu de la Brie",
            postal_code="77540",
            city="Rozay-en-Brie",
            network_centre_code=network_code,
        ),
        FirstManager("Marie Dupont", "marie", "1234"),
    )
    create_user(store, manager, "karim", "Karim Benali", Role.RECEPTIONIST, "2345")
    create_user(store, manager, "jeanne", "Jeanne Martin", Role.VOLUNTEER, "3456")
    return Centre(
        store,
        manager,
        sign_in(store, "karim", "2345"),
        sign_in(store, "jeanne", "3456"),
    )
