"""The editor's tools beside the plan: add, duplicate, delete, rotate, properties, arrange,
background, undo and redo, and the list of checks (warnings that never block)."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.geometry import GRID_CM, Alignment, Axis
from telecentre_desk.i18n import N_, _, ngettext
from telecentre_desk.services.floorplan import PlanNotice
from telecentre_desk.ui.floorplan.editor import PlanEditor
from telecentre_desk.ui.theme import set_role

ALIGN_LABELS: dict[Alignment, str] = {
    Alignment.LEFT: N_("Left edges"),
    Alignment.CENTRE: N_("Centres, in a column"),
    Alignment.RIGHT: N_("Right edges"),
    Alignment.TOP: N_("Top edges"),
    Alignment.MIDDLE: N_("Centres, in a row"),
    Alignment.BOTTOM: N_("Bottom edges"),
}


class _Checks(QListWidget):
    """The warnings list: small by default, it takes what the column has left."""

    def sizeHint(self) -> QSize:
        return QSize(200, 110)


class EditorPanel(QWidget):
    properties_requested = Signal()
    background_requested = Signal()  # choose an image file
    scale_requested = Signal()

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        # Two buttons a row in a narrow column: less padding than elsewhere, so the
        # labels (and the arrow of the buttons with a menu) fit.
        self.setStyleSheet("QPushButton { padding: 2px 8px; min-width: 60px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        title = QLabel(_("Editing the plan"))
        set_role(title, "subheading")
        layout.addWidget(title)
        hint = QLabel(
            _(
                "Drag to move. Drag the square to resize, the circle to rotate by 15° "
                "(hold Shift for any angle). Arrow keys nudge."
            )
        )
        hint.setWordWrap(True)
        set_role(hint, "muted")

        grid = QGridLayout()
        grid.setSpacing(6)
        self.add_desk_button = self._button(_("Add desk"), editor.add_desk)
        self.add_room_button = self._button(_("Add room"), editor.add_room)
        self.duplicate_button = self._button(_("Duplicate"), editor.duplicate, "Ctrl+D")
        self.delete_button = self._button(_("Delete"), editor.delete, _("Delete key"))
        self.rotate_button = self._button(_("Rotate 15°"), editor.rotate, "R")
        self.properties_button = self._button(
            _("Rename…"), self.properties_requested.emit, _("Enter or Ctrl+E")
        )
        self.out_of_service_button = self._button(_("Out of service"), editor.toggle_out_of_service)
        self.align_button = QPushButton(_("Align"))
        self.align_button.setMenu(self._align_menu())
        self.distribute_button = QPushButton(_("Spread out"))
        self.distribute_button.setMenu(self._distribute_menu())
        self.background_button = QPushButton(_("Scanned plan"))
        self.background_button.setMenu(self._background_menu())
        self.undo_button = self._button(_("Undo"), editor.undo, "Ctrl+Z")
        self.redo_button = self._button(_("Redo"), editor.redo, "Ctrl+Shift+Z")
        buttons = [
            self.add_desk_button,
            self.add_room_button,
            self.duplicate_button,
            self.delete_button,
            self.rotate_button,
            self.properties_button,
            self.out_of_service_button,
            self.align_button,
            self.distribute_button,
            self.background_button,
            self.undo_button,
            self.redo_button,
        ]
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // 2, index % 2)
        layout.addLayout(grid)
        self.snap_box = QCheckBox(_("Snap to a {size} cm grid").format(size=int(GRID_CM)))
        self.snap_box.setChecked(editor.scene.snap_step > 0)
        self.snap_box.toggled.connect(self._snap)
        layout.addWidget(self.snap_box)

        self.checks_title = QLabel(_("Checks"))
        set_role(self.checks_title, "subheading")
        layout.addWidget(self.checks_title)
        self.checks = _Checks()
        self.checks.setAccessibleName(_("Checks"))
        self.checks.setWordWrap(True)
        self.checks.itemActivated.connect(self._select_notice)
        self.checks.itemClicked.connect(self._select_notice)
        self.checks.setMinimumHeight(110)
        layout.addWidget(self.checks, 1)
        layout.addWidget(hint)

        editor.notices_changed.connect(self.show_notices)
        editor.stack.canUndoChanged.connect(self._history)
        editor.stack.canRedoChanged.connect(self._history)
        editor.stack.indexChanged.connect(self._history)
        editor.scene.selectionChanged.connect(self._selection)
        self.show_notices(editor.notices)
        self._history()
        self._selection()

    def _button(self, text: str, slot: Callable[[], object], keys: str = "") -> QPushButton:
        button = QPushButton(text)
        if keys:
            button.setToolTip(_("{action} ({keys})").format(action=text, keys=keys))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _align_menu(self) -> QMenu:
        menu = QMenu(self)
        for how, text in ALIGN_LABELS.items():
            action = menu.addAction(_(text))
            action.triggered.connect(lambda _checked=False, h=how: self.editor.align(h))
        return menu

    def _distribute_menu(self) -> QMenu:
        menu = QMenu(self)
        across = menu.addAction(_("Across (left to right)"))
        across.triggered.connect(lambda _checked=False: self.editor.distribute(Axis.HORIZONTAL))
        down = menu.addAction(_("Down (top to bottom)"))
        down.triggered.connect(lambda _checked=False: self.editor.distribute(Axis.VERTICAL))
        return menu

    def _background_menu(self) -> QMenu:
        menu = QMenu(self)
        choose = menu.addAction(_("Choose an image (PNG or JPEG)…"))
        choose.triggered.connect(lambda _checked=False: self.background_requested.emit())
        scale = menu.addAction(_("Set the scale from two points…"))
        scale.triggered.connect(lambda _checked=False: self.scale_requested.emit())
        remove = menu.addAction(_("Remove the scanned plan"))
        remove.triggered.connect(lambda _checked=False: self.editor.remove_background())
        return menu

    def _snap(self, on: bool) -> None:
        self.editor.scene.snap_step = GRID_CM if on else 0.0

    def _history(self, *_args: object) -> None:
        stack = self.editor.stack
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        self.undo_button.setToolTip(
            _("Undo: {action}").format(action=stack.undoText()) if stack.canUndo() else ""
        )
        self.redo_button.setToolTip(
            _("Redo: {action}").format(action=stack.redoText()) if stack.canRedo() else ""
        )

    def _selection(self) -> None:
        scene = self.editor.scene
        if not shiboken6.isValid(scene) or not shiboken6.isValid(self):
            return  # the page is closing
        desks, rooms = scene.selected_desks(), scene.selected_rooms()
        anything = bool(desks or rooms)
        self.duplicate_button.setEnabled(anything)
        self.delete_button.setEnabled(anything)
        self.rotate_button.setEnabled(bool(desks))
        self.properties_button.setEnabled(len(desks) + len(rooms) == 1)
        self.out_of_service_button.setEnabled(bool(desks))
        self.align_button.setEnabled(len(desks) + len(rooms) >= 2)
        self.distribute_button.setEnabled(len(desks) + len(rooms) >= 3)

    def show_notices(self, notices: tuple[PlanNotice, ...]) -> None:
        self.checks.clear()
        count = len(notices)
        self.checks_title.setText(
            ngettext("Checks: {count} warning", "Checks: {count} warnings", count).format(
                count=count
            )
            if count
            else _("Checks: all good")
        )
        for notice in notices:
            item = QListWidgetItem(notice.message)
            item.setData(Qt.ItemDataRole.UserRole, notice)
            self.checks.addItem(item)

    def _select_notice(self, item: QListWidgetItem) -> None:
        notice = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(notice, PlanNotice):
            self.editor.scene.select_only(notice.desk_ids, notice.room_ids)
            selected = self.editor.scene.selectedItems()
            if selected:
                self.editor.view.ensureVisible(selected[0], 60, 60)
