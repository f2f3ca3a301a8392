"""The door card of a room: today's slots in large type, to pin on the visio room's door.

A4 portrait: the room's name, the date, then the day from opening to closing,
each booked slot in bold with its title (never a person's name: the card is
public) and the free times between them, so someone in the corridor sees at a
glance whether the room is theirs. The type shrinks only when the day is full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from telecentre_desk.documents.day_sheet import BOLD, REGULAR, register_fonts
from telecentre_desk.i18n import PARIS, _, format_date

INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#4a5866")
ACCENT = colors.HexColor("#0b5cad")
BOOKED_BG = colors.HexColor("#dbe8f6")
FREE_INK = colors.HexColor("#2f7d45")
MARGIN = 18 * mm
LARGEST = 36.0
SMALLEST = 14.0


@dataclass(frozen=True)
class DoorSlot:
    starts_at: datetime
    ends_at: datetime
    booked: bool
    title: str = ""  # shown for booked slots ("Booked" when empty)


@dataclass(frozen=True)
class DoorCard:
    centre_name: str
    room_name: str
    day: date
    slots: tuple[DoorSlot, ...]
    closed_reason: str = ""  # the centre is closed that day: said instead of the slots


def write_door_card(card: DoorCard, out: Path | BinaryIO) -> None:
    register_fonts()
    width, height = A4
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4)
    canvas.setTitle(_("Door card — {room}").format(room=card.room_name))
    canvas.setAuthor(card.centre_name)
    canvas.setCreator("Telecentre Desk")
    top = height - MARGIN
    canvas.setFillColor(ACCENT)
    canvas.rect(0, top - 34 * mm, width, 34 * mm + MARGIN, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    _fit(canvas, card.room_name, BOLD, 40, MARGIN, top - 17 * mm, width - 2 * MARGIN)
    canvas.setFont(REGULAR, 18)
    canvas.drawString(MARGIN, top - 28 * mm, format_date(card.day, "full"))
    y = top - 50 * mm
    if card.closed_reason:
        canvas.setFillColor(INK)
        _fit(canvas, card.closed_reason, BOLD, LARGEST, MARGIN, y, width - 2 * MARGIN)
    else:
        _slots(canvas, card, y, width)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 10)
    canvas.drawString(MARGIN, 10 * mm, card.centre_name)
    canvas.showPage()
    canvas.save()


def _slots(canvas: Canvas, card: DoorCard, top: float, width: float) -> None:
    """Each booked slot on two lines (its time, then its title), each free one on one."""
    if not card.slots:
        canvas.setFillColor(FREE_INK)
        _fit(canvas, _("Free all day"), BOLD, LARGEST, MARGIN, top, width - 2 * MARGIN)
        return
    lines = sum(2 if slot.booked else 1 for slot in card.slots)
    available = top - 20 * mm
    size = max(SMALLEST, min(LARGEST, available / (lines * 1.45 + len(card.slots) * 0.5)))
    line = size * 1.45
    gap = size * 0.5
    full = width - 2 * MARGIN
    y = top
    time_width = stringWidth("00:00–00:00", BOLD, size) + 8 * mm
    for slot in card.slots:
        span = f"{_clock(slot.starts_at)}–{_clock(slot.ends_at)}"
        if slot.booked:
            canvas.setFillColor(BOOKED_BG)
            canvas.roundRect(
                MARGIN - 3 * mm,
                y - line - size * 0.45,
                full + 6 * mm,
                2 * line + size * 0.1,
                3 * mm,
                stroke=0,
                fill=1,
            )
            canvas.setFillColor(INK)
            canvas.setFont(BOLD, size)
            canvas.drawString(MARGIN, y, span)
            _fit(canvas, slot.title or _("Booked"), BOLD, size * 0.8, MARGIN, y - line, full)
            y -= 2 * line + gap
        else:
            canvas.setFillColor(FREE_INK)
            canvas.setFont(REGULAR, size)
            canvas.drawString(MARGIN, y, span)
            canvas.drawString(MARGIN + time_width, y, _("Free"))
            y -= line + gap


def _fit(
    canvas: Canvas, text: str, font: str, size: float, x: float, y: float, room: float
) -> None:
    """Draw ``text`` at ``size`` or smaller so that it fits in ``room`` points."""
    while size > 8 and stringWidth(text, font, size) > room:
        size -= 1
    while stringWidth(text, font, size) > room and len(text) > 1:
        text = text[:-2] + "…"
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")
