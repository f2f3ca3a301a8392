"""Floor plan: the receptionist's home screen — who sits where, free desks, one click to seat.

One tab per floor. Managers get "Edit plan"; everyone gets the lobby display and
"Print / export" (today's plan as a PDF, a floor as a PNG).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services.context import Actor
from telecentre_desk.services.overview import CentreOverview, FloorSummary
from telecentre_desk.services.store import Store
from telecentre_desk.ui.floorplan.page import FloorPage
from telecentre_desk.ui.views.base import View, label
from telecentre_desk.ui.worker import ServiceRunner

if TYPE_CHECKING:  # imported when first used: start-up shows only the plan
    from telecentre_desk.ui.floorplan.lobby import LobbyWindow


class FloorPlanView(View):
    name = "floorplan"
    member_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        runner: ServiceRunner | None = None,
        store: Store | None = None,
        actor: Actor | None = None,
    ) -> None:
        self.pages: dict[int, FloorPage] = {}  # the floors built so far
        self._tab_widgets: dict[int, QWidget] = {}  # a FloorPage or its placeholder
        self.lobby: LobbyWindow | None = None
        self._body: QWidget | None = None
        self._empty: QWidget | None = None
        super().__init__(parent, runner=runner, store=store, actor=actor)
        self.coming.hide()
        # The plan fills the page: the content takes the stretch the base gives its end.
        last = self._layout.itemAt(self._layout.count() - 1)
        if last is not None and last.spacerItem() is not None:
            self._layout.takeAt(self._layout.count() - 1)
        self._layout.setStretchFactor(self._content, 1)
        self._layout.setContentsMargins(28, 20, 28, 16)

    def title(self) -> str:
        return _("Floor plan")

    def coming_soon(self) -> str:
        return ""

    # -- the services this view calls --------------------------------------------------------

    # -- data ----------------------------------------------------------------------------------
    def set_overview(self, overview: CentreOverview) -> None:
        self._overview = overview
        self._error = None
        context = self.context()
        if context is None:
            return
        if not overview.floors:
            self._show_empty()
            return
        if self._body is None:
            self._clear()
            self._empty = None
            self._body = self._build(*context)
            self._content_layout.addWidget(self._body, 1)
        self._sync_floors(overview.floors, *context)
        current = self.current_page()
        if current is not None:
            if current.live.is_loaded and not current.editing:
                current.live.reload()  # F5: read everything again
            current.ensure_loaded()

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:  # pragma: no cover
        raise NotImplementedError  # set_overview builds the view itself

    def is_settled(self) -> bool:
        if self._error is not None:
            return True
        if self._overview is None:
            return False
        page = self.current_page()
        return page is None or page.is_loaded

    def _show_empty(self) -> None:
        if self._empty is not None:
            return
        if self._body is not None:
            self._layout.insertWidget(0, self.heading)  # out of the toolbar being removed
        self._clear()
        self._body = None
        self.pages.clear()
        self._tab_widgets.clear()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(_("No floor or room is recorded yet."), "lead"))
        column.addStretch(1)
        self._empty = box
        self._content_layout.addWidget(box, 1)

    # -- building --------------------------------------------------------------------------------
    def _build(self, runner: ServiceRunner, store: Store, actor: Actor) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        bar = QHBoxLayout()
        bar.setSpacing(10)
        # The heading shares the toolbar's row: the plan gets the height.
        self._layout.removeWidget(self.heading)
        bar.addWidget(self.heading)
        bar.addSpacing(20)
        self.fit_button = QPushButton(_("Fit to floor"))
        self.fit_button.setToolTip(_("Show the whole floor (key 0 on the plan)"))
        self.fit_button.clicked.connect(self._fit)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        self.edit_button = QPushButton(_("Edit plan"))
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip(_("Draw and change rooms and desks (managers)"))
        self.edit_button.toggled.connect(self._toggle_editing)
        self.edit_button.setVisible(actor.can(Permission.EDIT_FLOOR_PLAN))
        bar.addWidget(self.edit_button)
        self.lobby_button = QPushButton(_("Lobby display"))
        self.lobby_button.setToolTip(
            _("Full screen, read only, for a screen in the entrance (Escape closes it)")
        )
        self.lobby_button.clicked.connect(self.open_lobby)
        bar.addWidget(self.lobby_button)
        self.export_button = QPushButton(_("Print / export"))
        menu = QMenu(self.export_button)
        pdf = menu.addAction(_("Today's plan as a PDF, to print…"))
        pdf.triggered.connect(lambda _checked=False: self._ask_pdf())
        png = menu.addAction(_("This floor as an image (PNG)…"))
        png.triggered.connect(lambda _checked=False: self._ask_png())
        self.export_button.setMenu(menu)
        bar.addWidget(self.export_button)
        column.addLayout(bar)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        column.addWidget(self.tabs, 1)
        self.status = label("", "muted")
        self.status.hide()
        column.addWidget(self.status)
        return body

    def _sync_floors(
        self,
        floors: tuple[FloorSummary, ...],
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
    ) -> None:
        wanted = [floor.id for floor in floors]
        for floor_id in list(self._tab_widgets):
            if floor_id not in wanted:
                gone = self._tab_widgets.pop(floor_id)
                self.pages.pop(floor_id, None)
                self.tabs.removeTab(self.tabs.indexOf(gone))
                gone.deleteLater()
        for index, floor in enumerate(floors):
            widget = self._tab_widgets.get(floor.id)
            if widget is None:
                # Only the floor on screen is built (a page costs tens of milliseconds);
                # the others when their tab is first opened.
                widget = _FloorPlaceholder(floor.id, floor.name)
                self._tab_widgets[floor.id] = widget
                self.tabs.insertTab(index, widget, floor.name)
            else:
                self.tabs.setTabText(self.tabs.indexOf(widget), floor.name)
        self._build_page_at(self.tabs.currentIndex(), runner, store, actor)

    def _build_page_at(
        self, index: int, runner: ServiceRunner, store: Store, actor: Actor
    ) -> FloorPage | None:
        placeholder = self.tabs.widget(index)
        if not isinstance(placeholder, _FloorPlaceholder):
            return None
        page = FloorPage(runner, store, actor, placeholder.floor_id, placeholder.floor_name)
        page.member_requested.connect(self.member_requested)
        page.member_requested.connect(self._open_member)
        page.status_message.connect(self._status)
        self.pages[placeholder.floor_id] = page
        self._tab_widgets[placeholder.floor_id] = page
        text = self.tabs.tabText(index)
        self.tabs.blockSignals(True)  # the swap is not the user changing floors
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, text)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return page

    # -- pages -------------------------------------------------------------------------------------
    def current_page(self) -> FloorPage | None:
        if self._body is None:
            return None
        page = self.tabs.currentWidget()
        return page if isinstance(page, FloorPage) else None

    def _tab_changed(self, index: int) -> None:
        context = self.context()
        if context is not None:
            self._build_page_at(index, *context)
        page = self.current_page()
        if page is None:
            return
        page.ensure_loaded()
        editing = self.edit_button.isChecked()
        for other in self.pages.values():
            if other is not page and other.editing:
                other.set_editing(False)
        page.set_editing(editing)

    def _fit(self) -> None:
        page = self.current_page()
        if page is not None:
            page.view.fit()
            page.view.setFocus()

    def _toggle_editing(self, on: bool) -> None:
        page = self.current_page()
        if page is not None:
            page.set_editing(on)
        self.edit_button.setText(_("Done editing") if on else _("Edit plan"))
        self.edit_button.setProperty("primary", on)
        style = self.edit_button.style()
        style.unpolish(self.edit_button)
        style.polish(self.edit_button)
        self.edit_button.updateGeometry()  # bold text is wider: make room for it

    def _status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- lobby, print, export --------------------------------------------------------------------
    def open_lobby(self) -> LobbyWindow | None:
        context = self.context()
        if context is None or self._overview is None:
            return None
        runner, store, _actor = context
        if self.lobby is None:
            floors = [(floor.id, floor.name) for floor in self._overview.floors]
            # A child window: it closes with the main window (signing out closes it too).
            from telecentre_desk.ui.floorplan.lobby import LobbyWindow

            self.lobby = LobbyWindow(runner, store, self._overview.centre.name, floors, self)
            self.lobby.destroyed.connect(self._lobby_closed)
            self.lobby.show_on_best_screen()
        else:
            self.lobby.raise_()
            self.lobby.activateWindow()
        return self.lobby

    def _lobby_closed(self) -> None:
        self.lobby = None

    def _ask_pdf(self) -> None:
        today = datetime.now(UTC).astimezone(PARIS).date()
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save today's plan"),
            _("plan-{date}.pdf").format(date=today.isoformat()),
            _("PDF documents (*.pdf)"),
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        context = self.context()
        if context is None:
            return
        runner, store, _actor = context
        self._status(_("Preparing today's plan…"))
        from telecentre_desk.services.floorplan_print import todays_plan_pdf

        runner.submit(
            todays_plan_pdf,
            store,
            path,
            on_done=lambda saved: self._status(
                _("Today's plan is saved in {path}.").format(path=saved)
            ),
            on_error=lambda error: self._status(str(error)),
        )

    def _ask_png(self) -> None:
        page = self.current_page()
        if page is None:
            return
        today = datetime.now(UTC).astimezone(PARIS).date()
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save this floor as an image"),
            _("plan-{floor}-{date}.png").format(floor=page.floor_name, date=today.isoformat()),
            _("PNG images (*.png)"),
        )
        if path:
            self.save_png(Path(path))

    def save_png(self, path: Path) -> bool:
        page = self.current_page()
        if page is None or self._overview is None:
            return False
        today = datetime.now(UTC).astimezone(PARIS).date()
        title = _("{centre} — {floor}").format(
            centre=self._overview.centre.name, floor=page.floor_name
        )
        from telecentre_desk.ui.floorplan.export import export_floor_png

        ok = export_floor_png(page.scene, path, title, format_date(today, "full"))
        self._status(
            _("The image is saved in {path}.").format(path=path)
            if ok
            else _("The image could not be written to {path}. Choose another folder.").format(
                path=path
            )
        )
        return ok

    def _open_member(self, member_id: int) -> None:
        """ "Open the member": the directory, on that member when it can show one."""
        window = self.window()
        show_view = getattr(window, "show_view", None)
        if show_view is None:
            return
        try:
            view = show_view("members")
        except ValueError:
            self._status(_("Your role cannot open the member directory."))
            return
        show_member = getattr(view, "show_member", None)
        if callable(show_member):
            show_member(member_id)


class _FloorPlaceholder(QWidget):
    """Holds a floor's tab until the floor is first shown."""

    def __init__(self, floor_id: int, floor_name: str) -> None:
        super().__init__()
        self.floor_id = floor_id
        self.floor_name = floor_name
