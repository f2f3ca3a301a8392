"""Small editor dialogs: a desk's or a room's properties, and the real distance for scaling."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.kinds import DeskKind, RoomKind
from telecentre_desk.i18n import _
from telecentre_desk.services.floorplan import DeskShape, RoomShape
from telecentre_desk.ui.theme import set_role


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 18, 20, 18)
        heading = QLabel(title)
        set_role(heading, "subheading")
        outer.addWidget(heading)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(12)
        outer.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Save"))
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)


class DeskDialog(_Form):
    def __init__(self, desk: DeskShape, parent: QWidget | None = None) -> None:
        super().__init__(_("Desk {desk}").format(desk=desk.label), parent)
        self.desk = desk
        self.label = QLineEdit(desk.label)
        self.label.setMaxLength(20)
        self.kind = QComboBox()
        for kind in DeskKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(list(DeskKind).index(desk.kind))
        self.out_of_service = QCheckBox(_("Out of service (nobody can be seated here)"))
        self.out_of_service.setChecked(desk.out_of_service)
        self.form.addRow(_("&Label"), self.label)
        self.form.addRow(_("&Kind"), self.kind)
        self.form.addRow("", self.out_of_service)

    def changes(self) -> dict[str, Any]:
        """Only what the user changed."""
        values: dict[str, Any] = {}
        if self.label.text().strip() != self.desk.label:
            values["label"] = self.label.text().strip()
        kind = self.kind.currentData()
        if kind != self.desk.kind:
            values["kind"] = DeskKind(kind)
        if self.out_of_service.isChecked() != self.desk.out_of_service:
            values["out_of_service"] = self.out_of_service.isChecked()
        return values


class RoomDialog(_Form):
    def __init__(self, room: RoomShape, parent: QWidget | None = None) -> None:
        super().__init__(room.name, parent)
        self.room = room
        self.name = QLineEdit(room.name)
        self.name.setMaxLength(100)
        self.kind = QComboBox()
        for kind in RoomKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(list(RoomKind).index(room.kind))
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 10_000)
        self.capacity.setValue(room.capacity)
        self.capacity.setSuffix(" " + _("people"))
        self.form.addRow(_("&Name"), self.name)
        self.form.addRow(_("&Kind"), self.kind)
        self.form.addRow(_("&Capacity"), self.capacity)

    def changes(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.name.text().strip() != self.room.name:
            values["name"] = self.name.text().strip()
        kind = self.kind.currentData()
        if kind != self.room.kind:
            values["kind"] = RoomKind(kind)
        if self.capacity.value() != self.room.capacity:
            values["capacity"] = self.capacity.value()
        return values


class DistanceDialog(_Form):
    """The real distance between the two points clicked on the scanned plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Scale the scanned plan"), parent)
        explanation = QLabel(
            _(
                "How far apart are the two points you clicked, in reality? Measure a wall "
                "or read a dimension printed on the plan."
            )
        )
        explanation.setWordWrap(True)
        self.form.addRow(explanation)
        self.metres = QDoubleSpinBox()
        self.metres.setRange(0.1, 1000.0)
        self.metres.setDecimals(2)
        self.metres.setValue(5.0)
        self.metres.setSuffix(" m")
        self.form.addRow(_("&Distance"), self.metres)
