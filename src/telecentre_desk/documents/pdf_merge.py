"""One PDF made of several: the invoices of a period, in order, for a single print job."""

from __future__ import annotations

import io
from collections.abc import Iterable

from pypdf import PdfWriter


def merge_pdfs(pdfs: Iterable[bytes]) -> bytes:
    """The pages of every PDF of ``pdfs``, one after the other, as one PDF.

    The Factur-X attachments of the parts are not carried over: the combined file is
    for printing only, each archived invoice stays the legal document.
    """
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
