"""One floor in the main window: the plan, its legend, seating people, and the editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.floorplan import DeskStatus, FloorPlan
from telecentre_desk.services.store import Store
from telecentre_desk.ui.floorplan.items import DeskItem
from telecentre_desk.ui.floorplan.legend import Legend
from telecentre_desk.ui.floorplan.live import LivePlan
from telecentre_desk.ui.floorplan.scene import PlanMode, PlanScene
from telecentre_desk.ui.floorplan.seat_box import OccupiedBox, SeatBox
from telecentre_desk.ui.floorplan.view import PlanView
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.worker import ServiceRunner

SIDE_WIDTH = 320
POLL_MS = 60_000  # read the state again every minute: another PC may have seated someone


def seat_member(store: Store, actor: Actor, member_id: int, desk_id: int) -> PresenceResult:
    """Check the member in at the desk; someone already here is moved to it instead."""
    from telecentre_desk.services.presence import check_in, move_to_desk

    result = check_in(store, actor, member_id, desk_id=desk_id, source=PresenceSource.PLAN)
    if result.already_present and result.presence.desk_id != desk_id:
        return move_to_desk(store, actor, member_id, desk_id)
    return result


if TYPE_CHECKING:
    # Seating, checking out and the editor's dialogs are imported when first used: the
    # plan comes up without the presence services (tens of milliseconds at start-up).
    from telecentre_desk.services.presence import PresenceResult

    # the editor loads when a manager first edits
    from telecentre_desk.ui.floorplan.editor import PlanEditor
    from telecentre_desk.ui.floorplan.editor_panel import EditorPanel


class FloorPage(QWidget):
    member_requested = Signal(int)
    status_message = Signal(str)
    summary_changed = Signal()

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        floor_id: int,
        floor_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.actor = actor
        self.floor_id = floor_id
        self.floor_name = floor_name
        self.scene = PlanScene(PlanMode.VIEW, self)
        self.view = PlanView(self.scene)
        self.live = LivePlan(runner, store, floor_id, self.scene, self)
        self.editor: PlanEditor | None = None
        self.editor_panel: EditorPanel | None = None
        self._moving: tuple[int, int] | None = None  # member id, from desk
        self._fitted = False
        self._background_message: str | None = None
        self.dialog: QDialog | None = None  # the editor dialog open now, if any

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        plan_frame = QFrame()
        plan_frame.setObjectName("card")
        frame_layout = QVBoxLayout(plan_frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.addWidget(self.view)
        layout.addWidget(plan_frame, 1)
        self.side = QWidget()
        self.side_layout = QVBoxLayout(self.side)
        self.side_layout.setContentsMargins(16, 0, 8, 0)
        self.side_layout.setSpacing(10)
        self.summary = QLabel(_("Loading the plan…"))
        set_role(self.summary, "subheading")
        self.summary.setWordWrap(True)
        self.side_layout.addWidget(self.summary)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.side_layout.addWidget(self.message)
        self.legend_title = QLabel(_("Legend"))
        set_role(self.legend_title, "subheading")
        self.side_layout.addWidget(self.legend_title)
        self.legend = Legend()
        self.side_layout.addWidget(self.legend)
        self.keys_hint = QLabel(
            _(
                "Click a free desk to seat someone. Keyboard: arrows go from desk to desk, "
                "Enter acts on the desk, + and − zoom, 0 shows the whole floor."
            )
        )
        self.keys_hint.setWordWrap(True)
        set_role(self.keys_hint, "muted")
        self.side_layout.addWidget(self.keys_hint)
        self.side_layout.addStretch(1)
        # A small window must not squeeze the editor's buttons: the column scrolls instead.
        side_scroll = QScrollArea()
        side_scroll.setWidget(self.side)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setFixedWidth(SIDE_WIDTH)
        layout.addWidget(side_scroll)

        self.seat_box = SeatBox(runner, store, self.view)
        self.occupied_box = OccupiedBox(self.view)
        self.seat_box.seat_requested.connect(self._seat)
        self.seat_box.closed.connect(self.view.setFocus)
        self.occupied_box.check_out_requested.connect(self._check_out)
        self.occupied_box.move_requested.connect(self._start_move)
        self.occupied_box.member_requested.connect(self.member_requested)
        self.occupied_box.closed.connect(self.view.setFocus)
        self.scene.desk_clicked.connect(self.activate_desk)
        self.scene.marker_dropped.connect(self._marker_dropped)
        self.view.activated.connect(self.activate_desk)
        self.view.properties_requested.connect(self._properties_from_keyboard)
        self.live.loaded.connect(self._loaded)
        self.live.refreshed.connect(self._update_summary)
        self.live.failed.connect(lambda text: self.show_message(text, error=True))
        self._build_editor_actions()

    # -- loading -----------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        self.live.ensure_loaded()
        self.live.poll_every(POLL_MS)

    @property
    def is_loaded(self) -> bool:
        return self.live.is_loaded and not self.live.is_busy

    def _loaded(self, plan: FloorPlan) -> None:
        if not self._fitted:
            self._fitted = True
            self.view.fit()
        problem = plan.background_problem or self.scene.background_error
        if problem:
            self.show_message(problem, error=True)
        elif self._background_message and self.message.text() == self._background_message:
            self.show_message("")  # the image is fine again
        self._background_message = problem
        self._update_summary()

    def _update_summary(self) -> None:
        states = [item.state.status for item in self.scene.desks.values()]
        seated = states.count(DeskStatus.OCCUPIED)
        free = states.count(DeskStatus.FREE)
        self.summary.setText(
            ngettext("{count} person seated", "{count} people seated", seated).format(count=seated)
            + "\n"
            + ngettext("{count} free desk", "{count} free desks", free).format(count=free)
        )
        self.summary_changed.emit()

    def counts(self) -> tuple[int, int]:
        """(people seated, free desks) on this floor, as shown."""
        states = [item.state.status for item in self.scene.desks.values()]
        return states.count(DeskStatus.OCCUPIED), states.count(DeskStatus.FREE)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "muted")
        self.message.setVisible(bool(text))
        if text:
            self.status_message.emit(text)

    # -- acting on a desk ---------------------------------------------------------------------
    def activate_desk(self, desk_id: int) -> None:
        item = self.scene.desks.get(desk_id)
        if item is None or self.scene.mode is not PlanMode.VIEW:
            return
        self.view.set_current(desk_id)
        state = item.state
        anchor = self._anchor(item)
        self.seat_box.hide()
        self.occupied_box.hide()
        if self._moving is not None:
            self._finish_move(item)
            return
        if state.status is DeskStatus.OCCUPIED and state.occupant is not None:
            self.occupied_box.open_for(desk_id, item.info.label, state.occupant, anchor)
        elif state.status is DeskStatus.OUT_OF_SERVICE:
            self.show_message(
                _("Desk {desk} is out of service. A manager can change that in the editor.").format(
                    desk=item.info.label
                )
            )
        elif state.status is DeskStatus.HELD:
            holder = state.holder_name or ""
            self.seat_box.open_for(
                desk_id,
                item.info.label,
                anchor,
                hint=_("The fixed desk of {name}: only they can sit here.").format(name=holder),
                query=holder,
            )
        else:
            hint = state.reservation or ""
            self.seat_box.open_for(desk_id, item.info.label, anchor, hint=hint)

    def _anchor(self, item: DeskItem) -> QPoint:
        rect = item.sceneBoundingRect()
        point = self.view.mapFromScene(rect.topRight())
        return self.view.viewport().mapTo(self.view, point)

    def _seat(self, member_id: int, desk_id: int) -> None:
        self.runner.submit(
            seat_member,
            self.store,
            self.actor,
            member_id,
            desk_id,
            on_done=self._seated,
            on_error=self._seat_failed,
        )

    def _seated(self, result: PresenceResult) -> None:
        self.seat_box.done()
        presence = result.presence
        self.show_message(
            _("{name} is seated at desk {desk}.").format(
                name=presence.member_name, desk=presence.desk_label or "?"
            )
        )

    def _seat_failed(self, error: BaseException) -> None:
        self.seat_box.failed(_message(error))

    def _check_out(self, member_id: int) -> None:
        from telecentre_desk.services.presence import check_out

        self.runner.submit(
            check_out,
            self.store,
            self.actor,
            member_id,
            on_done=self._checked_out,
            on_error=self._check_out_failed,
        )

    def _checked_out(self, result: PresenceResult) -> None:
        self.occupied_box.close_box()
        self.show_message(_("{name} has left.").format(name=result.presence.member_name))

    def _check_out_failed(self, error: BaseException) -> None:
        self.occupied_box.failed(_message(error))

    def _start_move(self, member_id: int, desk_id: int) -> None:
        self._moving = (member_id, desk_id)
        item = self.scene.desks.get(desk_id)
        name = item.state.occupant.name if item and item.state.occupant else ""
        self.show_message(
            _(
                "Choose the new desk for {name}: click it, or use the arrows and Enter. "
                "Escape cancels."
            ).format(name=name)
        )
        self.view.setFocus()

    def _finish_move(self, target: DeskItem) -> None:
        assert self._moving is not None
        member_id, from_desk = self._moving
        self._moving = None
        if target.desk_id == from_desk:
            self.show_message("")
            return
        self._move(member_id, target.desk_id)

    def _marker_dropped(self, member_id: int, from_desk: int, to_desk: int) -> None:
        if not to_desk:
            self.show_message(_("Drop the person on a free desk to move them."))
            return
        self._move(member_id, to_desk)

    def _move(self, member_id: int, desk_id: int) -> None:
        from telecentre_desk.services.presence import move_to_desk

        self.runner.submit(
            move_to_desk,
            self.store,
            self.actor,
            member_id,
            desk_id,
            on_done=self._moved,
            on_error=lambda error: self.show_message(_message(error), error=True),
        )

    def _moved(self, result: PresenceResult) -> None:
        presence = result.presence
        self.show_message(
            _("{name} moved to desk {desk}.").format(
                name=presence.member_name, desk=presence.desk_label or "?"
            )
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self._moving is not None:
                self._moving = None
                self.show_message(_("Move cancelled."))
            elif self.editor is not None and self.editing:
                self.editor.cancel_scale()
                self.scene.clearSelection()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- editing -------------------------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return self.scene.mode is PlanMode.EDIT

    def can_edit(self) -> bool:
        return self.actor.can(Permission.EDIT_FLOOR_PLAN)

    def set_editing(self, on: bool) -> None:
        if on and not self.can_edit():
            return
        if on == self.editing:
            return
        self.seat_box.hide()
        self.occupied_box.hide()
        self._moving = None
        self.view.set_current(None)
        if on:
            editor = self._ensure_editor()
            self.scene.set_mode(PlanMode.EDIT)
            self.live.editing = True
            editor.notices = self.live.plan.notices if self.live.plan else ()
            editor.background = self.live.plan.background if self.live.plan else None
            editor.notices_changed.emit(editor.notices)
        else:
            if self.editor is not None:
                self.editor.cancel_scale()
            self.scene.set_mode(PlanMode.VIEW)
            self.live.editing = False
            self.live.reload()  # what is stored, exactly
        self.view.apply_mode()
        if self.editor_panel is not None:
            self.editor_panel.setVisible(on)
        for widget in (self.summary, self.legend_title, self.legend, self.keys_hint):
            widget.setVisible(not on)
        for action in self._editor_actions:
            action.setEnabled(on)
        self.view.setFocus()

    def _ensure_editor(self) -> PlanEditor:
        if self.editor is None:
            from telecentre_desk.ui.floorplan.editor import PlanEditor
            from telecentre_desk.ui.floorplan.editor_panel import EditorPanel

            editor = PlanEditor(self.runner, self.store, self.actor, self.live, self.view, self)
            editor.message.connect(lambda text, error: self.show_message(text, error=error))
            editor.scale_step.connect(self._scale_step)
            panel = EditorPanel(editor)
            panel.properties_requested.connect(self.edit_properties)
            panel.background_requested.connect(self._choose_background)
            panel.scale_requested.connect(editor.start_scale)
            self.side_layout.insertWidget(self.side_layout.count() - 1, panel, 10)
            self.editor, self.editor_panel = editor, panel
        return self.editor

    def _build_editor_actions(self) -> None:
        def add(keys: list[QKeySequence], slot: Callable[[], object]) -> None:
            action = QAction(self)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False: slot())
            self.addAction(action)
            self._editor_actions.append(action)

        self._editor_actions: list[QAction] = []
        key = QKeySequence
        add([key(key.StandardKey.Undo)], lambda: self._edit(lambda e: e.undo()))
        add(
            [key("Ctrl+Shift+Z"), key("Ctrl+Y")],
            lambda: self._edit(lambda e: e.redo()),
        )
        add(
            [key(key.StandardKey.Delete), key("Backspace")],
            lambda: self._edit(lambda e: e.delete()),
        )
        add([key("Ctrl+D")], lambda: self._edit(lambda e: e.duplicate()))
        add([key("R")], lambda: self._edit(lambda e: e.rotate(15.0)))
        add([key("Shift+R")], lambda: self._edit(lambda e: e.rotate(-15.0)))
        add([key("Ctrl+E")], self.edit_properties)
        add([key(key.StandardKey.SelectAll)], self._select_all)

    def _edit(self, action: Callable[[PlanEditor], object]) -> None:
        if self.editor is not None and self.editing:
            action(self.editor)

    def _select_all(self) -> None:
        for item in (*self.scene.desks.values(), *self.scene.rooms.values()):
            item.setSelected(True)

    def edit_properties(self) -> None:
        if self.editor is None:
            return
        desks, rooms = self.scene.selected_desks(), self.scene.selected_rooms()
        if len(desks) + len(rooms) != 1:
            self.show_message(_("Select one desk or one room to rename it."))
            return
        from telecentre_desk.ui.floorplan.dialogs import DeskDialog, RoomDialog

        editor = self.editor
        if desks:
            desk = desks[0]
            desk_dialog = DeskDialog(desk.info, self)
            desk_dialog.accepted.connect(
                lambda: editor.set_desk_properties(desk.desk_id, desk_dialog.changes())
            )
            self._open_dialog(desk_dialog)
        else:
            room = rooms[0]
            room_dialog = RoomDialog(room.info, self)
            room_dialog.accepted.connect(
                lambda: editor.set_room_properties(room.room_id, room_dialog.changes())
            )
            self._open_dialog(room_dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        """Open a window-modal dialog; when it closes, the keyboard is back on the plan."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self.window().activateWindow()
        self.view.setFocus()

    def _properties_from_keyboard(self) -> None:
        if self.editing:
            self.edit_properties()

    def _choose_background(self) -> None:
        if self.editor is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the scanned plan of {floor}").format(floor=self.floor_name),
            "",
            _("Images (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.editor.choose_background(Path(path))

    def _scale_step(self, step: int) -> None:
        editor = self.editor
        if editor is None:
            return
        if step == 0:
            self.show_message(_("Click the first end of a distance you know on the scanned plan."))
        elif step == 1:
            self.show_message(_("Now click the other end."))
        elif step == 2:
            first, second = editor.scale_points()[:2]
            from telecentre_desk.ui.floorplan.dialogs import DistanceDialog

            dialog = DistanceDialog(self)
            dialog.accepted.connect(lambda: editor.set_scale(first, second, dialog.metres.value()))
            dialog.finished.connect(lambda _result: editor.cancel_scale())
            self._open_dialog(dialog)
        else:
            self.show_message("")


def _message(error: BaseException) -> str:
    if isinstance(error, ServiceError):
        return str(error)
    return _("That did not work; the details are in the log. Try again.")
