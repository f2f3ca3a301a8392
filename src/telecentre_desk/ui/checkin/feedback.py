"""One line that says what just happened: done (green), a problem (red), or a note."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from telecentre_desk.ui.theme import restyle


class Feedback(QLabel):
    """``done(text)``, ``problem(text)``, ``info(text)``, ``clear()``.

    Hidden when empty, unless ``reserve``: then it keeps its line, so that what is
    under it does not jump each time a message comes and goes.
    """

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False) -> None:
        super().__init__(parent)
        self._reserve = reserve
        self.setWordWrap(True)
        # Set here, not in the stylesheet: Qt ignores a padding that only comes with a
        # property change (the 5 px coloured border on the left is included).
        self.setContentsMargins(17, 6, 12, 6)
        if not reserve:
            self.hide()  # never show() here: without a parent yet, it would be a window
        else:
            self.setMinimumHeight(self.fontMetrics().height() + 12)

    def done(self, text: str) -> None:
        self._show(text, "done")

    def problem(self, text: str) -> None:
        self._show(text, "problem")

    def info(self, text: str) -> None:
        self._show(text, "info")

    def clear(self) -> None:
        self.setText("")
        self.setProperty("outcome", None)
        self.hide()

    def outcome(self) -> str:
        """ "done", "problem", "info" or "" (for tests and screen readers)."""
        return "" if self.isHidden() else str(self.property("outcome") or "")

    def _show(self, text: str, outcome: str) -> None:
        self.setText(text)
        self.setProperty("outcome", outcome)
        self.setAccessibleDescription(text)
        restyle(self)
        self.show()
