"""A member's network passport, printed: a card-size panel with its QR code, on A4.

The card (85.6 × 54 mm, the size of a bank card) has cut marks; it can be cut out
and slipped behind the badge, or the QR code glued on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from telecentre_desk.i18n import _, format_date, ngettext
from telecentre_desk.resources import FONT_BOLD, FONT_REGULAR, font_path

CARD_WIDTH, CARD_HEIGHT = 85.6 * mm, 54 * mm
INK = HexColor("#1b2733")
MUTED = HexColor("#4a5866")
ACCENT = HexColor("#0b5cad")
_REGULAR, _BOLD = "TelecentreSans", "TelecentreSans-Bold"


@dataclass(frozen=True)
class PassportCard:
    member_name: str
    centre_name: str
    passport_text: str
    network_member_id: str
    valid_until: date
    allowance_days: int


def _register_fonts() -> None:
    if _REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_REGULAR, str(font_path(FONT_REGULAR))))
        pdfmetrics.registerFont(TTFont(_BOLD, str(font_path(FONT_BOLD))))


def write_passport_pdf(card: PassportCard, out_path: Path) -> Path:
    _register_fonts()
    canvas = Canvas(str(out_path), pagesize=A4, invariant=True)
    canvas.setTitle(_("Network passport — {name}").format(name=card.member_name))
    canvas.setAuthor(card.centre_name)
    page_width, page_height = A4
    left = (page_width - CARD_WIDTH) / 2
    bottom = page_height - 40 * mm - CARD_HEIGHT
    _instructions(canvas, card, page_width, page_height)
    _cut_marks(canvas, left, bottom)
    _card(canvas, card, left, bottom)
    canvas.showPage()
    canvas.save()
    return out_path


def _instructions(canvas: Canvas, card: PassportCard, page_width: float, top: float) -> None:
    canvas.setFillColor(INK)
    canvas.setFont(_BOLD, 16)
    canvas.drawCentredString(page_width / 2, top - 22 * mm, _("Network passport"))
    canvas.setFont(_REGULAR, 10)
    canvas.setFillColor(MUTED)
    lines = (
        _("Cut out the card along the marks and keep it with your badge."),
        _("Any centre of the network scans its code to welcome you, even offline."),
        _("It carries no name, e-mail or phone number: only your network number."),
    )
    y = top - 40 * mm - CARD_HEIGHT - 14 * mm
    for line in lines:
        canvas.drawCentredString(page_width / 2, y, line)
        y -= 6 * mm


def _cut_marks(canvas: Canvas, left: float, bottom: float) -> None:
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    gap, length = 2 * mm, 6 * mm
    for x in (left, left + CARD_WIDTH):
        for y in (bottom, bottom + CARD_HEIGHT):
            sign_x = -1 if x == left else 1
            sign_y = -1 if y == bottom else 1
            canvas.line(x + sign_x * gap, y, x + sign_x * (gap + length), y)
            canvas.line(x, y + sign_y * gap, x, y + sign_y * (gap + length))


def _card(canvas: Canvas, card: PassportCard, left: float, bottom: float) -> None:
    canvas.setStrokeColor(HexColor("#c9d1d9"))
    canvas.setFillColor(white)
    canvas.roundRect(left, bottom, CARD_WIDTH, CARD_HEIGHT, 3 * mm, stroke=1, fill=1)
    band = 11 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(left, bottom + CARD_HEIGHT - band, CARD_WIDTH, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(_BOLD, 9)
    canvas.drawString(left + 4 * mm, bottom + CARD_HEIGHT - 5 * mm, _("Network passport"))
    canvas.setFont(_REGULAR, 7)
    canvas.drawString(
        left + 4 * mm, bottom + CARD_HEIGHT - 9 * mm, _fit(card.centre_name, _REGULAR, 7, 75 * mm)
    )

    qr_size = 36 * mm
    qr_left = left + CARD_WIDTH - qr_size - 3 * mm
    qr_bottom = bottom + 3 * mm
    _qr(canvas, card.passport_text, qr_left, qr_bottom, qr_size)

    text_left, width = left + 4 * mm, qr_left - left - 6 * mm
    y = bottom + CARD_HEIGHT - band - 6 * mm
    canvas.setFillColor(INK)
    canvas.setFont(_BOLD, 9)
    canvas.drawString(text_left, y, _fit(card.member_name, _BOLD, 9, width))
    rows = (
        (_("Network number"), card.network_member_id),
        (_("Valid until"), format_date(card.valid_until)),
        (
            _("Allowance"),
            ngettext("{count} day a month", "{count} days a month", card.allowance_days).format(
                count=card.allowance_days
            ),
        ),
    )
    for caption, value in rows:
        y -= 7.5 * mm
        canvas.setFillColor(MUTED)
        canvas.setFont(_REGULAR, 6)
        canvas.drawString(text_left, y + 3 * mm, caption)
        canvas.setFillColor(INK)
        canvas.setFont(_REGULAR, 7.5)
        canvas.drawString(text_left, y, _fit(value, _REGULAR, 7.5, width))


def _qr(canvas: Canvas, text: str, left: float, bottom: float, size: float) -> None:
    """The QR code as vector squares (sharp at any printer resolution)."""
    code = segno.make(text, error="m", micro=False)
    matrix = [list(row) for row in code.matrix]
    border = 2
    modules = len(matrix) + 2 * border
    step = size / modules
    canvas.setFillColor(Color(0, 0, 0))
    for r, row in enumerate(matrix):
        y = bottom + size - (r + border + 1) * step
        c = 0
        while c < len(row):  # one rectangle per run of dark modules: no seams between them
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            canvas.rect(left + (start + border) * step, y, (c - start) * step, step, 0, 1)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text``, shortened with an ellipsis to fit ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
