"""Small text helpers for the demo data: mail slugs and fictional phone numbers."""

from __future__ import annotations

import random
import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_ARTICLES = re.compile(r"^(?:de la|de l'|du|des|de|la|le|les|l')\s*", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# ARCEP keeps these blocks for fiction: no subscriber can ever hold one of these numbers.
MOBILE_FICTION_BLOCK = "06 39 98"
LANDLINE_FICTION_BLOCK = "01 99 00"


def ascii_fold(text: str) -> str:
    """``"Gaëlle Lefèvre"`` -> ``"Gaelle Lefevre"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slug(text: str, *, drop_articles: bool = False) -> str:
    """Lower-case ASCII words joined by dashes, for mail addresses and domains."""
    folded = ascii_fold(text).lower()
    if drop_articles:
        folded = _ARTICLES.sub("", folded)
    return _NOT_SLUG.sub("-", folded.replace("'", "")).strip("-")


def mail_local_part(first_name: str, last_name: str) -> str:
    """``("Anne-Sophie", "Le Gall")`` -> ``"anne-sophie.le-gall"``."""
    return f"{slug(first_name)}.{slug(last_name)}"


def fiction_mobile(number: int) -> str:
    """The ``number``-th (0..9999) mobile number of the fiction block, as people write it."""
    return f"{MOBILE_FICTION_BLOCK} {number // 100:02d} {number % 100:02d}"


def fiction_landline(rng: random.Random) -> str:
    number = rng.randrange(10_000)
    return f"{LANDLINE_FICTION_BLOCK} {number // 100:02d} {number % 100:02d}"
