"""The network's clearing statement for a period (A4 portrait).

First each centre's net balance (what it is owed minus what it owes), the figure the
treasurers settle; then who owes whom, pair by pair, with the number of visits. The
amounts come from the visits the centres reported, at the network's clearing tariff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from telecentre_desk.i18n import _, format_datetime, format_money, format_number, ngettext
from telecentre_desk.resources import FONT_BOLD, FONT_REGULAR, font_path

REGULAR, BOLD = "TelecentreSans", "TelecentreSans-Bold"
INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#4a5866")
BAND = colors.HexColor("#e6ebf0")
LINE = colors.HexColor("#c9d1d9")
OWED = colors.HexColor("#1d6b3a")  # a centre that receives
OWES = colors.HexColor("#a3262a")  # a centre that pays


@dataclass(frozen=True)
class SheetLine:
    debtor: str
    debtor_name: str
    creditor: str
    creditor_name: str
    visits: int
    amount: Decimal


@dataclass(frozen=True)
class SheetBalance:
    code: str
    name: str
    receivable: Decimal
    payable: Decimal
    net: Decimal


@dataclass(frozen=True)
class ClearingSheet:
    period: str
    network: str
    generated_at: datetime
    lines: tuple[SheetLine, ...]
    balances: tuple[SheetBalance, ...]
    total: Decimal
    visits: int
    reporting: tuple[str, ...]


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(FONT_REGULAR))))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(font_path(FONT_BOLD))))


def write_clearing_pdf(sheet: ClearingSheet, out: Path | BinaryIO) -> None:
    _register_fonts()
    document = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=_("Clearing statement — {period}").format(period=sheet.period),
        author=sheet.network,
        creator="Telecentre Desk",
    )
    title = ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=23, textColor=INK)
    lead = ParagraphStyle("lead", fontName=REGULAR, fontSize=10.5, leading=14, textColor=MUTED)
    heading = ParagraphStyle(
        "heading", fontName=BOLD, fontSize=13, leading=17, textColor=INK, spaceBefore=8
    )
    story: list[Flowable] = [
        Paragraph(escape(_("Clearing statement — {period}").format(period=sheet.period)), title),
        Paragraph(escape(sheet.network or _("Network of telecentres")), lead),
        Paragraph(escape(_summary(sheet)), lead),
        Spacer(1, 5 * mm),
        Paragraph(escape(_("Balance of each centre")), heading),
        Paragraph(
            escape(
                _(
                    "Net balance = what the centre is owed for the visits it received, minus "
                    "what it owes for its members' visits elsewhere. Positive: the centre "
                    "receives; negative: it pays."
                )
            ),
            lead,
        ),
        Spacer(1, 2 * mm),
        _balances_table(sheet, document.width),
        Spacer(1, 6 * mm),
        Paragraph(escape(_("Who owes whom")), heading),
        Spacer(1, 2 * mm),
        _lines_table(sheet, document.width),
    ]
    document.build(
        story,
        onFirstPage=lambda canvas, _doc: _footer(canvas, sheet),
        onLaterPages=lambda canvas, _doc: _footer(canvas, sheet),
    )


def _summary(sheet: ClearingSheet) -> str:
    visits = ngettext("{count} visit", "{count} visits", sheet.visits).format(
        count=format_number(sheet.visits)
    )
    centres = ngettext(
        "{count} centre reported", "{count} centres reported", len(sheet.reporting)
    ).format(count=len(sheet.reporting))
    return _("{visits} between centres, {total} in all; {centres} for this period.").format(
        visits=visits, total=format_money(sheet.total), centres=centres
    )


def _cell(text: str, bold: bool = False, color: colors.Color = INK, right: bool = False) -> Any:
    style = ParagraphStyle(
        "cell",
        fontName=BOLD if bold else REGULAR,
        fontSize=9.5,
        leading=12,
        textColor=color,
        alignment=2 if right else 0,
    )
    return Paragraph(escape(text), style)


def _centre(code: str, name: str) -> str:
    return f"{code} — {name}" if name else code


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _balances_table(sheet: ClearingSheet, width: float) -> Flowable:
    if not sheet.balances:
        return Paragraph(escape(_("No visit between centres in this period.")), _plain())
    rows: list[list[Any]] = [
        [
            _cell(_("Centre"), True),
            _cell(_("Owed to it"), True, right=True),
            _cell(_("Owed by it"), True, right=True),
            _cell(_("Net balance"), True, right=True),
        ]
    ]
    for b in sheet.balances:
        tone = OWED if b.net > 0 else OWES if b.net < 0 else INK
        rows.append(
            [
                _cell(_centre(b.code, b.name)),
                _cell(format_money(b.receivable), right=True),
                _cell(format_money(b.payable), right=True),
                _cell(_signed(b.net), True, tone, right=True),
            ]
        )
    return _table(rows, [width * 0.46, width * 0.18, width * 0.18, width * 0.18])


def _lines_table(sheet: ClearingSheet, width: float) -> Flowable:
    if not sheet.lines:
        return Paragraph(escape(_("No visit between centres in this period.")), _plain())
    rows: list[list[Any]] = [
        [
            _cell(_("Pays (home centre)"), True),
            _cell(_("To (centre visited)"), True),
            _cell(_("Visits"), True, right=True),
            _cell(_("Amount"), True, right=True),
        ]
    ]
    for line in sheet.lines:
        rows.append(
            [
                _cell(_centre(line.debtor, line.debtor_name)),
                _cell(_centre(line.creditor, line.creditor_name)),
                _cell(format_number(line.visits), right=True),
                _cell(format_money(line.amount), right=True),
            ]
        )
    rows.append(
        [
            _cell(_("Total"), True),
            _cell(""),
            _cell(format_number(sheet.visits), True, right=True),
            _cell(format_money(sheet.total), True, right=True),
        ]
    )
    return _table(rows, [width * 0.36, width * 0.36, width * 0.12, width * 0.16])


def _signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "") + format_money(amount)


def _plain() -> ParagraphStyle:
    return ParagraphStyle("plain", fontName=REGULAR, fontSize=10, leading=13, textColor=MUTED)


def _footer(canvas: Canvas, sheet: ClearingSheet) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(
        16 * mm,
        10 * mm,
        _("Made on {when} by Telecentre Desk from the centres' signed exchange files.").format(
            when=format_datetime(sheet.generated_at, "short")
        ),
    )
    canvas.drawRightString(A4[0] - 16 * mm, 10 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()
