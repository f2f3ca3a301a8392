"""Importing the network directory: the coordinator's key is pinned, other signers refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from network_support import (
    copy_centre,
    directory_with_key,
    fresh_keyring,
    make_template,
    manager_of,
)
from telecentre_desk.network import signing
from telecentre_desk.network.directory import read_directory
from telecentre_desk.network.errors import DirectoryRefused
from telecentre_desk.services import network_directory, network_keys
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.network_demo import DemoNetwork, make_demo_network, seeded_key
from telecentre_desk.services.store import Store, open_store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("directory-template"))


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    handle = open_store(copy_centre(template, tmp_path / "centre"))
    with fresh_keyring():
        yield handle
    handle.close()


@pytest.fixture
def network() -> DemoNetwork:
    return make_demo_network("77-ROZ", "La Grange", "Rozay-en-Brie", "77393")


def _stored(store: Store) -> date | None:
    info = network_directory.directory_info(store)
    return info.issued if info else None


def test_the_first_import_waits_for_the_fingerprint_to_be_confirmed(
    store: Store, network: DemoNetwork
) -> None:
    manager = manager_of(store)
    with pytest.raises(network_directory.CoordinatorKeyUnconfirmed) as asked:
        network_directory.import_directory(store, manager, network.directory_file)
    assert asked.value.fingerprint == network.coordinator_fingerprint
    assert _stored(store) is None

    with pytest.raises(ValidationError) as mismatch:
        network_directory.import_directory(
            store, manager, network.directory_file, "0000 1111 2222 3333"
        )
    assert "fingerprint" in mismatch.value.problems
    assert _stored(store) is None

    typed = network.coordinator_fingerprint.replace(" ", "").upper()
    imported = network_directory.import_directory(store, manager, network.directory_file, typed)
    assert imported.first_import
    assert imported.info.coordinator_fingerprint == network.coordinator_fingerprint
    assert {c.code for c in imported.info.centres} >= {"77-ROZ", "77-MEL", "77-COU"}
    assert _stored(store) == date(2026, 1, 5)


def test_a_directory_signed_by_another_key_is_refused(store: Store, network: DemoNetwork) -> None:
    manager = manager_of(store)
    network_directory.import_directory(
        store, manager, network.directory_file, network.coordinator_fingerprint
    )
    impostor = make_demo_network(
        "77-ROZ", "La Grange", "Rozay-en-Brie", "77393", seed="impostor", issued=date(2026, 6, 1)
    )
    with pytest.raises(ServiceError, match="coordinat"):
        network_directory.import_directory(
            store, manager, impostor.directory_file, impostor.coordinator_fingerprint
        )
    # The genuine coordinator key with a body re-signed by someone else: refused too.
    forged = directory_with_key(
        network, "77-MEL", signing.public_of(seeded_key("x")), date(2026, 6, 1),
        signer=seeded_key("impostor/coordinator"),
    )  # fmt: skip
    with pytest.raises(ServiceError):
        network_directory.import_directory(store, manager, forged)
    assert _stored(store) == date(2026, 1, 5)
    directory = network_directory.current_directory(store)
    assert directory is not None and directory.coordinator_key == signing.public_of(
        network.coordinator_key
    )


def test_a_newer_directory_replaces_the_old_and_an_older_one_is_refused(
    store: Store, network: DemoNetwork
) -> None:
    manager = manager_of(store)
    key = network_keys.ensure_centre_key(store, manager)
    network_directory.import_directory(
        store, manager, network.directory_file, network.coordinator_fingerprint
    )
    newer = directory_with_key(network, "77-ROZ", key.public_key, date(2026, 3, 1))
    result = network_directory.import_directory(store, manager, newer)
    assert not result.first_import and result.own_key_listed is True
    assert _stored(store) == date(2026, 3, 1)
    older = directory_with_key(network, "77-ROZ", key.public_key, date(2026, 2, 1))
    with pytest.raises(ValidationError, match="2026-02-01"):
        network_directory.import_directory(store, manager, older)
    assert _stored(store) == date(2026, 3, 1)


def test_the_import_says_when_the_directory_does_not_list_this_centres_key(
    store: Store, network: DemoNetwork
) -> None:
    manager = manager_of(store)
    network_keys.ensure_centre_key(store, manager)
    result = network_directory.import_directory(
        store, manager, network.directory_file, network.coordinator_fingerprint
    )
    assert result.own_key_listed is False


def test_a_tampered_or_foreign_file_is_refused_and_nothing_is_stored(
    store: Store, network: DemoNetwork
) -> None:
    manager = manager_of(store)
    data = network.directory_file
    for position in range(0, len(data), 7):
        variant = bytearray(data)
        variant[position] ^= 0xFF
        with pytest.raises(DirectoryRefused):
            read_directory(bytes(variant), signing.public_of(network.coordinator_key))
    for bad in (data[: len(data) // 2], b"not a directory", bytes(variant)):
        with pytest.raises(ServiceError):
            network_directory.import_directory(store, manager, bad, network.coordinator_fingerprint)
    assert _stored(store) is None
