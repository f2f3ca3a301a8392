"""Text rules shared by search and validation."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case without accents: "Hélène Lefèvre" -> "helene lefevre" (for search)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
