"""Which screen to show: the first-run assistant, the sign-in screen or the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.services.centre import needs_first_run
from telecentre_desk.services.context import Actor
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner

if TYPE_CHECKING:  # imported when first shown: a signed-in start never needs them
    from telecentre_desk.ui.first_run import FirstRunWizard
    from telecentre_desk.ui.sign_in import SignInWidget


class DeskFlow(QObject):
    """Drives the screens. Call :meth:`start` once the QApplication exists.

    Without an actor: the first-run assistant if the centre is not set up yet,
    else the sign-in screen. With an actor (the demo): the main window at once.
    Signing out shows the sign-in screen again. The next screen is always shown
    before the previous one closes, so the application never runs out of windows.
    """

    main_window_shown = Signal(object)  # MainWindow
    screen_changed = Signal(object)  # the top-level widget now shown

    def __init__(
        self,
        store: Store,
        runner: ServiceRunner,
        actor: Actor | None = None,
        parent: QObject | None = None,
        *,
        maximized: bool = False,
        overview: CentreOverview | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self._initial_actor = actor
        self._initial_overview = overview  # loaded ahead by the caller, for the first window
        self._maximized = maximized
        self._screen: QWidget | None = None
        self.main_window: MainWindow | None = None
        self.wizard: FirstRunWizard | None = None
        self.sign_in: SignInWidget | None = None
        self.runner.service_error.connect(self._show_refusal)

    @property
    def screen(self) -> QWidget | None:
        """The top-level widget shown now (wizard, sign-in screen or main window)."""
        return self._screen

    def start(self) -> None:
        apply_theme()
        if self._initial_actor is not None:
            self.show_main_window(self._initial_actor)
        else:
            self.runner.submit(needs_first_run, self.store, on_done=self._first_run_known)

    # -- screens ---------------------------------------------------------------
    def show_first_run(self) -> None:
        from telecentre_desk.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.runner, self.store)
        wizard.completed.connect(self.show_main_window)
        self.wizard = wizard
        self._replace(wizard)

    def show_sign_in(self) -> None:
        from telecentre_desk.ui.sign_in import SignInWidget

        sign_in = SignInWidget(self.runner, self.store)
        sign_in.signed_in.connect(self.show_main_window)
        self.sign_in = sign_in
        self._replace(sign_in)

    def show_main_window(self, actor: Actor) -> None:
        overview, self._initial_overview = self._initial_overview, None
        window = MainWindow(self.runner, self.store, actor, overview)
        window.signed_out.connect(self.show_sign_in)
        self.main_window = window
        self._replace(window, maximized=self._maximized)
        window.checkin_bar.focus_field()  # ready for the first scan
        window.show_handover_notes()
        self.main_window_shown.emit(window)

    def _first_run_known(self, first_run: bool) -> None:
        if first_run:
            self.show_first_run()
        else:
            self.show_sign_in()

    def _replace(self, widget: QWidget, *, maximized: bool = False) -> None:
        previous = self._screen
        if previous is not None and not shiboken6.isValid(previous):
            previous = None  # closed by the user (e.g. the assistant cancelled)
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._screen = widget
        if maximized:
            widget.showMaximized()
        else:
            widget.show()
        if QGuiApplication.platformName() != "offscreen":  # it cannot raise windows
            widget.raise_()
        widget.activateWindow()
        if previous is not None and previous is not widget:
            was_wizard = previous is self.wizard
            if previous is self.main_window:
                self.main_window = None
            if previous is self.sign_in:
                self.sign_in = None
            if previous is self.wizard:
                self.wizard = None
            # The wizard closes itself (accept) once its ``completed`` handler returns.
            if not was_wizard:
                previous.close()
        self.screen_changed.emit(widget)

    def _show_refusal(self, error: BaseException) -> None:
        parent = (
            self._screen if self._screen is not None and shiboken6.isValid(self._screen) else None
        )
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Telecentre Desk"))
        box.setText(str(error))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
