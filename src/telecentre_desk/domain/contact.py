"""E-mail addresses and phone numbers as people type them, and the one form we store.

French numbers are written in many ways ("06 12 34 56 78", "0612345678",
"+33 6 12 34 56 78", "+33 (0)6 12-34-56-78", "0033 6..."): they are all stored
as ``06 12 34 56 78``, so that search and duplicate checks see one number.
Other countries' numbers are stored as ``+`` and their digits (E.164).
"""

from __future__ import annotations

import re

# What people put between digits: spaces (also the no-break ones), dots, dashes, slashes.
_SEPARATORS = re.compile(r"[\s.\-/\u00a0\u202f]")
_TRUNK_IN_BRACKETS = re.compile(r"^\+33\(0\)")
# E.164: a country code and at most 15 digits in all.
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{6,14}$")
# A French national number: 0, then 1-9 (not 0), then 8 digits.
_FRENCH_NATIONAL = re.compile(r"^0[1-9]\d{8}$")

# Deliberately simple: one @, no spaces, a dotted domain with a final label of 2+ letters.
# A stricter check refuses real addresses; a looser one lets typos through.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


class PhoneError(ValueError):
    """The text is not a phone number we recognise."""


def normalise_email(text: str) -> str:
    """Trimmed and lower-cased (mail servers treat addresses case-insensitively in practice)."""
    return text.strip().lower()


def is_valid_email(text: str) -> bool:
    address = text.strip()
    return len(address) <= 200 and _EMAIL.match(address) is not None


def normalise_phone(text: str) -> str:
    """The stored form of ``text``; raise :class:`PhoneError` if it is not a phone number.

    ``"+33 6 12 34 56 78"`` -> ``"06 12 34 56 78"``; ``"+32 2 555 12 12"`` -> ``"+3225551212"``.
    An empty text stays empty (no number given).
    """
    compact = _SEPARATORS.sub("", text.strip())
    if not compact:
        return ""
    compact = _TRUNK_IN_BRACKETS.sub("+33", compact).replace("(", "").replace(")", "")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+33"):
        rest = compact[3:]
        compact = rest if rest.startswith("0") else "0" + rest
    if _FRENCH_NATIONAL.match(compact):
        return " ".join(compact[i : i + 2] for i in range(0, 10, 2))
    if _INTERNATIONAL.match(compact):
        return compact
    raise PhoneError(text)


def phone_search_forms(stored: str) -> tuple[str, ...]:
    """The ways someone may type a stored number into the search field, without spaces."""
    digits = stored.replace(" ", "")
    if _FRENCH_NATIONAL.match(digits):
        return digits, "+33" + digits[1:]
    return (digits,) if digits else ()


_POSTAL_CODE = re.compile(r"^\d{5}$")
# Badge codes come from scanners and printed cards: letters, digits and a few separators.
_BADGE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def is_valid_postal_code(text: str) -> bool:
    """A French postal code: 5 digits (empty is checked by the caller)."""
    return _POSTAL_CODE.match(text.strip()) is not None


def normalise_badge_code(text: str) -> str:
    """Trimmed and upper-cased, as printed on the cards (scanners may send either case)."""
    return text.strip().upper()


def is_valid_badge_code(text: str) -> bool:
    return _BADGE_CODE.match(text.strip()) is not None
