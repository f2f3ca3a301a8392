"""The centre's profile: first-run creation and reading it back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from telecentre_desk.domain.identifiers import is_valid_siret, normalise_digits
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.opening_hours import default_opening_hours, to_json
from telecentre_desk.domain.roles import Role
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.auth import actor_of, add_user, user_problems
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, User

_POSTAL_CODE = re.compile(r"^\d{5}$")
_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True)
class CentreProfile:
    name: str
    legal_form: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    insee_code: str = ""
    siret: str = ""
    vat_mode: VatMode = VatMode.FRANCHISE
    vat_number: str = ""
    network_centre_code: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class FirstManager:
    display_name: str
    login: str
    secret: str = field(repr=False)


def needs_first_run(store: Store) -> bool:
    """True until the centre profile and a first manager exist."""
    with store.read() as session:
        centres = session.scalar(select(func.count()).select_from(Centre))
        managers = session.scalar(
            select(func.count()).select_from(User).where(User.role == Role.MANAGER, User.active)
        )
    return not centres or not managers


def create_centre(store: Store, profile: CentreProfile, manager: FirstManager) -> Actor:
    """First run: the centre profile and its first manager, in one transaction."""
    problems = centre_problems(profile)
    problems.update(
        {
            f"manager_{key}": message
            for key, message in user_problems(
                manager.login, manager.display_name, manager.secret
            ).items()
        }
    )
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        if session.scalar(select(func.count()).select_from(Centre)):
            raise ValidationError(
                {"name": _("This database already has a centre. Sign in instead.")}
            )
        session.add(
            Centre(
                name=profile.name.strip(),
                legal_form=profile.legal_form.strip(),
                address_line=profile.address_line.strip(),
                postal_code=profile.postal_code.strip(),
                city=profile.city.strip(),
                insee_code=profile.insee_code.strip(),
                siret=normalise_digits(profile.siret),
                vat_mode=profile.vat_mode,
                vat_number=profile.vat_number.strip(),
                network_centre_code=profile.network_centre_code.strip(),
                phone=profile.phone.strip(),
                email=profile.email.strip(),
                opening_hours=to_json(default_opening_hours()),
            )
        )
        user = add_user(session, manager.login, manager.display_name, Role.MANAGER, manager.secret)
        actor = actor_of(user)
        audit.record(session, actor, "create_centre", "centre", 1, {"name": profile.name})
    return actor


def get_centre(store: Store) -> CentreProfile:
    with store.read() as session:
        centre = session.get_one(Centre, 1)
        return CentreProfile(
            name=centre.name,
            legal_form=centre.legal_form,
            address_line=centre.address_line,
            postal_code=centre.postal_code,
            city=centre.city,
            insee_code=centre.insee_code,
            siret=centre.siret,
            vat_mode=centre.vat_mode,
            vat_number=centre.vat_number,
            network_centre_code=centre.network_centre_code,
            phone=centre.phone,
            email=centre.email,
        )


def centre_problems(profile: CentreProfile) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not profile.name.strip():
        problems["name"] = _("Enter the centre's name, as it appears on invoices.")
    if profile.postal_code.strip() and not _POSTAL_CODE.match(profile.postal_code.strip()):
        problems["postal_code"] = _("A French postal code has 5 digits, for example 77540.")
    if profile.insee_code.strip() and not _INSEE_CODE.match(profile.insee_code.strip()):
        problems["insee_code"] = _(
            "The commune's INSEE code has 5 characters, for example 77393 (it is not "
            "always the postal code)."
        )
    if profile.siret.strip() and not is_valid_siret(profile.siret):
        problems["siret"] = _(
            "This SIRET is not valid: it has 14 digits and its check digit must match. "
            "Copy it from the INSEE notice or leave it empty for now."
        )
    if profile.vat_mode is VatMode.LIABLE and not profile.vat_number.strip():
        problems["vat_number"] = _(
            "A centre liable to VAT needs its VAT number (FR followed by 11 characters)."
        )
    return problems
