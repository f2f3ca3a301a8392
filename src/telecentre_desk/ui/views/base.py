"""What every view shares: a heading, a note on what is coming, and the centre's figures.

A view receives the shared :class:`CentreOverview` (loaded once by the main
window) through :meth:`View.set_overview` and rebuilds its content from it;
it never calls a service itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, format_number
from telecentre_desk.services.context import Actor
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.worker import ServiceRunner


def label(text: str, role: str | None = None, *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setIndent(0)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        set_role(widget, role)
    return widget


class View(QWidget):
    """Heading + "coming in a later version" + content built from the overview."""

    name = ""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        runner: ServiceRunner | None = None,
        store: Store | None = None,
        actor: Actor | None = None,
    ) -> None:
        # A view may be given its runner, store and user (tests, a window of its own);
        # otherwise it uses those of the main window holding it (see context()).
        self._given = (runner, store, actor)
        super().__init__(parent)
        self.setObjectName("viewPage")
        self._overview: CentreOverview | None = None
        self._error: str | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)

        self._layout = QVBoxLayout(page)
        self._layout.setContentsMargins(40, 32, 40, 32)
        self._layout.setSpacing(16)
        self.heading = label(self.title(), "heading")
        self._layout.addWidget(self.heading)
        self.coming = label(self.coming_soon(), "coming")
        self._layout.addWidget(self.coming)
        self._content = QWidget()
        self._content_layout = QVBoxLayout(self._content)
        self._content_layout.setContentsMargins(0, 8, 0, 0)
        self._content_layout.setSpacing(14)
        self._layout.addWidget(self._content)
        self._layout.addStretch(1)
        self._show_message(_("Loading the centre's figures…"), "muted")

    def context(self) -> tuple[ServiceRunner, Store, Actor] | None:
        """The runner, store and signed-in user: given, or those of the main window."""
        runner, store, actor = self._given
        if runner is not None and store is not None and actor is not None:
            return runner, store, actor
        window = self.window()
        runner = getattr(window, "runner", None)
        store = getattr(window, "store", None)
        actor = getattr(window, "actor", None)
        if isinstance(runner, ServiceRunner) and store is not None and isinstance(actor, Actor):
            return runner, store, actor
        return None

    # -- what each view says -------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def coming_soon(self) -> str:
        raise NotImplementedError

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        """Add this view's widgets, built from ``overview``, to ``layout``."""
        raise NotImplementedError

    # -- data ----------------------------------------------------------------
    @property
    def overview(self) -> CentreOverview | None:
        return self._overview

    def has_data(self) -> bool:
        return self._overview is not None

    def is_settled(self) -> bool:
        """True once the figures (or an error message) are on screen."""
        return self._overview is not None or self._error is not None

    def set_overview(self, overview: CentreOverview) -> None:
        self._overview = overview
        self._error = None
        self._clear()
        self.fill(overview, self._content_layout)

    def set_error(self, message: str) -> None:
        self._error = message
        if self._overview is None:
            self._show_message(message, "error")

    def _show_message(self, text: str, role: str) -> None:
        self._clear()
        self._content_layout.addWidget(label(text, role))

    def _clear(self) -> None:
        while (item := self._content_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the view now
                widget.deleteLater()


# -- building blocks for the views ---------------------------------------------
def tiles(figures: Sequence[tuple[int, str]]) -> QWidget:
    """A row of large figures, each with its caption: ``[(12, "members"), ...]``."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(14)
    for value, caption in figures:
        tile = QFrame()
        tile.setObjectName("tile")
        tile.setMinimumWidth(170)
        inner = QVBoxLayout(tile)
        inner.setContentsMargins(18, 12, 18, 12)
        inner.addWidget(label(format_number(value), "figure", wrap=False))
        inner.addWidget(label(caption, "figureCaption"))
        layout.addWidget(tile)
    layout.addStretch(1)
    return row


Cell = str | int


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> QTableWidget:
    """A read-only table sized to its rows (the view scrolls, not the table)."""
    widget = QTableWidget(len(rows), len(headers))
    widget.setHorizontalHeaderLabels(list(headers))
    widget.verticalHeader().setVisible(False)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    widget.setAlternatingRowColors(False)
    widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = format_number(value) if isinstance(value, int) else value
            item = QTableWidgetItem(text)
            if isinstance(value, int):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    header.setMinimumSectionSize(140)  # tables of one view line up column by column
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    widget.verticalHeader().setDefaultSectionSize(36)
    widget.resizeRowsToContents()
    height = header.sizeHint().height() + sum(widget.rowHeight(r) for r in range(len(rows)))
    widget.setFixedHeight(height + 2 * widget.frameWidth() + 4)
    widget.setMaximumWidth(1000)
    return widget


def fields(pairs: Sequence[tuple[str, str]]) -> QFrame:
    """A read-only form: label, then value (or "Not set" in grey), in a card."""
    card = QFrame()
    card.setObjectName("card")
    card.setMaximumWidth(1000)
    form = QFormLayout(card)
    form.setContentsMargins(20, 14, 20, 14)
    form.setHorizontalSpacing(24)
    form.setVerticalSpacing(10)
    for caption, value in pairs:
        shown = label(value) if value else label(_("Not set"), "muted")
        form.addRow(label(caption, "muted", wrap=False), shown)
    return card


def grid_of(widgets: Sequence[QWidget], columns: int = 2) -> QWidget:
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(14)
    for index, widget in enumerate(widgets):
        grid.addWidget(widget, index // columns, index % columns)
    return holder


def format_siret(siret: str) -> str:
    """``73282932000074`` -> ``732 829 320 00074`` (SIREN in threes, then the NIC)."""
    if len(siret) != 14:
        return siret
    return f"{siret[0:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def category_table(overview: CentreOverview) -> QWidget:
    """Members by category (largest first), or a sentence when there is none."""
    if not overview.members:
        return label(_("No member is recorded yet."), "lead")
    counts = sorted(
        overview.members_by_category.items(), key=lambda item: (-item[1], item[0].label)
    )
    rows: list[list[Cell]] = [[category.label, count] for category, count in counts if count]
    return table([_("Category"), _("Members")], rows)


def postal_city(postal_code: str, city: str) -> str:
    """``77540``, ``Rozay-en-Brie`` -> ``77540 Rozay-en-Brie`` (the French address line)."""
    return " ".join(part for part in (postal_code.strip(), city.strip()) if part)
