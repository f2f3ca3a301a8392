"""The centre's key pair and the network secret: keyring, or the passphrase-protected file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest
from sqlalchemy import select

from conftest import InMemoryKeyring
from network_support import copy_centre, fresh_keyring, make_template, manager_of, volunteer_of
from telecentre_desk.network import pseudonyms, signing
from telecentre_desk.services import network_keys
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.network_vault import (
    KEY_FILE_NAME,
    SERVICE_NAME,
    KeyAccess,
    PassphraseNeeded,
    WrongPassphrase,
    keyring_problem,
)
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AppSetting, AuditEvent, Centre

PASSPHRASE = "la grange ouvre à huit heures"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("keys-template"))


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    handle = open_store(copy_centre(template, tmp_path / "centre"))
    yield handle
    handle.close()


@pytest.fixture
def memory_keyring() -> Iterator[InMemoryKeyring]:
    with fresh_keyring() as backend:
        assert isinstance(backend, InMemoryKeyring)
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with fresh_keyring(keyring.backends.fail.Keyring()):
        yield


def _database_text(store: Store) -> str:
    """Every setting and audit entry, as text: where a leaked secret would show."""
    with store.read() as session:
        settings = [str(row.value) for row in session.scalars(select(AppSetting))]
        events = [str(row.changes) for row in session.scalars(select(AuditEvent))]
    return "\n".join(settings + events)


def test_the_key_is_created_once_and_kept_in_the_keyring(
    store: Store, memory_keyring: InMemoryKeyring
) -> None:
    manager = manager_of(store)
    first = network_keys.ensure_centre_key(store, manager)
    assert first.created and first.storage == "keyring"
    again = network_keys.ensure_centre_key(store, manager)
    assert not again.created and again.public_key == first.public_key
    stored = memory_keyring.secrets[(SERVICE_NAME, "network-signing-key/77-ROZ")]
    private = signing.unb64(stored)
    assert signing.public_of(private) == first.public_key
    assert stored not in _database_text(store)
    assert first.pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert signing.load_public_pem(first.pem) == first.public_key
    status = network_keys.key_status(store)
    assert status.fingerprint == first.fingerprint and status.keyring_problem is None


def test_only_a_manager_creates_keys(store: Store, memory_keyring: InMemoryKeyring) -> None:
    with pytest.raises(PermissionDenied):
        network_keys.ensure_centre_key(store, volunteer_of(store))
    assert memory_keyring.secrets == {}


def test_a_centre_without_network_code_is_told_to_enter_it(
    store: Store, memory_keyring: InMemoryKeyring
) -> None:
    with store.write() as session:
        session.get_one(Centre, 1).network_centre_code = ""
    with pytest.raises(ValidationError) as refusal:
        network_keys.ensure_centre_key(store, manager_of(store))
    assert "centre_code" in refusal.value.problems
    assert memory_keyring.secrets == {}


def test_the_network_secret_is_checked_and_kept_in_the_keyring(
    store: Store, memory_keyring: InMemoryKeyring
) -> None:
    manager = manager_of(store)
    with pytest.raises(ValidationError, match="tdns1-"):
        network_keys.set_network_secret(store, manager, "mot de passe")
    secret = pseudonyms.new_secret()
    saved = network_keys.set_network_secret(store, manager, pseudonyms.secret_text(secret))
    assert saved.check == network_keys.secret_check(secret) and saved.storage == "keyring"
    assert network_keys.key_status(store).secret_check == saved.check
    stored = memory_keyring.secrets[(SERVICE_NAME, "network-secret/77-ROZ")]
    assert signing.unb64(stored) == secret
    assert stored not in _database_text(store)


def test_without_a_keyring_the_keys_go_to_a_passphrase_protected_file(
    store: Store, no_keyring: None
) -> None:
    manager = manager_of(store)
    assert keyring_problem() is not None
    key_file = network_keys.data_root(store) / KEY_FILE_NAME

    with pytest.raises(PassphraseNeeded) as asked:
        network_keys.ensure_centre_key(store, manager)
    assert asked.value.creating
    with pytest.raises(PassphraseNeeded, match="10"):
        network_keys.ensure_centre_key(store, manager, KeyAccess("court"))
    assert not key_file.exists()
    assert network_keys.key_status(store).public_key is None

    key = network_keys.ensure_centre_key(store, manager, KeyAccess(PASSPHRASE))
    assert key.created and key.storage == "file"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"

    secret = pseudonyms.new_secret()
    with pytest.raises(PassphraseNeeded) as asked_again:
        network_keys.set_network_secret(store, manager, pseudonyms.secret_text(secret))
    assert not asked_again.value.creating
    with pytest.raises(WrongPassphrase):
        network_keys.set_network_secret(
            store, manager, pseudonyms.secret_text(secret), KeyAccess("une autre phrase")
        )
    network_keys.set_network_secret(
        store, manager, pseudonyms.secret_text(secret), KeyAccess(PASSPHRASE)
    )
    unlocked = network_keys.unlock(store, KeyAccess(PASSPHRASE), need_secret=True)
    assert signing.public_of(unlocked.signing_key) == key.public_key
    assert unlocked.network_secret == secret

    content = key_file.read_bytes()
    for leaked in (unlocked.signing_key, secret):
        assert leaked not in content
        assert signing.b64(leaked).encode() not in content
    assert signing.b64(unlocked.signing_key) not in _database_text(store)
    # The fingerprint is known without the passphrase (the public key is in the database).
    assert network_keys.key_status(store).fingerprint == key.fingerprint
