"""The shift log: leave a note for the next person; read the latest ones.

``HandoverBanner`` is the small panel the main window shows right after signing
in, with the others' recent notes; it never blocks the desk.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.shift_log import (
    NoteResult,
    ShiftNoteInfo,
    handover_notes,
    latest_notes,
    write_note,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.forms import caption_label
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import day_and_clock, error_text
from telecentre_desk.ui.worker import ServiceRunner

SHOWN_NOTES = 3


def note_meta(note: ShiftNoteInfo) -> str:
    return _("{author}, {when}").format(
        author=note.author_name, when=day_and_clock(note.written_at)
    )


class ShiftLogPanel(QFrame):
    written = Signal(object)  # NoteResult

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.runner, self.store, self.actor = runner, store, actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(caption_label(_("Shift log"), "panelTitle"))
        self.notes_box = QVBoxLayout()
        self.notes_box.setSpacing(8)
        layout.addLayout(self.notes_box)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(
            _("A note for the next person (a problem, a delivery, a key…)")
        )
        self.editor.setAccessibleName(_("Note for the next person"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(72)
        layout.addWidget(self.editor)
        row = QHBoxLayout()
        self.feedback = Feedback()
        row.addWidget(self.feedback, 1)
        self.save_button = QPushButton(_("&Leave the note"))
        self.save_button.setToolTip(_("Ctrl+Enter in the note"))
        self.save_button.clicked.connect(self.submit)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.editor)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.submit)
        self.reload()

    def reload(self) -> None:
        self.runner.submit(latest_notes, self.store, SHOWN_NOTES, on_done=self._loaded)

    def _loaded(self, notes: list[ShiftNoteInfo]) -> None:
        if not shiboken6.isValid(self):
            return
        while (item := self.notes_box.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        if not notes:
            self.notes_box.addWidget(caption_label(_("No note yet."), "muted"))
        for note in notes:
            self.notes_box.addWidget(_note_widget(note))

    def shown_texts(self) -> list[str]:
        texts = []
        for index in range(self.notes_box.count()):
            item = self.notes_box.itemAt(index)
            widget = item.widget() if item is not None else None
            text = widget.property("noteText") if widget is not None else None
            if text:
                texts.append(str(text))
        return texts

    def submit(self) -> None:
        text = self.editor.toPlainText()
        self.runner.submit(
            write_note, self.store, self.actor, text, on_done=self._written, on_error=self._failed
        )

    def _written(self, result: NoteResult) -> None:
        self.editor.clear()
        self.feedback.done(_("Note left for the next person."))
        self.reload()
        self.written.emit(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.feedback.problem("\n".join(error.problems.values()))
        else:
            self.feedback.problem(error_text(error))


def _note_widget(note: ShiftNoteInfo) -> QWidget:
    holder = QWidget()
    holder.setProperty("noteText", note.text)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(caption_label(note_meta(note), "noteMeta"))
    text = caption_label(note.text, "note")
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column.addWidget(text)
    return holder


class HandoverBanner(QFrame):
    """ "Notes from the previous shifts", shown after signing in when there are some."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handover")
        apply_checkin_style(self)
        self._notes: list[ShiftNoteInfo] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.setSpacing(16)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.title = caption_label(_("Notes from the previous shifts"), "panelTitle")
        column.addWidget(self.title)
        self.body = caption_label("", "note")
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.body)
        layout.addLayout(column, 1)
        self.dismiss_button = QPushButton(_("&Got it"))
        self.dismiss_button.clicked.connect(self.hide)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def load(self, runner: ServiceRunner, store: Store, actor: Actor) -> None:
        runner.submit(
            handover_notes, store, actor, on_done=self.show_notes, on_error=lambda _e: None
        )

    def show_notes(self, notes: list[ShiftNoteInfo]) -> None:
        if not shiboken6.isValid(self):
            return
        self._notes = notes
        if not notes:
            self.hide()
            return
        self.body.setText(
            "\n".join(
                _("{who}: {text}").format(who=note_meta(note), text=note.text) for note in notes[:3]
            )
        )
        self.show()

    def notes(self) -> list[ShiftNoteInfo]:
        return list(self._notes)
