"""What a badge scanner may send: telling a badge code or a network passport from a typed
name, or from garbage.

Scanners "type" the code and press Enter. A badly configured scanner (wrong
keyboard layout, wrong symbology) sends control characters, replacement
characters or very long bursts: that is garbage, refused with a message.
"""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT = 100
# A network passport's QR code starts so; the check-in field hands it to the passport check.
PASSPORT_PREFIX = "TDP1:"
MAX_BADGE = 64
_BADGE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")


def is_garbage(text: str) -> bool:
    """Control characters, replacement characters or an overlong burst: not a person's input."""
    if len(text) > MAX_INPUT:
        return True
    return any(
        char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cf", "Cn", "Co", "Cs")
        for char in text
    )


def looks_like_passport(text: str) -> bool:
    """Scanned text meant as a network passport (not a badge, not a name)."""
    return text.strip().startswith(PASSPORT_PREFIX)


def looks_like_badge(text: str) -> bool:
    """One word with a digit in it ("TD-004217"): read as a badge code, not as a name."""
    code = text.strip()
    return (
        0 < len(code) <= MAX_BADGE
        and _BADGE.match(code) is not None
        and any(char.isdigit() for char in code)
    )


def normalise_badge(text: str) -> str:
    return text.strip()
