"""Reading a spreadsheet of people as French offices write it: CSV or XLSX, into text cells.

CSV: separator ``;`` (French Excel), ``,`` or tab, found from the header line;
UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), or
Windows-1252 (older French Excel). XLSX: the first sheet, read with openpyxl;
dates in cells become dd/mm/yyyy text like the rest.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from telecentre_desk.domain.member_columns import format_french_date
from telecentre_desk.i18n import _
from telecentre_desk.services.errors import ServiceError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
_SEPARATORS = (";", ",", "\t")
# A spreadsheet protects a cell starting with one of these from being run as a formula by
# writing an apostrophe first; we drop that apostrophe when reading.
FORMULA_STARTS = ("=", "+", "-", "@")


class SpreadsheetError(ServiceError):
    """The file cannot be read as a table; nothing was imported."""


@dataclass(frozen=True)
class Table:
    """The header and the data rows of a file, each row with its line number in the file."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str  # "UTF-8", "Windows-1252"... or "XLSX"
    separator: str  # "" for XLSX


def read_table(path: Path) -> Table:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SpreadsheetError(
            _("The file {name} cannot be opened ({reason}).").format(
                name=path.name, reason=error.strerror or error
            )
        ) from None
    if size > MAX_BYTES:
        raise SpreadsheetError(
            _("The file {name} is too large for a member list (over 50 MB).").format(name=path.name)
        )
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data)
    if path.suffix.lower() == ".xls":
        raise SpreadsheetError(
            _(
                "{name} is an old Excel file (.xls). Open it in your spreadsheet and save it "
                "as “Excel workbook (.xlsx)” or “CSV UTF-8”, then import that file."
            ).format(name=path.name)
        )
    return _read_csv(path, data)


def _read_csv(path: Path, data: bytes) -> Table:
    text, encoding = _decode(path, data)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise SpreadsheetError(_("The file {name} is empty.").format(name=path.name))
    separator = _separator(header_line)
    # strict: an unclosed quote is an error, not a cell swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    line = 1
    try:
        for record in reader:
            if headers is None:
                if any(cell.strip() for cell in record):
                    headers = tuple(cell.strip() for cell in record)
            elif any(cell.strip() for cell in record):
                rows.append((line, tuple(_cell(cell) for cell in record)))
                if len(rows) > MAX_ROWS:
                    raise SpreadsheetError(_too_many_rows(path))
            line = reader.line_num + 1
    except csv.Error as error:
        raise SpreadsheetError(
            _("Line {line} of {name} cannot be read ({reason}). Check its quotes.").format(
                line=reader.line_num, name=path.name, reason=error
            )
        ) from None
    assert headers is not None
    return Table(headers, tuple(rows), encoding, separator)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in data[:4096]:
        raise SpreadsheetError(
            _(
                "{name} is not a text spreadsheet. Save the list as “CSV UTF-8” or as an "
                "Excel workbook (.xlsx), then import that file."
            ).format(name=path.name)
        )
    else:
        candidates = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, label in candidates:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _(
            "The characters of {name} cannot be read: it is in an encoding this application "
            "does not know. Save the list again as “CSV UTF-8” and import that file."
        ).format(name=path.name)
    )


def _separator(header_line: str) -> str:
    """The separator the header line uses most (";" when none: a one-column file)."""
    counts = {sep: header_line.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _cell(text: str) -> str:
    value = text.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _read_xlsx(path: Path, data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SpreadsheetError(
            _(
                "{name} cannot be read as an Excel workbook ({reason}). Open it in your "
                "spreadsheet and save it again as .xlsx or as “CSV UTF-8”."
            ).format(name=path.name, reason=error)
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise SpreadsheetError(_("The file {name} is empty.").format(name=path.name))
        headers: tuple[str, ...] | None = None
        rows: list[tuple[int, tuple[str, ...]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(_xlsx_text(value) for value in values)
            if not any(cells):
                continue
            if headers is None:
                headers = cells
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(_too_many_rows(path))
    finally:
        workbook.close()
    if headers is None:
        raise SpreadsheetError(_("The file {name} is empty.").format(name=path.name))
    # Sheets often carry empty trailing columns: drop those without a header.
    width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    trimmed = tuple(
        (number, cells[:width] + ("",) * (width - len(cells))) for number, cells in rows
    )
    return Table(headers[:width], trimmed, "XLSX", "")


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return format_french_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a badge or postal code typed as a number
    return _cell(str(value))


def _too_many_rows(path: Path) -> str:
    return _("{name} has more than 100,000 lines: split it into smaller files.").format(
        name=path.name
    )
