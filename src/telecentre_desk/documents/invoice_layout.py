"""Fonts, colours, paragraph styles and French formatting for invoice PDFs.

Invoices are French legal documents: they are printed in French whatever language
the desk's interface uses (the law asks for French, and the accountant and the
customer read the same paper), so the wording here is French on purpose and not
routed through the translation catalogue. Fonts are registered once per process:
issuing a thousand invoices must not re-read them each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from telecentre_desk.domain.invoice_document import UnitCode
from telecentre_desk.i18n import LANGUAGES
from telecentre_desk.resources import FONT_REGULAR, font_path

FRENCH = Locale.parse(LANGUAGES["fr"][0])  # parsed once: babel would parse it every call
REGULAR = "TelecentreSans"
BOLD_STROKE = 0.055  # outline width of faux bold, as a fraction of the font size
FILL_AND_STROKE = 2  # PDF text render mode
INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#4a5866")
ACCENT = colors.HexColor("#0b5cad")
BAND = colors.HexColor("#e6ebf0")
RULE = colors.HexColor("#c9d1d9")
NARROW_NBSP = "\u202f"

# Singular and plural French names of the UN/ECE units an invoice line uses.
UNIT_NAMES: dict[UnitCode, tuple[str, str]] = {
    UnitCode.HOUR: ("heure", "heures"),
    UnitCode.DAY: ("jour", "jours"),
    UnitCode.MONTH: ("mois", "mois"),
    UnitCode.ONE: ("unité", "unités"),
}


def register_fonts() -> None:
    """Register the DejaVu font shipped in resources/ (idempotent, cheap after the first)."""
    # Page streams in binary (flate) only, not flate + ASCII85: ASCII85 is for 7-bit
    # mail transports of the 1990s and, in pure Python, costs a sixth of an invoice's
    # rendering time. This is reportlab's process-wide setting; every PDF reader and
    # PDF/A accept binary streams.
    rl_config.useA85 = 0
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(FONT_REGULAR))))


@dataclass(frozen=True)
class Text:
    """One run of text: a name, an address line, a sentence."""

    text: str
    size: float = 9
    color: colors.Color = INK
    bold: bool = False

    @property
    def leading(self) -> float:
        return self.size * 1.3


def bold(text: str, size: float = 9, color: colors.Color = INK) -> Text:
    return Text(text, size, color, bold=True)


def muted(text: str, size: float = 7.5) -> Text:
    return Text(text, size, MUTED)


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, run: Text, *, align: str = "left"
) -> None:
    """One line of ``run`` at (x, y); right-aligned lines end at x.

    Bold is the regular face drawn filled and outlined (text render mode 2), not a
    second font: each embedded font costs the PDF a subset, a font file and its parsing
    again when Factur-X is attached, about a third of an invoice's rendering time.
    """
    canvas.setFont(REGULAR, run.size)
    canvas.setFillColor(run.color)
    mode = None
    if run.bold:
        canvas.setStrokeColor(run.color)
        canvas.setLineWidth(run.size * BOLD_STROKE)
        mode = FILL_AND_STROKE
    if align == "right":
        canvas.drawRightString(x, y, text, mode=mode)
    else:
        canvas.drawString(x, y, text, mode=mode)


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Lines of plain text, wrapped at spaces, left- or right-aligned.

    Used instead of reportlab paragraphs, for two reasons: a paragraph breaks lines at
    babel's narrow no-break space (it would print "1" and "234,50 €" on two lines),
    and paragraph layout is most of the rendering time of a short invoice; a thousand
    invoices are issued in one go at month end.
    """

    def __init__(self, runs: Sequence[Text], *, align: str = "left") -> None:
        super().__init__()
        self.runs = tuple(run for run in runs if run.text)
        self.align = align
        self._lines: list[tuple[str, Text]] = []
        self._wrapped_at = -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._lines = [(line, run) for run in self.runs for line in wrap_text(run, availWidth)]
        self.width = availWidth
        self.height = sum(run.leading for _, run in self._lines)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A block taller than the room left (a long note) goes on over the next page."""
        self.wrap(availWidth, availHeight)
        used, fitting = 0.0, 0
        for _, run in self._lines:
            if used + run.leading > availHeight:
                break
            used += run.leading
            fitting += 1
        if fitting in (0, len(self._lines)):
            return []
        pieces = [replace(run, text=line) for line, run in self._lines]
        return [
            TextBlock(pieces[:fitting], align=self.align),
            TextBlock(pieces[fitting:], align=self.align),
        ]

    def draw(self) -> None:
        # One text object for the whole block, font and colour set only when they change:
        # in pure-Python reportlab every number written costs, and invoices are many.
        canvas = self.canv
        strokes = [run for run in self.runs if run.bold]
        if strokes:
            canvas.setLineWidth(strokes[0].size * BOLD_STROKE)
        text = canvas.beginText()
        state: tuple[float, colors.Color, bool] | None = None
        top = self.height
        for line, run in self._lines:
            top -= run.leading
            if state != (run.size, run.color, run.bold):
                text.setFont(REGULAR, run.size)
                text.setFillColor(run.color)
                if run.bold:
                    text.setStrokeColor(run.color)
                text.setTextRenderMode(FILL_AND_STROKE if run.bold else 0)
                state = (run.size, run.color, run.bold)
            x = self.width - stringWidth(line, REGULAR, run.size) if self.align == "right" else 0
            text.setTextOrigin(x, top + run.leading - run.size * 1.02)
            text.textOut(line)
        canvas.drawText(text)


class Columns(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Flowables side by side, top-aligned; one column may be boxed (the buyer's address).

    What a one-row table does, without a table's layout machinery (a third of the cost
    of a short invoice's page was its small layout tables).
    """

    def __init__(
        self,
        columns: Sequence[tuple[Sequence[Flowable], float]],
        *,
        boxed: int | None = None,
        padding: tuple[float, float] = (8, 7),
    ) -> None:
        super().__init__()
        self.columns = [(list(flowables), width) for flowables, width in columns]
        self.boxed = boxed
        self.padding = padding
        self._sizes: list[list[tuple[float, float]]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._sizes = []
        heights = []
        for index, (flowables, width) in enumerate(self.columns):
            pad_x, pad_y = self.padding if index == self.boxed else (0, 0)
            sizes = [flowable.wrap(width - 2 * pad_x, availHeight) for flowable in flowables]
            self._sizes.append(sizes)
            heights.append(sum(height for _, height in sizes) + 2 * pad_y)
        self.width = sum(width for _, width in self.columns)
        self.height = max(heights, default=0)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x = 0.0
        for index, ((flowables, width), sizes) in enumerate(
            zip(self.columns, self._sizes, strict=True)
        ):
            pad_x, pad_y = self.padding if index == self.boxed else (0, 0)
            if index == self.boxed:
                canvas.saveState()
                canvas.setStrokeColor(RULE)
                canvas.setLineWidth(0.6)
                canvas.rect(x, 0, width, self.height)
                canvas.restoreState()
            top = self.height - pad_y
            for flowable, (_, height) in zip(flowables, sizes, strict=True):
                top -= height
                flowable.drawOn(canvas, x + pad_x, top)
            x += width


def wrap_text(run: Text, width: float) -> list[str]:
    """Greedy wrap at ASCII spaces only: no-break spaces keep their words together."""
    if "\n" not in run.text and stringWidth(run.text, REGULAR, run.size) <= width:
        return [run.text]  # the usual case: one measure, no split
    space = stringWidth(" ", REGULAR, run.size)
    lines: list[str] = []
    for paragraph in run.text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            word_width = stringWidth(word, REGULAR, run.size)
            if current and used + space + word_width > width:
                lines.append(" ".join(current))
                current, used = [word], word_width
            else:
                used += (space if current else 0.0) + word_width
                current.append(word)
        lines.append(" ".join(current))
    return lines


def money(amount: Decimal, currency: str = "EUR") -> str:
    """``1 234,50 €`` with babel's narrow no-break spaces, as French invoices print it."""
    return format_currency(amount, currency, locale=FRENCH)


def number(value: Decimal) -> str:
    return format_decimal(value, locale=FRENCH)


def percent(rate: Decimal) -> str:
    return f"{format_decimal(rate.normalize(), locale=FRENCH)}{NARROW_NBSP}%"


def day(value: date) -> str:
    """JJ/MM/AAAA, the way French invoices date things."""
    return value.strftime("%d/%m/%Y")


def unit_name(unit: UnitCode, quantity: Decimal) -> str:
    singular, plural = UNIT_NAMES[unit]
    return plural if quantity > 1 else singular
