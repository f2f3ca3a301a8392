"""The PDF/A-3 pieces reportlab does not write by itself: the sRGB output intent.

PDF/A wants every colour tied to a known colour space: an output intent naming an
ICC profile in the document catalog. reportlab (open-source edition) has no PDF/A
mode, so we add the catalog entry to its document before it is written. The
factur-x package then adds the XMP metadata (pdfaid part 3, conformance B, the
Factur-X extension schema) and the embedded XML with AFRelationship.

The sRGB profile is made once per process by littleCMS through Pillow (a dependency
already); it is the standard IEC 61966-2.1 sRGB, a few hundred bytes.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

SRGB_CONDITION = "sRGB IEC61966-2.1"
_CATALOG_KEYS = (*PDFCatalog.__NoDefault__, "OutputIntents")


@cache
def srgb_icc_profile() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def add_srgb_output_intent(canvas: Canvas) -> None:
    """Give the canvas's document catalog an sRGB /OutputIntents entry (GTS_PDFA1)."""
    document = canvas._doc
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_icc_profile())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(SRGB_CONDITION),
            "Info": PDFString(SRGB_CONDITION),
            "DestOutputProfile": document.Reference(profile),
        }
    )
    catalog = document.Catalog
    # reportlab writes only the catalog keys its class lists: list this one too.
    catalog.__NoDefault__ = _CATALOG_KEYS
    catalog.OutputIntents = PDFArray([intent])
