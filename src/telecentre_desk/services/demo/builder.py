"""Writing a demo centre into a new database, in one write transaction."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.opening_hours import default_opening_hours, to_json
from telecentre_desk.domain.roles import Role
from telecentre_desk.i18n import _
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import audit
from telecentre_desk.services.auth import actor_of, add_user
from telecentre_desk.services.demo import data
from telecentre_desk.services.demo.bookings import add_demo_bookings
from telecentre_desk.services.demo.layout import DESK_DEPTH, DESK_WIDTH, FloorSpec, RoomSpec
from telecentre_desk.services.demo.members import Employer, plan_members
from telecentre_desk.services.demo.offers import add_offers_and_presences
from telecentre_desk.services.demo.organisations import plan_organisations
from telecentre_desk.services.demo.plans import PLANS, Scale, ScalePlan
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.invoice_models import BillingSettings
from telecentre_desk.storage.models import Centre, Desk, Floor, Member, Organisation, Room, User
from telecentre_desk.storage.schema import SchemaState, inspect_database


@dataclass(frozen=True)
class DemoAccount:
    login: str
    display_name: str
    role: Role
    pin: str = field(repr=False)


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("gerante", "Claire Rousseau", Role.MANAGER, "2468"),
    DemoAccount("accueil", "Karim Benali", Role.RECEPTIONIST, "1357"),
    DemoAccount("benevole", "Monique Lefèvre", Role.VOLUNTEER, "1111"),
)


@dataclass(frozen=True)
class DemoSummary:
    centre_name: str
    floors: int
    rooms: int
    desks: int
    members: int
    organisations: int
    accounts: tuple[DemoAccount, ...]


def default_demo_dir() -> Path:
    """A new, empty temporary folder for a demo centre; the caller removes it."""
    return Path(tempfile.mkdtemp(prefix="telecentre-desk-demo-"))


def generate_demo(paths: DataPaths, scale: Scale = Scale.SMALL, seed: int = 1) -> DemoSummary:
    """Create a believable centre in ``paths``; the same seed always gives the same data.

    Refuses a database that already holds a centre (or anything else): a demo never
    overwrites real data. Everything is written in one transaction.
    """
    plan = PLANS[Scale(scale)]
    _refuse_existing_centre(paths)  # before opening, so a real centre is not even migrated
    rng = random.Random(seed)
    store = open_store(paths)
    try:
        with store.write() as session:
            _refuse_non_empty(session, paths)
            _add_centre(session)
            rooms, desks = _add_layout(session, plan.layout)
            employers = _add_organisations(session, rng, plan)
            members = _add_members(session, rng, plan, employers)
            _add_accounts(session, plan, seed)
            add_offers_and_presences(session, seed)
            add_demo_bookings(session, seed)
    finally:
        store.close()
    return DemoSummary(
        centre_name=data.CENTRE_NAME,
        floors=len(plan.layout),
        rooms=rooms,
        desks=desks,
        members=members,
        organisations=len(employers),
        accounts=DEMO_ACCOUNTS,
    )


def _refuse_existing_centre(paths: DataPaths) -> None:
    """Look at the file read-only; raise if it already holds a centre."""
    if inspect_database(paths.database).state is SchemaState.MISSING:
        return
    try:
        with closing(sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT name FROM centre LIMIT 1").fetchone()
    except sqlite3.Error:
        return  # no centre table yet: the check inside the transaction decides
    if row is not None:
        raise _centre_exists(paths, str(row[0]))


def _refuse_non_empty(session: Session, paths: DataPaths) -> None:
    """The authoritative check, inside the write transaction."""
    name = session.scalar(select(Centre.name))
    if name is not None:
        raise _centre_exists(paths, name)
    for model in (User, Member, Organisation, Floor):
        if session.scalar(select(func.count()).select_from(model)):
            raise ValidationError(
                {
                    "data_dir": _(
                        "The database in {path} is not empty: it already holds accounts, "
                        "members or rooms. A demo is only generated into a new database: "
                        "choose another, empty folder."
                    ).format(path=paths.root)
                }
            )


def _centre_exists(paths: DataPaths, name: str) -> ValidationError:
    return ValidationError(
        {
            "data_dir": _(
                "The folder {path} already holds a centre ({name}). A demo is never "
                "generated over a real centre: nothing was changed. Choose another, "
                "empty folder."
            ).format(path=paths.root, name=name)
        }
    )


def _add_centre(session: Session) -> None:
    session.add(
        Centre(
            name=data.CENTRE_NAME,
            legal_form=data.CENTRE_LEGAL_FORM,
            address_line=data.CENTRE_ADDRESS,
            postal_code=data.CENTRE_POSTAL_CODE,
            city=data.CENTRE_CITY,
            insee_code=data.CENTRE_INSEE,
            phone=data.CENTRE_PHONE,
            email=data.CENTRE_EMAIL,
            siret=data.CENTRE_SIRET,
            vat_number=data.CENTRE_VAT_NUMBER,
            vat_mode=VatMode.FRANCHISE,
            opening_hours=to_json(default_opening_hours()),
            network_centre_code=data.CENTRE_NETWORK_CODE,
            created_at=data.CENTRE_OPENED,
        )
    )
    session.add(
        BillingSettings(
            share_capital=data.CENTRE_SHARE_CAPITAL,
            rcs=data.CENTRE_RCS,
            iban=data.CENTRE_IBAN,
            bic=data.CENTRE_BIC,
            updated_at=data.CENTRE_OPENED,
        )
    )


def _add_layout(session: Session, layout: tuple[FloorSpec, ...]) -> tuple[int, int]:
    """Floors, rooms and desks; returns (rooms, desks)."""
    rooms = desks = 0
    for spec in layout:
        floor = Floor(
            name=spec.name,
            level=spec.level,
            plan_width_cm=round(spec.width),
            plan_height_cm=round(spec.height),
        )
        floor.rooms = [_room(room_spec) for room_spec in spec.rooms]
        session.add(floor)
        rooms += len(spec.rooms)
        desks += sum(room_spec.desk_count for room_spec in spec.rooms)
    session.flush()
    return rooms, desks


def _room(spec: RoomSpec) -> Room:
    x, y, width, height = spec.at
    room = Room(
        name=spec.name,
        kind=spec.kind,
        capacity=spec.capacity,
        equipment=[item.value for item in spec.equipment],
        x_cm=x,
        y_cm=y,
        width_cm=width,
        height_cm=height,
        outline=[list(point) for point in spec.outline] if spec.outline else None,
    )
    labels = [(run.kind, label) for run in spec.desks for label in run.labels()]
    room.desks = [
        Desk(
            label=label,
            kind=kind,
            out_of_service=label in spec.out_of_service,
            x_cm=desk_x,
            y_cm=desk_y,
            width_cm=DESK_WIDTH,
            depth_cm=DESK_DEPTH,
            rotation_deg=rotation,
        )
        for (kind, label), (desk_x, desk_y, rotation) in zip(labels, spec.places(), strict=True)
    ]
    return room


def _add_organisations(session: Session, rng: random.Random, plan: ScalePlan) -> list[Employer]:
    drafts = plan_organisations(rng, plan)
    organisations = [Organisation(**draft.row(data.CENTRE_OPENED)) for draft in drafts]
    session.add_all(organisations)
    session.flush()
    return [
        Employer(organisation.id, draft.kind, draft.domain)
        for organisation, draft in zip(organisations, drafts, strict=True)
    ]


def _add_members(
    session: Session, rng: random.Random, plan: ScalePlan, employers: list[Employer]
) -> int:
    rows = plan_members(rng, plan.members, employers, plan.archived_share)
    session.execute(insert(Member), rows)  # bulk: one executemany, no ORM objects
    return len(rows)


def _add_accounts(session: Session, plan: ScalePlan, seed: int) -> None:
    users = [
        add_user(session, account.login, account.display_name, account.role, account.pin)
        for account in DEMO_ACCOUNTS
    ]
    for user in users:
        user.created_at = data.CENTRE_OPENED
    audit.record(
        session,
        actor_of(users[0]),
        "generate_demo",
        "centre",
        1,
        {"members": plan.members.total, "organisations": plan.organisations, "seed": seed},
    )
