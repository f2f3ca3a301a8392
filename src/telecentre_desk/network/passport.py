"""The network passport: a compact signed statement a visited centre checks offline.

Text form (what the QR code on the member's badge holds)::

    TDP1:<base45 of (payload JSON + 64-byte Ed25519 signature)>

The payload is compact JSON with one-letter keys: ``v`` format (1), ``c`` home
centre code, ``m`` network member id, ``f``/``u`` first and last valid day,
``a`` allowance (visit days per month), ``n`` serial (for revocation). The home
centre signs ``DOMAIN + payload`` with its key (the domain prefix keeps a
passport signature from ever being taken for a bundle's, and the reverse).
Names, e-mails and phone numbers are never in a passport.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from telecentre_desk.domain.badge_codes import PASSPORT_PREFIX
from telecentre_desk.i18n import _, format_date
from telecentre_desk.network import base45, signing
from telecentre_desk.network.directory import Directory
from telecentre_desk.network.errors import PassportRefused

PREFIX = PASSPORT_PREFIX
DOMAIN = b"telecentre-network-passport-v1\n"
MAX_TEXT = 1000


@dataclass(frozen=True)
class Passport:
    home_centre: str
    member_id: str
    valid_from: date
    valid_until: date
    allowance_days: int  # visit days per month
    serial: str


def new_serial() -> str:
    return secrets.token_hex(6).upper()


def encode_passport(passport: Passport, private_key: bytes) -> str:
    payload = _payload(passport)
    signature = signing.sign(private_key, DOMAIN + payload)
    return PREFIX + base45.encode(payload + signature)


def _payload(passport: Passport) -> bytes:
    data = {
        "v": 1,
        "c": passport.home_centre,
        "m": passport.member_id,
        "f": passport.valid_from.isoformat(),
        "u": passport.valid_until.isoformat(),
        "a": passport.allowance_days,
        "n": passport.serial,
    }
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")


def decode_passport(text: str) -> tuple[Passport, bytes, bytes]:
    """The passport, its payload and signature; :class:`PassportRefused` if unreadable."""
    value = text.strip()
    if not value.startswith(PREFIX) or len(value) > MAX_TEXT:
        raise _damaged()
    try:
        raw = base45.decode(value.removeprefix(PREFIX))
    except base45.Base45Error:
        raise _damaged() from None
    if len(raw) <= signing.SIGNATURE_BYTES:
        raise _damaged()
    payload, signature = raw[: -signing.SIGNATURE_BYTES], raw[-signing.SIGNATURE_BYTES :]
    try:
        data: Any = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _damaged() from None
    if not isinstance(data, dict):
        raise _damaged()
    if data.get("v") != 1:
        raise PassportRefused(
            "unknown_version",
            _("This passport is of a newer kind than this application reads. Update it."),
        )
    try:
        passport = Passport(
            home_centre=_text(data["c"]),
            member_id=_text(data["m"]),
            valid_from=date.fromisoformat(_text(data["f"])),
            valid_until=date.fromisoformat(_text(data["u"])),
            allowance_days=_count(data["a"]),
            serial=_text(data["n"]),
        )
    except (KeyError, ValueError):
        raise _damaged() from None
    return passport, payload, signature


def verify_passport(text: str, directory: Directory, today: date) -> Passport:
    """The passport if it is genuine, current and not revoked; else a refusal saying why."""
    passport, payload, signature = decode_passport(text)
    centre = directory.centre(passport.home_centre)
    if centre is None:
        raise PassportRefused(
            "unknown_centre",
            _(
                "This passport comes from the centre “{code}”, which is not in the network "
                "directory. Do not accept it as a network visit; import the latest directory "
                "if the centre joined recently."
            ).format(code=passport.home_centre),
        )
    if not signing.verify(centre.public_key, signature, DOMAIN + payload):
        raise PassportRefused(
            "forged",
            _(
                "This passport's signature does not match the key of {centre}: it is forged "
                "or damaged. Do not accept it; the member can ask their centre for a new one."
            ).format(centre=centre.name),
        )
    if passport.serial in centre.revoked_passports:
        raise PassportRefused(
            "revoked",
            _(
                "This passport was revoked by {centre}. Do not accept it; the member should "
                "contact their centre."
            ).format(centre=centre.name),
        )
    if today < passport.valid_from:
        raise PassportRefused(
            "not_yet_valid",
            _("This passport is valid from {day} only.").format(
                day=format_date(passport.valid_from)
            ),
        )
    if today > passport.valid_until:
        raise PassportRefused(
            "expired",
            _("This passport expired on {day}. The member can ask {centre} for a new one.").format(
                day=format_date(passport.valid_until), centre=centre.name
            ),
        )
    return passport


def _text(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 64:
        raise ValueError("text")
    return value


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 31:
        raise ValueError("count")
    return value


def _damaged() -> PassportRefused:
    return PassportRefused(
        "damaged",
        _(
            "This code is not a readable network passport (damaged, incomplete or mistyped). "
            "Scan it again; if it still fails, the member should ask their centre for a new one."
        ),
    )
