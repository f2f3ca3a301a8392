"""The small boxes that open over the plan: seat someone at a free desk (type, pick, Enter),
or act on an occupied desk (check out, move, open the member). Keyboard only is enough."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _
from telecentre_desk.services.floorplan import Occupant
from telecentre_desk.services.store import Store
from telecentre_desk.ui.floorplan.tooltips import clock
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.worker import ServiceRunner

if TYPE_CHECKING:  # the member search loads with the first search, not at start-up
    from telecentre_desk.services.members import MemberSummary

SEARCH_DELAY_MS = 150
RESULTS = 8


def search_for_seat(store: Store, query: str) -> tuple[str, list[MemberSummary]]:
    """The query with its results, so that an answer to an older query can be recognised."""
    if not query.strip():
        return query, []
    from telecentre_desk.services.members import search_members

    return query, search_members(store, query, limit=RESULTS)


class _Popup(QFrame):
    """A card over the plan, closed by Escape; it places itself next to a desk."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFixedWidth(360)
        self.hide()

    def place_near(self, anchor: QPoint) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.adjustSize()
        x = min(max(anchor.x() + 16, 8), max(parent.width() - self.width() - 8, 8))
        y = min(max(anchor.y() - 20, 8), max(parent.height() - self.height() - 8, 8))
        self.move(x, y)

    def close_box(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_box()
            event.accept()
            return
        super().keyPressEvent(event)


class SeatBox(_Popup):
    """Seat a member at a free desk: type part of a name (or scan a badge), pick, Enter."""

    seat_requested = Signal(int, int)  # member id, desk id

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.desk_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        self.title = QLabel()
        set_role(self.title, "subheading")
        layout.addWidget(self.title)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        set_role(self.hint, "muted")
        layout.addWidget(self.hint)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type a name or scan a badge"))
        self.search.setAccessibleName(_("Member to seat"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._schedule_search)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Members found"))
        # Rows big enough to click, long names cut with "…" rather than scrolled sideways.
        self.results.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setFixedHeight(6 * 34 + 4)
        self.results.itemActivated.connect(lambda _item: self.seat())
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.results)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_role(self.message, "muted")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.close_box)
        self.seat_button = QPushButton(_("Seat here"))
        self.seat_button.setProperty("primary", True)
        self.seat_button.clicked.connect(self.seat)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.seat_button)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_now)
        self._busy = False
        self._asked = ""  # the query whose results are shown (or on their way)
        self._seat_when_found = False

    def open_for(
        self, desk_id: int, label: str, anchor: QPoint, hint: str = "", query: str = ""
    ) -> None:
        self.desk_id = desk_id
        self.title.setText(_("Seat someone at desk {desk}").format(desk=label))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.search.setText(query)
        self.results.clear()
        self.show_message("")
        self._busy = False
        self.seat_button.setEnabled(True)
        self.show()
        self.raise_()
        self.place_near(anchor)
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)
        if query:
            self._search_now()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "muted")
        self.message.setVisible(bool(text))

    def done(self) -> None:
        self._busy = False
        self.close_box()

    def failed(self, message: str) -> None:
        self._busy = False
        self.seat_button.setEnabled(True)
        self.show_message(message, error=True)

    def chosen(self) -> MemberSummary | None:
        item = self.results.currentItem() or self.results.item(0)
        if item is None:
            return None
        from telecentre_desk.services.members import MemberSummary

        member = item.data(Qt.ItemDataRole.UserRole)
        return member if isinstance(member, MemberSummary) else None

    def seat(self) -> None:
        if self._busy or self.desk_id is None:
            return
        if self._timer.isActive() or self._pending_query():
            # Results for what was just typed are on their way: seat once they are here.
            self._seat_when_found = True
            self._search_now()
            return
        member = self.chosen()
        if member is None:
            query = self.search.text().strip()
            self.show_message(
                _("Nobody found for “{query}”.").format(query=query)
                if query
                else _("Type part of a name first, then choose the member in the list."),
                error=True,
            )
            return
        self._busy = True
        self.seat_button.setEnabled(False)
        self.show_message(_("Seating {name}…").format(name=member.display_name))
        self.seat_requested.emit(member.id, self.desk_id)

    # -- searching --------------------------------------------------------------------------
    def _pending_query(self) -> bool:
        return self._asked != self.search.text()

    def _schedule_search(self, _text: str) -> None:
        self._seat_when_found = False
        self._timer.start()

    def _search_now(self) -> None:
        self._timer.stop()
        query = self.search.text()
        if query == self._asked and self.results.count():
            self._after_results()
            return
        self._asked = query
        self.runner.submit(search_for_seat, self.store, query, on_done=self._found)

    def _found(self, answer: tuple[str, list[MemberSummary]]) -> None:
        query, members = answer
        if query != self.search.text():
            return  # the user typed on; a newer answer is coming
        self.results.clear()
        for member in members:
            text = member.display_name
            if member.organisation:
                text = f"{text} — {member.organisation}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member)
            self.results.addItem(item)
        if members:
            self.results.setCurrentRow(0)
            self.show_message("")
        elif query.strip():
            self.show_message(_("Nobody found for “{query}”.").format(query=query), error=True)
        self._after_results()

    def _after_results(self) -> None:
        if self._seat_when_found:
            self._seat_when_found = False
            self.seat()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.seat()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_box()
                return True
        return super().eventFilter(watched, event)


class OccupiedBox(_Popup):
    """An occupied desk: who, since when; check out (Enter), move, open the member."""

    check_out_requested = Signal(int)  # member id
    move_requested = Signal(int, int)  # member id, desk id
    member_requested = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.occupant: Occupant | None = None
        self.desk_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        self.title = QLabel()
        set_role(self.title, "muted")
        layout.addWidget(self.title)
        self.name = QLabel()
        set_role(self.name, "subheading")
        self.name.setWordWrap(True)
        layout.addWidget(self.name)
        self.details = QLabel()
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_role(self.message, "error")
        self.message.hide()
        layout.addWidget(self.message)
        self.check_out_button = QPushButton(_("Check out"))
        self.check_out_button.setProperty("primary", True)
        self.check_out_button.setDefault(True)
        self.check_out_button.clicked.connect(self._check_out)
        self.move_button = QPushButton(_("Move to another desk"))
        self.move_button.setToolTip(_("Then click a free desk, or drag the person's badge onto it"))
        self.move_button.clicked.connect(self._move)
        self.member_button = QPushButton(_("Open the member"))
        self.member_button.clicked.connect(self._member)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.close_box)
        for button in (self.check_out_button, self.move_button, self.member_button):
            layout.addWidget(button)
        layout.addWidget(self.close_button)

    def open_for(self, desk_id: int, label: str, occupant: Occupant, anchor: QPoint) -> None:
        self.desk_id = desk_id
        self.occupant = occupant
        self.title.setText(_("Desk {desk}").format(desk=label))
        self.name.setText(occupant.name)
        lines = []
        if occupant.organisation:
            lines.append(occupant.organisation)
        lines.append(_("Here since {time}").format(time=clock(occupant.since)))
        if occupant.planned_end is not None:
            lines.append(_("Planned end: {time}").format(time=clock(occupant.planned_end)))
        self.details.setText("\n".join(lines))
        self.message.hide()
        self.check_out_button.setEnabled(True)
        self.show()
        self.raise_()
        self.place_near(anchor)
        self.check_out_button.setFocus(Qt.FocusReason.PopupFocusReason)

    def failed(self, message: str) -> None:
        self.check_out_button.setEnabled(True)
        self.message.setText(message)
        self.message.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            else:
                self.check_out_button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _check_out(self) -> None:
        if self.occupant is not None:
            self.check_out_button.setEnabled(False)
            self.check_out_requested.emit(self.occupant.member_id)

    def _move(self) -> None:
        if self.occupant is not None and self.desk_id is not None:
            self.move_requested.emit(self.occupant.member_id, self.desk_id)
            self.close_box()

    def _member(self) -> None:
        if self.occupant is not None:
            self.member_requested.emit(self.occupant.member_id)
            self.close_box()
