"""The schedule as the desk uses it: drag to book, drag to move (refused when taken, with
the conflict and the free slots), resize, cancel, a weekly series with a skipped date,
keyboard booking, the upcoming list, and the day and week views rendered to PNG."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_weekday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.domain.scheduling import BookingStatus, OrganiserKind
from telecentre_desk.i18n import PARIS
from telecentre_desk.services.booking_queries import BookingInfo, bookings_between, get_booking
from telecentre_desk.services.bookings import EditScope, book
from telecentre_desk.services.overview import centre_overview
from telecentre_desk.ui.schedule.booking_dialog import BookingDialog
from telecentre_desk.ui.schedule.layout import CalendarMode
from telecentre_desk.ui.views.schedule import ScheduleView
from telecentre_desk.ui.worker import ServiceRunner


@dataclass
class Desk:
    world: World
    runner: ServiceRunner
    view: ScheduleView
    day: date

    def settle(self) -> None:
        assert self.runner.wait_idle()

    def bookings(self) -> list[BookingInfo]:
        start = paris(self.day, 0)
        return bookings_between(self.world.store, start, start + timedelta(days=8))

    def point(self, room: int, hour: int, minute: int = 0, day: date | None = None) -> QPoint:
        return self.view.calendar.point_at(room, day or self.day, hour * 60 + minute).toPoint()


@pytest.fixture
def desk(world: World, qtbot: QtBot) -> Iterator[Desk]:
    runner = ServiceRunner()
    view = ScheduleView(runner=runner, store=world.store, actor=world.manager)
    qtbot.addWidget(view)
    view.resize(1300, 900)
    view.show()
    view.set_overview(centre_overview(world.store))
    day = next_weekday(1)
    desk = Desk(world, runner, view, day)
    view.calendar.set_now(paris(day, 11, 10))
    view.go_to(day)
    desk.settle()
    yield desk
    if view.dialog is not None:
        view.dialog.close()
    view.close()
    runner.shutdown()


def drag(qtbot: QtBot, widget: object, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 7):
        point = start + (end - start) * step / 6
        qtbot.mouseMove(widget, pos=QPoint(round(point.x()), round(point.y())))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def open_dialog(qtbot: QtBot, desk: Desk) -> BookingDialog:
    qtbot.waitUntil(lambda: desk.view.dialog is not None and desk.view.dialog.isVisible())
    assert desk.view.dialog is not None
    return desk.view.dialog


def fill_guest(qtbot: QtBot, dialog: BookingDialog, title: str) -> None:
    qtbot.mouseClick(dialog.organiser.kind_buttons[OrganiserKind.GUEST], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.organiser.guest_name, "Jeanne Martin")
    qtbot.keyClicks(dialog.organiser.guest_phone, "0612345678")
    qtbot.keyClicks(dialog.title, title)


def save_with_enter(qtbot: QtBot, desk: Desk, dialog: BookingDialog) -> None:
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog) or dialog.errors.isVisible(), timeout=10_000)
    desk.settle()


def closed(dialog: BookingDialog) -> bool:
    """Saved: the dialog closed itself (and may already be deleted)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def block_center(desk: Desk, booking_id: int) -> QPoint:
    rect = desk.view.calendar.block_rect(booking_id)
    assert rect is not None, "the booking is drawn"
    return rect.center().toPoint()


# -- booking with the mouse --------------------------------------------------------------------
def test_drag_over_free_time_books_it(qtbot: QtBot, desk: Desk) -> None:
    calendar = desk.view.calendar
    drag(qtbot, calendar, desk.point(desk.world.visio, 14, 5), desk.point(desk.world.visio, 15, 25))
    dialog = open_dialog(qtbot, desk)
    start, end = dialog.times()
    assert (start, end) == (paris(desk.day, 14), paris(desk.day, 15, 30))
    assert dialog.room.currentData() == desk.world.visio
    fill_guest(qtbot, dialog, "Point equipe")
    save_with_enter(qtbot, desk, dialog)
    (booking,) = desk.bookings()
    assert (booking.title, booking.starts_at, booking.ends_at) == (
        "Point equipe",
        paris(desk.day, 14),
        paris(desk.day, 15, 30),
    )
    assert booking.contact_phone == "06 12 34 56 78"
    assert calendar.block_rect(booking.id) is not None
    assert "Point equipe" in desk.view.status.text()


def test_bad_input_in_the_dialog_is_shown_and_nothing_is_stored(qtbot: QtBot, desk: Desk) -> None:
    desk.view.open_new(desk.world.visio, paris(desk.day, 14), paris(desk.day, 15))
    dialog = open_dialog(qtbot, desk)
    fill_guest(qtbot, dialog, "Trop de monde")
    dialog.attendees.setValue(9)  # the visio room holds 6
    save_with_enter(qtbot, desk, dialog)
    assert not closed(dialog) and dialog.errors.isVisible()
    assert "6" in dialog.errors.text()
    assert dialog.attendees.property("invalid") is True
    assert desk.bookings() == []


def test_dragging_onto_another_booking_is_refused_with_the_conflict_shown(
    qtbot: QtBot, desk: Desk
) -> None:
    world = desk.world
    morning = book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 9), paris(desk.day, 10), title="Matin"),
    ).booking
    afternoon = book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 14), paris(desk.day, 15), title="Apres-midi"),
    ).booking
    desk.view.reload()
    desk.settle()
    calendar = desk.view.calendar
    start = block_center(desk, morning.id)
    drag(
        qtbot,
        calendar,
        start,
        start + (desk.point(world.visio, 14, 15) - desk.point(world.visio, 9, 0)),
    )
    qtbot.waitUntil(lambda: desk.view.conflict.isVisible(), timeout=10_000)
    desk.settle()
    panel = desk.view.conflict
    assert "Apres-midi" in panel.message.text()
    assert panel.slot_buttons, "the nearest free slots are offered"
    assert get_booking(world.store, morning.id).booking.starts_at == paris(desk.day, 9)
    assert calendar.block_rect(afternoon.id) is not None
    # One click on a free slot moves the booking there.
    suggestion = panel.check.suggestions[0]  # type: ignore[union-attr]
    qtbot.mouseClick(panel.slot_buttons[0], Qt.MouseButton.LeftButton)
    desk.settle()
    assert get_booking(world.store, morning.id).booking.starts_at == suggestion.start
    assert not panel.isVisible()


def test_dragging_a_block_moves_it_to_another_room_and_time(qtbot: QtBot, desk: Desk) -> None:
    world = desk.world
    booking = book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 9), paris(desk.day, 10), title="Matin"),
    ).booking
    desk.view.reload()
    desk.settle()
    start = block_center(desk, booking.id)
    target = start + (desk.point(world.meeting, 11, 0) - desk.point(world.visio, 9, 0))
    drag(qtbot, desk.view.calendar, start, target)
    desk.settle()
    moved = get_booking(world.store, booking.id).booking
    assert (moved.room_id, moved.starts_at, moved.ends_at) == (
        world.meeting,
        paris(desk.day, 11),
        paris(desk.day, 12),
    )


def test_dragging_the_bottom_edge_resizes(qtbot: QtBot, desk: Desk) -> None:
    world = desk.world
    booking = book(
        world.store, world.manager, world.draft(paris(desk.day, 10), paris(desk.day, 11))
    ).booking
    desk.view.reload()
    desk.settle()
    rect = desk.view.calendar.block_rect(booking.id)
    assert rect is not None
    edge = QPoint(round(rect.center().x()), round(rect.bottom() - 2))
    drag(
        qtbot,
        desk.view.calendar,
        edge,
        edge + (desk.point(world.visio, 12, 30) - desk.point(world.visio, 11, 0)),
    )
    desk.settle()
    resized = get_booking(world.store, booking.id).booking
    assert (resized.starts_at, resized.ends_at) == (paris(desk.day, 10), paris(desk.day, 12, 30))


def test_select_then_delete_cancels_after_confirmation(qtbot: QtBot, desk: Desk) -> None:
    world = desk.world
    booking = book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 10), paris(desk.day, 11), title="A annuler"),
    ).booking
    desk.view.reload()
    desk.settle()
    asked: list[str] = []
    desk.view.confirm = lambda text: asked.append(text) or True
    qtbot.mouseClick(
        desk.view.calendar, Qt.MouseButton.LeftButton, pos=block_center(desk, booking.id)
    )
    assert desk.view.calendar.selected_booking() is not None
    qtbot.keyClick(desk.view.calendar, Qt.Key.Key_Delete)
    desk.settle()
    assert asked and "A annuler" in asked[0]
    assert get_booking(world.store, booking.id).booking.status is BookingStatus.CANCELLED
    assert "annul" in desk.view.status.text().lower() or "cancel" in desk.view.status.text().lower()


# -- series ------------------------------------------------------------------------------------
def test_a_weekly_series_with_one_date_skipped(qtbot: QtBot, desk: Desk) -> None:
    desk.view.open_new(desk.world.meeting, paris(desk.day, 16), paris(desk.day, 17))
    dialog = open_dialog(qtbot, desk)
    fill_guest(qtbot, dialog, "Atelier hebdo")
    editor = dialog.repeat
    editor.repeat.setCurrentIndex(1)  # every week
    editor.count.setValue(4)
    qtbot.mouseClick(editor.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.dates.count() == 4)
    second = editor.dates.item(1)
    skipped = second.data(Qt.ItemDataRole.UserRole)
    assert skipped == desk.day + timedelta(weeks=1)
    second.setCheckState(Qt.CheckState.Checked)  # the user ticks "skip" on the second date
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    desk.settle()
    start = paris(desk.day, 0)
    rows = [
        b
        for b in bookings_between(desk.world.store, start, start + timedelta(weeks=5))
        if b.title == "Atelier hebdo"
    ]
    assert [b.local_day for b in rows] == [
        desk.day,
        desk.day + timedelta(weeks=2),
        desk.day + timedelta(weeks=3),
    ]
    series = get_booking(desk.world.store, rows[0].id).series
    assert series is not None and series.exceptions == (skipped,)


def test_moving_an_occurrence_asks_which_ones(qtbot: QtBot, desk: Desk) -> None:
    from telecentre_desk.domain.recurrence import Recurrence
    from telecentre_desk.domain.scheduling import Frequency
    from telecentre_desk.services.booking_series import book_series

    world = desk.world
    rule = Recurrence(Frequency.WEEKLY, desk.day, time(9), time(10), count=3)
    series = book_series(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 9), paris(desk.day, 10), title="Hebdo"),
        rule,
    )
    desk.view.reload()
    desk.settle()
    asked: list[str] = []
    desk.view.choose_scope = lambda action: asked.append(action) or EditScope.FOLLOWING
    first = series.bookings[0]
    start = block_center(desk, first.id)
    drag(
        qtbot,
        desk.view.calendar,
        start,
        start + (desk.point(world.visio, 11, 0) - desk.point(world.visio, 9, 0)),
    )
    desk.settle()
    assert asked
    rows = bookings_between(
        world.store, paris(desk.day, 0), paris(desk.day, 0) + timedelta(weeks=3)
    )
    assert [b.starts_at.astimezone(PARIS).time() for b in rows] == [time(11)] * 3


# -- the keyboard ------------------------------------------------------------------------------
def test_booking_with_the_keyboard_only(qtbot: QtBot, desk: Desk) -> None:
    calendar = desk.view.calendar
    calendar.setFocus()
    qtbot.mouseClick(calendar, Qt.MouseButton.LeftButton, pos=desk.point(desk.world.visio, 13, 5))
    for _ in range(2):
        qtbot.keyClick(calendar, Qt.Key.Key_Down)  # 13:30
    qtbot.keyClick(calendar, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # 75 min
    qtbot.keyClick(calendar, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, desk)
    assert dialog.times() == (paris(desk.day, 13, 30), paris(desk.day, 14, 45))
    fill_guest(qtbot, dialog, "Au clavier")
    dialog.status.setFocus()
    qtbot.keyClick(dialog.status, Qt.Key.Key_Down)  # confirmed -> tentative
    save_with_enter(qtbot, desk, dialog)
    assert [(b.title, b.status) for b in desk.bookings()] == [
        ("Au clavier", BookingStatus.TENTATIVE)
    ]


def test_tab_goes_through_bookings_and_enter_opens_one(qtbot: QtBot, desk: Desk) -> None:
    world = desk.world
    ids = [
        book(
            world.store,
            world.manager,
            world.draft(paris(desk.day, h), paris(desk.day, h + 1), title=f"B{h}"),
        ).booking.id
        for h in (9, 14)
    ]
    desk.view.reload()
    desk.settle()
    calendar = desk.view.calendar
    calendar.setFocus()
    qtbot.keyClick(calendar, Qt.Key.Key_Tab)
    assert calendar.selected_booking() is not None
    assert calendar.selected_booking().id == ids[0]  # type: ignore[union-attr]
    qtbot.keyClick(calendar, Qt.Key.Key_Tab)
    assert calendar.selected_booking().id == ids[1]  # type: ignore[union-attr]
    qtbot.keyClick(calendar, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, desk)
    assert dialog.title.text() == "B14"
    assert dialog.cancel_booking_button.isVisible()


# -- lists, views and pictures -----------------------------------------------------------------
def test_the_upcoming_list_filters_and_opens_a_booking(qtbot: QtBot, desk: Desk) -> None:
    world = desk.world
    book(
        world.store,
        world.manager,
        world.draft(
            paris(desk.day, 9), paris(desk.day, 10), title="Teleconsultation", volunteer_help=True
        ),
    )
    book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 9), paris(desk.day, 10), room=world.meeting, title="Atelier"),
    )
    desk.view.tabs.setCurrentWidget(desk.view.upcoming)
    desk.settle()
    upcoming = desk.view.upcoming
    upcoming.days.setValue(60)
    desk.settle()
    assert upcoming.table.rowCount() == 2
    qtbot.mouseClick(upcoming.volunteer, Qt.MouseButton.LeftButton)
    desk.settle()
    assert upcoming.table.rowCount() == 1
    qtbot.mouseClick(upcoming.volunteer, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(upcoming.search, "atel")
    qtbot.waitUntil(
        lambda: upcoming.table.rowCount() == 1 and upcoming.table.item(0, 2).text() == "Atelier",
        timeout=5_000,
    )
    upcoming.table.setCurrentCell(0, 2)
    qtbot.keyClick(upcoming.table, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, desk)
    assert dialog.title.text() == "Atelier"


def test_day_and_week_views_render_with_their_blocks(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    world = desk.world
    book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 9), paris(desk.day, 10, 30), title="Matin"),
    )
    friday = desk.day + timedelta(days=3)
    book(
        world.store,
        world.manager,
        world.draft(paris(friday, 14), paris(friday, 15), room=world.meeting, title="Vendredi"),
    )
    desk.view.reload()
    desk.settle()
    day_png = tmp_path / "day.png"
    assert desk.view.grab().save(str(day_png))
    assert [c.room_name for c in desk.view.calendar.columns] == ["Salle visio", "Salle de réunion"]
    desk.view.set_mode(CalendarMode.WEEK)
    desk.settle()
    columns = desk.view.calendar.columns
    assert len(columns) == 10  # Monday to Friday, two rooms each: the closed weekend is left out
    assert all(c.day.weekday() < 5 for c in columns)
    titles = {b.title for b in desk.view.calendar.data.bookings}  # type: ignore[union-attr]
    assert titles == {"Matin", "Vendredi"}
    week_png = tmp_path / "week.png"
    assert desk.view.grab().save(str(week_png))
    assert day_png.stat().st_size > 10_000 and week_png.stat().st_size > 10_000
    desk.view.set_room_filter(world.meeting)
    desk.settle()
    assert {c.room_id for c in desk.view.calendar.columns} == {world.meeting}


def test_exports_write_the_day_sheet_door_card_and_ics(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    world = desk.world
    booking = book(
        world.store,
        world.manager,
        world.draft(paris(desk.day, 9), paris(desk.day, 10), title="Matin"),
    ).booking
    desk.view.reload()
    desk.settle()
    names = iter(["sheet.pdf", "door.pdf", "room.ics", "invite.ics"])
    desk.view.ask_path = lambda _title, _suggested: tmp_path / next(names)
    desk.view.export_day_sheet()
    desk.view.export_door_card()
    desk.view.export_room_feed()
    desk.view.calendar.select_booking(booking.id)
    desk.view.export_invitation()
    desk.settle()
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "door.pdf").read_bytes().startswith(b"%PDF")
    assert b"Matin" in (tmp_path / "room.ics").read_bytes()
    assert b"METHOD:REQUEST" in (tmp_path / "invite.ics").read_bytes()
    assert str(tmp_path) in desk.view.status.text()


def test_a_volunteer_has_no_rooms_and_closures_button(qtbot: QtBot, world: World) -> None:
    runner = ServiceRunner()
    view = ScheduleView(runner=runner, store=world.store, actor=world.volunteer)
    qtbot.addWidget(view)
    view.set_overview(centre_overview(world.store))
    assert runner.wait_idle()
    assert not view.settings_button.isVisibleTo(view)
    view.close()
    runner.shutdown()


def test_a_manager_changes_a_room_in_the_settings_dialog(qtbot: QtBot, desk: Desk) -> None:
    desk.view.open_settings()
    desk.settle()
    dialog = desk.view.settings_dialog
    assert dialog is not None
    dialog.room.setCurrentIndex(dialog.room.findData(desk.world.meeting))  # type: ignore[attr-defined]
    dialog.setup.setValue(20)  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_room, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    desk.settle()
    from telecentre_desk.services.booking_rooms import booking_rooms

    rooms = {room.id: room for room in booking_rooms(desk.world.store)}
    assert rooms[desk.world.meeting].setup_minutes == 20
    dialog.close()


def test_the_view_inside_the_main_window_finds_its_services(qtbot: QtBot, world: World) -> None:
    from telecentre_desk.ui.main_window import MainWindow

    runner = ServiceRunner()
    window = MainWindow(runner, world.store, world.receptionist)
    qtbot.addWidget(window)
    view = window.show_view("schedule")
    window.show()
    qtbot.waitUntil(view.is_settled, timeout=10_000)
    assert isinstance(view, ScheduleView)
    assert [c.room_name for c in view.calendar.columns] == ["Salle visio", "Salle de réunion"]
    QApplication.processEvents()
    window.close()
    runner.shutdown()
