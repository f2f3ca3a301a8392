"""The columns of a member spreadsheet: what each holds, and reading French cell values.

Pure rules shared by the importer and the exporter: the header words people
use in French and English spreadsheets ("Nom", "Prénom", "Courriel",
"Structure"...), dates written dd/mm/yyyy, yes/no written "oui", "x" or "1".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import N_, _


class MemberColumn(StrEnum):
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    EMAIL = "email"
    PHONE = "phone"
    ORGANISATION = "organisation"
    CATEGORY = "category"
    BADGE = "badge_code"
    ADDRESS = "address_line"
    POSTAL_CODE = "postal_code"
    CITY = "city"
    MEMBER_SINCE = "member_since"
    HOME_CENTRE = "home_centre_code"
    NETWORK_ID = "network_member_id"
    CONSENT_CONTACT = "consent_contact"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


# The order of the exported files, and the header each column gets there.
_LABELS: dict[MemberColumn, str] = {
    MemberColumn.LAST_NAME: N_("Last name"),
    MemberColumn.FIRST_NAME: N_("First name"),
    MemberColumn.EMAIL: N_("E-mail"),
    MemberColumn.PHONE: N_("Phone"),
    MemberColumn.ORGANISATION: N_("Organisation"),
    MemberColumn.CATEGORY: N_("Category"),
    MemberColumn.BADGE: N_("Badge"),
    MemberColumn.ADDRESS: N_("Address"),
    MemberColumn.POSTAL_CODE: N_("Postal code"),
    MemberColumn.CITY: N_("City"),
    MemberColumn.MEMBER_SINCE: N_("Member since"),
    MemberColumn.HOME_CENTRE: N_("Home centre"),
    MemberColumn.NETWORK_ID: N_("Network member number"),
    MemberColumn.CONSENT_CONTACT: N_("Agrees to be contacted"),
}

# Header words, folded (lower case, no accents, punctuation as spaces).
_SYNONYMS: dict[MemberColumn, tuple[str, ...]] = {
    MemberColumn.LAST_NAME: (
        "nom",
        "nom de famille",
        "last name",
        "lastname",
        "surname",
        "family name",
        "name",
        "nom usuel",
    ),
    MemberColumn.FIRST_NAME: ("prenom", "first name", "firstname", "given name", "prenoms"),
    MemberColumn.EMAIL: (
        "courriel",
        "e mail",
        "email",
        "mail",
        "adresse mail",
        "adresse e mail",
        "adresse email",
        "adresse electronique",
        "mel",
    ),
    MemberColumn.PHONE: (
        "telephone",
        "tel",
        "portable",
        "mobile",
        "phone",
        "phone number",
        "numero de telephone",
        "tel portable",
        "telephone portable",
        "gsm",
    ),
    MemberColumn.ORGANISATION: (
        "structure",
        "entreprise",
        "societe",
        "organisation",
        "organization",
        "company",
        "employeur",
        "employer",
        "raison sociale",
        "administration",
    ),
    MemberColumn.CATEGORY: ("categorie", "category", "type", "type de membre", "profil", "statut"),
    MemberColumn.BADGE: (
        "badge",
        "code badge",
        "numero de badge",
        "n badge",
        "badge code",
        "carte",
        "numero de carte",
        "code",
    ),
    MemberColumn.ADDRESS: ("adresse", "address", "rue", "adresse postale", "street"),
    MemberColumn.POSTAL_CODE: ("code postal", "cp", "postal code", "zip", "zip code", "postcode"),
    MemberColumn.CITY: ("ville", "commune", "city", "town", "localite"),
    MemberColumn.MEMBER_SINCE: (
        "membre depuis",
        "member since",
        "date d inscription",
        "inscription",
        "date d adhesion",
        "adhesion",
        "joined",
        "date inscription",
        "date adhesion",
        "date",
    ),
    MemberColumn.HOME_CENTRE: (
        "centre d origine",
        "home centre",
        "home center",
        "centre de rattachement",
        "code centre",
    ),
    MemberColumn.NETWORK_ID: (
        "numero reseau",
        "n reseau",
        "network id",
        "identifiant reseau",
        "network member number",
        "numero de membre reseau",
        "numero membre reseau",
    ),
    MemberColumn.CONSENT_CONTACT: (
        "accepte d etre contacte",
        "consentement contact",
        "contact ok",
        "consent contact",
        "agrees to be contacted",
        "accepte le contact",
        "optin",
        "opt in",
    ),
}
# Columns people keep in their sheets that we deliberately never import (data minimisation).
_IGNORED = (
    "date de naissance",
    "naissance",
    "birth date",
    "date of birth",
    "birthday",
    "ne le",
    "nee le",
    "age",
)

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_YES = frozenset({"oui", "o", "yes", "y", "x", "1", "vrai", "true", "ok"})
_NO = frozenset({"non", "n", "no", "0", "faux", "false", ""})


def header_key(text: str) -> str:
    """``"Téléphone :"`` -> ``"telephone"``; ``"Date d'inscription"`` -> ``"date d inscription"``"""
    return _NOT_WORD.sub(" ", fold(text)).strip()


def guess_column(header: str) -> MemberColumn | None:
    """The column a header most likely names, or None (not imported)."""
    key = header_key(header)
    if not key or key in _IGNORED:
        return None
    for column, words in _SYNONYMS.items():
        if key in words:
            return column
    return None


def is_ignored_on_purpose(header: str) -> bool:
    """A column such as a birth date, which the centre does not need and never imports."""
    return header_key(header) in _IGNORED


def guess_columns(headers: list[str]) -> list[MemberColumn | None]:
    """One guess per header; a column already taken by an earlier header is not used twice."""
    taken: set[MemberColumn] = set()
    guesses: list[MemberColumn | None] = []
    for header in headers:
        column = guess_column(header)
        if column in taken:
            column = None
        if column is not None:
            taken.add(column)
        guesses.append(column)
    return guesses


def parse_french_date(text: str) -> date:
    """``"05/03/2024"`` -> 5 March 2024 (day first, as in France); ISO dates also accepted.

    Raises ValueError when the text is not such a date or the day does not exist.
    """
    value = text.strip()
    if match := _DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    raise ValueError(value)


def format_french_date(value: date | datetime) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def parse_yes_no(text: str) -> bool:
    """``"oui"``, ``"x"``, ``"1"`` -> True; ``"non"``, ``""`` -> False; else ValueError."""
    key = fold(text).strip()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(text)


_CATEGORY_WORDS: dict[str, MemberCategory] = {
    "salarie": MemberCategory.EMPLOYEE,
    "salariee": MemberCategory.EMPLOYEE,
    "employe": MemberCategory.EMPLOYEE,
    "employee": MemberCategory.EMPLOYEE,
    "teletravailleur": MemberCategory.EMPLOYEE,
    "teletravailleuse": MemberCategory.EMPLOYEE,
    "independant": MemberCategory.FREELANCER,
    "independante": MemberCategory.FREELANCER,
    "freelance": MemberCategory.FREELANCER,
    "freelancer": MemberCategory.FREELANCER,
    "createur": MemberCategory.FREELANCER,
    "creatrice": MemberCategory.FREELANCER,
    "auto entrepreneur": MemberCategory.FREELANCER,
    "micro entrepreneur": MemberCategory.FREELANCER,
    "entrepreneur": MemberCategory.FREELANCER,
    "nomade": MemberCategory.NOMAD,
    "travailleur nomade": MemberCategory.NOMAD,
    "travailleur se nomade": MemberCategory.NOMAD,
    "travailleuse nomade": MemberCategory.NOMAD,
    "nomad": MemberCategory.NOMAD,
    "agent": MemberCategory.PUBLIC_AGENT,
    "agent public": MemberCategory.PUBLIC_AGENT,
    "agente publique": MemberCategory.PUBLIC_AGENT,
    "fonctionnaire": MemberCategory.PUBLIC_AGENT,
    "public agent": MemberCategory.PUBLIC_AGENT,
    "visiteur": MemberCategory.VISITOR,
    "visiteuse": MemberCategory.VISITOR,
    "visitor": MemberCategory.VISITOR,
    "pass journee": MemberCategory.VISITOR,
}


def parse_category(text: str) -> MemberCategory | None:
    """A category from its code, its French or English label or a usual word; None if unknown."""
    key = header_key(text)
    for category in MemberCategory:
        if key in (header_key(category.value), header_key(category.label)):
            return category
    if key in _CATEGORY_WORDS:
        return _CATEGORY_WORDS[key]
    first = key.split(" ")[0] if key else ""
    return _CATEGORY_WORDS.get(first)
