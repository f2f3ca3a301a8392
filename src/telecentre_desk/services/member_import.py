"""Importing members from a spreadsheet: a preview first, then all or nothing.

``preview_import`` reads the file, guesses which column holds what (the user
may change it), and checks every line against the same rules as the member
form and against the directory: it lists what is wrong, line by line, and
stores nothing. ``import_members`` does the same checks again inside one write
transaction and stores every member, or — if anything is wrong — none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import MemberCategory, OrganisationKind
from telecentre_desk.domain.member_columns import (
    MemberColumn,
    guess_columns,
    is_ignored_on_purpose,
    parse_category,
    parse_french_date,
    parse_yes_no,
)
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import PARIS, _, ngettext
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.member_files import Table, read_table
from telecentre_desk.services.member_index import MEMBER_ENTITY, ORGANISATION_ENTITY
from telecentre_desk.services.member_records import stored_columns
from telecentre_desk.services.member_validation import MemberDraft, clean_member
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, Member, Organisation
from telecentre_desk.storage.types import utc_now

# Column index -> what it holds (None: not imported).
ColumnMapping = Mapping[int, MemberColumn | None]


@dataclass(frozen=True)
class ColumnChoice:
    index: int
    header: str
    column: MemberColumn | None
    ignored_on_purpose: bool  # e.g. a birth date: never imported
    sample: str


@dataclass(frozen=True)
class RowCheck:
    line: int
    name: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    file_name: str
    encoding: str
    separator: str
    columns: tuple[ColumnChoice, ...]
    rows: tuple[RowCheck, ...]
    problems: tuple[str, ...]  # about the whole file (a missing column...)
    new_organisations: tuple[str, ...]

    @property
    def error_rows(self) -> tuple[RowCheck, ...]:
        return tuple(row for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        """Clean: something to import and nothing wrong."""
        return bool(self.rows) and not self.problems and not self.error_rows

    def mapping(self) -> dict[int, MemberColumn | None]:
        return {choice.index: choice.column for choice in self.columns}

    def messages(self) -> list[str]:
        """Every problem as a sentence, file-level first, then by line."""
        found = list(self.problems)
        for row in self.error_rows:
            found += [
                _("Line {line}: {problem}").format(line=row.line, problem=p) for p in row.errors
            ]
        return found


@dataclass(frozen=True)
class ImportResult:
    imported: int
    organisations_created: tuple[str, ...]
    changes: ChangeSet


class ImportRefused(ValidationError):
    """The file has problems: nothing was stored. ``preview`` says which, line by line."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        messages = preview.messages()
        shown = messages[:20]
        if len(messages) > len(shown):
            shown.append(
                ngettext(
                    "… and {count} more problem.",
                    "… and {count} more problems.",
                    len(messages) - len(shown),
                ).format(count=len(messages) - len(shown))
            )
        super().__init__({"file": "\n".join([_nothing_imported(), *shown])})


def _nothing_imported() -> str:
    return _("Nothing was imported: correct these lines in the file, then import it again.")


def preview_import(store: Store, path: Path, mapping: ColumnMapping | None = None) -> ImportPreview:
    """Read and check ``path``; store nothing. Raises SpreadsheetError if it is unreadable."""
    table = read_table(path)
    with store.read() as session:
        checked, _drafts = _check(session, table, Path(path).name, mapping)
    return checked


def import_members(
    store: Store, actor: Actor, path: Path, mapping: ColumnMapping | None = None
) -> ImportResult:
    """Store every member of ``path`` in one transaction, or nothing (ImportRefused)."""
    require(actor, Permission.MANAGE_MEMBERS)
    table = read_table(path)
    name = Path(path).name
    with store.write() as session:
        preview, drafts = _check(session, table, name, mapping)
        if not preview.ok:
            raise ImportRefused(preview)
        organisations = _organisations(session)
        created: list[str] = []
        for org_name in preview.new_organisations:
            organisation = Organisation(name=org_name, kind=OrganisationKind.COMPANY)
            session.add(organisation)
            session.flush()
            organisations[fold(org_name)] = organisation
            created.append(org_name)
            audit.record(
                session,
                actor,
                "create_organisation",
                ORGANISATION_ENTITY,
                organisation.id,
                {"source": "import", "file": name},
            )
        members = []
        for draft, organisation_name, joined in drafts:
            if organisation_name:
                draft = replace(draft, organisation_id=organisations[fold(organisation_name)].id)
            values = stored_columns(draft)
            if joined is not None:
                values["created_at"] = joined
            members.append(Member(**values))
        session.add_all(members)
        session.flush()
        ids = [member.id for member in members]
        for member_id in ids:
            audit.record(
                session,
                actor,
                "create_member",
                MEMBER_ENTITY,
                member_id,
                {"source": "import", "file": name},
            )
        audit.record(
            session,
            actor,
            "import_members",
            "member_import",
            "",
            {"file": name, "members": len(ids), "organisations_created": created},
        )
    return ImportResult(len(ids), tuple(created), changed(members=ids))


_Draft = tuple[MemberDraft, str, datetime | None]  # draft, organisation name, joined at


def _check(
    session: Session, table: Table, file_name: str, mapping: ColumnMapping | None
) -> tuple[ImportPreview, list[_Draft]]:
    columns = _columns(table, mapping)
    problems = _mapping_problems(columns)
    by_column = {c.column: c.index for c in columns if c.column is not None}
    organisations = _organisations(session)
    known = _known_members(session)
    own_centre = (session.scalar(select(Centre.network_centre_code)) or "").upper()
    badges_in_file: dict[str, int] = {}
    emails_in_file: dict[str, int] = {}
    new_organisations: dict[str, str] = {}
    rows: list[RowCheck] = []
    drafts: list[_Draft] = []
    width = len(table.headers)
    for line, cells in table.rows:
        errors: list[str] = []
        warnings: list[str] = []
        # Trailing empty cells are harmless; a short line or extra filled cells are not.
        if len(cells) < width or any(cells[width:]):
            errors.append(
                _(
                    "this line has {cells} cells but the header has {columns} columns: a "
                    "separator is missing or one too many."
                ).format(cells=len(cells), columns=width)
            )

        def cell(column: MemberColumn, cells: tuple[str, ...] = cells) -> str:
            index = by_column.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        draft, joined, organisation_name = _draft(cell, errors, organisations, new_organisations)
        cleaned, field_problems = clean_member(draft)
        errors += list(field_problems.values())
        if cleaned.badge_code and "badge_code" not in field_problems:
            if cleaned.badge_code in badges_in_file:
                errors.append(
                    _("the badge {code} is also on line {line}.").format(
                        code=cleaned.badge_code, line=badges_in_file[cleaned.badge_code]
                    )
                )
            elif cleaned.badge_code in known.badges:
                errors.append(
                    _("the badge {code} already belongs to {name} in the directory.").format(
                        code=cleaned.badge_code, name=known.badges[cleaned.badge_code]
                    )
                )
            badges_in_file.setdefault(cleaned.badge_code, line)
        if cleaned.email and "email" not in field_problems:
            if cleaned.email in emails_in_file:
                errors.append(
                    _("the e-mail {email} is also on line {line}.").format(
                        email=cleaned.email, line=emails_in_file[cleaned.email]
                    )
                )
            elif cleaned.email in known.emails:
                errors.append(
                    _(
                        "{name} already has the e-mail {email} in the directory: this person "
                        "is probably already a member. Remove the line."
                    ).format(name=known.emails[cleaned.email], email=cleaned.email)
                )
            emails_in_file.setdefault(cleaned.email, line)
        if own_centre and cleaned.home_centre_code == own_centre:
            errors.append(
                _("{code} is this centre's own code, not another network centre's.").format(
                    code=cleaned.home_centre_code
                )
            )
        full_name = fold(f"{cleaned.first_name} {cleaned.last_name}").strip()
        if full_name and full_name in known.names:
            warnings.append(
                _(
                    "someone named {name} is already in the directory (check it is another person)."
                ).format(name=f"{cleaned.first_name} {cleaned.last_name}".strip())
            )
        rows.append(
            RowCheck(
                line,
                f"{cleaned.first_name} {cleaned.last_name}".strip(),
                tuple(errors),
                tuple(warnings),
                cells,
            )
        )
        drafts.append((cleaned, organisation_name, joined))
    if not table.rows:
        problems.append(_("The file has a header line but no member below it."))
    preview = ImportPreview(
        file_name=file_name,
        encoding=table.encoding,
        separator=table.separator,
        columns=tuple(columns),
        rows=tuple(rows),
        problems=tuple(problems),
        new_organisations=tuple(sorted(new_organisations.values(), key=fold)),
    )
    return preview, drafts


def _draft(
    cell: Callable[[MemberColumn], str],
    errors: list[str],
    organisations: dict[str, Organisation],
    new_organisations: dict[str, str],
) -> tuple[MemberDraft, datetime | None, str]:
    organisation_name = cell(MemberColumn.ORGANISATION)
    if organisation_name:
        key = fold(organisation_name)
        existing = organisations.get(key)
        if existing is not None and existing.archived:
            errors.append(
                _("the organisation {name} is archived: restore it first.").format(
                    name=existing.name
                )
            )
        elif existing is None:
            new_organisations.setdefault(key, organisation_name)
    category_text = cell(MemberColumn.CATEGORY)
    category = parse_category(category_text) if category_text else None
    if category_text and category is None:
        errors.append(
            _("the category “{value}” is unknown. Use one of: {choices}.").format(
                value=category_text, choices=", ".join(c.label for c in MemberCategory)
            )
        )
    if category is None:
        category = MemberCategory.EMPLOYEE if organisation_name else MemberCategory.FREELANCER
    joined: datetime | None = None
    joined_text = cell(MemberColumn.MEMBER_SINCE)
    if joined_text:
        try:
            day = parse_french_date(joined_text)
        except ValueError:
            errors.append(
                _(
                    "the date “{value}” is not a date: write it as dd/mm/yyyy, e.g. 05/03/2024."
                ).format(value=joined_text)
            )
        else:
            joined = datetime.combine(day, time(12, 0), PARIS)
            if joined > utc_now():
                errors.append(_("the date {value} is in the future.").format(value=joined_text))
                joined = None
    consent_text = cell(MemberColumn.CONSENT_CONTACT)
    try:
        consent = parse_yes_no(consent_text)
    except ValueError:
        errors.append(
            _("“{value}” does not say yes or no (write oui or non).").format(value=consent_text)
        )
        consent = False
    draft = MemberDraft(
        last_name=cell(MemberColumn.LAST_NAME),
        first_name=cell(MemberColumn.FIRST_NAME),
        category=category,
        email=cell(MemberColumn.EMAIL),
        phone=_restore_leading_zero(cell(MemberColumn.PHONE), 9),
        address_line=cell(MemberColumn.ADDRESS),
        postal_code=_restore_leading_zero(cell(MemberColumn.POSTAL_CODE), 4),
        city=cell(MemberColumn.CITY),
        badge_code=cell(MemberColumn.BADGE),
        home_centre_code=cell(MemberColumn.HOME_CENTRE),
        network_member_id=cell(MemberColumn.NETWORK_ID),
        consent_contact=consent,
    )
    return draft, joined, organisation_name


def _restore_leading_zero(text: str, digits: int) -> str:
    """A spreadsheet that took ``0612345678`` or ``07540`` for a number dropped the zero."""
    compact = text.replace(" ", "")
    if len(compact) == digits and compact.isdigit() and compact[0] != "0":
        return "0" + compact
    return text


def _columns(table: Table, mapping: ColumnMapping | None) -> list[ColumnChoice]:
    guesses = guess_columns(list(table.headers))
    choices = []
    for index, header in enumerate(table.headers):
        column = mapping.get(index) if mapping is not None else guesses[index]
        sample = next(
            (cells[index] for _l, cells in table.rows if len(cells) > index and cells[index]), ""
        )
        choices.append(
            ColumnChoice(index, header, column, is_ignored_on_purpose(header), sample[:60])
        )
    return choices


def _mapping_problems(columns: Sequence[ColumnChoice]) -> list[str]:
    problems: list[str] = []
    chosen = [c.column for c in columns if c.column is not None]
    if MemberColumn.LAST_NAME not in chosen:
        problems.append(
            _(
                "No column holds the last name (for example a column “Nom”). Choose it in "
                "the column list: the last name is required."
            )
        )
    doubles = sorted({c for c in chosen if chosen.count(c) > 1}, key=list(MemberColumn).index)
    for column in doubles:
        problems.append(
            _("Two columns are marked “{column}”: choose it for one column only.").format(
                column=column.label
            )
        )
    return problems


@dataclass
class _Known:
    badges: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


def _known_members(session: Session) -> _Known:
    known = _Known()
    rows = session.execute(
        select(Member.first_name, Member.last_name, Member.email, func.upper(Member.badge_code))
    )
    for first_name, last_name, email, badge in rows:
        name = f"{first_name} {last_name}".strip()
        if badge:
            known.badges[badge] = name
        if email:
            known.emails[email.lower()] = name
        known.names.add(fold(name))
    return known


def _organisations(session: Session) -> dict[str, Organisation]:
    return {fold(o.name): o for o in session.scalars(select(Organisation))}
