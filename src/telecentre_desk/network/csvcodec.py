"""Rows to CSV bytes and back, typed by a resource's fields.

Writing is deterministic (the same rows give the same bytes): UTF-8 without BOM,
comma, CRLF line ends (RFC 4180), a header row, numbers with a fixed number of
decimals, booleans as ``true``/``false``, dates in ISO 8601, empty for missing.
Reading checks every cell and refuses with the resource, line and column named.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from telecentre_desk.i18n import _
from telecentre_desk.network.errors import BundleRefused
from telecentre_desk.network.schemas import Field, ResourceSpec

Value = str | int | Decimal | bool | date | None
Row = dict[str, Value]

_INTEGER = re.compile(r"^-?\d{1,18}$")
_NUMBER = re.compile(r"^-?\d{1,15}(\.\d{1,6})?$")
_YEARMONTH = re.compile(r"^(\d{4})-(\d{2})$")


def encode(spec: ResourceSpec, rows: Iterable[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spec.field_names)
    for row in rows:
        writer.writerow([format_cell(field, row.get(field.name)) for field in spec.fields])
    return buffer.getvalue().encode("utf-8")


def format_cell(field: Field, value: object) -> str:
    """The text of one cell, exactly as the CSV file holds it."""
    if value is None:
        return ""
    if field.type == "boolean":
        return "true" if value else "false"
    if field.type == "number":
        assert isinstance(value, Decimal | int), (field.name, value)
        places = Decimal(1).scaleb(-(field.decimals or 0))
        return f"{Decimal(value).quantize(places):f}"
    if field.type == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), (field.name, value)
        return str(value)
    if field.type == "date":
        assert isinstance(value, date)
        return value.isoformat()
    if field.type == "yearmonth":
        assert isinstance(value, date)
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


def decode(spec: ResourceSpec, data: bytes, *, bundle_minor: int) -> list[Row]:
    """Typed rows of ``spec`` from CSV ``data``: unknown columns are ignored; a column this
    reader knows but the bundle's minor version predates may be missing (then None)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BundleRefused(
            "not_utf8",
            _(
                "The file {file} is not in UTF-8 (unreadable byte at position {position}). "
                "Exchange bundles are always UTF-8: ask the sender to export again."
            ).format(file=spec.path, position=error.start),
        ) from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise _refusal("bad_csv", spec, 1, "", _("the header row is missing"))
        columns = _columns(spec, header, bundle_minor)
        rows: list[Row] = []
        for cells in reader:
            line = reader.line_num
            if len(cells) != len(header):
                raise _refusal(
                    "bad_csv", spec, line, "",
                    _("{found} cells where the header has {expected}").format(
                        found=len(cells), expected=len(header)
                    ),
                )  # fmt: skip
            row: Row = {field.name: None for field in spec.fields}
            for field, index in columns:
                row[field.name] = _parse(spec, field, cells[index], line)
            rows.append(row)
    except csv.Error as error:
        raise _refusal("bad_csv", spec, reader.line_num, "", str(error)) from None
    return rows


def _columns(spec: ResourceSpec, header: list[str], bundle_minor: int) -> list[tuple[Field, int]]:
    if len(set(header)) != len(header):
        raise _refusal("bad_csv", spec, 1, "", _("a column name appears twice"))
    positions = {name: index for index, name in enumerate(header)}
    found: list[tuple[Field, int]] = []
    for field in spec.fields:
        if field.name in positions:
            found.append((field, positions[field.name]))
        elif int(field.since.split(".")[1]) <= bundle_minor:
            raise BundleRefused(
                "missing_column",
                _(
                    "The file {file} has no column “{column}”, which its format version "
                    "requires. The bundle is refused."
                ).format(file=spec.path, column=field.name),
            )
    return found


def _parse(spec: ResourceSpec, field: Field, cell: str, line: int) -> Value:
    if cell == "":
        if field.required:
            raise _refusal("bad_value", spec, line, field.name, _("the value is missing"))
        return None
    value = _typed(field, cell)
    if value is None:
        raise _refusal(
            "bad_value", spec, line, field.name,
            _("“{value}” is not a valid {type}").format(value=cell[:40], type=field.type),
        )  # fmt: skip
    if field.enum is not None and cell not in field.enum:
        raise _refusal(
            "bad_value", spec, line, field.name,
            _("“{value}” is not one of {choices}").format(
                value=cell[:40], choices=", ".join(c for c in field.enum if c)
            ),
        )  # fmt: skip
    if field.pattern is not None and not re.match(field.pattern, cell):
        raise _refusal(
            "bad_value", spec, line, field.name,
            _("“{value}” does not have the expected form").format(value=cell[:40]),
        )  # fmt: skip
    if field.minimum is not None and isinstance(value, int | Decimal) and value < field.minimum:
        raise _refusal(
            "bad_value", spec, line, field.name,
            _("{value} is below {minimum}").format(value=cell[:40], minimum=field.minimum),
        )  # fmt: skip
    return value


def _typed(field: Field, cell: str) -> Value:
    """The cell as a Python value of the field's type, or None if it is not one."""
    try:
        if field.type == "integer":
            return int(cell) if _INTEGER.match(cell) else None
        if field.type == "number":
            return Decimal(cell) if _NUMBER.match(cell) else None
        if field.type == "boolean":
            return {"true": True, "false": False}.get(cell)
        if field.type == "date":
            return date.fromisoformat(cell) if len(cell) == 10 else None
        if field.type == "yearmonth":
            match = _YEARMONTH.match(cell)
            return date(int(match.group(1)), int(match.group(2)), 1) if match else None
    except (ValueError, InvalidOperation):
        return None
    return cell


def _refusal(reason: str, spec: ResourceSpec, line: int, column: str, detail: str) -> BundleRefused:
    if column:
        message = _(
            "In {file}, line {line}, column “{column}”: {detail}. The bundle is refused."
        ).format(file=spec.path, line=line, column=column, detail=detail)
    else:
        message = _("In {file}, line {line}: {detail}. The bundle is refused.").format(
            file=spec.path, line=line, detail=detail
        )
    return BundleRefused(reason, message)
