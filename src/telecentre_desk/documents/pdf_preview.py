"""PNG images of a PDF's pages, for the in-app preview of an invoice (no Qt here).

pypdfium2 (PDFium, the engine of Chrome's viewer) renders the pages; Pillow
encodes them. The UI shows the PNGs in a scroll area; a worker thread calls this.
"""

from __future__ import annotations

import io

import pypdfium2

POINTS_PER_INCH = 72


def render_pages_png(pdf: bytes, *, dpi: int = 80) -> list[bytes]:
    """One PNG per page of ``pdf``, at ``dpi`` dots per inch (80: readable on screen)."""
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    document = pypdfium2.PdfDocument(pdf)
    try:
        images: list[bytes] = []
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH)
                try:
                    buffer = io.BytesIO()
                    bitmap.to_pil().save(buffer, format="PNG", optimize=False)
                    images.append(buffer.getvalue())
                finally:
                    bitmap.close()
            finally:
                page.close()
        return images
    finally:
        document.close()
