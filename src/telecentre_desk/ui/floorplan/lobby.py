"""The lobby display: full screen, read only, large type, kept current on its own.

For a screen in the entrance: which desks are free, who is where. It follows every change
made on this PC at once and reads the state again every half minute (another PC may have
seated someone); with several floors it shows each in turn. Escape closes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import PARIS, _, format_datetime, ngettext
from telecentre_desk.services.floorplan import DeskStatus
from telecentre_desk.services.store import Store
from telecentre_desk.ui.floorplan.legend import Legend
from telecentre_desk.ui.floorplan.live import LivePlan
from telecentre_desk.ui.floorplan.scene import PlanMode, PlanScene
from telecentre_desk.ui.floorplan.view import PlanView
from telecentre_desk.ui.theme import ACCENT, INK, NAV, PAGE
from telecentre_desk.ui.worker import ServiceRunner

POLL_MS = 30_000
NEXT_FLOOR_MS = 20_000
CLOCK_MS = 10_000

_STYLE = f"""
QWidget#lobby {{ background: {PAGE}; }}
QFrame#lobbyHeader {{ background: {NAV}; }}
QFrame#lobbyHeader QLabel {{ color: white; font-size: 26pt; font-weight: bold; }}
QWidget#lobbySide QLabel {{ color: {INK}; font-size: 16pt; }}
QWidget#lobbySide QLabel#lobbyFigure {{ font-size: 40pt; font-weight: bold; color: {ACCENT}; }}
QWidget#lobbySide QLabel#lobbyText {{ font-size: 18pt; }}
"""


class LobbyWindow(QWidget):
    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        centre_name: str,
        floors: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lobby")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(_("Lobby display — {centre}").format(centre=centre_name))
        self.setStyleSheet(_STYLE)
        self.floors = floors
        self.scenes: dict[int, PlanScene] = {}
        self.views: dict[int, PlanView] = {}
        self.lives: dict[int, LivePlan] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        header = QFrame()
        header.setObjectName("lobbyHeader")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(32, 16, 32, 16)
        self.centre_label = QLabel(centre_name)
        self.floor_label = QLabel()
        self.clock_label = QLabel()
        header_row.addWidget(self.centre_label)
        header_row.addStretch(1)
        header_row.addWidget(self.floor_label)
        header_row.addSpacing(40)
        header_row.addWidget(self.clock_label)
        outer.addWidget(header)

        body = QHBoxLayout()
        body.setContentsMargins(24, 20, 24, 20)
        body.setSpacing(24)
        self.stack = QStackedWidget()
        for floor_id, _name in floors:
            scene = PlanScene(PlanMode.LOBBY, self)
            view = PlanView(scene)
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            live = LivePlan(runner, store, floor_id, scene, self)
            live.loaded.connect(lambda _plan, v=view: v.fit())
            live.loaded.connect(self._update_counts)
            live.refreshed.connect(self._update_counts)
            live.poll_every(POLL_MS)
            live.reload()
            self.scenes[floor_id], self.views[floor_id], self.lives[floor_id] = scene, view, live
            self.stack.addWidget(view)
        body.addWidget(self.stack, 1)
        side = QWidget()
        side.setObjectName("lobbySide")
        side.setFixedWidth(380)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.seated_figure = QLabel("0")
        self.seated_figure.setObjectName("lobbyFigure")
        self.seated_text = QLabel()
        self.seated_text.setObjectName("lobbyText")
        self.free_figure = QLabel("0")
        self.free_figure.setObjectName("lobbyFigure")
        self.free_text = QLabel()
        self.free_text.setObjectName("lobbyText")
        for widget in (self.seated_figure, self.seated_text, self.free_figure, self.free_text):
            column.addWidget(widget)
        column.addSpacing(24)
        column.addWidget(Legend(large=True))
        column.addStretch(1)
        body.addWidget(side)
        outer.addLayout(body, 1)

        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(CLOCK_MS)
        self._rotation = QTimer(self)
        self._rotation.timeout.connect(self.next_floor)
        if len(floors) > 1:
            self._rotation.start(NEXT_FLOOR_MS)
        self._tick()
        self.show_floor(0)

    def show_on_best_screen(self) -> None:
        """Full screen on the second screen when there is one (the entrance display)."""
        screens = QGuiApplication.screens()
        if QGuiApplication.platformName() == "offscreen":
            self.resize(1920, 1080)
            self.show()
            return
        if len(screens) > 1:
            self.setScreen(screens[-1])
            self.move(screens[-1].geometry().topLeft())
        self.showFullScreen()

    # -- what is shown ---------------------------------------------------------------------------
    def current_floor(self) -> int:
        return self.floors[self.stack.currentIndex()][0] if self.floors else 0

    def show_floor(self, index: int) -> None:
        if not self.floors:
            return
        self.stack.setCurrentIndex(index % len(self.floors))
        self.floor_label.setText(self.floors[self.stack.currentIndex()][1])
        self.views[self.current_floor()].fit()
        self._update_counts()

    def next_floor(self) -> None:
        self.show_floor(self.stack.currentIndex() + 1)

    def is_loaded(self) -> bool:
        return all(live.is_loaded for live in self.lives.values())

    def _update_counts(self, *_args: object) -> None:
        seated = free = 0
        for scene in self.scenes.values():
            for desk in scene.desks.values():
                if desk.state.status is DeskStatus.OCCUPIED:
                    seated += 1
                elif desk.state.status is DeskStatus.FREE:
                    free += 1
        self.seated_figure.setText(str(seated))
        self.seated_text.setText(ngettext("person here", "people here", seated))
        self.free_figure.setText(str(free))
        self.free_text.setText(ngettext("free desk", "free desks", free))

    def _tick(self) -> None:
        self.clock_label.setText(format_datetime(datetime.now(UTC).astimezone(PARIS), "HH:mm"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)
