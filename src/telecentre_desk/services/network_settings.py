"""The network's settings, kept in AppSetting rows (key -> JSON): nothing secret here.

Keys: the centre's public key, where its private key is kept, the pinned
coordinator key, the imported directory, a check value of the network secret,
and the history of exports.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from telecentre_desk.storage.models import AppSetting

PUBLIC_KEY = "network.public_key"  # base64 of the raw Ed25519 public key
KEY_STORAGE = "network.key_storage"  # "keyring" or "file"
SECRET_CHECK = "network.secret_check"  # 8 hex digits of SHA-256(secret), to compare
COORDINATOR_KEY = "network.coordinator_key"  # base64, pinned at the first import
DIRECTORY = "network.directory"  # {"document": base64, "signature": base64}
EXPORT_HISTORY = "network.export_history"  # list of export records, newest last


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(AppSetting, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any, note: str = "") -> None:
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value, note=note))
    else:
        row.value = value
        if note:
            row.note = note
