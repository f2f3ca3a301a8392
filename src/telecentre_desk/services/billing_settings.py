"""The centre's billing settings: its legal identity (table ``centre``) and invoicing terms.

Reading never fails: without a ``billing_settings`` row the defaults apply (prefix F,
30 days, 12 %). Updating checks every field first and changes nothing when one is
wrong (one French message per field). Issued invoices keep their own snapshot, so a
change applies to the documents issued afterwards only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from telecentre_desk.domain.identifiers import is_valid_siret, normalise_digits
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BillingSettings
from telecentre_desk.storage.models import Centre
from telecentre_desk.storage.types import utc_now

MAX_LOGO_BYTES = 500 * 1024
MAX_DUE_DAYS = 60  # art. L441-10 of the Code de commerce: 60 days from the issue date at most
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class _Terms:
    """The invoicing terms while no ``billing_settings`` row exists (the table's defaults)."""

    share_capital: str = ""
    rcs: str = ""
    invoice_prefix: str = "F"
    credit_note_prefix: str = "AV"
    payment_due_days: int = 30
    late_payment_rate: Decimal = Decimal("12.00")
    iban: str = ""
    bic: str = ""
    logo_png: bytes | None = None


DEFAULTS = _Terms()

_POSTAL_CODE = re.compile(r"^\d{5}$")
_PREFIX = re.compile(r"^[A-Za-z0-9-]{1,10}$")
_FRENCH_VAT = re.compile(r"^FR([0-9A-HJ-NP-Z]{2})(\d{9})$")
# Legal forms of commercial companies, which print their share capital and RCS entry.
_COMPANY_FORMS = frozenset(
    {"SA", "SAS", "SASU", "SARL", "EURL", "SNC", "SCA", "SCS", "SCOP", "SCIC", "SELARL", "SELAS"}
)

CENTRE_FIELDS = (
    "name",
    "legal_form",
    "address_line",
    "postal_code",
    "city",
    "siret",
    "vat_number",
    "vat_mode",
    "email",
    "phone",
)
SETTINGS_FIELDS = (
    "share_capital",
    "rcs",
    "invoice_prefix",
    "credit_note_prefix",
    "payment_due_days",
    "late_payment_rate",
    "iban",
    "bic",
    "logo_png",
)


@dataclass(frozen=True)
class BillingSettingsView:
    # The seller's legal identity (table centre).
    name: str
    legal_form: str
    address_line: str
    postal_code: str
    city: str
    siret: str
    vat_number: str
    vat_mode: VatMode
    email: str
    phone: str
    # The invoicing terms (table billing_settings).
    share_capital: str
    rcs: str
    invoice_prefix: str
    credit_note_prefix: str
    payment_due_days: int
    late_payment_rate: Decimal
    iban: str
    bic: str
    logo_png: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def has_logo(self) -> bool:
        return self.logo_png is not None


@dataclass(frozen=True)
class BillingSettingsResult:
    settings: BillingSettingsView
    changed_fields: tuple[str, ...]
    changes: ChangeSet


def get_billing_settings(store: Store) -> BillingSettingsView:
    with store.read() as session:
        return read_billing_settings(session)


def read_billing_settings(session: Session) -> BillingSettingsView:
    centre = session.get_one(Centre, 1)
    settings: BillingSettings | _Terms = session.get(BillingSettings, 1) or DEFAULTS
    return BillingSettingsView(
        name=centre.name,
        legal_form=centre.legal_form,
        address_line=centre.address_line,
        postal_code=centre.postal_code,
        city=centre.city,
        siret=centre.siret,
        vat_number=centre.vat_number,
        vat_mode=centre.vat_mode,
        email=centre.email,
        phone=centre.phone,
        share_capital=settings.share_capital,
        rcs=settings.rcs,
        invoice_prefix=settings.invoice_prefix,
        credit_note_prefix=settings.credit_note_prefix,
        payment_due_days=settings.payment_due_days,
        late_payment_rate=settings.late_payment_rate,
        iban=settings.iban,
        bic=settings.bic,
        logo_png=settings.logo_png,
    )


def update_billing_settings(
    store: Store, actor: Actor, changes: Mapping[str, object]
) -> BillingSettingsResult:
    """Change some fields (``{"iban": "FR76 ...", "payment_due_days": 45}``), all or none."""
    require(actor, Permission.ISSUE_INVOICES)
    with store.write() as session:
        current = read_billing_settings(session)
        cleaned = clean_changes(current, changes)
        centre = session.get_one(Centre, 1)
        settings = session.get(BillingSettings, 1)
        if settings is None:
            settings = BillingSettings(id=1, **_default_values())
            session.add(settings)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name, value in cleaned.items():
            target: object = centre if name in CENTRE_FIELDS else settings
            old = getattr(target, name)
            if old == value:
                continue
            setattr(target, name, value)
            before[name], after[name] = _audit_value(name, old), _audit_value(name, value)
        if after:
            settings.updated_at = utc_now()
            audit.record(
                session,
                actor,
                "update_billing_settings",
                "billing_settings",
                1,
                {"from": before, "to": after},
            )
        session.flush()
        return BillingSettingsResult(read_billing_settings(session), tuple(after), ChangeSet())


def missing_legal_identity(store: Store) -> tuple[str, ...]:
    """The mandatory seller mentions an invoice would lack, as translated labels."""
    with store.read() as session:
        return missing_legal_identity_in(session)


def missing_legal_identity_in(session: Session) -> tuple[str, ...]:
    """As :func:`missing_legal_identity`, inside the caller's transaction (issuing)."""
    view = read_billing_settings(session)
    missing: list[str] = []
    required = [
        (view.name, _("the centre's name")),
        (view.legal_form, _("the legal form")),
        (view.address_line, _("the street address")),
        (view.postal_code, _("the postal code")),
        (view.city, _("the town")),
        (view.siret, _("the SIRET number")),
    ]
    if view.vat_mode is VatMode.LIABLE:
        required.append((view.vat_number, _("the VAT number")))
    if is_company_form(view.legal_form):
        required.append((view.share_capital, _("the share capital")))
        required.append((view.rcs, _("the RCS registration (town and number)")))
    for value, label in required:
        if not value.strip():
            missing.append(label)
    return tuple(missing)


def is_company_form(legal_form: str) -> bool:
    """A commercial company ("SARL", "SCIC SAS à capital variable"): capital and RCS apply."""
    words = re.findall(r"[A-Za-z]+", legal_form.upper())
    return any(word in _COMPANY_FORMS for word in words)


# -- checking the input ------------------------------------------------------------------------
def clean_changes(current: BillingSettingsView, changes: Mapping[str, object]) -> dict[str, object]:
    """The changes as stored values; ValidationError with every problem found."""
    problems: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for name, value in changes.items():
        if name not in CENTRE_FIELDS and name not in SETTINGS_FIELDS:
            problems[name] = _("This setting does not exist: {name}.").format(name=name)
            continue
        try:
            cleaned[name] = _CLEANERS[name](value)
        except _Problem as problem:
            problems[name] = problem.message
    merged = {**current.__dict__, **cleaned}
    if not problems:
        problems.update(_cross_checks(merged))
    if problems:
        raise ValidationError(problems)
    return cleaned


class _Problem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(limit: int) -> Callable[[object], str]:
    def clean(value: object) -> str:
        if not isinstance(value, str):
            raise _Problem(_("Enter text here."))
        text = " ".join(value.split())
        if len(text) > limit:
            raise _Problem(_("Keep this under {limit} characters.").format(limit=limit))
        return text

    return clean


def _name(value: object) -> str:
    text = _text(200)(value)
    if not text:
        raise _Problem(_("Enter the centre's name, as it appears on invoices."))
    return text


def _postal_code(value: object) -> str:
    text = _text(10)(value)
    if text and not _POSTAL_CODE.match(text):
        raise _Problem(_("A French postal code has 5 digits, for example 77540."))
    return text


def _siret(value: object) -> str:
    text = normalise_digits(_text(30)(value))
    if text and not is_valid_siret(text):
        raise _Problem(
            _(
                "This SIRET is not valid: it has 14 digits and its check digit must match. "
                "Copy it from the INSEE notice."
            )
        )
    return text


def _vat_number(value: object) -> str:
    text = _text(30)(value).replace(" ", "").upper()
    if not text:
        return text
    match = _FRENCH_VAT.match(text)
    if match is None or (match[1].isdigit() and int(match[1]) != french_vat_key(match[2])):
        raise _Problem(
            _(
                "This VAT number is not valid: it reads FR, a 2-character key and the "
                "9-digit SIREN, for example FR52 847319522."
            )
        )
    return text


def french_vat_key(siren: str) -> int:
    """The key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97."""
    return (12 + 3 * (int(siren) % 97)) % 97


def _vat_mode(value: object) -> VatMode:
    try:
        return VatMode(str(value))
    except ValueError:
        raise _Problem(_("Choose one of the VAT modes offered.")) from None


def _prefix(value: object) -> str:
    text = _text(10)(value)
    if not _PREFIX.match(text):
        raise _Problem(
            _("Use 1 to 10 letters, digits or dashes (no spaces), for example F or FAC-.")
        )
    return text.upper()


def _due_days(value: object) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        days = -1
    if isinstance(value, bool) or not 0 <= days <= MAX_DUE_DAYS:
        raise _Problem(
            _("Enter a number of days between 0 and {most} (the legal maximum).").format(
                most=MAX_DUE_DAYS
            )
        )
    return days


def _rate(value: object) -> Decimal:
    try:
        rate = Decimal(str(value).strip().replace(",", "."))
        valid = rate.is_finite() and 0 <= rate < 100 and rate == rate.quantize(Decimal("0.01"))
    except InvalidOperation:
        valid = False
    if isinstance(value, float | bool) or not valid:
        raise _Problem(_("Enter a yearly rate in percent, for example 12 or 10.15."))
    return rate.quantize(Decimal("0.01"))


def _iban(value: object) -> str:
    from schwifty import IBAN

    text = _text(50)(value).replace(" ", "").upper()
    if not text:
        return text
    try:
        return str(IBAN(text).compact)
    except ValueError:
        raise _Problem(
            _(
                "This IBAN is not valid: check it against the bank's RIB (it starts with FR76 "
                "for a French account)."
            )
        ) from None


def _bic(value: object) -> str:
    from schwifty import BIC

    text = _text(20)(value).replace(" ", "").upper()
    if not text:
        return text
    try:
        return str(BIC(text).compact)
    except ValueError:
        raise _Problem(
            _("This BIC is not valid: it has 8 or 11 characters, for example BNPAFRPPXXX.")
        ) from None


def _logo(value: object) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, bytes):
        raise _Problem(_("Choose a PNG image file for the logo."))
    if len(value) >= MAX_LOGO_BYTES:
        raise _Problem(
            _("This image is too large ({size} kB): use a PNG under 500 kB.").format(
                size=len(value) // 1024
            )
        )
    if not value.startswith(PNG_SIGNATURE):
        raise _Problem(_("The logo must be a PNG image. Save it as PNG and try again."))
    from PIL import Image

    try:
        with Image.open(io.BytesIO(value)) as image:
            image.verify()
            valid = image.format == "PNG"
    except Exception:  # Pillow raises many kinds of errors on a damaged file
        valid = False
    if not valid:
        raise _Problem(_("This PNG image cannot be read: it may be damaged. Export it again."))
    return value


_CLEANERS: dict[str, Callable[[object], object]] = {
    "name": _name,
    "legal_form": _text(100),
    "address_line": _text(200),
    "postal_code": _postal_code,
    "city": _text(100),
    "siret": _siret,
    "vat_number": _vat_number,
    "vat_mode": _vat_mode,
    "email": _text(200),
    "phone": _text(30),
    "share_capital": _text(50),
    "rcs": _text(100),
    "invoice_prefix": _prefix,
    "credit_note_prefix": _prefix,
    "payment_due_days": _due_days,
    "late_payment_rate": _rate,
    "iban": _iban,
    "bic": _bic,
    "logo_png": _logo,
}


def _cross_checks(merged: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if merged["vat_mode"] is VatMode.LIABLE and not merged["vat_number"]:
        problems["vat_number"] = _(
            "A centre liable to VAT needs its VAT number (FR followed by 11 characters)."
        )
    vat = _FRENCH_VAT.match(merged["vat_number"] or "")
    if vat is not None and merged["siret"] and vat[2] != merged["siret"][:9]:
        problems["vat_number"] = _(
            "This VAT number is not the centre's: its last 9 digits must be the SIREN "
            "(the first 9 digits of the SIRET)."
        )
    if merged["invoice_prefix"] == merged["credit_note_prefix"]:
        problems["credit_note_prefix"] = _(
            "Credit notes need their own prefix, different from the invoices' one."
        )
    return problems


def _default_values() -> dict[str, Any]:
    return {name: getattr(DEFAULTS, name) for name in SETTINGS_FIELDS}


def _audit_value(name: str, value: object) -> object:
    if name == "logo_png":
        return None if value is None else f"{len(value)} bytes"  # type: ignore[arg-type]
    if isinstance(value, Decimal | VatMode):
        return str(value)
    return value
