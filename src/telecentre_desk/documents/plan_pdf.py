""" "Today's plan" as a PDF: each floor drawn, then who sits where and which desks are free.

For volunteers and as a paper fallback when the PC is down. A4 landscape; the fonts are
the DejaVu files shipped in the package, so French names and the narrow no-break spaces
of French dates render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from telecentre_desk.i18n import _
from telecentre_desk.resources import FONT_BOLD, FONT_REGULAR, font_path

REGULAR = "TelecentreSans"
BOLD = "TelecentreSans-Bold"
# Desk fills by state: the same hues as the screen, light enough to print in grey.
STATE_FILLS = {
    "free": "#c9ecd2",
    "occupied": "#7fb0e0",
    "reserved": "#f6d58a",
    "held": "#dcc8ee",
    "out_of_service": "#d4d8dc",
}
STATE_LINES = {
    "free": "#2f7d45",
    "occupied": "#0b4f94",
    "reserved": "#a26a00",
    "held": "#6a3d9a",
    "out_of_service": "#6b7784",
}
_INK = colors.HexColor("#1b2733")
_MUTED = colors.HexColor("#4a5866")

Point2 = tuple[float, float]


@dataclass(frozen=True)
class SheetRoom:
    name: str
    outline: tuple[Point2, ...]  # centimetres on the floor
    badge: str


@dataclass(frozen=True)
class SheetDesk:
    label: str
    corners: tuple[Point2, ...]
    centre: Point2
    state: str  # a key of STATE_FILLS
    person: str = ""  # short name of who sits there


@dataclass(frozen=True)
class SheetSeat:
    desk: str
    name: str
    organisation: str
    since: str


@dataclass(frozen=True)
class SheetFloor:
    name: str
    bounds: tuple[float, float, float, float]  # x, y, width, height in cm
    rooms: tuple[SheetRoom, ...]
    desks: tuple[SheetDesk, ...]
    seated: tuple[SheetSeat, ...]
    free: tuple[str, ...]


@dataclass(frozen=True)
class PlanSheet:
    centre: str
    date_text: str  # "jeudi 3 décembre 2026"
    printed_text: str  # "Imprimé à 09:12"
    floors: tuple[SheetFloor, ...]
    legend: tuple[tuple[str, str], ...]  # (state, label)


def register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(FONT_REGULAR))))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(font_path(FONT_BOLD))))


def write_plan_pdf(sheet: PlanSheet, out: Path | BinaryIO) -> None:
    register_fonts()
    page = landscape(A4)
    target = str(out) if isinstance(out, Path) else out
    document = SimpleDocTemplate(
        target,
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_("Today's plan — {centre}").format(centre=sheet.centre),
        author=sheet.centre,
    )
    styles = _styles()
    story: list[Flowable] = []
    width = page[0] - 24 * mm
    for index, floor in enumerate(sheet.floors):
        if index:
            story.append(PageBreak())
        story.append(
            Paragraph(
                _("Today's plan — {floor}").format(floor=_escape(floor.name)), styles["title"]
            )
        )
        story.append(
            Paragraph(
                f"{_escape(sheet.centre)} · {_escape(sheet.date_text)} · "
                f"{_escape(sheet.printed_text)}",
                styles["muted"],
            )
        )
        story.append(Spacer(1, 3 * mm))
        story.append(_legend(sheet.legend, styles, width))
        story.append(Spacer(1, 3 * mm))
        story.append(FloorDrawing(floor, width, page[1] - 62 * mm))
        story.append(PageBreak())
        story.extend(_lists(floor, styles, width))
    if not sheet.floors:
        story.append(Paragraph(_escape(_("No floor is recorded yet.")), styles["title"]))
    document.build(story)


class FloorDrawing(Flowable):  # type: ignore[misc]
    """The floor to scale: rooms, desks coloured by state, labels and who sits where."""

    def __init__(self, floor: SheetFloor, width: float, height: float) -> None:
        super().__init__()
        self.floor = floor
        x, y, w, h = floor.bounds
        self.scale = min(width / max(w, 1.0), height / max(h, 1.0))
        self.width = w * self.scale
        self.height = h * self.scale
        self.origin = (x, y)

    def _point(self, point: Point2) -> Point2:
        return (
            (point[0] - self.origin[0]) * self.scale,
            self.height - (point[1] - self.origin[1]) * self.scale,
        )

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineJoin(1)
        canvas.setStrokeColor(colors.HexColor("#9aa6b2"))
        canvas.setFillColor(colors.HexColor("#f3f5f7"))
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        for room in self.floor.rooms:
            self._room(room)
        for desk in self.floor.desks:
            self._desk(desk)

    def _polygon(self, points: Sequence[Point2], *, stroke: bool, fill: bool) -> None:
        canvas = self.canv
        path = canvas.beginPath()
        first = self._point(points[0])
        path.moveTo(*first)
        for point in points[1:]:
            path.lineTo(*self._point(point))
        path.close()
        canvas.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)

    def _room(self, room: SheetRoom) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colors.HexColor("#5d6b79"))
        canvas.setFillColor(colors.white)
        canvas.setLineWidth(1.2)
        self._polygon(room.outline, stroke=True, fill=True)
        left = min(p[0] for p in room.outline)
        top = min(p[1] for p in room.outline)
        x, y = self._point((left, top))
        size = max(min(30 * self.scale, 11), 6)
        canvas.setFillColor(_INK)
        canvas.setFont(BOLD, size)
        canvas.drawString(x + 4, y - size - 2, room.name)
        if room.badge:
            canvas.setFont(REGULAR, size * 0.85)
            canvas.setFillColor(_MUTED)
            canvas.drawString(x + 4, y - 2 * size - 3, room.badge)

    def _desk(self, desk: SheetDesk) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(colors.HexColor(STATE_LINES.get(desk.state, "#6b7784")))
        canvas.setFillColor(colors.HexColor(STATE_FILLS.get(desk.state, "#ffffff")))
        self._polygon(desk.corners, stroke=True, fill=True)
        cx, cy = self._point(desk.centre)
        size = max(min(20 * self.scale, 9), 4.5)
        xs = [self._point(corner)[0] for corner in desk.corners]
        room = max(xs) - min(xs) - 2
        canvas.setFillColor(_INK)
        if desk.person:
            canvas.setFont(BOLD, size)
            canvas.drawCentredString(cx, cy + 0.5, desk.label)
            canvas.setFont(REGULAR, size * 0.9)
            canvas.drawCentredString(cx, cy - size * 0.95, _fit(desk.person, size * 0.9, room))
        else:
            canvas.setFont(BOLD, size)
            canvas.drawCentredString(cx, cy - size * 0.35, desk.label)


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, textColor=_INK),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD, fontSize=13, leading=17, textColor=_INK, spaceBefore=6
        ),
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13, textColor=_INK),
        "muted": ParagraphStyle(
            "muted", fontName=REGULAR, fontSize=9.5, leading=12, textColor=_MUTED
        ),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=9.5, leading=12, textColor=_INK),
    }


def _legend(
    legend: Sequence[tuple[str, str]], styles: dict[str, ParagraphStyle], width: float
) -> Table:
    cells: list[object] = []
    widths: list[float] = []
    for _state, text in legend:
        cells.append("")
        widths.append(7 * mm)
        cells.append(Paragraph(_escape(text), styles["muted"]))
        widths.append(min(48 * mm, (width - 7 * mm * len(legend)) / max(len(legend), 1)))
    table = Table([cells], colWidths=widths, rowHeights=[6 * mm])
    commands: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for index, (state, _text) in enumerate(legend):
        column = 2 * index
        commands.append(
            ("BACKGROUND", (column, 0), (column, 0), colors.HexColor(STATE_FILLS[state]))
        )
        commands.append(("BOX", (column, 0), (column, 0), 0.8, colors.HexColor(STATE_LINES[state])))
    table.setStyle(TableStyle(commands))
    table.hAlign = "LEFT"
    return table


def _lists(floor: SheetFloor, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(
            _escape(_("Who sits where — {floor}").format(floor=floor.name)), styles["heading"]
        )
    ]
    if floor.seated:
        rows: list[list[object]] = [
            [
                Paragraph(_escape(_("Desk")), styles["cell"]),
                Paragraph(_escape(_("Name")), styles["cell"]),
                Paragraph(_escape(_("Organisation")), styles["cell"]),
                Paragraph(_escape(_("Since")), styles["cell"]),
            ]
        ]
        for seat in floor.seated:
            rows.append(
                [
                    Paragraph(_escape(seat.desk), styles["cell"]),
                    Paragraph(_escape(seat.name), styles["cell"]),
                    Paragraph(_escape(seat.organisation), styles["cell"]),
                    Paragraph(_escape(seat.since), styles["cell"]),
                ]
            )
        table = Table(
            rows,
            colWidths=[width * 0.12, width * 0.34, width * 0.38, width * 0.16],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ebf0")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#c9d1d9")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        table.hAlign = "LEFT"
        story.append(table)
    else:
        story.append(Paragraph(_escape(_("Nobody is seated on this floor yet.")), styles["body"]))
    story.append(Spacer(1, 4 * mm))
    free_text = ", ".join(floor.free) if floor.free else _("none")
    story.append(
        KeepTogether(
            [
                Paragraph(
                    _escape(_("Free desks — {floor}").format(floor=floor.name)), styles["heading"]
                ),
                Paragraph(_escape(free_text), styles["body"]),
            ]
        )
    )
    return story


def _fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    if pdfmetrics.stringWidth(text, REGULAR, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", REGULAR, size) > width:
        text = text[:-1]
    return text + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
