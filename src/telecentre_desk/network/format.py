"""The names and version of the exchange format, and the compatibility rule.

A reader of major version M accepts every M.x bundle: it ignores the columns and
resources it does not know (a later minor version only adds those). A bundle of
another major version is refused with a message naming that version.
"""

from __future__ import annotations

import re

from telecentre_desk.i18n import _
from telecentre_desk.network.errors import BundleRefused

FORMAT_NAME = "telecentre-network-exchange"
FORMAT_VERSION = "1.0"
MAJOR_VERSION = 1

MANIFEST_NAME = "datapackage.json"
SIGNATURE_NAME = "datapackage.json.sig"
DATA_FOLDER = "data"
# The section of datapackage.json that belongs to this format (the rest is Data Package).
EXCHANGE_KEY = "exchange"

_VERSION = re.compile(r"^(\d{1,3})\.(\d{1,3})$")


def parse_version(text: object) -> tuple[int, int]:
    """``"1.0"`` -> ``(1, 0)``; a malformed version is a refusal."""
    match = _VERSION.match(text) if isinstance(text, str) else None
    if match is None:
        raise BundleRefused(
            "bad_manifest",
            _("The bundle's manifest gives no valid format version (found “{found}”).").format(
                found=text
            ),
        )
    return int(match.group(1)), int(match.group(2))


def check_version(text: object) -> tuple[int, int]:
    """The (major, minor) of a bundle this reader accepts, or a refusal naming the version."""
    major, minor = parse_version(text)
    if major != MAJOR_VERSION:
        raise BundleRefused(
            "unknown_major_version",
            _(
                "This bundle uses version {version} of the exchange format, which this "
                "version of Telecentre Desk does not know (it reads {major}.x). Update "
                "the application to read it."
            ).format(version=text, major=MAJOR_VERSION),
        )
    return major, minor
