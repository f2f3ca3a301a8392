"""Helpers for the network tests: small bundles, and a demo centre set up for the network."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend

from conftest import InMemoryKeyring
from telecentre_desk.network import signing
from telecentre_desk.network.bundle import BundleContents, WrittenBundle, write_bundle
from telecentre_desk.network.directory import (
    DirectoryCentre,
    document,
    parse_document,
    write_directory,
)
from telecentre_desk.network.period import Period
from telecentre_desk.paths import DATABASE_FILE, DataPaths, prepare_data_dir
from telecentre_desk.services import network_directory, network_keys
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import DEMO_ACCOUNTS, generate_demo
from telecentre_desk.services.network_demo import (
    DemoNetwork,
    add_demo_presences,
    make_demo_network,
)
from telecentre_desk.services.store import Store, open_store

CODE = "77-ROZ"
CREATED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def small_tables() -> dict[str, list[dict[str, Any]]]:
    """A few rows in every resource that has some (enough to exercise each column type)."""
    return {
        "centre": [
            {
                "centre_code": CODE,
                "name": "La Grange numérique",
                "insee_code": "77393",
                "desks": 18,
                "rooms_open_space": 1,
                "rooms_office": 1,
                "rooms_meeting": 1,
                "rooms_visio": 1,
                "rooms_lounge": 0,
                "visio_rooms": 1,
                "opening_hours": "Mo-Fr 08:30-18:30",
                "services": "printer;visio_system",
            }
        ],
        "occupancy": [
            {
                "date": date(2026, 11, 2),
                "open": True,
                "closed_reason": "",
                "unique_visitors": 7,
                "desk_hours_used": Decimal("31.25"),
                "desk_hours_available": Decimal("180"),
                "peak": 5,
            },
            {
                "date": date(2026, 11, 1),
                "open": False,
                "closed_reason": "weekly_closing",
                "unique_visitors": 0,
                "desk_hours_used": Decimal(0),
                "desk_hours_available": Decimal(0),
                "peak": 0,
            },
        ],
        "network_visits": [
            {
                "pseudonym": "ab" * 32,
                "home_centre_code": "77-MEL",
                "date": date(2026, 11, 2),
                "duration_minutes": 125,
                "tariff": "hour",
                "quantity": 3,
                "amount_due": Decimal("12.00"),
            }
        ],
        "members_by_category": [
            {
                "category": "employee",
                "registered_members": 12,
                "members_present": None,
                "suppressed": True,
            }
        ],
    }


def small_bundle(
    key: bytes, tables: Mapping[str, Any] | None = None, created: datetime = CREATED
) -> WrittenBundle:
    contents = BundleContents(
        CODE, Period.parse("2026-11"), created, "Telecentre Desk tests", tables or small_tables()
    )
    return write_bundle(contents, key)


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@dataclass(frozen=True)
class NetworkSetup:
    network: DemoNetwork
    public_key: bytes


def join_demo_network(
    store: Store, manager: Actor, *, issued: date = date(2026, 1, 5)
) -> NetworkSetup:
    """Give the centre its key, import a demo directory that lists it, keep the secret."""
    profile_code = network_keys.centre_code(store)
    key = network_keys.ensure_centre_key(store, manager)
    network = make_demo_network(profile_code, "La Grange", "Rozay-en-Brie", "77393", issued=issued)
    directory_file = directory_with_key(network, profile_code, key.public_key, issued)
    network_directory.import_directory(
        store, manager, directory_file, network.coordinator_fingerprint
    )
    network_keys.set_network_secret(store, manager, network.secret_text)
    return NetworkSetup(network, key.public_key)


def directory_with_key(
    network: DemoNetwork,
    code: str,
    public_key: bytes,
    issued: date,
    *,
    revoked: Mapping[str, frozenset[str]] | None = None,
    signer: bytes | None = None,
) -> bytes:
    """The demo directory with ``code``'s key replaced, re-signed by the coordinator."""
    original = parse_document(entries(network.directory_file)["directory.json"])
    centres = [
        DirectoryCentre(
            c.code,
            c.name,
            c.commune,
            c.insee_code,
            public_key if c.code == code else c.public_key,
            c.clearing_tariff,
            (revoked or {}).get(c.code, c.revoked_passports),
        )
        for c in original.centres
    ]
    body = document(
        original.network, issued, original.coordinator_key, original.clearing_tariff, centres
    )
    return write_directory(body, signer or network.coordinator_key)


def fingerprint_of(private_key: bytes) -> str:
    return signing.fingerprint(signing.public_of(private_key))


# -- a demo centre per test, copied from one generated per module ------------------------
def copy_centre(template: Path, target: Path) -> DataPaths:
    """A fresh data folder holding a copy of ``template``'s database (fast, isolated)."""
    paths = prepare_data_dir(target)
    shutil.copyfile(template / DATABASE_FILE, paths.database)
    return paths


def make_template(folder: Path, *, presences: tuple[date, date] | None = None) -> Path:
    """Generate the small demo centre in ``folder`` (plus presences over a date range)."""
    paths = prepare_data_dir(folder)
    generate_demo(paths)
    if presences is not None:
        store = open_store(paths)
        try:
            add_demo_presences(store, *presences)
        finally:
            store.close()
    return paths.root


@contextmanager
def fresh_keyring(backend: KeyringBackend | None = None) -> Iterator[KeyringBackend]:
    """A keyring of its own for one test (the in-memory one, or ``backend``), then the old."""
    previous = keyring.get_keyring()
    current = backend if backend is not None else InMemoryKeyring()
    keyring.set_keyring(current)
    try:
        yield current
    finally:
        keyring.set_keyring(previous)


def manager_of(store: Store) -> Actor:
    account = DEMO_ACCOUNTS[0]
    return sign_in(store, account.login, account.pin)


def volunteer_of(store: Store) -> Actor:
    account = DEMO_ACCOUNTS[2]
    return sign_in(store, account.login, account.pin)
