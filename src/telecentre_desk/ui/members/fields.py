"""A form of labelled fields, each with its red message line underneath (as the first run)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, restyle, set_role

FieldWidget = QLineEdit | QComboBox | QCheckBox


def text_label(text: str, role: str | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    if role:
        set_role(widget, role)
    return widget


class FieldForm(QWidget):
    """``add(key, caption, widget)`` rows; ``show_problems({key: message})`` under each field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(4)
        self.form.setHorizontalSpacing(18)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, FieldWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, caption: str, widget: FieldWidget, hint: str = "") -> FieldWidget:
        widget.setMinimumHeight(FIELD_MIN_HEIGHT)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 2)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            column.addWidget(text_label(hint, "muted"))
        error = text_label("", "error")
        error.hide()
        column.addWidget(error)
        if caption:
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            caption_label.setContentsMargins(0, 8, 0, 0)
            self.form.addRow(caption_label, holder)
        else:
            self.form.addRow(holder)
        self.fields[key] = widget
        self.errors[key] = error
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, k=key: self.clear_problem(k))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _on, k=key: self.clear_problem(k))
        else:
            widget.currentIndexChanged.connect(lambda _i, k=key: self.clear_problem(k))
        return widget

    def show_problems(self, problems: dict[str, str]) -> list[str]:
        """Show each message under its field, focus the first; return the messages shown
        nowhere (problems about fields this form does not have)."""
        for key in self.errors:
            self.clear_problem(key)
        first: QWidget | None = None
        elsewhere: list[str] = []
        for key, message in problems.items():
            if key not in self.errors:
                elsewhere.append(message)
                continue
            error = self.errors[key]
            error.setText(message)
            # A wrapped label inside a form in a scroll area gets the height of its one-line
            # hint; reserve the lines it needs at the field's width (less a scroll bar that
            # the longer form may bring), so nothing overlaps.
            width = self.fields[key].width() - 24
            if width > 0:
                error.setMinimumHeight(error.heightForWidth(width))
            error.show()
            self.fields[key].setProperty("invalid", True)
            restyle(self.fields[key])
            first = first or self.fields[key]
        if first is not None:
            first.setFocus()
        return elsewhere

    def clear_problem(self, key: str) -> None:
        error = self.errors[key]
        if error.isHidden() and not self.fields[key].property("invalid"):
            return
        error.clear()
        error.hide()
        self.fields[key].setProperty("invalid", False)
        restyle(self.fields[key])

    def problem_text(self, key: str) -> str:
        """The message shown under ``key`` ("" if none): for tests and screen readers."""
        error = self.errors[key]
        return error.text() if not error.isHidden() else ""

    def line(self, key: str) -> QLineEdit:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        return widget

    def combo(self, key: str) -> QComboBox:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        return widget

    def check(self, key: str) -> QCheckBox:
        widget = self.fields[key]
        assert isinstance(widget, QCheckBox)
        return widget
