"""Printing member badges: a PDF sheet of cards for chosen members."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from telecentre_desk.documents.badges import BadgeCard, render_badge_sheet
from telecentre_desk.domain.contact import is_valid_badge_code, normalise_badge_code
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ServiceError, ValidationError
from telecentre_desk.services.member_index import MEMBER_ENTITY
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, Member, Organisation


@dataclass(frozen=True)
class BadgeSheetResult:
    path: Path
    printed: int
    pages: int
    skipped: tuple[str, ...]  # names of members without a badge code


def badge_sheet_pdf(store: Store, member_ids: Iterable[int], out_path: Path) -> BadgeSheetResult:
    """Write the badges of ``member_ids`` (in that order) to ``out_path``.

    Members without a badge code are left out and named in the result. The file
    appears whole or not at all (written beside it, then renamed).
    """
    wanted = list(dict.fromkeys(member_ids))
    with store.read() as session:
        centre = session.get(Centre, 1)
        centre_name = centre.name if centre else ""
        rows = session.execute(
            select(Member, Organisation.name)
            .outerjoin(Organisation, Member.organisation_id == Organisation.id)
            .where(Member.id.in_(wanted))
        ).all()
    by_id = {member.id: (member, organisation) for member, organisation in rows}
    cards: list[BadgeCard] = []
    skipped: list[str] = []
    for member_id in wanted:
        if member_id not in by_id:
            continue
        member, organisation = by_id[member_id]
        name = f"{member.first_name} {member.last_name}".strip()
        if not member.badge_code:
            skipped.append(name)
            continue
        note = ""
        if member.home_centre_code:
            note = _("Member of the network centre {code}").format(code=member.home_centre_code)
        cards.append(BadgeCard(name, organisation or "", member.badge_code, note))
    if not cards:
        raise ValidationError(
            {
                "members": _(
                    "None of the chosen members has a badge code, so there is nothing to "
                    "print. Give them a badge code in the member directory first."
                )
            }
        )
    out_path = Path(out_path)
    pages = _write_atomically(out_path, cards, centre_name)
    return BadgeSheetResult(out_path, len(cards), pages, tuple(skipped))


def _write_atomically(out_path: Path, cards: list[BadgeCard], centre_name: str) -> int:
    folder = out_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".badges-", suffix=".pdf", dir=folder)
    except OSError as error:
        raise ServiceError(
            _("Cannot write in the folder {path} ({reason}). Choose another folder.").format(
                path=folder, reason=error.strerror or error
            )
        ) from error
    os.close(handle)
    try:
        pages = render_badge_sheet(cards, centre_name, Path(temporary))
        os.replace(temporary, out_path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ServiceError(
            _("Cannot write the file {path} ({reason}). Choose another name or folder.").format(
                path=out_path, reason=error.strerror or error
            )
        ) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return pages


# -- giving badge codes before printing ------------------------------------------------------
GENERATED_PREFIX = "TD-"
_GENERATED = re.compile(r"^TD-(\d{1,12})$")


@dataclass(frozen=True)
class BadgeHolder:
    member_id: int
    name: str
    badge_code: str | None


@dataclass(frozen=True)
class BadgeCodesResult:
    holders: tuple[BadgeHolder, ...]
    changes: ChangeSet


def badge_holders(store: Store, member_ids: Iterable[int]) -> list[BadgeHolder]:
    """The chosen members (in that order) with their badge code, or None."""
    wanted = list(dict.fromkeys(member_ids))
    with store.read() as session:
        rows = session.execute(
            select(Member.id, Member.first_name, Member.last_name, Member.badge_code).where(
                Member.id.in_(wanted)
            )
        ).all()
    by_id = {row.id: row for row in rows}
    return [
        BadgeHolder(row.id, f"{row.first_name} {row.last_name}".strip(), row.badge_code or None)
        for member_id in wanted
        if (row := by_id.get(member_id)) is not None
    ]


def suggest_badge_codes(store: Store, count: int) -> list[str]:
    """``count`` new codes "TD-000123", following the highest such code already given."""
    with store.read() as session:
        codes = session.scalars(
            select(Member.badge_code).where(Member.badge_code.like(f"{GENERATED_PREFIX}%"))
        ).all()
    highest = max(
        (int(match.group(1)) for code in codes if code and (match := _GENERATED.match(code))),
        default=0,
    )
    return [f"{GENERATED_PREFIX}{number:06d}" for number in range(highest + 1, highest + 1 + count)]


def assign_badge_codes(store: Store, actor: Actor, codes: Mapping[int, str]) -> BadgeCodesResult:
    """Give each member id its code, all or none: a wrong or taken code is named per member
    (``problems`` keyed by the member id as text) and nothing is stored."""
    require(actor, Permission.MANAGE_MEMBERS)
    cleaned = {member_id: normalise_badge_code(code) for member_id, code in codes.items()}
    problems: dict[str, str] = {}
    seen: dict[str, int] = {}
    for member_id, code in cleaned.items():
        if not code:
            problems[str(member_id)] = _("Type or scan a badge code, or use “Suggest new codes”.")
        elif not is_valid_badge_code(code):
            problems[str(member_id)] = _(
                "A badge code has up to 64 letters, digits, dots, dashes or underscores, "
                "for example TD-000123."
            )
        elif code in seen:
            problems[str(member_id)] = _(
                "The badge {code} is given twice here. Give each member their own code."
            ).format(code=code)
        else:
            seen[code] = member_id
    with store.write() as session:
        members = {
            member.id: member
            for member in session.scalars(select(Member).where(Member.id.in_(list(cleaned))))
        }
        for member_id in cleaned:
            if member_id not in members:
                raise NotFound(_("This member does not exist (any more). Refresh the list."))
        if seen:
            holders = session.execute(
                select(Member.id, Member.first_name, Member.last_name, Member.badge_code).where(
                    func.upper(Member.badge_code).in_(list(seen))
                )
            ).all()
            for holder in holders:
                code = normalise_badge_code(holder.badge_code or "")
                wanted_by = seen.get(code)
                if wanted_by is not None and holder.id != wanted_by:
                    problems[str(wanted_by)] = _(
                        "The badge {code} already belongs to {name}. Give another code."
                    ).format(code=code, name=f"{holder.first_name} {holder.last_name}".strip())
        if problems:
            raise ValidationError(problems)
        for member_id, code in cleaned.items():
            members[member_id].badge_code = code
        session.flush()
        audit.record(
            session,
            actor,
            "assign_badge_codes",
            MEMBER_ENTITY,
            ",".join(str(member_id) for member_id in cleaned),
            {str(member_id): code for member_id, code in cleaned.items()},
        )
        holders_now = tuple(
            BadgeHolder(
                member.id, f"{member.first_name} {member.last_name}".strip(), member.badge_code
            )
            for member in members.values()
        )
    return BadgeCodesResult(holders_now, changed(members=list(cleaned)))
