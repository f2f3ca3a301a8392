"""Printing member badges: a PDF sheet of cards for chosen members."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from telecentre_desk.documents.badges import BadgeCard, render_badge_sheet
from telecentre_desk.i18n import _
from telecentre_desk.services.errors import ServiceError, ValidationError
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
