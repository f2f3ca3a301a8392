"""Exporting the member directory to CSV (for Excel: ``;`` and UTF-8 with BOM) or XLSX.

The columns are the ones the importer reads, with headers in the user's
language, so an exported file can be corrected in a spreadsheet and imported
into another centre. A cell that a spreadsheet would run as a formula (starting
with = + - @) is protected by a leading apostrophe, which the importer removes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from telecentre_desk.domain.member_columns import MemberColumn, format_french_date
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services import audit
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.member_files import FORMULA_STARTS
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Member

EXPORT_FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    members: int


def export_members(
    store: Store, actor: Actor, path: Path, *, include_archived: bool = False
) -> ExportResult:
    """Write the active members (and the archived ones if asked) to ``path`` (.csv or .xlsx)."""
    require(actor, Permission.MANAGE_MEMBERS)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise ServiceError(
            _("Choose a file name ending in .csv or .xlsx (not “{name}”).").format(name=path.name)
        )
    with store.write() as session:  # a write: the export of personal data is audited
        statement = select(Member).options(joinedload(Member.organisation))
        if not include_archived:
            statement = statement.where(~Member.archived)
        members = sorted(
            session.scalars(statement).all(),
            key=lambda m: (fold(m.last_name), fold(m.first_name), m.id),
        )
        rows = [_row(member) for member in members]
        audit.record(
            session,
            actor,
            "export_members",
            "member_export",
            "",
            {"file": path.name, "members": len(rows)},
        )
        headers = [column.label for column in MemberColumn]
        try:
            if suffix == ".csv":
                _write_csv(path, headers, rows)
            else:
                _write_xlsx(path, headers, rows)
        except OSError as error:
            raise ServiceError(
                _("Cannot write {path} ({reason}). Choose another folder.").format(
                    path=path, reason=error.strerror or error
                )
            ) from None
    return ExportResult(path, len(rows))


def _row(member: Member) -> list[str]:
    values = {
        MemberColumn.LAST_NAME: member.last_name,
        MemberColumn.FIRST_NAME: member.first_name,
        MemberColumn.EMAIL: member.email,
        MemberColumn.PHONE: member.phone,
        MemberColumn.ORGANISATION: member.organisation.name if member.organisation else "",
        MemberColumn.CATEGORY: member.category.label,
        MemberColumn.BADGE: member.badge_code or "",
        MemberColumn.ADDRESS: member.address_line,
        MemberColumn.POSTAL_CODE: member.postal_code,
        MemberColumn.CITY: member.city,
        MemberColumn.MEMBER_SINCE: format_french_date(member.created_at.astimezone(PARIS)),
        MemberColumn.HOME_CENTRE: member.home_centre_code or "",
        MemberColumn.NETWORK_ID: member.network_member_id or "",
        MemberColumn.CONSENT_CONTACT: _("yes") if member.consent_contact else _("no"),
    }
    return [values[column] for column in MemberColumn]


def _protected(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([_protected(value) for value in row] for row in rows)
    partial.replace(path)  # never a half-written file under the chosen name


def _write_xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Members")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # text, never a formula or a number (phones, badges)
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        width = max([len(header), *(len(row[index - 1]) for row in rows[:200])])
        sheet.column_dimensions[letter].width = min(max(width + 2, 10), 40)
    sheet.freeze_panes = "A2"
    partial = path.with_name(path.name + ".part")
    workbook.save(partial)
    partial.replace(path)
