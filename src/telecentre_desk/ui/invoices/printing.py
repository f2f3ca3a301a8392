"""Printing a PDF through the system's printers (Qt's print dialog).

Qt has no PDF engine in PySide6-Essentials, so the pages are rendered to images on
the worker thread (pypdfium2, at print resolution) and painted onto the printer,
one image per sheet. "Open in the PDF viewer" remains for a printer Qt cannot reach.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from telecentre_desk.ui.worker import ServiceRunner

PRINT_DPI = 200


def render_for_print(pdf: bytes) -> list[bytes]:
    from telecentre_desk.documents.pdf_preview import render_pages_png

    return render_pages_png(pdf, dpi=PRINT_DPI)


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def paint_pages(printer: QPrinter, pages: Sequence[bytes]) -> int:
    """Paint each PNG page on its own sheet, as large as fits; the number of sheets."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for number, png in enumerate(pages):
            if number:
                printer.newPage()
            image = QImage.fromData(png)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x(), area.y(), size.width(), size.height())
            painter.setViewport(target)
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
    finally:
        painter.end()
    return len(pages)


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_pdf(
    parent: QWidget,
    runner: ServiceRunner,
    pdf: bytes,
    title: str,
    *,
    choose: Callable[[QWidget, QPrinter], bool] = ask_printer,
    printer: QPrinter | None = None,
) -> None:
    """Render ``pdf`` for print on the worker, then ask for the printer and print it."""
    chosen = printer or new_printer()
    chosen.setDocName(title)

    def send(pages: list[bytes]) -> None:
        if choose(parent, chosen):
            paint_pages(chosen, pages)

    runner.submit(render_for_print, pdf, on_done=send)
