"""Organisations (companies, administrations, associations) that may pay for their people."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.contact import (
    PhoneError,
    is_valid_email,
    is_valid_postal_code,
    normalise_email,
    normalise_phone,
)
from telecentre_desk.domain.identifiers import is_valid_siret, normalise_digits
from telecentre_desk.domain.kinds import OrganisationKind
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.member_index import ORGANISATION_ENTITY
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Member, Organisation

_VAT_NUMBER_LENGTH = 20


@dataclass(frozen=True)
class OrganisationDraft:
    name: str
    kind: OrganisationKind = OrganisationKind.COMPANY
    siret: str = ""
    vat_number: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    billing_email: str = ""
    phone: str = ""
    pays_for_members: bool = False


@dataclass(frozen=True)
class OrganisationSummary:
    id: int
    name: str
    kind: OrganisationKind
    siret: str
    city: str
    billing_email: str
    pays_for_members: bool
    archived: bool
    members: int  # active members

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class OrganisationDetails:
    id: int
    draft: OrganisationDraft
    archived: bool
    members: int


@dataclass(frozen=True)
class OrganisationResult:
    organisation: OrganisationDetails
    changes: ChangeSet
    # Members no longer billed to it (it stopped paying for its members).
    billing_cleared: int = 0


def list_organisations(
    store: Store, query: str = "", *, archived: bool = False
) -> list[OrganisationSummary]:
    """Organisations by name (active ones, or the archived ones), matching every word."""
    words = fold(query).split()
    with store.read() as session:
        counts = dict(
            session.execute(
                select(Member.organisation_id, func.count())
                .where(~Member.archived, Member.organisation_id.is_not(None))
                .group_by(Member.organisation_id)
            ).all()
        )
        rows = session.scalars(select(Organisation).where(Organisation.archived == archived)).all()
        found = [
            _summary(row, counts.get(row.id, 0))
            for row in rows
            if all(word in fold(f"{row.name} {row.city} {row.siret}") for word in words)
        ]
    return sorted(found, key=lambda o: (fold(o.name), o.id))


def get_organisation(store: Store, organisation_id: int) -> OrganisationDetails:
    with store.read() as session:
        organisation = _organisation(session, organisation_id)
        return _details(session, organisation)


def create_organisation(store: Store, actor: Actor, draft: OrganisationDraft) -> OrganisationResult:
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        cleaned = _checked(session, draft)
        organisation = Organisation(**asdict(cleaned))
        session.add(organisation)
        session.flush()
        audit.record(
            session,
            actor,
            "create_organisation",
            ORGANISATION_ENTITY,
            organisation.id,
            _audited(cleaned),
        )
        return OrganisationResult(_details(session, organisation), ChangeSet())


def update_organisation(
    store: Store, actor: Actor, organisation_id: int, draft: OrganisationDraft
) -> OrganisationResult:
    """Save the organisation; if it stops paying, its members are billed themselves again."""
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        organisation = _organisation(session, organisation_id)
        cleaned = _checked(session, draft, organisation_id=organisation_id)
        before = _audited(_draft(organisation))
        for column, value in asdict(cleaned).items():
            setattr(organisation, column, value)
        after = _audited(cleaned)
        difference = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        cleared: list[int] = []
        if not cleaned.pays_for_members:
            cleared = list(
                session.scalars(
                    select(Member.id).where(
                        Member.organisation_id == organisation_id, Member.billed_to_organisation
                    )
                )
            )
            for member_id in cleared:
                session.get_one(Member, member_id).billed_to_organisation = False
            if cleared:
                difference["members_no_longer_billed"] = cleared
        if difference:
            audit.record(
                session,
                actor,
                "update_organisation",
                ORGANISATION_ENTITY,
                organisation.id,
                difference,
            )
        members = session.scalars(
            select(Member.id).where(Member.organisation_id == organisation_id)
        ).all()
        session.flush()
        return OrganisationResult(
            _details(session, organisation),
            changed(members=list(members)) if difference else ChangeSet(),
            billing_cleared=len(cleared),
        )


def archive_organisation(store: Store, actor: Actor, organisation_id: int) -> OrganisationResult:
    """Hide an organisation from the choices; refused while active members belong to it."""
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        organisation = _organisation(session, organisation_id)
        active = _active_members(session, organisation_id)
        if active:
            raise ValidationError(
                {
                    "organisation": ngettext(
                        "{count} active member still belongs to {name}. Move them to another "
                        "organisation or archive them first.",
                        "{count} active members still belong to {name}. Move them to another "
                        "organisation or archive them first.",
                        active,
                    ).format(count=active, name=organisation.name)
                }
            )
        return _set_archived(session, actor, organisation, archived=True)


def restore_organisation(store: Store, actor: Actor, organisation_id: int) -> OrganisationResult:
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        return _set_archived(
            session, actor, _organisation(session, organisation_id), archived=False
        )


def _set_archived(
    session: Session, actor: Actor, organisation: Organisation, *, archived: bool
) -> OrganisationResult:
    if organisation.archived != archived:
        organisation.archived = archived
        action = "archive_organisation" if archived else "restore_organisation"
        audit.record(session, actor, action, ORGANISATION_ENTITY, organisation.id)
        session.flush()
    return OrganisationResult(_details(session, organisation), ChangeSet())


def organisation_problems(draft: OrganisationDraft) -> tuple[OrganisationDraft, dict[str, str]]:
    """The draft in stored form, and what to fix (field -> message)."""
    problems: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        problems["name"] = _("Enter the organisation's name, as it should appear on invoices.")
    elif len(name) > 200:
        problems["name"] = _("The name is too long (200 characters at most).")
    siret = normalise_digits(draft.siret)
    if siret and not is_valid_siret(siret):
        problems["siret"] = _(
            "This SIRET is not valid: it has 14 digits and its check digit must match. "
            "Copy it from the organisation's invoices or Kbis, or leave it empty."
        )
    vat_number = draft.vat_number.strip().upper().replace(" ", "")
    if len(vat_number) > _VAT_NUMBER_LENGTH:
        problems["vat_number"] = _("The VAT number is too long (FR followed by 11 characters).")
    postal_code = draft.postal_code.strip()
    if postal_code and not is_valid_postal_code(postal_code):
        problems["postal_code"] = _("A French postal code has 5 digits, for example 77540.")
    billing_email = normalise_email(draft.billing_email)
    if billing_email and not is_valid_email(billing_email):
        problems["billing_email"] = _(
            "This e-mail address is not valid. Check it, for example compta@example.fr, or "
            "leave it empty."
        )
    phone = draft.phone.strip()
    try:
        phone = normalise_phone(phone)
    except PhoneError:
        problems["phone"] = _(
            "This phone number is not valid. Write it as 01 23 45 67 89 or +33 1 23 45 67 89, "
            "or leave it empty."
        )
    address_line, city = draft.address_line.strip(), draft.city.strip()
    if draft.pays_for_members and not (address_line and postal_code and city):
        problems["address_line"] = _(
            "An organisation that pays for its members needs its postal address (street, "
            "postal code and city): it goes on their invoices."
        )
    cleaned = replace(
        draft,
        kind=OrganisationKind(draft.kind),
        name=name,
        siret=siret,
        vat_number=vat_number,
        address_line=address_line,
        postal_code=postal_code,
        city=city,
        billing_email=billing_email,
        phone=phone,
    )
    return cleaned, problems


def _checked(
    session: Session, draft: OrganisationDraft, *, organisation_id: int | None = None
) -> OrganisationDraft:
    cleaned, problems = organisation_problems(draft)
    if "name" not in problems:
        same = session.scalars(
            select(Organisation).where(Organisation.id != (organisation_id or 0))
        ).all()
        twin = next((o for o in same if fold(o.name) == fold(cleaned.name)), None)
        if twin is not None:
            problems["name"] = _(
                "An organisation named “{name}” already exists. Open it instead, or make the "
                "name more precise (add the town, for example)."
            ).format(name=twin.name)
    if problems:
        raise ValidationError(problems)
    return cleaned


def _active_members(session: Session, organisation_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.organisation_id == organisation_id, ~Member.archived)
        )
        or 0
    )


def _organisation(session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("This organisation does not exist (any more). Refresh the list."))
    return organisation


def _draft(organisation: Organisation) -> OrganisationDraft:
    return OrganisationDraft(
        name=organisation.name,
        kind=organisation.kind,
        siret=organisation.siret,
        vat_number=organisation.vat_number,
        address_line=organisation.address_line,
        postal_code=organisation.postal_code,
        city=organisation.city,
        billing_email=organisation.billing_email,
        phone=organisation.phone,
        pays_for_members=organisation.pays_for_members,
    )


def _audited(draft: OrganisationDraft) -> dict[str, Any]:
    values = asdict(draft)
    values["kind"] = draft.kind.value
    return values


def _details(session: Session, organisation: Organisation) -> OrganisationDetails:
    return OrganisationDetails(
        organisation.id,
        _draft(organisation),
        organisation.archived,
        _active_members(session, organisation.id),
    )


def _summary(organisation: Organisation, members: int) -> OrganisationSummary:
    return OrganisationSummary(
        id=organisation.id,
        name=organisation.name,
        kind=organisation.kind,
        siret=organisation.siret,
        city=organisation.city,
        billing_email=organisation.billing_email,
        pays_for_members=organisation.pays_for_members,
        archived=organisation.archived,
        members=members,
    )
