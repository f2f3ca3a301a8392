"""Presences to review: closed by the closing-time sweep; confirm them or correct the time."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

import shiboken6
from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import PARIS, _, ngettext
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.presence import PresenceInfo, PresenceResult, presences_to_review
from telecentre_desk.services.presence_review import review_presence
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.forms import FieldForm, caption_label
from telecentre_desk.ui.checkin.text import clock, day_and_clock, error_text
from telecentre_desk.ui.theme import LIST_ITEM_HEIGHT
from telecentre_desk.ui.worker import ServiceRunner


def review_text(info: PresenceInfo) -> str:
    end = clock(info.ended_at) if info.ended_at else "?"
    return _("{name} — {start} to {end}, closed at closing time").format(
        name=info.member_name, start=day_and_clock(info.started_at), end=end
    )


class ReviewPanel(QFrame):
    """Hidden when there is nothing to review."""

    loaded = Signal(int)

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.runner, self.store, self.actor = runner, store, actor
        self._rows: list[PresenceInfo] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        self.title = caption_label("", "panelTitle")
        layout.addWidget(self.title)
        layout.addWidget(
            caption_label(
                _(
                    "Nobody checked these people out: they were closed at closing time. "
                    "Confirm the time, or correct it if you know when they left."
                ),
                "muted",
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName(_("Presences to review"))
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.confirm_button = QPushButton(_("Con&firm"))
        self.confirm_button.setToolTip(_("The closing time is right: keep it"))
        self.confirm_button.clicked.connect(self.confirm_current)
        self.correct_button = QPushButton(_("Co&rrect…"))
        self.correct_button.setToolTip(_("Enter the time the person really left"))
        self.correct_button.clicked.connect(self.correct_current)
        row.addWidget(self.confirm_button)
        row.addWidget(self.correct_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.feedback = Feedback()
        layout.addWidget(self.feedback)
        self.hide()
        self.runner.changed.connect(self._changes_arrived)
        self.reload()

    def reload(self) -> None:
        self.runner.submit(presences_to_review, self.store, on_done=self._loaded)

    def _loaded(self, rows: list[PresenceInfo]) -> None:
        self._rows = rows
        self.list.clear()
        for info in rows:
            item = QListWidgetItem(review_text(info))
            item.setSizeHint(QSize(0, LIST_ITEM_HEIGHT))
            self.list.addItem(item)
        self.title.setText(
            ngettext("{count} presence to review", "{count} presences to review", len(rows)).format(
                count=len(rows)
            )
        )
        self.list.setFixedHeight(min(len(rows), 4) * LIST_ITEM_HEIGHT + 6)
        if rows:
            self.list.setCurrentRow(0)
        self.setVisible(bool(rows) or not self.feedback.isHidden())
        self._update_buttons()
        self.loaded.emit(len(rows))

    def _changes_arrived(self, changes: ChangeSet) -> None:
        if shiboken6.isValid(self) and (changes.everything or changes.presences):
            self.reload()

    def current(self) -> PresenceInfo | None:
        row = self.list.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.confirm_button.setEnabled(chosen)
        self.correct_button.setEnabled(chosen)

    def confirm_current(self) -> None:
        info = self.current()
        if info is not None:
            self._review(info.id, None)

    def correct_current(self) -> None:
        info = self.current()
        if info is None:
            return
        dialog = DepartureDialog(info, self)
        dialog.chosen.connect(partial(self._review, info.id))
        self.departure_dialog = dialog
        dialog.open()

    def _review(self, presence_id: int, ended_at: datetime | None) -> None:
        self.runner.submit(
            partial(review_presence, ended_at=ended_at),
            self.store,
            self.actor,
            presence_id,
            on_done=self._reviewed,
            on_error=self._failed,
        )

    def _reviewed(self, result: PresenceResult) -> None:
        info = result.presence
        end = clock(info.ended_at) if info.ended_at else "?"
        self.feedback.done(
            _("{name}: left at {time}, recorded.").format(name=info.member_name, time=end)
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.feedback.problem("\n".join(error.problems.values()))
        else:
            self.feedback.problem(error_text(error))


class DepartureDialog(QDialog):
    """The real departure time, on the day of the arrival (or the night after)."""

    chosen = Signal(object)  # aware datetime

    def __init__(self, info: PresenceInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(_("Correct the departure"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(
            caption_label(_("When did {name} leave?").format(name=info.member_name), "subheading")
        )
        layout.addWidget(
            caption_label(
                _("Arrived {start}.").format(start=day_and_clock(info.started_at)), "muted"
            )
        )
        self.form = FieldForm()
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        ended = (info.ended_at or info.started_at).astimezone(PARIS)
        self.time.setTime(QTime(ended.hour, ended.minute))
        self.form.add("ended_at", _("&Departure"), self.time)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Record"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        ok.setProperty("primary", True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.time.setFocus()

    def departure(self) -> datetime:
        start = self.info.started_at.astimezone(PARIS)
        chosen = self.time.time()
        moment = start.replace(hour=chosen.hour(), minute=chosen.minute(), second=0, microsecond=0)
        if moment <= start:  # a departure "before" the arrival is the night after
            moment += timedelta(days=1)
        return datetime.combine(moment.date(), moment.time(), tzinfo=PARIS)

    def _accept(self) -> None:
        self.chosen.emit(self.departure())
        self.accept()
