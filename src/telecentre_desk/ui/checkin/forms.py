"""Labelled fields with their message line underneath, for the check-in dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, restyle, set_role


def caption_label(text: str, role: str | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    if role:
        set_role(widget, role)
    return widget


class FieldForm(QWidget):
    """``add(key, caption, widget)``; ``show_problems({key: message})`` under each field.

    A problem whose key names no field shows in ``general`` (under the form).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(4)
        self.form.setHorizontalSpacing(18)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self.general = caption_label("", "error")
        self.general.hide()
        outer.addWidget(self.general)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, caption: str, widget: QWidget, hint: str = "") -> QWidget:
        widget.setMinimumHeight(FIELD_MIN_HEIGHT + 4)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            column.addWidget(caption_label(hint, "muted"))
        error = caption_label("", "error")
        error.hide()
        column.addWidget(error)
        label = QLabel(caption)
        label.setBuddy(widget)
        label.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(label, holder)
        self.fields[key] = widget
        self.errors[key] = error
        return widget

    def show_problems(self, problems: dict[str, str]) -> None:
        self.clear_problems()
        leftovers = []
        first: QWidget | None = None
        for key, message in problems.items():
            if key in self.errors:
                self.errors[key].setText(message)
                self.errors[key].show()
                self.fields[key].setProperty("invalid", True)
                restyle(self.fields[key])
                first = first or self.fields[key]
            else:
                leftovers.append(message)
        if leftovers:
            self.general.setText("\n".join(leftovers))
            self.general.show()
        if first is not None:
            first.setFocus()
        self._fit_window()

    def show_general(self, message: str) -> None:
        self.clear_problems()
        self.general.setText(message)
        self.general.show()
        self._fit_window()

    def _fit_window(self) -> None:
        """Grow the dialog so the messages never overlap the fields."""
        window = self.window()
        if window is not self and window.isVisible():
            window.adjustSize()

    def clear_problems(self) -> None:
        for key, error in self.errors.items():
            error.hide()
            if self.fields[key].property("invalid"):
                self.fields[key].setProperty("invalid", False)
                restyle(self.fields[key])
        self.general.hide()

    def problem_text(self, key: str) -> str:
        label = self.errors.get(key)
        if label is None:
            return self.general.text() if not self.general.isHidden() else ""
        return label.text() if not label.isHidden() else ""
