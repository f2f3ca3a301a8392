"""The catalogues: French complete, placeholders consistent, compiled files current."""

from __future__ import annotations

import io
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo

from telecentre_desk import i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogue_tool  # noqa: E402

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


@pytest.fixture(scope="module")
def source_messages() -> Catalog:
    return catalogue_tool.extract()


@pytest.mark.parametrize("language", catalogue_tool.LANGUAGES)
def test_every_string_in_the_code_is_translated(language: str, source_messages: Catalog) -> None:
    catalogue = catalogue_tool.read_catalogue(language)
    missing = [
        m.id
        for m in source_messages
        if m.id and (m.id not in catalogue or not all(_strings(catalogue[m.id])))
    ]
    assert missing == [], f"run `python tools/i18n.py` and translate: {missing}"


@pytest.mark.parametrize("language", catalogue_tool.LANGUAGES)
def test_no_entry_is_fuzzy_or_obsolete(language: str) -> None:
    catalogue = catalogue_tool.read_catalogue(language)
    assert [m.id for m in catalogue if m.id and m.fuzzy] == []
    assert list(catalogue.obsolete) == []


@pytest.mark.parametrize("language", catalogue_tool.LANGUAGES)
def test_placeholders_are_the_same_in_every_language(language: str) -> None:
    catalogue = catalogue_tool.read_catalogue(language)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        expected = set(PLACEHOLDER.findall(_ids(message)[-1]))
        for translated in filter(None, _strings(message)):  # missing: another test
            if set(PLACEHOLDER.findall(translated)) != expected:
                wrong.append((message.id, translated))
    assert wrong == []


@pytest.mark.parametrize("language", catalogue_tool.LANGUAGES)
def test_plural_entries_have_every_form(language: str) -> None:
    catalogue = catalogue_tool.read_catalogue(language)
    for message in catalogue:
        if message.id and message.pluralizable:
            forms = _strings(message)
            assert len(forms) == catalogue.num_plurals, message.id
            assert all(forms), message.id


@pytest.mark.parametrize("language", catalogue_tool.LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    source = catalogue_tool.read_catalogue(language)
    compiled_path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    compiled = read_mo(io.BytesIO(compiled_path.read_bytes()))
    translated = {tuple(_ids(m)): tuple(_strings(m)) for m in source if m.id and all(_strings(m))}
    in_package = {tuple(_ids(m)): tuple(_strings(m)) for m in compiled if m.id}
    stale = {key for key, value in translated.items() if in_package.get(key) != value}
    assert stale == set(), "run `python tools/i18n.py` to recompile"


def test_french_is_the_default_and_english_switches() -> None:
    assert i18n.current_language() == "fr"
    assert i18n._("Visio room") == "Salle de visio"
    i18n.set_language("en")
    assert i18n._("Visio room") == "Visio room"


def test_money_is_formatted_the_french_way() -> None:
    # Narrow no-break space between thousands, no-break space before the euro sign.
    assert i18n.format_money(Decimal("1234.5")) == "1\u202f234,50\u00a0€"
    i18n.set_language("en")
    assert i18n.format_money(Decimal("1234.5")) == "€1,234.50"


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(i18n.UnknownLanguageError, match="fr, en"):
        i18n.set_language("de")
    assert i18n.current_language() == "fr"
