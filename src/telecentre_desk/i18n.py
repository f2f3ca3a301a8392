"""Translations and locale-aware formatting.

Every user-facing string goes through ``_`` (imported explicitly, as Picard
does), so that babel can extract it. Message ids are English; the French
catalogue is complete and French is the default language.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

DOMAIN = "telecentre_desk"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANGUAGE = "fr"
# Language code -> (babel locale, name shown in that language).
LANGUAGES: dict[str, tuple[str, str]] = {
    "fr": ("fr_FR", "Français"),
    "en": ("en_GB", "English"),
}

PARIS = ZoneInfo("Europe/Paris")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


class UnknownLanguageError(ValueError):
    """Raised for a language code the application has no catalogue for."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            _("Unknown language “{code}”. Choose one of: {choices}.").format(
                code=code, choices=", ".join(LANGUAGES)
            )
        )


def set_language(code: str) -> None:
    """Switch the process to ``code`` ("fr" or "en")."""
    global _translations, _language
    if code not in LANGUAGES:
        raise UnknownLanguageError(code)
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _language = code


def current_language() -> str:
    return _language


def current_locale() -> str:
    return LANGUAGES[_language][0]


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later, where it is shown."""
    return message


def format_money(amount: Decimal, currency: str = "EUR") -> str:
    """``Decimal("1234.5")`` -> ``1 234,50 €`` in French (narrow no-break space)."""
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=current_locale())


def format_number(value: int | Decimal) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=current_locale())


def format_date(value: date, fmt: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=current_locale())


def format_datetime(value: datetime, fmt: str = "medium") -> str:
    """Format an aware datetime in the centre's time zone (Europe/Paris)."""
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=fmt, tzinfo=PARIS, locale=current_locale())


set_language(DEFAULT_LANGUAGE)
