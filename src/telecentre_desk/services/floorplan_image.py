"""Checking a scanned plan before it is stored or shown: a PNG or JPEG, readable, not huge.

Pillow (which reportlab already depends on) reads the header without decoding the pixels,
so a 400-megapixel "image" is refused before any memory is spent on it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from telecentre_desk.domain.geometry import MAX_BACKGROUND_PIXELS
from telecentre_desk.i18n import _

MAX_BACKGROUND_BYTES = 50 * 1024 * 1024
_MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class ImageInfo:
    media_type: str
    width: int
    height: int


class ImageRefused(Exception):
    """``reason``: a short phrase in the user's language, to put into a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def inspect_image(data: bytes, *, decode: bool = True) -> ImageInfo:
    """The image's type and size; raises ImageRefused when it cannot be used as a plan.

    With ``decode`` the pixels are decoded too (at reduced size for JPEG), which catches
    truncated or damaged files at the moment they are chosen rather than later.
    """
    if not data:
        raise ImageRefused(_("the file is empty"))
    if len(data) > MAX_BACKGROUND_BYTES:
        raise ImageRefused(_("the file is larger than 50 MB"))
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns (or refuses) above ~90 megapixels; our own limit is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ImageRefused(_("the image is over 40 megapixels")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRefused(_("the file is not a PNG or JPEG image")) from None
    with image:
        media_type = _MEDIA_TYPES.get(image.format or "")
        if media_type is None:
            raise ImageRefused(_("the file is not a PNG or JPEG image"))
        width, height = image.size
        if width < 1 or height < 1:
            raise ImageRefused(_("the image has no pixels"))
        if width * height > MAX_BACKGROUND_PIXELS:
            raise ImageRefused(_("the image is over 40 megapixels"))
        if decode:
            _decode(image)
    return ImageInfo(media_type, width, height)


def _decode(image: object) -> None:
    from PIL import Image

    assert isinstance(image, Image.Image)
    try:
        if image.format == "JPEG":
            image.draft("RGB", (max(image.width // 8, 1), max(image.height // 8, 1)))
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ImageRefused(_("the image is damaged or incomplete")) from None
