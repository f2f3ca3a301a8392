"""The editor's undoable edits. Each redo or undo is one service call (one transaction).

Commands keep the ids the items had when the command was made; the editor maps them to
the ids they have now (an undone delete may not get its old id back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from telecentre_desk.domain.geometry import DeskGeometry, RoomGeometry
from telecentre_desk.services.floorplan import Background, DeskShape, RoomShape
from telecentre_desk.services.floorplan_background import BackgroundEdit, restore_background
from telecentre_desk.services.floorplan_edit import (
    DeskPlacement,
    PlanEdit,
    RoomPlacement,
    delete_items,
    restore_items,
    save_geometry,
    set_out_of_service,
    update_desk,
    update_room,
)
from telecentre_desk.ui.floorplan.scene import GeometryChange

if TYPE_CHECKING:
    from telecentre_desk.ui.floorplan.editor import PlanEditor

# (service function, its arguments after store and actor)
Call = tuple[Callable[..., Any], tuple[Any, ...]]


class PlanCommand(QUndoCommand):
    def __init__(self, editor: PlanEditor, text: str) -> None:
        super().__init__(text)
        self.editor = editor

    def failed(self) -> None:
        """The service refused the redo: this step never happened."""
        self.setObsolete(True)


class GeometryCommand(PlanCommand):
    """A move, resize, rotation, nudge, alignment... of one or several items.

    The scene already shows the result when the command is pushed (the user did it with
    the mouse), so the first redo only saves it.
    """

    def __init__(self, editor: PlanEditor, text: str, changes: Sequence[GeometryChange]) -> None:
        super().__init__(editor, text)
        self.changes = tuple(changes)
        self._shown = True

    def redo(self) -> None:
        if not self._shown:
            self._show(after=True)
        self._shown = False
        self._save(after=True)

    def undo(self) -> None:
        if self.isObsolete():
            return
        self._show(after=False)
        self._save(after=False)

    def _show(self, *, after: bool) -> None:
        for change in self.changes:
            item_id = self.editor.current_id(change.kind, change.item_id)
            self.editor.scene.apply_geometry(
                change.kind, item_id, change.after if after else change.before
            )

    def _save(self, *, after: bool) -> None:
        desks: list[DeskPlacement] = []
        rooms: list[RoomPlacement] = []
        for change in self.changes:
            geometry = change.after if after else change.before
            item_id = self.editor.current_id(change.kind, change.item_id)
            if change.kind == "desk" and isinstance(geometry, DeskGeometry):
                desks.append(DeskPlacement(item_id, geometry))
            elif isinstance(geometry, RoomGeometry):
                rooms.append(RoomPlacement(item_id, geometry))
        self.editor.run(self, (save_geometry, (self.editor.floor_id, desks, rooms)))


class CreateCommand(PlanCommand):
    """Adding a desk or a room, or duplicating: the first redo creates; undo deletes what was
    created; a later redo puts exactly that back."""

    def __init__(self, editor: PlanEditor, text: str, create: Call) -> None:
        super().__init__(editor, text)
        self.create = create
        self.desks: tuple[DeskShape, ...] = ()
        self.rooms: tuple[RoomShape, ...] = ()
        self._created = False

    def redo(self) -> None:
        if not self._created:
            self.editor.run(self, self.create, on_done=self._remember, structural=True)
        else:
            self.editor.run(
                self,
                (restore_items, (self.editor.floor_id, self.desks, self.rooms)),
                structural=True,
            )

    def undo(self) -> None:
        if self.isObsolete():
            return
        self.editor.run(
            self,
            (
                delete_items,
                (
                    self.editor.floor_id,
                    [self.editor.current_id("desk", d.id) for d in self.desks],
                    [self.editor.current_id("room", r.id) for r in self.rooms],
                ),
            ),
            structural=True,
        )

    def _remember(self, edit: PlanEdit) -> None:
        self._created = True
        self.desks, self.rooms = edit.desks, edit.rooms
        self.editor.scene.select_only([d.id for d in edit.desks], [r.id for r in edit.rooms])


class DeleteCommand(PlanCommand):
    def __init__(
        self, editor: PlanEditor, text: str, desk_ids: Sequence[int], room_ids: Sequence[int]
    ) -> None:
        super().__init__(editor, text)
        self.desk_ids = tuple(desk_ids)
        self.room_ids = tuple(room_ids)
        self.desks: tuple[DeskShape, ...] = ()
        self.rooms: tuple[RoomShape, ...] = ()

    def redo(self) -> None:
        self.editor.run(
            self,
            (
                delete_items,
                (
                    self.editor.floor_id,
                    [self.editor.current_id("desk", i) for i in self.desk_ids],
                    [self.editor.current_id("room", i) for i in self.room_ids],
                ),
            ),
            on_done=self._remember,
            structural=True,
        )

    def undo(self) -> None:
        if self.isObsolete():
            return
        self.editor.run(
            self,
            (restore_items, (self.editor.floor_id, self.desks, self.rooms)),
            structural=True,
        )

    def _remember(self, edit: PlanEdit) -> None:
        self.desks, self.rooms = edit.removed_desks, edit.removed_rooms


class _PropertiesCommand(PlanCommand):
    """Change some properties of one desk or room; undo sends the old values back."""

    kind = ""  # "desk" or "room": how the editor maps ids re-created by undo

    def __init__(
        self,
        editor: PlanEditor,
        text: str,
        item_id: int,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> None:
        super().__init__(editor, text)
        self.item_id, self.before, self.after = item_id, before, after

    def redo(self) -> None:
        self._send(self.after)

    def undo(self) -> None:
        if not self.isObsolete():
            self._send(self.before)

    def _send(self, values: dict[str, Any]) -> None:
        item_id = self.editor.current_id(self.kind, self.item_id)
        self.editor.run(self, (self._update, (item_id, values)))

    @staticmethod
    def _update(store: Any, actor: Any, item_id: int, values: dict[str, Any]) -> PlanEdit:
        raise NotImplementedError


class DeskPropertiesCommand(_PropertiesCommand):
    """Rename a desk, change its kind or whether it is out of service."""

    kind = "desk"

    @staticmethod
    def _update(store: Any, actor: Any, item_id: int, values: dict[str, Any]) -> PlanEdit:
        return update_desk(store, actor, item_id, **values)


class RoomPropertiesCommand(_PropertiesCommand):
    kind = "room"

    @staticmethod
    def _update(store: Any, actor: Any, item_id: int, values: dict[str, Any]) -> PlanEdit:
        return update_room(store, actor, item_id, **values)


class OutOfServiceCommand(PlanCommand):
    def __init__(
        self,
        editor: PlanEditor,
        text: str,
        desk_ids: Sequence[int],
        before: dict[int, bool],
        value: bool,
    ) -> None:
        super().__init__(editor, text)
        self.desk_ids, self.before, self.value = tuple(desk_ids), before, value

    def redo(self) -> None:
        ids = [self.editor.current_id("desk", i) for i in self.desk_ids]
        self.editor.run(self, (set_out_of_service, (self.editor.floor_id, ids, self.value)))

    def undo(self) -> None:
        if self.isObsolete():
            return
        for value in (True, False):
            ids = [
                self.editor.current_id("desk", i) for i in self.desk_ids if self.before[i] is value
            ]
            if ids:
                self.editor.run(self, (set_out_of_service, (self.editor.floor_id, ids, value)))


class BackgroundCommand(PlanCommand):
    """Choosing, scaling or removing the scanned plan; undo puts the previous one back."""

    def __init__(
        self, editor: PlanEditor, text: str, before: Background | None, action: Call
    ) -> None:
        super().__init__(editor, text)
        self.before = before
        self.action = action
        self.after: Background | None = None
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:
            self.editor.run(self, self.action, on_done=self._remember)
        else:
            self.editor.run(self, (restore_background, (self.editor.floor_id, self.after)))

    def undo(self) -> None:
        if not self.isObsolete():
            self.editor.run(self, (restore_background, (self.editor.floor_id, self.before)))

    def _remember(self, edit: BackgroundEdit) -> None:
        self._done_once = True
        self.after = edit.background
