"""Keep the gettext catalogues in step with the code (babel's API, no extra tool).

    python tools/i18n.py         extract, update translations/*.po, compile the .mo files

``translations/incoming/*.json`` ({"msgid": "French"}) fills empty French entries
(delete it once merged). English entries are the msgids themselves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "telecentre_desk"
CATALOGUES = ROOT / "translations"
LOCALE = SOURCE / "locale"
DOMAIN = "telecentre_desk"
LANGUAGES = ("fr", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="Telecentre Desk", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("NOTE:",)
    ):
        template.add(
            message,
            None,
            [(f"src/telecentre_desk/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def catalogue_path(language: str) -> Path:
    return CATALOGUES / f"{language}.po"


def read_catalogue(language: str) -> Catalog:
    path = catalogue_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="Telecentre Desk")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def incoming() -> dict[str, object]:
    merged: dict[str, object] = {}
    for path in sorted((CATALOGUES / "incoming").glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def update(template: Catalog) -> None:
    additions = incoming()
    for language in LANGUAGES:
        catalogue = read_catalogue(language)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        for message in catalogue:
            if not message.id:
                continue
            if language == "en":
                message.string = message.id
            elif isinstance(message.id, tuple):
                found = additions.get("|".join(message.id))
                if found and not any(message.string):
                    forms = list(found)  # type: ignore[call-overload]
                    # French has a third CLDR form (millions); it takes the plural wording.
                    forms += forms[-1:] * (catalogue.num_plurals - len(forms))
                    message.string = tuple(forms)
            elif not message.string and isinstance(additions.get(message.id), str):
                message.string = additions[message.id]
        with catalogue_path(language).open("wb") as handle:
            write_po(handle, catalogue, width=100, sort_output=False, include_previous=False)


def compile_all() -> None:
    for language in LANGUAGES:
        catalogue = read_catalogue(language)
        target = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalogue)


def main() -> int:
    CATALOGUES.mkdir(exist_ok=True)
    template = extract()
    update(template)
    compile_all()
    missing = [
        m.id
        for m in read_catalogue("fr")
        if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    print(f"{len(template)} messages; {len(missing)} without a French translation")
    for message_id in missing:
        print("  missing:", message_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
