"""What makes a member's record acceptable, shared by the form and the importer.

``clean_member`` turns what a person typed into the values we store (trimmed,
phone and e-mail in their one stored form, commute data dropped without
consent) and lists, per field, what to fix — in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from telecentre_desk.domain.contact import (
    PhoneError,
    is_valid_badge_code,
    is_valid_email,
    is_valid_postal_code,
    normalise_badge_code,
    normalise_email,
    normalise_phone,
)
from telecentre_desk.domain.kinds import CommuteMode, MemberCategory
from telecentre_desk.i18n import _

MAX_COMMUTE_KM = Decimal("1000")
_NAME_LENGTH = 100


@dataclass(frozen=True)
class MemberDraft:
    """A member as the form or an imported row gives it (before checks)."""

    last_name: str
    first_name: str = ""
    category: MemberCategory = MemberCategory.FREELANCER
    organisation_id: int | None = None
    email: str = ""
    phone: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    badge_code: str = ""
    home_centre_code: str = ""
    network_member_id: str = ""
    consent_contact: bool = False
    consent_commute: bool = False
    commute_distance_km: Decimal | None = None
    commute_mode: CommuteMode | None = None
    billed_to_organisation: bool = False


def clean_member(draft: MemberDraft) -> tuple[MemberDraft, dict[str, str]]:
    """The draft with stored forms, and the problems found (field -> message)."""
    problems: dict[str, str] = {}
    first_name, last_name = draft.first_name.strip(), draft.last_name.strip()
    if not last_name:
        problems["last_name"] = _("Enter the member's last name.")
    elif len(last_name) > _NAME_LENGTH:
        problems["last_name"] = _("The last name is too long (100 characters at most).")
    if len(first_name) > _NAME_LENGTH:
        problems["first_name"] = _("The first name is too long (100 characters at most).")

    email = normalise_email(draft.email)
    if email and not is_valid_email(email):
        problems["email"] = _(
            "This e-mail address is not valid. Check it, for example marie.dupont@example.fr, "
            "or leave it empty."
        )
    phone = draft.phone.strip()
    try:
        phone = normalise_phone(phone)
    except PhoneError:
        problems["phone"] = _(
            "This phone number is not valid. Write it as 06 12 34 56 78 or +33 6 12 34 56 78 "
            "(or with the country code for another country), or leave it empty."
        )
    postal_code = draft.postal_code.strip()
    if postal_code and not is_valid_postal_code(postal_code):
        problems["postal_code"] = _("A French postal code has 5 digits, for example 77540.")

    badge = normalise_badge_code(draft.badge_code)
    if badge and not is_valid_badge_code(badge):
        problems["badge_code"] = _(
            "A badge code has up to 64 letters, digits, dots, dashes or underscores, "
            "for example TD-000123."
        )

    home, network_id = draft.home_centre_code.strip().upper(), draft.network_member_id.strip()
    if bool(home) != bool(network_id):
        field = "network_member_id" if home else "home_centre_code"
        problems[field] = _(
            "A member of another network centre needs both their home centre's code and "
            "their network member number (both are on their network card)."
        )
    elif len(home) > 20 or len(network_id) > 64:
        problems["network_member_id"] = _("The home centre code or the network number is too long.")

    consent_commute = draft.consent_commute
    distance, mode = draft.commute_distance_km, draft.commute_mode
    if not consent_commute:
        distance, mode = None, None  # no consent: nothing about the commute is kept
    elif distance is not None and not (Decimal(0) <= distance <= MAX_COMMUTE_KM):
        problems["commute_distance_km"] = _(
            "The commute distance is in kilometres, between 0 and 1000."
        )
    elif distance is not None:
        distance = distance.quantize(Decimal("0.1"))

    cleaned = replace(
        draft,
        category=MemberCategory(draft.category),
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        address_line=draft.address_line.strip(),
        postal_code=postal_code,
        city=draft.city.strip(),
        badge_code=badge,
        home_centre_code=home,
        network_member_id=network_id,
        commute_distance_km=distance,
        commute_mode=CommuteMode(mode) if mode else None,
    )
    return cleaned, problems


def billing_problem(pays_for_members: bool | None) -> str | None:
    """Why a member cannot be billed to their organisation, or None when they can.

    ``pays_for_members`` is None when the member has no organisation.
    """
    if pays_for_members is None:
        return _("Only a member of an organisation can be billed to it. Choose the organisation.")
    if not pays_for_members:
        return _(
            "This organisation does not pay for its members. Tick “pays for its members” on "
            "the organisation first, or bill the member themselves."
        )
    return None
