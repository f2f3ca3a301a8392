"""Importing and exporting members: French spreadsheets, per-line errors, all or nothing."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from members_world import Centre, new_centre
from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.member_columns import MemberColumn
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.errors import PermissionDenied, ServiceError
from telecentre_desk.services.member_export import export_members
from telecentre_desk.services.member_files import SpreadsheetError
from telecentre_desk.services.member_import import (
    ImportRefused,
    import_members,
    preview_import,
)
from telecentre_desk.services.member_records import create_member
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.members import search_members
from telecentre_desk.storage.models import Member, Organisation

HEADER = [
    "Nom",
    "Prénom",
    "Courriel",
    "Téléphone",
    "Structure",
    "Catégorie",
    "Badge",
    "Date de naissance",
    "Date d'inscription",
]
GOOD = [
    [
        "Lefèvre",
        "Hélène",
        "helene.lefevre@example.fr",
        "06 12 34 56 78",
        "Brie Conseil",
        "Indépendante",
        "B-001",
        "12/04/1980",
        "05/03/2024",
    ],
    [
        "Martin",
        "Paul",
        "paul.martin@example.fr",
        "+33 6 12 34 56 79",
        "",
        "salarié",
        "B-002",
        "",
        "",
    ],
    ["Durand", "Zoé", "", "0612345680", "Brie Conseil", "", "", "", "01/09/2023"],
]


@pytest.fixture
def centre(data_paths: DataPaths) -> Iterator[Centre]:
    world = new_centre(data_paths)
    yield world
    world.store.close()


def write_csv(
    path: Path, rows: list[list[str]], *, separator: str = ";", encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=separator).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("separator", "encoding"),
    [(";", "utf-8"), (";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), ("\t", "utf-16")],
    ids=["semicolon", "bom", "comma", "windows-1252", "utf-16"],
)
def test_a_french_csv_imports_whatever_its_separator_and_encoding(
    centre: Centre, tmp_path: Path, separator: str, encoding: str
) -> None:
    path = write_csv(
        tmp_path / "membres.csv", [HEADER, *GOOD], separator=separator, encoding=encoding
    )
    preview = preview_import(centre.store, path)
    assert preview.ok, preview.messages()
    assert preview.separator == separator
    assert centre.count() == 0  # a preview stores nothing
    result = import_members(centre.store, centre.manager, path, preview.mapping())
    assert result.imported == 3
    assert result.organisations_created == ("Brie Conseil",)
    helene = search_members(centre.store, "helene")[0]
    assert (helene.first_name, helene.phone, helene.badge_code) == (
        "Hélène",
        "06 12 34 56 78",
        "B-001",
    )
    assert helene.organisation == "Brie Conseil"
    assert helene.category is MemberCategory.FREELANCER
    assert search_members(centre.store, "paul")[0].category is MemberCategory.EMPLOYEE
    assert search_members(centre.store, "zoe")[0].category is MemberCategory.EMPLOYEE
    with centre.store.read() as session:
        joined = session.scalars(select(Member.created_at).where(Member.badge_code == "B-001"))
        assert joined.one().date().isoformat() == "2024-03-05"


def test_the_headers_are_guessed_and_the_birth_date_is_never_imported(
    centre: Centre, tmp_path: Path
) -> None:
    preview = preview_import(centre.store, write_csv(tmp_path / "m.csv", [HEADER, *GOOD]))
    chosen = {choice.header: choice.column for choice in preview.columns}
    assert chosen["Nom"] is MemberColumn.LAST_NAME
    assert chosen["Courriel"] is MemberColumn.EMAIL
    assert chosen["Structure"] is MemberColumn.ORGANISATION
    assert chosen["Date d'inscription"] is MemberColumn.MEMBER_SINCE
    assert chosen["Date de naissance"] is None
    assert next(c for c in preview.columns if c.header == "Date de naissance").ignored_on_purpose


def test_an_xlsx_imports_with_real_dates_and_numbers(centre: Centre, tmp_path: Path) -> None:
    from datetime import datetime

    path = write_xlsx(
        tmp_path / "membres.xlsx",
        [
            ["Last name", "First name", "E-mail", "Phone", "Badge", "Member since", None],
            ["Lefèvre", "Hélène", "helene@example.fr", 612345678, 1234, datetime(2024, 3, 5)],
        ],
    )
    result = import_members(centre.store, centre.manager, path)
    assert result.imported == 1
    helene = search_members(centre.store, "helene")[0]
    assert helene.phone == "06 12 34 56 78"  # the spreadsheet had dropped the leading zero
    assert helene.badge_code == "1234"


def test_every_wrong_line_is_listed_and_nothing_is_stored(centre: Centre, tmp_path: Path) -> None:
    create_member(centre.store, centre.manager, MemberDraft(last_name="Ancien", badge_code="B-900"))
    rows = [
        HEADER,
        GOOD[0],
        ["Martin", "Paul", "paul@example", "06 12 34 56 79", "", "", "B-002", "", "31/02/2024"],
        ["Durand", "Zoé", "", "12 34", "", "astronaute", "B-001", "", ""],
        ["", "Luc", "", "", "", "", "B-900", "", ""],
        ["Petit", "Anne"],  # a short line: a separator is missing
    ]
    path = write_csv(tmp_path / "erreurs.csv", rows)
    preview = preview_import(centre.store, path)
    assert not preview.ok
    by_line = {row.line: row for row in preview.error_rows}
    assert sorted(by_line) == [3, 4, 5, 6]
    assert any("31/02/2024" in problem for problem in by_line[3].errors)
    assert len(by_line[3].errors) == 2  # the date and the e-mail
    assert any("astronaute" in problem for problem in by_line[4].errors)
    assert any("B-001" in problem and "2" in problem for problem in by_line[4].errors)
    assert any("Ancien" in problem for problem in by_line[5].errors)  # badge already known
    assert len(by_line[5].errors) == 2  # and no last name
    assert len(by_line[6].errors) == 1
    with pytest.raises(ImportRefused) as refusal:
        import_members(centre.store, centre.manager, path, preview.mapping())
    assert "3" in str(refusal.value)
    assert centre.count() == 1  # only "Ancien", from before
    assert centre.organisation_named("Brie Conseil") is None


def test_a_missing_last_name_column_is_a_problem_of_the_file(
    centre: Centre, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", [["Prénom", "Courriel"], ["Hélène", "h@example.fr"]])
    preview = preview_import(centre.store, path)
    assert not preview.ok and len(preview.problems) == 1
    with pytest.raises(ImportRefused):
        import_members(centre.store, centre.manager, path)
    assert centre.count() == 0


def test_the_user_can_choose_what_a_column_holds(centre: Centre, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["Personne", "Mél"], ["Lefèvre", "h@example.fr"]])
    guessed = preview_import(centre.store, path)
    assert not guessed.ok
    mapping = {0: MemberColumn.LAST_NAME, 1: MemberColumn.EMAIL}
    assert preview_import(centre.store, path, mapping).ok
    assert import_members(centre.store, centre.manager, path, mapping).imported == 1
    assert search_members(centre.store, "lefevre")[0].email == "h@example.fr"


def test_a_person_already_in_the_directory_is_not_imported_twice(
    centre: Centre, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", [HEADER, *GOOD])
    import_members(centre.store, centre.manager, path)
    with pytest.raises(ImportRefused):
        import_members(centre.store, centre.manager, path)
    assert centre.count() == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vide.csv", b""),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("faux.xlsx", b"PK\x03\x04 not really a workbook"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0 old excel"),
        ("guillemets.csv", b'Nom;Pr\xc3\xa9nom\n"Lef\xc3\xa8vre;H\xc3\xa9l\xc3\xa8ne\n'),
    ],
)
def test_an_unreadable_file_gets_a_message_and_changes_nothing(
    centre: Centre, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError) as refusal:
        preview_import(centre.store, path)
    assert name in str(refusal.value) or "guillemets" in name
    with pytest.raises(ServiceError):
        import_members(centre.store, centre.manager, path)
    assert centre.count() == 0


def test_a_volunteer_cannot_import(centre: Centre, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [HEADER, *GOOD])
    with pytest.raises(PermissionDenied):
        import_members(centre.store, centre.volunteer, path)
    assert centre.count() == 0


def test_export_to_csv_for_excel_then_import_elsewhere(
    centre: Centre, tmp_path: Path, data_paths: DataPaths
) -> None:
    import_members(centre.store, centre.manager, write_csv(tmp_path / "m.csv", [HEADER, *GOOD]))
    create_member(
        centre.store,
        centre.manager,
        MemberDraft(
            last_name="=HYPERLINK(1)",
            phone="+32 2 555 12 12",
            home_centre_code="77-MEL",
            network_member_id="77-MEL-7",
        ),
    )
    out = tmp_path / "export.csv"
    assert export_members(centre.store, centre.manager, out).members == 4
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") == len(MemberColumn) - 1
    assert "'=HYPERLINK(1)" in text and "'+3225551212" in text  # no formula runs in Excel
    other = new_centre(prepare_data_dir(tmp_path / "autre"), network_code="77-NAN")
    try:
        assert import_members(other.store, other.manager, out).imported == 4
        assert search_members(other.store, "hyperlink")[0].phone == "+3225551212"
        assert search_members(other.store, "helene")[0].organisation == "Brie Conseil"
    finally:
        other.store.close()


def test_export_to_xlsx_keeps_text_as_text(centre: Centre, tmp_path: Path) -> None:
    create_member(
        centre.store,
        centre.manager,
        MemberDraft(last_name="=1+1", first_name="Zoé", phone="06 12 34 56 78", badge_code="007"),
    )
    out = tmp_path / "export.xlsx"
    export_members(centre.store, centre.manager, out)
    sheet = load_workbook(out).active
    assert sheet is not None
    values = [cell.value for cell in sheet[2]]
    assert values[:2] == ["=1+1", "Zoé"]
    assert sheet["A2"].data_type == "s"
    assert "007" in values and "06 12 34 56 78" in values


def test_export_refuses_another_format(centre: Centre, tmp_path: Path) -> None:
    with pytest.raises(ServiceError):
        export_members(centre.store, centre.manager, tmp_path / "membres.pdf")
    assert not (tmp_path / "membres.pdf").exists()


def test_imported_organisations_are_created_once(centre: Centre, tmp_path: Path) -> None:
    import_members(centre.store, centre.manager, write_csv(tmp_path / "m.csv", [HEADER, *GOOD]))
    assert centre.count(Organisation) == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_exported_header_is_recognised_on_import(language: str) -> None:
    from telecentre_desk.domain.member_columns import guess_columns
    from telecentre_desk.i18n import set_language

    set_language(language)
    assert guess_columns([column.label for column in MemberColumn]) == list(MemberColumn)
