"""A name-or-badge field with suggestions as you type, fetched in the background.

Typing asks ``search_members`` (debounced; while one search runs, later keystrokes
fold into the next one). The suggestions show in a list under the field, inside
the window (no popup window grabbing the keyboard): Down and Up move in it,
Enter or a click picks the member, Escape closes it. Enter with nothing
highlighted is left to the owner (``returnPressed``): a badge scanner types fast
and presses Enter before any suggestion shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListWidget, QListWidgetItem, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.worker import ServiceRunner

if TYPE_CHECKING:  # imported with the first search: start-up does not need it
    from telecentre_desk.services.members import MemberSummary

DEBOUNCE_MS = 120
ROW_HEIGHT = 44
MAX_ROWS = 8


def describe(member: MemberSummary) -> str:
    """ "Hélène Lefèvre — Logiciels de la Brie · TD-000101"."""
    details = " · ".join(part for part in (member.organisation, member.badge_code or "") if part)
    return f"{member.display_name} — {details}" if details else member.display_name


class MemberField(QLineEdit):
    picked = Signal(object)  # MemberSummary
    suggestions_shown = Signal(int)  # how many

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        parent: QWidget | None = None,
        *,
        limit: int = MAX_ROWS,
        describe_member: Callable[[MemberSummary], str] = describe,
    ) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self._limit = limit
        self._describe = describe_member
        self._picked: MemberSummary | None = None
        self._results: list[MemberSummary] = []
        self._in_flight = False
        self._again = False
        self.setMinimumHeight(FIELD_MIN_HEIGHT + 4)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._edited)
        self.suggestions = QListWidget(self)  # moved into the window when first shown
        self.suggestions.setObjectName("memberSuggestions")
        self.suggestions.setAccessibleName(_("Suggestions"))
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard
        self.suggestions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestions.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.suggestions.itemClicked.connect(
            lambda item: self._pick_row(self.suggestions.row(item))
        )
        self.suggestions.hide()

    # -- what the owner reads -----------------------------------------------------------------
    @property
    def picked_member(self) -> MemberSummary | None:
        return self._picked

    @property
    def results(self) -> list[MemberSummary]:
        """The latest suggestions (shown or not)."""
        return list(self._results)

    def suggestions_visible(self) -> bool:
        return not self.suggestions.isHidden()

    def reset(self) -> None:
        """Empty field, nothing picked, no suggestions."""
        self._timer.stop()
        self._picked = None
        self._results = []
        self.clear()
        self.hide_suggestions()

    def show_results(self, results: list[MemberSummary]) -> None:
        """Show ``results`` as suggestions (the owner's own search, e.g. after Enter)."""
        self._results = list(results)
        self._fill()

    def hide_suggestions(self) -> None:
        self.suggestions.hide()

    def pick(self, member: MemberSummary) -> None:
        self._picked = member
        self.setText(member.display_name)
        self.hide_suggestions()
        self.picked.emit(member)

    # -- typing ---------------------------------------------------------------------------------
    def _edited(self, text: str) -> None:
        self._picked = None
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self._results = []
            self.hide_suggestions()

    def flush(self) -> None:
        """Forget a pending search (Enter was pressed: the owner takes over)."""
        self._timer.stop()

    def _search(self) -> None:
        if self._in_flight:
            self._again = True
            return
        query = self.text().strip()
        if not query:
            return
        self._in_flight = True
        from telecentre_desk.services.members import search_members

        self.runner.submit(
            search_members,
            self.store,
            query,
            self._limit,
            on_done=partial(self._found, query),
            on_error=self._failed,
        )

    def _found(self, query: str, found: list[MemberSummary]) -> None:
        self._in_flight = False
        if self._again or query != self.text().strip():
            self._again = False
            if self.text().strip() and self._picked is None:
                self._search()
            return
        if self._picked is not None:
            return  # picked meanwhile
        self._results = list(found)
        self._fill()

    def _failed(self, _error: BaseException) -> None:
        self._in_flight = False
        self._again = False

    def _fill(self) -> None:
        self.suggestions.clear()
        for member in self._results:
            item = QListWidgetItem(self._describe(member))
            item.setSizeHint(QSize(0, ROW_HEIGHT))
            self.suggestions.addItem(item)
        if not self._results or not self.isVisible():
            self.hide_suggestions()
            return
        self._place()
        self.suggestions.show()
        self.suggestions.raise_()
        self.suggestions_shown.emit(len(self._results))

    def _place(self) -> None:
        window = self.window()
        if self.suggestions.parentWidget() is not window:
            self.suggestions.setParent(window)
            window.installEventFilter(self)
        corner = self.mapTo(window, QPoint(0, self.height() + 2))
        rows = min(len(self._results), MAX_ROWS)
        width = max(self.width(), 460)
        width = min(width, window.width() - corner.x() - 8)
        self.suggestions.setGeometry(corner.x(), corner.y(), width, rows * ROW_HEIGHT + 6)

    # -- keys -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.suggestions_visible():
            rows = self.suggestions.count()
            current = self.suggestions.currentRow()
            if key == Qt.Key.Key_Down:
                self.suggestions.setCurrentRow(min(rows - 1, current + 1))
                return
            if key == Qt.Key.Key_Up:
                self.suggestions.setCurrentRow(max(0, current - 1))
                return
            if key == Qt.Key.Key_Escape:
                self.hide_suggestions()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current >= 0:
                self._pick_row(current)
                return
        elif key == Qt.Key.Key_Down and self._results:
            self._fill()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.hide_suggestions()
        super().keyPressEvent(event)

    def _pick_row(self, row: int) -> None:
        if 0 <= row < len(self._results):
            self.pick(self._results[row])

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.hide_suggestions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.suggestions_visible():
            self._place()
        return False

    def hideEvent(self, event: QHideEvent) -> None:
        self.hide_suggestions()
        super().hideEvent(event)
