"""Check-in: who is here, presences to review, the shift log, and the desk's other tools.

Checking in itself happens in the field at the top of the main window, always
there (Ctrl+K or F2); this view shows the result and what to do next. Like the
member directory, it takes the runner, the database and the signed-in user from
the main window it is shown in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Role
from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.views.base import View, label
from telecentre_desk.ui.worker import ServiceRunner

if TYPE_CHECKING:
    from telecentre_desk.ui.checkin.kiosk import KioskWindow
    from telecentre_desk.ui.checkin.review import ReviewPanel
    from telecentre_desk.ui.checkin.shift_log import ShiftLogPanel
    from telecentre_desk.ui.checkin.who_is_here import WhoIsHere

KIOSK_ROLES = (Role.MANAGER, Role.RECEPTIONIST)


class CheckInView(View):
    name = "checkin"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coming.hide()
        self.who: WhoIsHere | None = None
        self.review: ReviewPanel | None = None
        self.shift_log: ShiftLogPanel | None = None
        self.kiosk: KioskWindow | None = None
        self.buttons: dict[str, QPushButton] = {}
        self._context: tuple[ServiceRunner, Store, Actor] | None = None
        self._centre_name = ""
        # The list fills the page: its table scrolls, not the page.
        self._layout.takeAt(self._layout.count() - 1)  # the base view's bottom stretch
        self._layout.setStretchFactor(self._content, 1)
        self._content_layout.setContentsMargins(0, 0, 0, 0)

    def title(self) -> str:
        return _("Check-in")

    def coming_soon(self) -> str:
        return ""

    def set_overview(self, overview: CentreOverview) -> None:
        self._centre_name = overview.centre.name
        if self.who is None:
            super().set_overview(overview)  # builds the panels once, in fill()
        else:
            self._overview = overview

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        context = self.context()
        if context is None:
            layout.addWidget(label(_("The check-in view needs the main window."), "error"))
            return
        self._context = context
        runner, store, actor = context
        # Imported here: the check-in modules load when the view is first shown.
        from telecentre_desk.ui.checkin.review import ReviewPanel
        from telecentre_desk.ui.checkin.shift_log import ShiftLogPanel
        from telecentre_desk.ui.checkin.style import apply_checkin_style
        from telecentre_desk.ui.checkin.who_is_here import WhoIsHere

        apply_checkin_style(self)
        tools = QHBoxLayout()
        tools.setSpacing(10)
        for key, text, tip, slot in (
            (
                "walk_in",
                _("&Walk-in visitor…"),
                _("Someone new for an hour, a half-day or a day"),
                self.open_walk_in,
            ),
            (
                "paper",
                _("&Paper sheet…"),
                _("Copy the presences written on paper while the computer was off"),
                self.open_paper_sheet,
            ),
            (
                "badges",
                _("Print &badges…"),
                _("An A4 sheet of member cards with QR codes"),
                self.open_badges,
            ),
            (
                "kiosk",
                _("&Kiosk mode"),
                _("A full-screen self check-in for members; a staff PIN leaves it"),
                self.open_kiosk,
            ),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            tools.addWidget(button)
            self.buttons[key] = button
        tools.addStretch(1)
        layout.addLayout(tools)
        if actor.role not in KIOSK_ROLES:
            self.buttons["kiosk"].hide()

        columns = QHBoxLayout()
        columns.setSpacing(20)
        self.who = WhoIsHere(runner, store, actor)
        bar = getattr(self.window(), "checkin_bar", None)
        if bar is not None:  # the field's answers show in the list at once
            bar.presence_changed.connect(self.who.apply)
        columns.addWidget(self.who, 3)
        side = QVBoxLayout()
        side.setSpacing(16)
        self.review = ReviewPanel(runner, store, actor)
        side.addWidget(self.review)
        self.shift_log = ShiftLogPanel(runner, store, actor)
        side.addWidget(self.shift_log)
        side.addStretch(1)
        holder = QWidget()
        holder.setLayout(side)
        # The side column scrolls on its own: the list keeps the page's full height.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        scroll.setMinimumWidth(330)
        scroll.setMaximumWidth(420)
        columns.addWidget(scroll, 2)
        layout.addLayout(columns, 1)

    # -- the tools -------------------------------------------------------------------------------
    def open_walk_in(self) -> None:
        bar = getattr(self.window(), "checkin_bar", None)
        if bar is not None:
            bar.open_walk_in("")

    def open_paper_sheet(self) -> QWidget | None:
        if self._context is None:
            return None
        from telecentre_desk.ui.checkin.paper import PaperSheetDialog

        dialog = PaperSheetDialog(*self._context, parent=self.window())
        self.paper_dialog = dialog
        dialog.open()
        return dialog

    def open_badges(self) -> QWidget | None:
        if self._context is None:
            return None
        from telecentre_desk.ui.checkin.badges import BadgeDialog

        runner, store, actor = self._context
        dialog = BadgeDialog(runner, store, self.window(), actor=actor)
        self.badge_dialog = dialog
        dialog.open()
        return dialog

    def open_kiosk(self) -> KioskWindow | None:
        """Full screen over the main window, which hides until a staff PIN unlocks it."""
        if self._context is None or self._context[2].role not in KIOSK_ROLES:
            return None
        from telecentre_desk.ui.checkin.kiosk import KioskWindow

        runner, store, actor = self._context
        main = self.window()
        kiosk = KioskWindow(runner, store, actor, self._centre_name)
        kiosk.unlocked.connect(lambda _actor: main.show())
        self.kiosk = kiosk
        kiosk.showFullScreen()
        main.hide()
        return kiosk
