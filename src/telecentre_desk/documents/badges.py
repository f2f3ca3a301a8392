"""Member cards: an A4 sheet of credit-card-size badges (85.6 x 54 mm) with cut marks.

Ten cards per page, two columns of five, edge to edge so that one guillotine cut
serves two cards; the cut marks sit in the margins, on every cut line. Each card
carries the centre's name, the member's name and organisation, and a QR code of
the badge code (drawn as vector squares, so it stays sharp at any printer
resolution) with the code written under it for a scanner that fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import segno
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from telecentre_desk.i18n import _
from telecentre_desk.resources import FONT_BOLD, FONT_REGULAR, font_path

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 53.98 * mm
COLUMNS, ROWS = 2, 5
CARDS_PER_PAGE = COLUMNS * ROWS
MARK_LENGTH = 6 * mm
MARK_GAP = 2 * mm
BAND_HEIGHT = 11 * mm
PADDING = 4 * mm
QR_SIZE = 25 * mm
QR_QUIET_MODULES = 2

INK = HexColor("#1b2733")
MUTED = HexColor("#4a5866")
ACCENT = HexColor("#0b5cad")
MARK = HexColor("#000000")

REGULAR = "TelecentreSans"
BOLD = "TelecentreSans-Bold"


@dataclass(frozen=True)
class BadgeCard:
    name: str
    organisation: str
    badge_code: str
    note: str = ""  # e.g. "Member of centre 77-MEL"


def render_badge_sheet(cards: Sequence[BadgeCard], centre_name: str, out: Path | BinaryIO) -> int:
    """Write the cards to ``out`` (a path or a binary stream); returns the number of pages."""
    _register_fonts()
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4)
    canvas.setTitle(_("Member badges — {centre}").format(centre=centre_name))
    canvas.setAuthor(centre_name)
    canvas.setCreator("Telecentre Desk")
    pages = max(1, -(-len(cards) // CARDS_PER_PAGE))
    for page in range(pages):
        chunk = cards[page * CARDS_PER_PAGE : (page + 1) * CARDS_PER_PAGE]
        left, bottom = _grid_origin()
        for index, card in enumerate(chunk):
            column, row = index % COLUMNS, index // COLUMNS
            x = left + column * CARD_WIDTH
            y = bottom + (ROWS - 1 - row) * CARD_HEIGHT
            _draw_card(canvas, card, centre_name, x, y)
        _draw_cut_marks(canvas, left, bottom)
        canvas.showPage()
    canvas.save()
    return pages


def _grid_origin() -> tuple[float, float]:
    page_width, page_height = A4
    return (
        (page_width - COLUMNS * CARD_WIDTH) / 2,
        (page_height - ROWS * CARD_HEIGHT) / 2,
    )


def _draw_cut_marks(canvas: Canvas, left: float, bottom: float) -> None:
    """Short lines in the margins, in line with every vertical and horizontal cut."""
    right = left + COLUMNS * CARD_WIDTH
    top = bottom + ROWS * CARD_HEIGHT
    canvas.setStrokeColor(MARK)
    canvas.setLineWidth(0.3)
    for column in range(COLUMNS + 1):
        x = left + column * CARD_WIDTH
        canvas.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LENGTH)
        canvas.line(x, bottom - MARK_GAP, x, bottom - MARK_GAP - MARK_LENGTH)
    for row in range(ROWS + 1):
        y = bottom + row * CARD_HEIGHT
        canvas.line(left - MARK_GAP, y, left - MARK_GAP - MARK_LENGTH, y)
        canvas.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y)


def _draw_card(canvas: Canvas, card: BadgeCard, centre_name: str, x: float, y: float) -> None:
    top = y + CARD_HEIGHT
    # The band with the centre's name.
    canvas.setFillColor(ACCENT)
    canvas.rect(x, top - BAND_HEIGHT, CARD_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(white)
    band_text = _fit(centre_name, BOLD, 9, CARD_WIDTH - 2 * PADDING, minimum=6)
    canvas.setFont(BOLD, band_text[1])
    canvas.drawString(x + PADDING, top - BAND_HEIGHT / 2 - band_text[1] * 0.35, band_text[0])

    # The QR code on the right, the code written under it.
    qr_x = x + CARD_WIDTH - PADDING - QR_SIZE
    qr_y = y + PADDING + 3.5 * mm
    _draw_qr(canvas, card.badge_code, qr_x, qr_y, QR_SIZE)
    canvas.setFillColor(INK)
    code_text = _fit(card.badge_code, REGULAR, 7, QR_SIZE + 2 * mm, minimum=5)
    canvas.setFont(REGULAR, code_text[1])
    canvas.drawCentredString(qr_x + QR_SIZE / 2, y + PADDING, code_text[0])

    # The person, on the left.
    text_width = qr_x - x - PADDING - 3 * mm
    name_top = top - BAND_HEIGHT - 8 * mm
    lines = _wrap_name(card.name, text_width)
    for index, (line, size) in enumerate(lines):
        canvas.setFont(BOLD, size)
        canvas.setFillColor(INK)
        canvas.drawString(x + PADDING, name_top - index * (size + 2), line)
    below = name_top - len(lines) * 15 - 2
    canvas.setFillColor(MUTED)
    for text, size in ((card.organisation, 7.5), (card.note, 7)):
        for line in _lines(text, REGULAR, size, text_width, max_lines=2):
            canvas.setFont(REGULAR, size)
            canvas.drawString(x + PADDING, below, line)
            below -= size + 2
    canvas.setFont(REGULAR, 6.5)
    canvas.drawString(x + PADDING, y + PADDING, _("Member card"))


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m", micro=False)
    matrix = qr.matrix
    modules = len(matrix) + 2 * QR_QUIET_MODULES
    step = size / modules
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(MARK)
    for row_index, row in enumerate(matrix):
        # Runs of dark modules as one rectangle: fewer PDF operators, no hairline seams.
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            canvas.rect(
                x + (start + QR_QUIET_MODULES) * step,
                y + size - (row_index + QR_QUIET_MODULES + 1) * step,
                (column - start) * step,
                step,
                stroke=0,
                fill=1,
            )


def _wrap_name(name: str, width: float) -> list[tuple[str, float]]:
    """The name on one line at 13 pt, else on two, shrunk if a word is still too long."""
    size = 13.0
    if pdfmetrics.stringWidth(name, BOLD, size) <= width:
        return [(name, size)]
    words = name.split()
    if len(words) > 1:
        best = None
        for cut in range(1, len(words)):
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            widest = max(pdfmetrics.stringWidth(part, BOLD, 11) for part in (first, second))
            if best is None or widest < best[0]:
                best = (widest, first, second)
        assert best is not None
        _widest, first, second = best
        return [_fit(first, BOLD, 11, width, minimum=7), _fit(second, BOLD, 11, width, minimum=7)]
    return [_fit(name, BOLD, size, width, minimum=7)]


def _lines(text: str, font: str, size: float, width: float, *, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines; the last is cut if need be."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and pdfmetrics.stringWidth(f"{line} {words[0]}", font, size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        lines[-1] = f"{lines[-1]} {' '.join(words)}"
    return [_fit(line, font, size, width, minimum=size)[0] for line in lines]


def _fit(text: str, font: str, size: float, width: float, *, minimum: float) -> tuple[str, float]:
    """Shrink down to ``minimum`` points, then cut with an ellipsis: never spill out of a card."""
    while size > minimum and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text, size
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…", size


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(FONT_REGULAR))))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(font_path(FONT_BOLD))))
