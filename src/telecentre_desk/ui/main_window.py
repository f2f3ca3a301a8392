"""The main window: a navigation column, the views (built on first display), a status bar."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import N_, _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.overview import CentreOverview, centre_overview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.bar import CheckInBar
from telecentre_desk.ui.checkin.shift_log import HandoverBanner
from telecentre_desk.ui.checkin.shortcut_guard import CheckInShortcutGuard
from telecentre_desk.ui.theme import LIST_ITEM_HEIGHT, apply_theme
from telecentre_desk.ui.views.base import View
from telecentre_desk.ui.worker import ServiceRunner


@dataclass(frozen=True)
class ViewSpec:
    name: str
    label: str  # msgid, translated where shown
    factory: str  # "module:Class", imported when the view is first shown
    permission: Permission | None  # None: every role

    def view_class(self) -> type[View]:
        module, name = self.factory.split(":")
        view_class: object = getattr(
            importlib.import_module(f"telecentre_desk.ui.views.{module}"), name
        )
        assert isinstance(view_class, type) and issubclass(view_class, View)
        return view_class

    @property
    def shortcut(self) -> QKeySequence:
        number = VIEW_NAMES.index(self.name) + 1
        return QKeySequence(f"Ctrl+{number}")


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("floorplan", N_("Floor plan"), "floorplan:FloorPlanView", None),
    ViewSpec("checkin", N_("Check-in"), "checkin:CheckInView", Permission.CHECK_IN),
    ViewSpec("schedule", N_("Schedule"), "schedule:ScheduleView", Permission.BOOK_ROOMS),
    ViewSpec("members", N_("Members"), "members:MembersView", None),
    ViewSpec("invoices", N_("Invoices"), "invoices:InvoicesView", Permission.ISSUE_INVOICES),
    ViewSpec("network", N_("Network"), "network:NetworkView", Permission.EXPORT_NETWORK),
    ViewSpec("settings", N_("Settings"), "settings:SettingsView", Permission.EDIT_CENTRE),
)
VIEW_NAMES: tuple[str, ...] = tuple(spec.name for spec in VIEWS)


def unknown_view_message(name: str) -> str:
    return _("Unknown view “{name}”. Choose one of: {choices}.").format(
        name=name, choices=", ".join(VIEW_NAMES)
    )


class MainWindow(QMainWindow):
    """The desk once signed in. ``show_view(name)`` switches view (Ctrl+1..Ctrl+7 too)."""

    signed_out = Signal()
    overview_loaded = Signal(object)  # CentreOverview
    view_shown = Signal(str)

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        overview: CentreOverview | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner = runner
        self.store = store
        self.actor = actor
        self._overview: CentreOverview | None = None
        self._overview_error: str | None = None
        self._specs = [s for s in VIEWS if s.permission is None or actor.can(s.permission)]
        self._views: dict[str, View] = {}
        self.setWindowTitle(_("Telecentre Desk"))
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)

        central = QWidget()
        self.setCentralWidget(central)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_navigation())
        self.stack = QStackedWidget()
        # The check-in field sits above every view (shift notes above it after signing in).
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.handover = HandoverBanner()
        right.addWidget(self.handover)
        self.checkin_bar = CheckInBar(runner, store, actor)
        right.addWidget(self.checkin_bar)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self._build_actions()
        self._build_status_bar()

        self.show_view(self._specs[0].name)
        if overview is not None:
            self._set_overview(overview)
        else:
            self.refresh()

    # -- building ------------------------------------------------------------
    def _build_navigation(self) -> QWidget:
        column = QWidget()
        column.setObjectName("navigationColumn")
        column.setFixedWidth(250)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.setSpacing(8)
        title = QLabel(_("Telecentre Desk"))
        title.setObjectName("navigationTitle")
        layout.addWidget(title)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Views"))
        self.navigation.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for spec in self._specs:
            item = QListWidgetItem(_(spec.label))
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setToolTip(
                _("{view} (shortcut {keys})").format(
                    view=_(spec.label),
                    keys=spec.shortcut.toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
            item.setSizeHint(QSize(0, LIST_ITEM_HEIGHT))
            self.navigation.addItem(item)
        self.navigation.currentItemChanged.connect(self._navigation_changed)
        layout.addWidget(self.navigation, 1)

        self.sign_out_button = QPushButton(_("&Sign out"))
        self.sign_out_button.setToolTip(_("Sign out and hand the desk over to someone else"))
        self.sign_out_button.clicked.connect(self.sign_out)
        wrapper = QVBoxLayout()
        wrapper.setContentsMargins(16, 0, 16, 0)
        wrapper.addWidget(self.sign_out_button)
        layout.addLayout(wrapper)
        return column

    def _build_actions(self) -> None:
        self.view_actions: dict[str, QAction] = {}
        for spec in self._specs:
            action = QAction(_(spec.label), self)
            action.setShortcut(spec.shortcut)
            action.triggered.connect(lambda _checked=False, n=spec.name: self.show_view(n))
            self.addAction(action)
            self.view_actions[spec.name] = action
        self.refresh_action = QAction(_("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        self.checkin_action = QAction(_("Check in or out"), self)
        self.checkin_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence(Qt.Key.Key_F2)])
        self.checkin_action.triggered.connect(self.checkin_bar.focus_field)
        self.addAction(self.checkin_action)
        self.checkin_guard = CheckInShortcutGuard(self, self.checkin_action.shortcuts())

    def _build_status_bar(self) -> None:
        self.user_label = QLabel(
            _("Signed in: {name}, {role}").format(
                name=self.actor.display_name, role=self.actor.role.label
            )
        )
        self.centre_label = QLabel("")
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        status.addWidget(self.user_label, 1)
        status.addPermanentWidget(self.centre_label)

    # -- views -----------------------------------------------------------------
    def available_views(self) -> list[str]:
        """The views this user's role may open, in navigation order."""
        return [spec.name for spec in self._specs]

    def created_views(self) -> list[str]:
        """The views built so far (they are built on first display)."""
        return list(self._views)

    def view(self, name: str) -> View | None:
        return self._views.get(name)

    def current_view(self) -> View:
        widget = self.stack.currentWidget()
        assert isinstance(widget, View)
        return widget

    def show_view(self, name: str) -> View:
        if name not in VIEW_NAMES:
            raise ValueError(unknown_view_message(name))
        spec = next((s for s in self._specs if s.name == name), None)
        if spec is None:
            raise ValueError(
                _("The view “{name}” is not available to the role {role}.").format(
                    name=name, role=self.actor.role.label
                )
            )
        view = self._views.get(name)
        if view is None:
            view = spec.view_class()()
            self._views[name] = view
            self.stack.addWidget(view)
            if self._overview is not None:
                view.set_overview(self._overview)
            elif self._overview_error is not None:
                view.set_error(self._overview_error)
        self.stack.setCurrentWidget(view)
        row = self._specs.index(spec)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
        self.view_shown.emit(name)
        return view

    def _navigation_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_view(str(item.data(Qt.ItemDataRole.UserRole)))

    # -- data ------------------------------------------------------------------
    @property
    def overview(self) -> CentreOverview | None:
        return self._overview

    def refresh(self) -> None:
        """Reload the centre's figures (in the background) and hand them to the views."""
        self.runner.submit(
            centre_overview, self.store, on_done=self._set_overview, on_error=self._overview_failed
        )

    def _set_overview(self, overview: CentreOverview) -> None:
        self._overview = overview
        self._overview_error = None
        self.setWindowTitle(_("Telecentre Desk — {centre}").format(centre=overview.centre.name))
        self.centre_label.setText(overview.centre.name)
        for view in self._views.values():
            view.set_overview(overview)
        self.overview_loaded.emit(overview)

    def _overview_failed(self, error: BaseException) -> None:
        if isinstance(error, ServiceError):
            message = str(error)
        else:
            message = _(
                "The centre's figures could not be loaded. Try again with F5; the details "
                "are in the log."
            )
        self._overview_error = message
        self.statusBar().showMessage(message, 10_000)
        for view in self._views.values():
            view.set_error(message)

    # -- session -----------------------------------------------------------------
    def show_handover_notes(self) -> None:
        """Show the others' recent shift notes above the views (after signing in)."""
        self.handover.load(self.runner, self.store, self.actor)

    def sign_out(self) -> None:
        self.signed_out.emit()
