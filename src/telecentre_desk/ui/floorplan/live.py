"""Keeping one floor's scene current: loaded once, then refreshed from the change sets.

Every service job that changes something reports a ChangeSet (ServiceRunner.changed),
whichever screen started it: the check-in view seating someone updates the plan too.
Only the desks and rooms named are read again and only the items whose state differs
are redrawn; a periodic state read catches what another PC did.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from telecentre_desk.i18n import _
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.floorplan import (
    FloorPlan,
    PlanItems,
    PlanState,
    load_floor_plan,
    plan_items,
    plan_state,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.floorplan.scene import PlanScene
from telecentre_desk.ui.worker import ServiceRunner


class LivePlan(QObject):
    loaded = Signal(object)  # FloorPlan
    refreshed = Signal()  # a state or items update was applied
    failed = Signal(str)

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        floor_id: int,
        scene: PlanScene,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.floor_id = floor_id
        self.scene = scene
        self.plan: FloorPlan | None = None
        # While the editor is open it owns the geometry: only states are refreshed.
        self.editing = False
        self._loading = False
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh_state)
        runner.changed.connect(self.on_changes)

    @property
    def is_loaded(self) -> bool:
        return self.plan is not None

    @property
    def is_busy(self) -> bool:
        return self._loading

    def reload(self) -> None:
        self._loading = True
        self.runner.submit(
            load_floor_plan, self.store, self.floor_id, on_done=self._loaded, on_error=self._failed
        )

    def ensure_loaded(self) -> None:
        if self.plan is None and not self._loading:
            self.reload()

    def refresh_state(self) -> None:
        if self.plan is not None:
            self.runner.submit(
                plan_state, self.store, self.floor_id, on_done=self._state, on_error=self._quiet
            )

    def poll_every(self, milliseconds: int) -> None:
        """Read the state again every ``milliseconds`` (0: stop)."""
        if milliseconds > 0:
            self._poll.start(milliseconds)
        else:
            self._poll.stop()

    def on_changes(self, changes: ChangeSet) -> None:
        if self.plan is None:
            return  # read fresh when first shown
        if changes.everything or (self.floor_id in changes.floors and not self.editing):
            self.reload()
        elif changes.desks or changes.rooms:
            self.runner.submit(
                plan_items,
                self.store,
                self.floor_id,
                changes.desks,
                changes.rooms,
                on_done=self._items,
                on_error=self._quiet,
            )
        elif changes.members or changes.presences:
            self.refresh_state()

    # -- results -------------------------------------------------------------------------
    def _loaded(self, plan: FloorPlan) -> None:
        self._loading = False
        self.plan = plan
        self.scene.load(plan)
        self.loaded.emit(plan)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        if isinstance(error, ServiceError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(_("The plan of this floor could not be read. Press F5 to try again."))

    def _quiet(self, error: BaseException) -> None:
        # A refresh that fails leaves the plan as it was; the next change tries again.
        if isinstance(error, ServiceError):
            self.failed.emit(str(error))

    def _state(self, state: PlanState) -> None:
        if self.plan is None:
            return
        self.scene.apply_state(state)
        self.refreshed.emit()

    def _items(self, items: PlanItems) -> None:
        if self.plan is None:
            return
        scene = self.scene
        if not self.editing:
            for room in items.rooms:
                scene.upsert_room(room)
            for desk in items.desks:
                scene.upsert_desk(desk)
            gone_desks, gone_rooms = items.gone()
            for desk_id in gone_desks:
                scene.remove_desk(desk_id)
            for room_id in gone_rooms:
                scene.remove_room(room_id)
        scene.apply_state(items.state)
        self.refreshed.emit()
