"""Hypothesis writes member files (CSV in every usual form, or XLSX), good or with defects:
the import stores every member of a good file, and nothing at all of a file with a defect."""

from __future__ import annotations

import csv
import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from members_world import Centre, new_centre
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services.member_import import ImportRefused, import_members, preview_import
from telecentre_desk.services.member_records import create_member
from telecentre_desk.services.member_validation import MemberDraft

HEADER = (
    "Nom",
    "Prénom",
    "Courriel",
    "Téléphone",
    "Structure",
    "Catégorie",
    "Badge",
    "Date d'inscription",
)
KNOWN_BADGE = "DEJA-1"
# Letters a French spreadsheet holds (all in Windows-1252), and separators inside names.
LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâçîïôöùûüÿœÉÈÀÇ"
names = st.text(alphabet=LETTERS + " -'", min_size=1, max_size=20).filter(
    lambda text: text.strip() != ""
)
odd_names = st.sampled_from(["O'Neil; fils", 'Le "Grand"', "Dupont,\nJr", "=SOMME(A1)", "-"])
categories = st.sampled_from(
    ["", "salarié", "Indépendante", "nomade", "Agent public", "visiteur", "employee"]
)
DEFECTS = (
    "email",
    "phone",
    "date",
    "no_last_name",
    "badge_twice",
    "badge_known",
    "category",
    "short_line",
)
_serial = itertools.count()


@dataclass(frozen=True)
class Line:
    cells: tuple[str, ...]


@st.composite
def good_lines(draw: st.DrawFn, serial: int) -> list[Line]:
    count = draw(st.integers(min_value=1, max_value=6))
    lines = []
    for index in range(count):
        tag = f"{serial}x{index}"
        last = draw(st.one_of(names, odd_names))
        phone = draw(
            st.sampled_from(
                [
                    "",
                    f"06 12 {index:02d} {serial % 100:02d} 00",
                    f"+33 7{index}{serial % 1000:03d}0000",
                ]
            )
        )
        day = draw(st.integers(min_value=1, max_value=28))
        lines.append(
            Line(
                (
                    last,
                    draw(names),
                    draw(st.sampled_from(["", f"p{tag}@example.fr", f"P.{tag}@Example.ORG"])),
                    phone,
                    draw(st.sampled_from(["", "Brie Conseil", "Mairie de Voinsles"])),
                    draw(categories),
                    draw(st.sampled_from(["", f"B-{tag}"])),
                    draw(st.sampled_from(["", f"{day:02d}/03/2024", f"2023-11-{day:02d}"])),
                )
            )
        )
    return lines


def spoil(lines: list[Line], defect: str, where: int) -> list[Line]:
    spoiled = list(lines)
    cells = list(spoiled[where].cells)
    if defect == "email":
        cells[2] = "quelqu'un@"
    elif defect == "phone":
        cells[3] = "06 12"
    elif defect == "date":
        cells[7] = "31/02/2024"
    elif defect == "no_last_name":
        cells[0] = "  "
    elif defect == "badge_known":
        cells[6] = KNOWN_BADGE
    elif defect == "category":
        cells[5] = "astronaute"
    elif defect == "short_line":
        cells = cells[:3]
    elif defect == "badge_twice":
        cells[6] = "TWICE-1"
        spoiled.append(Line(("Second", "", "", "", "", "", "TWICE-1", "")))
    spoiled[where] = Line(tuple(cells))
    return spoiled


def write(folder: Path, lines: list[Line], form: tuple[str, str, str]) -> Path:
    kind, separator, encoding = form
    rows = [HEADER, *(line.cells for line in lines)]
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        for cells in sheet.iter_rows():
            for cell in cells:
                cell.data_type = "s"  # "=SOMME(A1)" is a name here, as Excel would keep it
        path = folder / "membres.xlsx"
        workbook.save(path)
        return path
    path = folder / "membres.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return path


forms = st.sampled_from(
    [
        ("csv", ";", "utf-8"),
        ("csv", ";", "utf-8-sig"),
        ("csv", ",", "utf-8"),
        ("csv", ";", "cp1252"),
        ("csv", "\t", "utf-16"),
        ("xlsx", "", ""),
    ]
)


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Centre]:
    world = new_centre(prepare_data_dir(tmp_path_factory.mktemp("import-property")))
    create_member(world.store, world.manager, MemberDraft(last_name="Déjà", badge_code=KNOWN_BADGE))
    yield world
    world.store.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), form=forms)
def test_a_file_imports_completely_or_not_at_all(
    centre: Centre, data: st.DataObject, form: tuple[str, str, str]
) -> None:
    serial = next(_serial)
    lines = data.draw(good_lines(serial))
    defect = data.draw(st.sampled_from((None, *DEFECTS)))
    if defect == "short_line" and form[0] == "xlsx":
        defect = None  # a sheet has no short lines: its missing cells are simply empty
    if defect is not None:
        lines = spoil(lines, defect, data.draw(st.integers(0, len(lines) - 1)))
    before = centre.count()
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), lines, form)
        preview = preview_import(centre.store, path)
        assert centre.count() == before  # a preview never stores
        if defect is None:
            assert preview.ok, preview.messages()
            result = import_members(centre.store, centre.manager, path, preview.mapping())
            assert result.imported == len(lines)
            assert centre.count() == before + len(lines)
        else:
            assert not preview.ok
            assert preview.messages()
            with pytest.raises(ImportRefused):
                import_members(centre.store, centre.manager, path, preview.mapping())
            assert centre.count() == before
