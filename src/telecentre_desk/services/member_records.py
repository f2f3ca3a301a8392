"""Creating, editing, archiving and restoring members (one transaction each, audited)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import CommuteMode, MemberCategory
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ServiceError, ValidationError
from telecentre_desk.services.member_index import MEMBER_ENTITY, index_for
from telecentre_desk.services.member_validation import MemberDraft, billing_problem, clean_member
from telecentre_desk.services.members import MemberSummary
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import AuditEvent, Centre, Member, Organisation, Presence

ANONYMISE_ACTION = "anonymise_member"


@dataclass(frozen=True)
class MemberDetails:
    """Everything the form shows about one member."""

    id: int
    draft: MemberDraft
    organisation: str
    organisation_pays: bool
    archived: bool
    created_at: datetime

    @property
    def display_name(self) -> str:
        return f"{self.draft.first_name} {self.draft.last_name}".strip()

    @property
    def network_visitor(self) -> bool:
        return bool(self.draft.home_centre_code)


@dataclass(frozen=True)
class MemberResult:
    member: MemberDetails
    changes: ChangeSet


class PossibleDuplicate(ServiceError):
    """Someone with the same name, e-mail or phone exists; the user may confirm anyway."""

    def __init__(self, matches: tuple[MemberSummary, ...]) -> None:
        self.matches = matches
        names = ", ".join(match.display_name for match in matches[:3])
        super().__init__(
            _(
                "This may be someone already known: {names}. Check the list; create the "
                "member anyway only if it is another person."
            ).format(names=names)
        )


def get_member(store: Store, member_id: int) -> MemberDetails:
    with store.read() as session:
        return _details(_member(session, member_id))


def create_member(
    store: Store, actor: Actor, draft: MemberDraft, *, confirm_duplicate: bool = False
) -> MemberResult:
    """Add a member. Raises PossibleDuplicate unless ``confirm_duplicate`` (after the user saw)."""
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        cleaned = checked_draft(session, draft)
        if not confirm_duplicate:
            matches = _possible_duplicates(store, session, cleaned)
            if matches:
                raise PossibleDuplicate(matches)
        member = Member(**stored_columns(cleaned))
        session.add(member)
        session.flush()
        audit.record(session, actor, "create_member", MEMBER_ENTITY, member.id, _audited(cleaned))
        session.refresh(member)
        return MemberResult(_details(member), changed(members=[member.id]))


def update_member(store: Store, actor: Actor, member_id: int, draft: MemberDraft) -> MemberResult:
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        member = _member(session, member_id)
        _refuse_anonymised(session, member_id)
        cleaned = checked_draft(session, draft, member_id=member_id)
        before = _audited(_details(member).draft)
        for column, value in stored_columns(cleaned).items():
            setattr(member, column, value)
        after = _audited(cleaned)
        difference = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if difference:
            audit.record(session, actor, "update_member", MEMBER_ENTITY, member.id, difference)
        session.flush()
        session.refresh(member)
        return MemberResult(
            _details(member), changed(members=[member.id]) if difference else ChangeSet()
        )


def archive_member(store: Store, actor: Actor, member_id: int) -> MemberResult:
    """Hide a member from the lists and the check-in (kept for history; restore undoes it)."""
    return _set_archived(store, actor, member_id, archived=True)


def restore_member(store: Store, actor: Actor, member_id: int) -> MemberResult:
    return _set_archived(store, actor, member_id, archived=False)


def _set_archived(store: Store, actor: Actor, member_id: int, *, archived: bool) -> MemberResult:
    require(actor, Permission.MANAGE_MEMBERS)
    with store.write() as session:
        member = _member(session, member_id)
        if member.archived == archived:
            return MemberResult(_details(member), ChangeSet())
        if not archived:
            _refuse_anonymised(session, member_id)
        if archived and _is_checked_in(session, member_id):
            raise ValidationError(
                {
                    "member": _(
                        "{name} is checked in. Check them out first, then archive them."
                    ).format(name=_name(member))
                }
            )
        member.archived = archived
        action = "archive_member" if archived else "restore_member"
        audit.record(session, actor, action, MEMBER_ENTITY, member.id)
        session.flush()
        return MemberResult(_details(member), changed(members=[member.id]))


def checked_draft(
    session: Session, draft: MemberDraft, *, member_id: int | None = None
) -> MemberDraft:
    """The cleaned draft, or ValidationError with every problem (format and database)."""
    cleaned, problems = clean_member(draft)
    organisation = None
    if cleaned.organisation_id is not None:
        organisation = session.get(Organisation, cleaned.organisation_id)
        if organisation is None:
            problems["organisation_id"] = _("This organisation does not exist (any more).")
        elif organisation.archived and not _keeps_organisation(session, member_id, organisation):
            problems["organisation_id"] = _(
                "{name} is archived. Restore it first, or choose another organisation."
            ).format(name=organisation.name)
    if cleaned.billed_to_organisation and "organisation_id" not in problems:
        reason = billing_problem(organisation.pays_for_members if organisation else None)
        if reason:
            problems["billed_to_organisation"] = reason
    if cleaned.badge_code and "badge_code" not in problems:
        holder = session.scalar(
            select(Member).where(
                func.upper(Member.badge_code) == cleaned.badge_code, Member.id != (member_id or 0)
            )
        )
        if holder is not None:
            problems["badge_code"] = _(
                "The badge {code} already belongs to {name}. Give another code."
            ).format(code=cleaned.badge_code, name=_name(holder))
    if cleaned.home_centre_code and "home_centre_code" not in problems:
        own = session.scalar(select(Centre.network_centre_code))
        if own and own.upper() == cleaned.home_centre_code:
            problems["home_centre_code"] = _(
                "{code} is this centre's own code: a member of this centre is not a network "
                "visitor. Leave both network fields empty."
            ).format(code=cleaned.home_centre_code)
    if problems:
        raise ValidationError(problems)
    return cleaned


def _keeps_organisation(
    session: Session, member_id: int | None, organisation: Organisation
) -> bool:
    """Editing a member who already belongs to an archived organisation does not move them."""
    if member_id is None:
        return False
    member = session.get(Member, member_id)
    return member is not None and member.organisation_id == organisation.id


def _possible_duplicates(
    store: Store, session: Session, draft: MemberDraft
) -> tuple[MemberSummary, ...]:
    name = fold(f"{draft.first_name} {draft.last_name}").split()
    found = []
    for entry in index_for(store).entries(session):
        member = entry.summary
        same_name = name and fold(f"{member.first_name} {member.last_name}").split() == name
        same_email = draft.email and member.email.lower() == draft.email
        same_phone = draft.phone and member.phone == draft.phone
        if same_name or same_email or same_phone:
            found.append(member)
    return tuple(found)


def is_anonymised(session: Session, member_id: int) -> bool:
    """True once the member was anonymised (the audit trail is where that is recorded)."""
    return (
        session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.action == ANONYMISE_ACTION,
                AuditEvent.entity == MEMBER_ENTITY,
                AuditEvent.entity_id == str(member_id),
            )
        )
        is not None
    )


def _refuse_anonymised(session: Session, member_id: int) -> None:
    if is_anonymised(session, member_id):
        raise ValidationError(
            {
                "member": _(
                    "This member was anonymised: there is no one left to edit or restore. "
                    "Create a new member if the person comes back."
                )
            }
        )


def _is_checked_in(session: Session, member_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(Presence)
            .where(Presence.member_id == member_id, Presence.ended_at.is_(None))
        )
    )


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This member does not exist (any more). Refresh the list."))
    return member


def _name(member: Member) -> str:
    return f"{member.first_name} {member.last_name}".strip()


def stored_columns(draft: MemberDraft) -> dict[str, Any]:
    values = asdict(draft)
    values["badge_code"] = draft.badge_code or None
    values["home_centre_code"] = draft.home_centre_code or None
    values["network_member_id"] = draft.network_member_id or None
    return values


def _audited(draft: MemberDraft) -> dict[str, Any]:
    """The draft as JSON-friendly values for the audit trail."""
    values: dict[str, Any] = {}
    for key, value in asdict(draft).items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, MemberCategory | CommuteMode):
            value = value.value
        values[key] = value
    return values


def _details(member: Member) -> MemberDetails:
    organisation = member.organisation
    return MemberDetails(
        id=member.id,
        draft=MemberDraft(
            last_name=member.last_name,
            first_name=member.first_name,
            category=member.category,
            organisation_id=member.organisation_id,
            email=member.email,
            phone=member.phone,
            address_line=member.address_line,
            postal_code=member.postal_code,
            city=member.city,
            badge_code=member.badge_code or "",
            home_centre_code=member.home_centre_code or "",
            network_member_id=member.network_member_id or "",
            consent_contact=member.consent_contact,
            consent_commute=member.consent_commute,
            commute_distance_km=member.commute_distance_km,
            commute_mode=member.commute_mode,
            billed_to_organisation=member.billed_to_organisation,
        ),
        organisation=organisation.name if organisation else "",
        organisation_pays=bool(organisation and organisation.pays_for_members),
        archived=member.archived,
        created_at=member.created_at,
    )
