"""The bundle's container: a ZIP of a strict, fixed profile, written and read byte by byte.

The signature covers ``datapackage.json``, which pins every resource by its
SHA-256; the ZIP around them also has fields no hash covers (dates, attributes,
offsets). So that *any* altered byte of a bundle is refused, every such field
has one allowed value, the local and central headers must agree field by field,
and nothing may stand between, before or after the records:

- entries are stored, not compressed (method 0): the data bytes are the files'
  bytes, which the manifest's hashes cover, and no reader has to inflate them
  (no ZIP bomb can be stored: declared and stored sizes are the same bytes);
- version needed and made by 2.0 (MS-DOS), flags 0, date 1980-01-01 00:00,
  no extra field, no comment, attributes 0, one disk, no ZIP64;
- names are ASCII, relative, without ``..``, backslashes or duplicates.

Python's zipfile, ``unzip``, Windows Explorer and frictionless read such files.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from telecentre_desk.i18n import _
from telecentre_desk.network.errors import BundleRefused

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIGNATURE = 0x04034B50
_CENTRAL_SIGNATURE = 0x02014B50
_END_SIGNATURE = 0x06054B50
_VERSION = 20  # 2.0, made on MS-DOS (high byte 0)
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-./")

MAX_ENTRIES = 64
MAX_NAME = 200


@dataclass(frozen=True)
class Limits:
    """How much a reader accepts before refusing (a bomb or a mistake)."""

    total_bytes: int = 64 * 1024 * 1024
    entries: int = MAX_ENTRIES


def check_name(name: str) -> None:
    """Refuse a path that could leave the bundle's folder or that a reader cannot trust."""
    parts = name.split("/")
    safe = (
        0 < len(name) <= MAX_NAME
        and set(name) <= _NAME_CHARS
        and not name.startswith("/")
        and all(part not in ("", ".", "..") for part in parts)
    )
    if not safe:
        raise BundleRefused(
            "unsafe_path",
            _(
                "The file holds an entry named “{name}”, which could write outside its "
                "folder or is not a name this format uses. It is refused."
            ).format(name=name[:80]),
        )


def write(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``entries`` (name, bytes) in the strict profile, in the given order."""
    out = bytearray()
    central = bytearray()
    seen: set[str] = set()
    for name, data in entries:
        check_name(name)
        if name in seen:
            raise ValueError(f"duplicate entry {name}")
        seen.add(name)
        encoded = name.encode("ascii")
        crc = zlib.crc32(data)
        offset = len(out)
        out += _LOCAL.pack(
            _LOCAL_SIGNATURE, _VERSION, 0, 0, _DOS_TIME, _DOS_DATE, crc,
            len(data), len(data), len(encoded), 0,
        )  # fmt: skip
        out += encoded + data
        central += _CENTRAL.pack(
            _CENTRAL_SIGNATURE, _VERSION, _VERSION, 0, 0, _DOS_TIME, _DOS_DATE, crc,
            len(data), len(data), len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    directory_offset = len(out)
    out += central
    out += _END.pack(
        _END_SIGNATURE, 0, 0, len(entries), len(entries), len(central), directory_offset, 0
    )
    return bytes(out)


def read(data: bytes, limits: Limits = Limits()) -> dict[str, bytes]:
    """The entries of a strict-profile ZIP, in order; :class:`BundleRefused` otherwise."""
    if len(data) > limits.total_bytes:
        raise BundleRefused(
            "too_large",
            _("The file is {size} MB, more than the {limit} MB a bundle may have.").format(
                size=len(data) // 1_000_000, limit=limits.total_bytes // 1_000_000
            ),
        )
    if data[:2] != b"PK":
        raise BundleRefused(
            "not_a_zip", _("This file is not a network exchange file (not a ZIP file).")
        )
    if len(data) < _END.size:
        raise _damaged(_("it is too short to be a bundle (truncated?)"))
    end = _END.unpack_from(data, len(data) - _END.size)
    signature, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment = end
    if signature != _END_SIGNATURE:
        raise _damaged(_("its end is missing or altered (truncated?)"))
    if (disk, cd_disk, comment) != (0, 0, 0) or on_disk != total:
        raise _damaged(_("its end record has unexpected values"))
    if total > limits.entries:
        raise _damaged(_("it holds more than {count} files").format(count=limits.entries))
    if cd_offset + cd_size != len(data) - _END.size:
        raise _damaged(_("its table of contents is not where it should be"))
    centrals = _read_central(data, cd_offset, total)
    entries: dict[str, bytes] = {}
    position = 0
    for name, crc, size, offset in centrals:
        if offset != position:
            raise _damaged(_("there are unexpected bytes before “{name}”").format(name=name))
        local = _unpack(_LOCAL, data, position)
        (sig, needed, flags, method, time_, date_, l_crc, c_size, u_size, n_len, x_len) = local
        if method != 0:
            raise _compressed(name, c_size, u_size)
        expected = (_LOCAL_SIGNATURE, _VERSION, 0, 0, _DOS_TIME, _DOS_DATE, crc, size, size)
        if (sig, needed, flags, method, time_, date_, l_crc, c_size, u_size) != expected:
            raise _damaged(_("the header of “{name}” was altered").format(name=name))
        name_start = position + _LOCAL.size
        if x_len != 0 or data[name_start : name_start + n_len] != name.encode("ascii"):
            raise _damaged(_("the header of “{name}” was altered").format(name=name))
        body_start = name_start + n_len
        body = data[body_start : body_start + size]
        if len(body) != size or zlib.crc32(body) != crc:
            raise _damaged(_("the content of “{name}” was altered").format(name=name))
        entries[name] = body
        position = body_start + size
    if position != cd_offset:
        raise _damaged(_("there are unexpected bytes after the last file"))
    return entries


def _read_central(data: bytes, offset: int, count: int) -> list[tuple[str, int, int, int]]:
    """(name, crc, size, local offset) of each entry of the table of contents."""
    records: list[tuple[str, int, int, int]] = []
    names: set[str] = set()
    position = offset
    for _index in range(count):
        fields = _unpack(_CENTRAL, data, position)
        (sig, made_by, needed, flags, method, time_, date_, crc, c_size, u_size,
         n_len, x_len, comment, disk, internal, external, local_offset) = fields  # fmt: skip
        raw_name = data[position + _CENTRAL.size : position + _CENTRAL.size + n_len]
        try:
            name = raw_name.decode("ascii")
        except UnicodeDecodeError:
            name = raw_name.decode("latin-1")
        if sig == _CENTRAL_SIGNATURE:
            check_name(name)  # first: a path traversal is named as such
        if method != 0 and sig == _CENTRAL_SIGNATURE:
            raise _compressed(name, c_size, u_size)
        expected = (_CENTRAL_SIGNATURE, _VERSION, _VERSION, 0, 0, _DOS_TIME, _DOS_DATE)
        if (sig, made_by, needed, flags, method, time_, date_) != expected or (
            c_size != u_size or (x_len, comment, disk, internal, external) != (0, 0, 0, 0, 0)
        ):
            raise _damaged(_("its table of contents was altered"))
        if name in names:
            raise BundleRefused(
                "duplicate_entry",
                _("The file holds “{name}” twice; it is refused.").format(name=name),
            )
        names.add(name)
        records.append((name, crc, u_size, local_offset))
        position += _CENTRAL.size + n_len
    if position != len(data) - _END.size:
        raise _damaged(_("its table of contents has unexpected bytes"))
    return records


def _unpack(layout: struct.Struct, data: bytes, position: int) -> tuple[int, ...]:
    if position < 0 or position + layout.size > len(data):
        raise _damaged(_("a header is cut short (truncated?)"))
    return layout.unpack_from(data, position)


def _damaged(detail: str) -> BundleRefused:
    return BundleRefused(
        "damaged_zip",
        _(
            "The file is damaged or was altered: {detail}. Ask the sender for the file again."
        ).format(detail=detail),
    )


def _compressed(name: str, compressed: int, uncompressed: int) -> BundleRefused:
    if compressed == 0 or uncompressed > 100 * compressed:
        return BundleRefused(
            "zip_bomb",
            _(
                "The entry “{name}” would expand from {small} to {large} bytes: this looks "
                "like a ZIP bomb. The file is refused and nothing was unpacked."
            ).format(name=name[:80], small=compressed, large=uncompressed),
        )
    return BundleRefused(
        "compressed_entry",
        _(
            "The entry “{name}” is compressed; exchange bundles store their files "
            "uncompressed. The file was not made by a compatible tool and is refused."
        ).format(name=name[:80]),
    )
