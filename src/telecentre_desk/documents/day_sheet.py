"""The day sheet: the day's bookings room by room, what to prepare, who needs a volunteer.

Printed in the morning and pinned at the desk (A4 portrait). First "to prepare":
every booking needing equipment, a test call or a volunteer, in time order;
then one table per room. Times are Paris times; the DejaVu fonts shipped in
the package render French names and the narrow no-break spaces of dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from telecentre_desk.i18n import PARIS, _, format_date, format_datetime
from telecentre_desk.resources import FONT_BOLD, FONT_REGULAR, font_path

REGULAR = "TelecentreSans"
BOLD = "TelecentreSans-Bold"
INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#4a5866")
ACCENT = colors.HexColor("#0b5cad")
BAND = colors.HexColor("#e6ebf0")
LINE = colors.HexColor("#c9d1d9")
CANCELLED = colors.HexColor("#8a949e")
WARN_BG = colors.HexColor("#fff5d6")


@dataclass(frozen=True)
class SheetBooking:
    starts_at: datetime
    ends_at: datetime
    title: str
    organiser: str
    contact: str
    attendees: int
    status: str  # already translated
    active: bool  # False when cancelled: printed struck through, nothing to prepare
    equipment: tuple[str, ...] = ()  # translated labels
    volunteer_help: bool = False
    test_call_at: datetime | None = None
    meeting_link: str = ""
    remote_guests: int = 0
    note: str = ""

    @property
    def needs_preparing(self) -> bool:
        return self.active and bool(
            self.equipment or self.volunteer_help or self.test_call_at or self.meeting_link
        )


@dataclass(frozen=True)
class SheetRoom:
    name: str
    floor: str
    capacity: int
    setup_minutes: int
    cleanup_minutes: int
    bookings: tuple[SheetBooking, ...]


@dataclass(frozen=True)
class DaySheet:
    centre_name: str
    day: date
    hours: str  # "08:30–18:30", or why the centre is closed
    closures: tuple[str, ...]
    rooms: tuple[SheetRoom, ...]
    printed_at: datetime


def register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(FONT_REGULAR))))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(font_path(FONT_BOLD))))


def write_day_sheet(sheet: DaySheet, out: Path | BinaryIO) -> None:
    register_fonts()
    target = str(out) if isinstance(out, Path) else out
    document = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=_("Day sheet — {day}").format(day=format_date(sheet.day, "full")),
        author=sheet.centre_name,
        creator="Telecentre Desk",
    )
    styles = _Styles()
    story: list[Flowable] = [
        Paragraph(
            escape(_("Bookings of {day}").format(day=format_date(sheet.day, "full"))), styles.title
        ),
        Paragraph(escape(f"{sheet.centre_name} · {sheet.hours}"), styles.lead),
    ]
    for closure in sheet.closures:
        story.append(_warning(closure, styles))
    story.append(Spacer(1, 4 * mm))
    story.extend(_to_prepare(sheet, styles, document.width))
    for room in sheet.rooms:
        story.append(KeepTogether(_room_block(room, styles, document.width)))
    document.build(
        story,
        onFirstPage=lambda canvas, doc: _footer(canvas, sheet),
        onLaterPages=lambda canvas, doc: _footer(canvas, sheet),
    )


class _Styles:
    def __init__(self) -> None:
        self.title = ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=23, textColor=INK)
        self.lead = ParagraphStyle(
            "lead", fontName=REGULAR, fontSize=11, leading=15, textColor=MUTED
        )
        self.heading = ParagraphStyle(
            "heading",
            fontName=BOLD,
            fontSize=13,
            leading=17,
            textColor=INK,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.cell = ParagraphStyle(
            "cell", fontName=REGULAR, fontSize=9.5, leading=12, textColor=INK
        )
        self.cell_bold = ParagraphStyle("cellBold", parent=self.cell, fontName=BOLD)
        self.muted = ParagraphStyle("muted", parent=self.cell, textColor=MUTED)
        self.struck = ParagraphStyle("struck", parent=self.cell, textColor=CANCELLED)


def _to_prepare(sheet: DaySheet, styles: _Styles, width: float) -> list[Flowable]:
    items = sorted(
        (
            (booking, room)
            for room in sheet.rooms
            for booking in room.bookings
            if booking.needs_preparing
        ),
        key=lambda pair: pair[0].starts_at,
    )
    block: list[Flowable] = [Paragraph(escape(_("To prepare")), styles.heading)]
    if not items:
        block.append(Paragraph(escape(_("Nothing special to prepare today.")), styles.muted))
        return block
    rows = [
        [
            Paragraph(escape(_span(booking)), styles.cell_bold),
            Paragraph(escape(room.name), styles.cell),
            Paragraph(_preparation(booking), styles.cell),
        ]
        for booking, room in items
    ]
    table = Table(rows, colWidths=[28 * mm, 38 * mm, width - 66 * mm], repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    block.append(table)
    return block


def _preparation(booking: SheetBooking) -> str:
    parts: list[str] = []
    if booking.volunteer_help:
        parts.append(f"<b>{escape(_('A volunteer helps'))}</b>")
    if booking.test_call_at is not None:
        parts.append(escape(_("test call at {time}").format(time=_clock(booking.test_call_at))))
    if booking.equipment:
        parts.append(escape(", ".join(booking.equipment)))
    if booking.remote_guests:
        parts.append(escape(_("{count} remote").format(count=booking.remote_guests)))
    if booking.meeting_link:
        parts.append(escape(booking.meeting_link))
    return " · ".join(parts)


def _room_block(room: SheetRoom, styles: _Styles, width: float) -> list[Flowable]:
    details = _("{floor} · {capacity} places").format(floor=room.floor, capacity=room.capacity)
    if room.setup_minutes or room.cleanup_minutes:
        details += " · " + _("set-up {setup} min, clean-up {cleanup} min").format(
            setup=room.setup_minutes, cleanup=room.cleanup_minutes
        )
    block: list[Flowable] = [
        Paragraph(
            f"{escape(room.name)} <font size=9 color='#4a5866'>{escape(details)}</font>",
            styles.heading,
        ),
    ]
    if not room.bookings:
        block.append(Paragraph(escape(_("No booking: the room is free all day.")), styles.muted))
        return block
    header = [
        Paragraph(escape(text), styles.cell_bold)
        for text in (_("Time"), _("Booking"), _("People"), _("Status"))
    ]
    rows: list[list[Flowable]] = [header]
    for booking in room.bookings:
        style = styles.cell if booking.active else styles.struck
        what = f"<b>{escape(booking.title or _('No title'))}</b><br/>{escape(booking.organiser)}"
        if booking.contact:
            what += f" · {escape(booking.contact)}"
        if booking.note:
            what += f"<br/><i>{escape(booking.note)}</i>"
        if not booking.active:
            what = f"<strike>{what}</strike>"
        rows.append(
            [
                Paragraph(escape(_span(booking)), style),
                Paragraph(what, style),
                Paragraph(str(booking.attendees), style),
                Paragraph(escape(booking.status), style),
            ]
        )
    table = Table(rows, colWidths=[28 * mm, width - 84 * mm, 24 * mm, 32 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    block.append(table)
    return block


def _warning(text: str, styles: _Styles) -> Flowable:
    table = Table([[Paragraph(escape(text), styles.cell_bold)]])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), WARN_BG)]))
    return table


def _footer(canvas: Canvas, sheet: DaySheet) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    text = _("Printed {when} · page {page}").format(
        when=format_datetime(sheet.printed_at, "short"), page=canvas.getPageNumber()
    )
    canvas.drawRightString(A4[0] - 14 * mm, 9 * mm, text)
    canvas.restoreState()


def _span(booking: SheetBooking) -> str:
    return f"{_clock(booking.starts_at)}–{_clock(booking.ends_at)}"


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")
