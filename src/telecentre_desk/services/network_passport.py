"""Network passports: issuing one to a member of this centre, checking a visitor's offline,
and checking the visitor in as a network visitor with their monthly allowance left.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.network.directory import Directory
from telecentre_desk.network.errors import PassportRefused
from telecentre_desk.network.passport import (
    Passport,
    encode_passport,
    new_serial,
    verify_passport,
)
from telecentre_desk.network.pseudonyms import normalise_member_id
from telecentre_desk.services import audit, presence
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ServiceError, ValidationError
from telecentre_desk.services.network_directory import current_directory
from telecentre_desk.services.network_gather import paris_midnight
from telecentre_desk.services.network_keys import unlock
from telecentre_desk.services.network_vault import NO_PASSPHRASE, KeyAccess
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, Member, Presence
from telecentre_desk.storage.types import utc_now

DEFAULT_ALLOWANCE_DAYS = 8
DEFAULT_VALIDITY = timedelta(days=365)
MAX_VALIDITY = timedelta(days=3 * 366)


class PassportInvalid(ServiceError):
    """A refused passport; ``reason`` is the refusal's code (forged, expired, ...)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class NoDirectory(ServiceError):
    """Passports cannot be checked before the network directory is imported."""


@dataclass(frozen=True)
class IssuedPassport:
    text: str  # what the QR code holds
    member_id: int
    member_name: str
    centre_name: str
    passport: Passport
    changes: ChangeSet = field(default_factory=ChangeSet)


@dataclass(frozen=True)
class PassportCheck:
    passport: Passport
    centre_name: str
    used_this_month: int  # visit days this calendar month, here
    own_member: bool  # a passport of this very centre

    @property
    def allowance_left(self) -> int:
        return max(self.passport.allowance_days - self.used_this_month, 0)

    @property
    def over_allowance(self) -> bool:
        return self.used_this_month > self.passport.allowance_days


@dataclass(frozen=True)
class PassportCheckIn:
    check: PassportCheck
    presence: presence.PresenceInfo
    member_created: bool
    already_present: bool
    changes: ChangeSet


def issue_passport(
    store: Store,
    actor: Actor,
    member_id: int,
    *,
    valid_until: date | None = None,
    allowance_days: int = DEFAULT_ALLOWANCE_DAYS,
    access: KeyAccess = NO_PASSPHRASE,
    today: date | None = None,
) -> IssuedPassport:
    """Sign a passport for a member of this centre (giving them a network id if needed)."""
    require(actor, Permission.MANAGE_MEMBERS)
    start = today or utc_now().astimezone(PARIS).date()
    until = valid_until or start + DEFAULT_VALIDITY
    problems: dict[str, str] = {}
    if not start <= until <= start + MAX_VALIDITY:
        problems["valid_until"] = _(
            "Choose an end of validity between today and three years from now."
        )
    if not 0 <= allowance_days <= 31:
        problems["allowance_days"] = _("The monthly allowance is between 0 and 31 days.")
    if problems:
        raise ValidationError(problems)
    unlocked = unlock(store, access, need_secret=False)
    code = unlocked.centre_code
    with store.write() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(_("This member does not exist (any more)."))
        if member.archived:
            raise ValidationError(
                {"member": _("This member is archived: restore them before issuing a passport.")}
            )
        if member.home_centre_code and member.home_centre_code != code:
            raise ValidationError(
                {
                    "member": _(
                        "This person is a member of {centre}: only their home centre issues "
                        "their passport."
                    ).format(centre=member.home_centre_code)
                }
            )
        if not member.network_member_id:
            member.network_member_id = _new_network_id(session, code)
        passport = Passport(
            home_centre=code,
            member_id=member.network_member_id,
            valid_from=start,
            valid_until=until,
            allowance_days=allowance_days,
            serial=new_serial(),
        )
        text = encode_passport(passport, unlocked.signing_key)
        centre_name = session.scalar(select(Centre.name)) or ""
        audit.record(
            session,
            actor,
            "issue_passport",
            "member",
            member.id,
            {"serial": passport.serial, "valid_until": until.isoformat()},
        )
        return IssuedPassport(
            text=text,
            member_id=member.id,
            member_name=f"{member.first_name} {member.last_name}",
            centre_name=centre_name,
            passport=passport,
            changes=changed(members=[member.id]),
        )


def issue_passport_pdf(
    store: Store,
    actor: Actor,
    member_id: int,
    out_path: Path,
    *,
    valid_until: date | None = None,
    allowance_days: int = DEFAULT_ALLOWANCE_DAYS,
    access: KeyAccess = NO_PASSPHRASE,
) -> IssuedPassport:
    """Issue a passport and print it (card with its QR code) to ``out_path``."""
    from telecentre_desk.documents.passport_pdf import PassportCard, write_passport_pdf

    issued = issue_passport(
        store, actor, member_id, valid_until=valid_until, allowance_days=allowance_days,
        access=access,
    )  # fmt: skip
    try:
        write_passport_pdf(
            PassportCard(
                member_name=issued.member_name,
                centre_name=issued.centre_name,
                passport_text=issued.text,
                network_member_id=issued.passport.member_id,
                valid_until=issued.passport.valid_until,
                allowance_days=issued.passport.allowance_days,
            ),
            Path(out_path),
        )
    except OSError as error:
        raise ServiceError(
            _("Cannot write the passport to {path}: {reason}.").format(
                path=out_path, reason=error.strerror or error
            )
        ) from error
    return issued


def check_passport(
    store: Store, actor: Actor, text: str, *, today: date | None = None
) -> PassportCheck:
    """Verify a scanned passport offline against the directory; refusals say why."""
    require(actor, Permission.CHECK_IN)
    day = today or utc_now().astimezone(PARIS).date()
    directory = _directory(store)
    passport = _verified(text, directory, day)
    with store.read() as session:
        own_code = session.scalar(select(Centre.network_centre_code)) or ""
        used = _days_used(session, passport, own_code, day)
    centre = directory.centre(passport.home_centre)
    assert centre is not None
    return PassportCheck(passport, centre.name, used, passport.home_centre == own_code)


def check_in_with_passport(
    store: Store,
    actor: Actor,
    text: str,
    *,
    desk_id: int | None = None,
    now: datetime | None = None,
) -> PassportCheckIn:
    """Check a passport and check its holder in as a network visitor.

    The visitor's member record (no name: the home centre code and network id) is
    created on their first visit and found again on the next ones; the check-in itself
    is the ordinary one (services.presence), so the visit flows into the export.
    """
    require(actor, Permission.CHECK_IN)
    moment = now or utc_now()
    day = moment.astimezone(PARIS).date()
    directory = _directory(store)
    passport = _verified(text, directory, day)
    with store.write() as session:
        own_code = session.scalar(select(Centre.network_centre_code)) or ""
        member, created = _visitor_record(session, passport, own_code)
        if created:
            audit.record(
                session,
                actor,
                "create_network_visitor",
                "member",
                member.id,
                {"home_centre": passport.home_centre},
            )
        member_id = member.id
    result = presence.check_in(store, actor, member_id, desk_id=desk_id, at=moment)
    with store.read() as session:
        used = _days_used(session, passport, own_code, day)
    centre = directory.centre(passport.home_centre)
    assert centre is not None
    check = PassportCheck(passport, centre.name, used, passport.home_centre == own_code)
    changes = result.changes | changed(members=[member_id])
    return PassportCheckIn(check, result.presence, created, result.already_present, changes)


def _directory(store: Store) -> Directory:
    directory = current_directory(store)
    if directory is None:
        raise NoDirectory(
            _(
                "Passports are checked against the network directory, which this centre has "
                "not imported yet. A manager imports it in the Network view."
            )
        )
    return directory


def _verified(text: str, directory: Directory, day: date) -> Passport:
    try:
        return verify_passport(text, directory, day)
    except PassportRefused as refusal:
        raise PassportInvalid(refusal.reason, refusal.message) from None


def _visitor_record(session: Session, passport: Passport, own_code: str) -> tuple[Member, bool]:
    network_id = normalise_member_id(passport.member_id)
    if passport.home_centre == own_code:
        own = session.scalars(
            select(Member).where(
                Member.network_member_id == network_id, Member.home_centre_code.is_(None)
            )
        ).first()
        if own is None:
            raise NotFound(
                _("This passport of this centre names no member here (id {id}).").format(
                    id=network_id
                )
            )
        return own, False
    existing = session.scalars(
        select(Member)
        .where(
            Member.home_centre_code == passport.home_centre,
            Member.network_member_id == network_id,
        )
        .order_by(Member.id)
    ).first()
    if existing is not None:
        return existing, False
    member = Member(
        first_name=passport.home_centre,
        last_name=network_id,
        category=MemberCategory.NOMAD,
        home_centre_code=passport.home_centre,
        network_member_id=network_id,
    )
    session.add(member)
    session.flush()
    return member, True


def _days_used(session: Session, passport: Passport, own_code: str, day: date) -> int:
    """Different days this calendar month the passport's holder was here."""
    month_start = paris_midnight(day.replace(day=1))
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    month_end = paris_midnight(following)
    network_id = normalise_member_id(passport.member_id)
    home = None if passport.home_centre == own_code else passport.home_centre
    starts = session.scalars(
        select(Presence.started_at)
        .join(Member, Member.id == Presence.member_id)
        .where(
            Member.network_member_id == network_id,
            Member.home_centre_code.is_(None) if home is None else Member.home_centre_code == home,
            Presence.started_at >= month_start,
            Presence.started_at < month_end,
        )
    ).all()
    return len({started.astimezone(PARIS).date() for started in starts})


def _new_network_id(session: Session, code: str) -> str:
    """``77-ROZ-K7Q2M4XD``: random, so that nobody can guess other members' ids."""
    while True:
        token = base64.b32encode(secrets.token_bytes(5)).decode("ascii")
        candidate = f"{code}-{token}"
        taken = session.scalar(
            select(func.count()).select_from(Member).where(Member.network_member_id == candidate)
        )
        if not taken:
            return candidate
