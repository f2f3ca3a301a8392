"""French company identifiers: SIREN (9 digits) and SIRET (14 digits), Luhn-checked."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s.\u00a0\u202f-]")
# La Poste's establishments are numbered outside the Luhn rule (INSEE exception).
_LA_POSTE_SIREN = "356000000"


def normalise_digits(text: str) -> str:
    return _SPACES.sub("", text)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siren(text: str) -> bool:
    digits = normalise_digits(text)
    return len(digits) == 9 and digits.isdigit() and luhn_ok(digits)


def is_valid_siret(text: str) -> bool:
    digits = normalise_digits(text)
    if len(digits) != 14 or not digits.isdigit():
        return False
    if digits.startswith(_LA_POSTE_SIREN):
        return sum(int(c) for c in digits) % 5 == 0
    return luhn_ok(digits)
