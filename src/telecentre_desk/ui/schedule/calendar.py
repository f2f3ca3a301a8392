"""The calendar grid, painted with QPainter: rooms or days across, the hours down.

Bookings are blocks with their time, title, organiser and status; the time a
room is closed is hatched; today's columns carry a red line at the current
time. With the mouse: drag over free time to book it, drag a block to move it
(to another room or day too), drag its top or bottom edge to resize it,
double-click to open it. With the keyboard: the arrows move a quarter-hour
cursor (Shift+arrows make it longer or shorter), Enter books the cursor's slot
or opens the selected booking, Tab goes from booking to booking, Ctrl+arrows
move the selected booking, Ctrl+Shift+Up/Down shorten or lengthen it, Delete
cancels it. The widget only asks (signals); the view calls the services, and
the service's answer (saved, or refused with the conflict) is what counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services.booking_queries import BookingInfo, CalendarData
from telecentre_desk.ui.schedule import palette
from telecentre_desk.ui.schedule.layout import (
    DAY_MINUTES,
    GUTTER,
    SNAP_MINUTES,
    Box,
    CalendarLayout,
    CalendarMode,
    Column,
    at_minute,
    closed_minutes,
    columns_for,
    minute_of,
    snap,
)

EDGE_GRAB = 7.0  # pixels at a block's top and bottom that resize it
DEFAULT_FIRST = 8 * 60
DEFAULT_LAST = 19 * 60
TEXT_MIN_WIDTH = 34.0  # narrower blocks show no text (their tooltip does)


@dataclass(frozen=True)
class _Block:
    booking: BookingInfo
    column: Column
    rect: QRectF
    held: tuple[QRectF, ...]  # the buffers and test call, drawn lighter


@dataclass
class _Drag:
    kind: str  # "create", "move", "start", "end"
    press: QPointF
    column: Column
    minute: float  # where the press was, in minutes of the column's day
    booking: BookingInfo | None = None
    offset: float = 0.0  # move: minutes between the press and the booking's start
    started: bool = False
    target: tuple[Column, int, int] | None = None  # column, start and end minutes


class CalendarWidget(QWidget):
    create_requested = Signal(int, object, object)  # room id, start, end (UTC)
    move_requested = Signal(int, int, object, object)  # booking id, room id, start, end
    open_requested = Signal(int)
    cancel_requested = Signal(int)
    selection_changed = Signal(object)  # BookingInfo or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Booking calendar"))
        self.mode = CalendarMode.DAY
        self.first_day = datetime.now(PARIS).date()
        self.data: CalendarData | None = None
        self._now: datetime | None = None  # None: the real clock
        self._layout = CalendarLayout([], DEFAULT_FIRST, DEFAULT_LAST, 800, 600)
        self._blocks: list[_Block] = []
        self._selected: int | None = None
        self._drag: _Drag | None = None
        self._pending: tuple[int, Column, int, int] | None = None
        self._cursor: tuple[int, int, int] = (0, 9 * 60, 60)  # column, start, length
        self._fonts = _Fonts(self.font())
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.update)
        self._clock.start()

    # -- data ----------------------------------------------------------------------------------
    def set_data(self, data: CalendarData, mode: CalendarMode, first_day: date) -> None:
        self.data, self.mode, self.first_day = data, mode, first_day
        self._pending = None
        self._drag = None
        rooms = [(room.id, room.name) for room in data.rooms]
        busy_days = {booking.local_day for booking in data.bookings}
        # A week leaves out the days the centre is closed and nobody booked (the weekend).
        shown = [d.day for d in data.days if d.hours is not None or d.day in busy_days]
        columns = columns_for(mode, first_day, rooms, shown)
        first, last = self._time_range(data)
        self._layout = CalendarLayout(
            columns, first, last, self.width(), self.height(), two_row_header=self._two_rows()
        )
        self.setMinimumHeight(CalendarLayout.minimum_height(first, last, self._two_rows()))
        column, start, length = self._cursor
        self._cursor = (min(column, max(0, len(columns) - 1)), max(first, start), length)
        self._place_blocks()
        if self._selected is not None and self.booking(self._selected) is None:
            self._set_selected(None)
        self.update()

    def set_now(self, now: datetime | None) -> None:
        """Pin the clock (tests and screenshots); None follows the real time."""
        self._now = now
        self.update()

    def now(self) -> datetime:
        return self._now or datetime.now(UTC)

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._layout.columns

    def booking(self, booking_id: int) -> BookingInfo | None:
        return next((b.booking for b in self._blocks if b.booking.id == booking_id), None)

    def selected_booking(self) -> BookingInfo | None:
        return self.booking(self._selected) if self._selected is not None else None

    def select_booking(self, booking_id: int | None) -> None:
        self._set_selected(booking_id)
        self.update()

    def block_rect(self, booking_id: int) -> QRectF | None:
        """Where a booking is drawn (its first part), for tests and tooltips."""
        return next((b.rect for b in self._blocks if b.booking.id == booking_id), None)

    def point_at(self, room_id: int, day: date, minute: float) -> QPointF:
        """The widget point of ``minute`` (wall clock) of ``day`` in ``room_id``'s column."""
        column = self._layout.column_of(day, room_id)
        assert column is not None, "that day and room are not shown"
        x = self._layout.column_x(column) + self._layout.column_width / 2
        return QPointF(x, self._layout.y_of(minute))

    def cursor_slot(self) -> tuple[int, datetime, datetime] | None:
        """The keyboard cursor as (room id, start, end)."""
        if not self._layout.columns:
            return None
        index, start, length = self._cursor
        column = self._layout.columns[index]
        return (
            column.room_id,
            at_minute(column.day, start),
            at_minute(column.day, start + length),
        )

    def clear_pending(self) -> None:
        """The service answered a move: stop drawing it where it was dropped."""
        self._pending = None
        self.update()

    # -- layout --------------------------------------------------------------------------------
    def _two_rows(self) -> bool:
        return self.mode is CalendarMode.WEEK and self.data is not None and len(self.data.rooms) > 1

    def _time_range(self, data: CalendarData) -> tuple[int, int]:
        opens = [day.hours[0] for day in data.days if day.hours]
        closes = [day.hours[1] for day in data.days if day.hours]
        first = min((t.hour * 60 for t in opens), default=DEFAULT_FIRST)
        last = max((t.hour * 60 + (60 if t.minute else 0) for t in closes), default=DEFAULT_LAST)
        for booking in data.bookings:
            day = booking.local_day
            first = min(first, max(0, snap(minute_of(booking.starts_at, day), 60)))
            last = min(DAY_MINUTES, max(last, snap(minute_of(booking.ends_at, day), 60, up=True)))
        return first, last

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout = CalendarLayout(
            self._layout.columns,
            self._layout.first,
            self._layout.last,
            self.width(),
            self.height(),
            two_row_header=self._two_rows(),
        )
        self._place_blocks()
        super().resizeEvent(event)

    def _place_blocks(self) -> None:
        blocks: list[_Block] = []
        if self.data is None:
            self._blocks = blocks
            return
        by_column: dict[int, list[tuple[BookingInfo, Box]]] = {}
        for booking in self.data.bookings:
            for column in self._columns_of(booking):
                box = self._layout.box(column, booking.starts_at, booking.ends_at)
                if box is not None:
                    by_column.setdefault(column.index, []).append((booking, box))
        for index, items in by_column.items():
            column = self._layout.columns[index]
            for booking, box, lane, lanes in _lanes(items):
                width = box.width / lanes
                rect = QRectF(box.x + lane * width + 2, box.y + 1, width - 4, box.height - 2)
                blocks.append(
                    _Block(booking, column, rect, self._held_rects(booking, column, rect))
                )
        self._blocks = blocks

    def _columns_of(self, booking: BookingInfo) -> list[Column]:
        start_day = booking.starts_at.astimezone(PARIS).date()
        end_day = (booking.ends_at - timedelta(microseconds=1)).astimezone(PARIS).date()
        return [
            c
            for c in self._layout.columns
            if c.room_id == booking.room_id and start_day <= c.day <= end_day
        ]

    def _held_rects(self, booking: BookingInfo, column: Column, rect: QRectF) -> tuple[QRectF, ...]:
        if booking.status is BookingStatus.CANCELLED:
            return ()
        rects = []
        for start, end in (
            (booking.held_from, booking.starts_at),
            (booking.ends_at, booking.held_until),
        ):
            box = self._layout.box(column, start, end) if end > start else None
            if box is not None:
                rects.append(QRectF(rect.x(), box.y, rect.width(), box.height))
        return tuple(rects)

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), palette.BACKGROUND)
            self._paint_closed(painter)
            self._paint_grid(painter)
            for block in self._blocks:
                self._paint_block(painter, block)
            self._paint_cursor(painter)
            self._paint_drag(painter)
            self._paint_now(painter)
            self._paint_header(painter)
        finally:
            painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        layout = self._layout
        painter.setFont(self._fonts.small)
        for minute in range(layout.first, layout.last + 1, 30):
            y = layout.y_of(minute)
            on_hour = minute % 60 == 0
            painter.setPen(QPen(palette.GRID if on_hour else palette.GRID_HALF, 1))
            painter.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))
            if on_hour and minute < layout.last:
                painter.setPen(palette.TEXT_MUTED)
                painter.drawText(
                    QRectF(0, y - 2, GUTTER - 10, 18),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    f"{minute // 60:02d}:00",
                )
        for column in layout.columns:
            x = layout.column_x(column)
            new_day = column.index > 0 and layout.columns[column.index - 1].day != column.day
            painter.setPen(
                QPen(
                    palette.BORDER if new_day or column.index == 0 else palette.GRID,
                    2 if new_day else 1,
                )
            )
            painter.drawLine(QPointF(x, layout.header), QPointF(x, self.height()))

    def closed_intervals(self, column: Column) -> list[tuple[float, float]]:
        """The closed parts of ``column`` in wall-clock minutes of its day, as drawn:
        before opening, the lunch break, after closing, a closed day, the closures."""
        layout = self._layout
        if self.data is None:
            return []
        info = next((day for day in self.data.days if day.day == column.day), None)
        spans: tuple[tuple[time, time], ...] = ()
        if info is not None:
            # A day read without its spans (older data) still has its first and last hour.
            spans = info.spans or ((info.hours,) if info.hours is not None else ())
        opening = [(_minutes(opens), _minutes(closes)) for opens, closes in spans]
        closures = [
            (minute_of(closure.starts_at, column.day), minute_of(closure.ends_at, column.day))
            for closure in self.data.closures
            if closure.room_id in (None, column.room_id)
        ]
        return closed_minutes(opening, closures, layout.first, layout.last)

    def _paint_closed(self, painter: QPainter) -> None:
        if self.data is None:
            return
        layout = self._layout
        days = {day.day: day for day in self.data.days}
        hatch = QBrush(palette.CLOSED_HATCH, Qt.BrushStyle.BDiagPattern)
        for column in layout.columns:
            x, width = layout.column_x(column), layout.column_width
            for top, bottom in self.closed_intervals(column):
                rect = QRectF(x, layout.y_of(top), width, layout.y_of(bottom) - layout.y_of(top))
                painter.fillRect(rect, palette.CLOSED)
                painter.fillRect(rect, hatch)
            info = days.get(column.day)
            if info is not None and info.holiday and width > TEXT_MIN_WIDTH:
                self._closed_label(painter, x, width, info.holiday)
            elif width > TEXT_MIN_WIDTH:
                self._closure_labels(painter, column)

    def _closure_labels(self, painter: QPainter, column: Column) -> None:
        """A closure's reason at the top of its band, so the desk reads why it is shaded."""
        assert self.data is not None
        layout = self._layout
        painter.setFont(self._fonts.small_bold)
        painter.setPen(palette.TEXT_MUTED)
        for closure in self.data.closures:
            if closure.room_id not in (None, column.room_id):
                continue
            top = max(minute_of(closure.starts_at, column.day), layout.first)
            bottom = min(minute_of(closure.ends_at, column.day), layout.last)
            if layout.y_of(bottom) - layout.y_of(top) < 20:
                continue
            rect = QRectF(
                layout.column_x(column) + 4,
                layout.y_of(top) + 3,
                layout.column_width - 8,
                layout.y_of(bottom) - layout.y_of(top) - 6,
            )
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(rect, flags, closure.reason)

    def _closed_label(self, painter: QPainter, x: float, width: float, text: str) -> None:
        painter.setFont(self._fonts.small_bold)
        painter.setPen(palette.TEXT_MUTED)
        rect = QRectF(x + 4, self._layout.header + 6, width - 8, 40)
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, text)

    def _paint_block(self, painter: QPainter, block: _Block) -> None:
        booking, rect = block.booking, block.rect
        moving = (
            self._drag is not None
            and self._drag.started
            and self._drag.booking is not None
            and self._drag.booking.id == booking.id
        )
        pending = self._pending is not None and self._pending[0] == booking.id
        if moving or pending:
            painter.setOpacity(0.35)
        for held in block.held:
            painter.fillRect(held, QBrush(palette.BUFFER, Qt.BrushStyle.Dense6Pattern))
        status = booking.status
        painter.setBrush(palette.FILLS[status])
        pen = QPen(palette.EDGES[status], 1.5)
        if status is BookingStatus.TENTATIVE:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRectF(rect.x(), rect.y(), 4, rect.height()), palette.EDGES[status])
        if booking.id == self._selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.SELECTION, 3))
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 5, 5)
        if rect.width() >= TEXT_MIN_WIDTH:
            self._block_text(painter, booking, rect)
        painter.setOpacity(1.0)

    def _block_text(self, painter: QPainter, booking: BookingInfo, rect: QRectF) -> None:
        inner = rect.adjusted(8, 2, -4, -2)
        color = palette.TEXTS[booking.status]
        small, bold = self._fonts.small, self._fonts.bold
        title = booking.title or _("No title")
        tall = QFontMetrics(small).height() * 2 + QFontMetrics(bold).height()
        if inner.height() + 4 >= tall:
            lines = [(small, _time_line(booking)), (bold, title), (small, booking.organiser_name)]
        elif inner.height() + 4 >= QFontMetrics(small).height() + QFontMetrics(bold).height():
            lines = [(small, _time_line(booking)), (bold, title)]
        else:  # a short booking: one line, the time then the title
            lines = [(bold, f"{_time_line(booking)}  {title}")]
        y = inner.y()
        for font, text in lines:
            metrics = QFontMetrics(font)
            if y + metrics.height() > inner.bottom() + 4:
                break
            font.setStrikeOut(booking.status is BookingStatus.CANCELLED and font is bold)
            painter.setFont(font)
            painter.setPen(color)
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
            painter.drawText(QPointF(inner.x(), y + metrics.ascent()), elided)
            font.setStrikeOut(False)
            y += metrics.height()

    def _paint_cursor(self, painter: QPainter) -> None:
        if not self.hasFocus() or self._selected is not None or not self._layout.columns:
            return
        if self._drag is not None:
            return
        index, start, length = self._cursor
        column = self._layout.columns[index]
        rect = QRectF(
            self._layout.column_x(column) + 2,
            self._layout.y_of(start),
            self._layout.column_width - 4,
            length * self._layout.per_minute,
        )
        pen = QPen(palette.CURSOR, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setFont(self._fonts.small)
        painter.drawText(
            rect.adjusted(6, 2, 0, 0), Qt.AlignmentFlag.AlignTop, _span(start, start + length)
        )

    def _paint_drag(self, painter: QPainter) -> None:
        target = None
        if self._drag is not None and self._drag.started:
            target = self._drag.target
        elif self._pending is not None:
            target = self._pending[1:]
        if target is None:
            return
        column, start, end = target
        rect = QRectF(
            self._layout.column_x(column) + 2,
            self._layout.y_of(start),
            self._layout.column_width - 4,
            (end - start) * self._layout.per_minute,
        )
        clash = self._drag is not None and self._clashes(column, start, end)
        color = palette.GHOST_REFUSED if clash else palette.GHOST
        fill = color.lighter(170)
        fill.setAlpha(170)
        painter.setBrush(fill)
        painter.setPen(QPen(color, 2))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setFont(self._fonts.bold)
        painter.setPen(palette.TEXT)
        text = _span(start, end)
        if clash:
            text = _("{time} — taken").format(time=text)
        painter.drawText(rect.adjusted(8, 4, -4, 0), Qt.AlignmentFlag.AlignTop, text)

    def _paint_now(self, painter: QPainter) -> None:
        now = self.now()
        today = now.astimezone(PARIS).date()
        minute = minute_of(now, today)
        if not self._layout.first <= minute <= self._layout.last:
            return
        y = self._layout.y_of(minute)
        painter.setPen(QPen(palette.NOW_LINE, 2))
        for column in self._layout.columns:
            if column.day == today:
                x = self._layout.column_x(column)
                painter.drawLine(QPointF(x, y), QPointF(x + self._layout.column_width, y))
                painter.setBrush(palette.NOW_LINE)
                painter.drawEllipse(QPointF(x, y), 4, 4)

    def _paint_header(self, painter: QPainter) -> None:
        layout = self._layout
        header = QRectF(0, 0, self.width(), layout.header)
        painter.fillRect(header, palette.HEADER)
        today = self.now().astimezone(PARIS).date()
        two_rows = self._two_rows()
        painter.setPen(palette.TEXT)
        for column in layout.columns:  # backgrounds first: a day's title spans its rooms
            if column.day == today:
                x, width = layout.column_x(column), layout.column_width
                painter.fillRect(QRectF(x, 0, width, layout.header), palette.HEADER_TODAY)
        for column in layout.columns:
            x, width = layout.column_x(column), layout.column_width
            if two_rows:
                first_of_day = (
                    column.index == 0 or layout.columns[column.index - 1].day != column.day
                )
                if first_of_day:
                    rooms = len(self.data.rooms) if self.data else 1
                    painter.setFont(self._fonts.bold)
                    painter.setPen(palette.TEXT)
                    painter.drawText(
                        QRectF(x + 4, 4, width * rooms - 8, 26),
                        Qt.AlignmentFlag.AlignCenter,
                        _day_title(column.day),
                    )
                painter.setFont(self._fonts.small)
                painter.setPen(palette.TEXT_MUTED)
                metrics = QFontMetrics(self._fonts.small)
                name = metrics.elidedText(
                    column.room_name, Qt.TextElideMode.ElideRight, int(width - 4)
                )
                painter.drawText(
                    QRectF(x + 2, 32, width - 4, 28), Qt.AlignmentFlag.AlignCenter, name
                )
            else:
                title = (
                    column.room_name if self.mode is CalendarMode.DAY else _day_title(column.day)
                )
                painter.setFont(self._fonts.bold)
                painter.setPen(palette.TEXT)
                metrics = QFontMetrics(self._fonts.bold)
                painter.drawText(
                    QRectF(x + 4, 0, width - 8, layout.header),
                    Qt.AlignmentFlag.AlignCenter,
                    metrics.elidedText(title, Qt.TextElideMode.ElideRight, int(width - 8)),
                )
        painter.setPen(QPen(palette.BORDER, 1))
        painter.drawLine(QPointF(0, layout.header), QPointF(self.width(), layout.header))

    # -- mouse ---------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        point = event.position()
        column = self._layout.column_at(point.x())
        if column is None or point.y() < self._layout.header:
            return
        minute = self._layout.minute_at(point.y())
        block = self._block_at(point)
        if block is None:
            self._set_selected(None)
            self._drag = _Drag("create", point, column, minute)
        else:
            self._set_selected(block.booking.id)
            booking = block.booking
            kind = "move"
            if booking.status is BookingStatus.CANCELLED:
                kind = "none"
            elif point.y() - block.rect.top() <= EDGE_GRAB:
                kind = "start"
            elif block.rect.bottom() - point.y() <= EDGE_GRAB:
                kind = "end"
            start = minute_of(booking.starts_at, column.day)
            self._drag = _Drag(kind, point, column, minute, booking, minute - start)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        drag = self._drag
        if drag is None:
            self._hover_cursor(point)
            return
        if not drag.started:
            if (point - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            if drag.kind == "none":
                return
            drag.started = True
        drag.target = self._target(drag, point)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() is not Qt.MouseButton.LeftButton:
            return
        if not drag.started:
            if drag.kind == "create":
                self._cursor = (drag.column.index, snap(drag.minute), self._cursor[2])
            self.update()
            return
        target = drag.target or self._target(drag, event.position())
        self.update()
        if target is None:
            return
        column, start, end = target
        begin, finish = at_minute(column.day, start), at_minute(column.day, end)
        if drag.kind == "create":
            self._cursor = (column.index, start, end - start)
            self.create_requested.emit(column.room_id, begin, finish)
            return
        assert drag.booking is not None
        booking = drag.booking
        if (column.room_id, begin, finish) == (booking.room_id, booking.starts_at, booking.ends_at):
            return
        self._pending = (booking.id, column, start, end)
        self.move_requested.emit(booking.id, column.room_id, begin, finish)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self._block_at(event.position())
        if block is not None:
            self._drag = None
            self.open_requested.emit(block.booking.id)
            return
        column = self._layout.column_at(event.position().x())
        if column is None or event.position().y() < self._layout.header:
            return
        self._drag = None
        start = snap(self._layout.minute_at(event.position().y()))
        self.create_requested.emit(
            column.room_id, at_minute(column.day, start), at_minute(column.day, start + 60)
        )

    def _target(self, drag: _Drag, point: QPointF) -> tuple[Column, int, int] | None:
        layout = self._layout
        minute = layout.minute_at(point.y())
        if drag.kind == "create":
            first, second = sorted((drag.minute, minute))
            start, end = snap(first), snap(second, up=True)
            if end - start < SNAP_MINUTES:
                end = start + SNAP_MINUTES
            return drag.column, max(layout.first, start), min(layout.last, end)
        booking = drag.booking
        assert booking is not None
        start = round(minute_of(booking.starts_at, drag.column.day))
        end = round(minute_of(booking.ends_at, drag.column.day))
        if drag.kind == "start":
            new_start = min(snap(minute + SNAP_MINUTES / 2), int(end) - SNAP_MINUTES)
            return drag.column, new_start, int(end)
        if drag.kind == "end":
            new_end = max(snap(minute + SNAP_MINUTES / 2), int(start) + SNAP_MINUTES)
            return drag.column, int(start), new_end
        column = layout.column_at(point.x()) or drag.column
        length = end - start
        new_start = snap(minute - drag.offset + SNAP_MINUTES / 2)
        new_start = int(min(max(new_start, 0), DAY_MINUTES - length))
        return column, new_start, int(new_start + length)

    def _clashes(self, column: Column, start: int, end: int) -> bool:
        """A hint while dragging: the service's check under the write lock decides."""
        moving = self._drag.booking.id if self._drag and self._drag.booking else None
        for block in self._blocks:
            booking = block.booking
            if booking.id == moving or booking.status is BookingStatus.CANCELLED:
                continue
            if block.column.index != column.index:
                continue
            other_start = minute_of(booking.held_from, column.day)
            other_end = minute_of(booking.held_until, column.day)
            if other_start < end and start < other_end:
                return True
        return False

    def _hover_cursor(self, point: QPointF) -> None:
        block = self._block_at(point)
        if block is None:
            self.unsetCursor()
            self.setToolTip("")
            return
        if block.booking.status is BookingStatus.CANCELLED:
            self.setCursor(Qt.CursorShape.ArrowCursor)
        elif (
            point.y() - block.rect.top() <= EDGE_GRAB
            or block.rect.bottom() - point.y() <= EDGE_GRAB
        ):
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(_tooltip(block.booking))

    def _block_at(self, point: QPointF) -> _Block | None:
        for block in reversed(self._blocks):
            if block.rect.contains(point):
                return block
        return None

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        selected = self.selected_booking()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if selected is not None:
                self.open_requested.emit(selected.id)
            else:
                slot = self.cursor_slot()
                if slot is not None:
                    self.create_requested.emit(*slot)
            return
        if key == Qt.Key.Key_Escape and selected is not None:
            self.select_booking(None)
            return
        if key == Qt.Key.Key_Delete and selected is not None:
            self.cancel_requested.emit(selected.id)
            return
        arrows: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
        }
        if key in arrows:
            across, down = arrows[key]
            if ctrl and selected is not None:
                self._nudge(selected, across, down, resize=shift)
            else:
                self._move_cursor(across, down, grow=shift)
            return
        super().keyPressEvent(event)

    def _move_cursor(self, across: int, down: int, *, grow: bool) -> None:
        if not self._layout.columns:
            return
        index, start, length = self._cursor
        if grow:
            length = max(SNAP_MINUTES, min(length + down * SNAP_MINUTES, self._layout.last - start))
        else:
            index = min(max(0, index + across), len(self._layout.columns) - 1)
            start = min(
                max(self._layout.first, start + down * SNAP_MINUTES), self._layout.last - length
            )
        self._cursor = (index, start, length)
        if self._selected is not None:
            self._set_selected(None)
        self.update()

    def _nudge(self, booking: BookingInfo, across: int, down: int, *, resize: bool) -> None:
        """Ctrl+arrows: a quarter-hour later or earlier, or the next or previous column."""
        columns = self._columns_of(booking)
        if not columns:
            return
        column = columns[0]
        start = round(minute_of(booking.starts_at, column.day))
        end = round(minute_of(booking.ends_at, column.day))
        if resize:
            end = max(start + SNAP_MINUTES, end + down * SNAP_MINUTES)
        else:
            start, end = start + down * SNAP_MINUTES, end + down * SNAP_MINUTES
            index = column.index + across
            if not 0 <= index < len(self._layout.columns):
                return
            column = self._layout.columns[index]
        self._pending = (booking.id, column, start, end)
        self.update()
        self.move_requested.emit(
            booking.id, column.room_id, at_minute(column.day, start), at_minute(column.day, end)
        )

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go from booking to booking; past the last one, focus moves on."""
        order = sorted((b for b in self._blocks), key=lambda b: (b.column.index, b.rect.top()))
        ids = list(dict.fromkeys(b.booking.id for b in order))
        if ids:  # only called for a Tab pressed here (the calendar has the focus)
            if self._selected in ids:
                position = ids.index(self._selected) + (1 if next else -1)
            else:
                position = 0 if next else len(ids) - 1
            if 0 <= position < len(ids):
                self.select_booking(ids[position])
                return True
            self.select_booking(None)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def _set_selected(self, booking_id: int | None) -> None:
        if booking_id == self._selected:
            return
        self._selected = booking_id
        self.selection_changed.emit(self.selected_booking())


class _Fonts:
    def __init__(self, base: QFont) -> None:
        self.small = QFont(base)
        self.small.setPointSizeF(max(8.0, base.pointSizeF() - 1.5))
        self.small_bold = QFont(self.small)
        self.small_bold.setBold(True)
        self.bold = QFont(base)
        self.bold.setPointSizeF(max(8.0, base.pointSizeF() - 0.5))
        self.bold.setBold(True)


def _lanes(
    items: Sequence[tuple[BookingInfo, Box]],
) -> list[tuple[BookingInfo, Box, int, int]]:
    """Side by side when they overlap (a cancelled booking under its replacement)."""
    ordered = sorted(items, key=lambda item: (item[1].y, -item[1].height))
    placed: list[tuple[BookingInfo, Box, int]] = []
    groups: list[list[int]] = []
    group_end = -1.0
    ends: list[float] = []
    for booking, box in ordered:
        if box.y >= group_end:
            groups.append([])
            ends = []
            group_end = box.y + box.height
        lane = next((i for i, end in enumerate(ends) if end <= box.y), len(ends))
        if lane == len(ends):
            ends.append(box.y + box.height)
        else:
            ends[lane] = box.y + box.height
        group_end = max(group_end, box.y + box.height)
        groups[-1].append(len(placed))
        placed.append((booking, box, lane))
    result: list[tuple[BookingInfo, Box, int, int]] = []
    for group in groups:
        lanes = max(placed[i][2] for i in group) + 1
        result += [(*placed[i], lanes) for i in group]
    return result


def _time_line(booking: BookingInfo) -> str:
    start = booking.starts_at.astimezone(PARIS).strftime("%H:%M")
    end = booking.ends_at.astimezone(PARIS).strftime("%H:%M")
    text = f"{start}–{end}"
    if booking.status is not BookingStatus.CONFIRMED:
        text += f" · {booking.status.label}"
    if booking.in_series:
        text += " ↻"
    return text


def _span(start: float, end: float) -> str:
    return f"{int(start) // 60:02d}:{int(start) % 60:02d}–{int(end) // 60:02d}:{int(end) % 60:02d}"


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _day_title(day: date) -> str:
    return format_date(day, "EEE d MMM")


def _tooltip(booking: BookingInfo) -> str:
    lines = [
        f"{_time_line(booking)} — {booking.room_name}",
        booking.title or _("No title"),
        _("For {name}, {count} people").format(
            name=booking.organiser_name, count=booking.attendees
        ),
    ]
    if booking.volunteer_help:
        lines.append(_("A volunteer helps"))
    return "\n".join(lines)
