"""The opening hours as a manager edits them in Settings (by keyboard), the days the
centre is closed listed below, and the calendar shading the closed time of each day
(before opening, the lunch break, after closing, closures), rendered to PNG."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_weekday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.domain.opening_hours import default_opening_hours, weekday_name
from telecentre_desk.i18n import _
from telecentre_desk.services.booking_rooms import add_closure
from telecentre_desk.services.bookings import BookingConflict, book
from telecentre_desk.services.opening_hours_settings import opening_hours, set_opening_hours
from telecentre_desk.services.overview import centre_overview
from telecentre_desk.ui.schedule.layout import CalendarMode
from telecentre_desk.ui.schedule.settings_dialog import BookingSettingsDialog
from telecentre_desk.ui.settings.opening_hours import OpeningHoursPage
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.views.schedule import ScheduleView
from telecentre_desk.ui.views.settings import SettingsView
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-hours"))
WEDNESDAY = 2


@dataclass
class Page:
    world: World
    runner: ServiceRunner
    view: SettingsView
    page: OpeningHoursPage

    def settle(self) -> None:
        assert self.runner.wait_idle()


@pytest.fixture
def runner(qapp: object, world: World) -> Iterator[ServiceRunner]:
    # The booking world's store, not the bare one of the shared fixture.
    service_runner = ServiceRunner()
    yield service_runner
    service_runner.shutdown()


@pytest.fixture
def hours_page(world: World, runner: ServiceRunner, qtbot: QtBot) -> Iterator[Page]:
    view = SettingsView(runner=runner, store=world.store, actor=world.manager)
    apply_theme(view)  # as in the application, for the screenshots
    qtbot.addWidget(view)
    view.resize(1200, 1000)
    view.show()
    view.activateWindow()
    qtbot.waitActive(view)
    view.set_overview(centre_overview(world.store))
    page = view.show_page(_("Opening hours"))
    assert isinstance(page, OpeningHoursPage)
    assert runner.wait_idle()
    yield Page(world, runner, view, page)
    dialog = page.settings_dialog
    if dialog is not None and shiboken6.isValid(dialog):
        dialog.close()
    assert runner.wait_idle()


def _typed(qtbot: QtBot, text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)


def _tab(qtbot: QtBot) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def test_a_manager_sees_the_week_as_stored(hours_page: Page) -> None:
    rows = hours_page.page.rows
    assert [row.name.text() for row in rows] == [weekday_name(day) for day in range(7)]
    assert [row.closed.isChecked() for row in rows] == [False] * 5 + [True] * 2
    assert rows[0].opens.time().toString("HH:mm") == "08:30"
    assert rows[0].closes.time().toString("HH:mm") == "18:30"
    assert not rows[0].lunch.isChecked() and not rows[0].lunch_from.isEnabled()
    assert not rows[6].opens.isEnabled()  # a closed day's times wait


def test_a_lunch_break_and_an_earlier_wednesday_typed_then_saved_with_enter(
    hours_page: Page, qtbot: QtBot
) -> None:
    wednesday = hours_page.page.rows[WEDNESDAY]
    wednesday.closed.setFocus()
    assert _tab(qtbot) is wednesday.opens
    _typed(qtbot, "0900")
    assert _tab(qtbot) is wednesday.lunch
    qtbot.keyClick(wednesday.lunch, Qt.Key.Key_Space)
    assert wednesday.lunch_from.isEnabled()
    assert _tab(qtbot) is wednesday.lunch_from
    _typed(qtbot, "1200")
    assert _tab(qtbot) is wednesday.lunch_to
    _typed(qtbot, "1400")
    assert _tab(qtbot) is wednesday.closes
    _typed(qtbot, "1730")
    qtbot.keyClick(wednesday.closes, Qt.Key.Key_Return)
    hours_page.settle()
    assert hours_page.page.message.text().startswith("Horaires enregistrés.")
    stored = opening_hours(hours_page.world.store).week
    assert stored[WEDNESDAY] == ((time(9), time(12)), (time(14), time(17, 30)))
    assert stored[1] == ((time(8, 30), time(18, 30)),)  # the other days unchanged
    assert wednesday.lunch.isChecked()  # the page shows what is stored
    SHOTS.mkdir(parents=True, exist_ok=True)
    hours_page.view.grab().save(str(SHOTS / "settings-opening-hours.png"))


def test_wednesday_closing_at_noon_refuses_a_wednesday_afternoon_booking(
    hours_page: Page, qtbot: QtBot
) -> None:
    wednesday = hours_page.page.rows[WEDNESDAY]
    wednesday.closes.setFocus()
    _typed(qtbot, "1200")
    qtbot.mouseClick(hours_page.page.save, Qt.MouseButton.LeftButton)
    hours_page.settle()
    world = hours_page.world
    day = next_weekday(WEDNESDAY)
    with pytest.raises(BookingConflict, match=r"opening hours|heures d.ouverture"):
        book(world.store, world.receptionist, world.draft(paris(day, 14), paris(day, 15)))


def test_a_closing_before_opening_is_explained_on_its_row_and_nothing_is_saved(
    hours_page: Page, qtbot: QtBot
) -> None:
    before = opening_hours(hours_page.world.store).week
    wednesday = hours_page.page.rows[WEDNESDAY]
    wednesday.closes.setFocus()
    _typed(qtbot, "0700")
    qtbot.keyClick(wednesday.closes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    hours_page.settle()
    assert wednesday.problem.isVisible()
    assert wednesday.problem.text().startswith(weekday_name(WEDNESDAY))
    assert wednesday.closes.property("invalid") == "true"
    assert not hours_page.page.rows[1].problem.isVisible()
    assert hours_page.page.message.text() == _("Nothing was saved: correct the days in red.")
    assert opening_hours(hours_page.world.store).week == before
    SHOTS.mkdir(parents=True, exist_ok=True)
    hours_page.view.grab().save(str(SHOTS / "settings-opening-hours-refused.png"))


def test_a_week_closed_every_day_is_refused(hours_page: Page, qtbot: QtBot) -> None:
    before = opening_hours(hours_page.world.store).week
    for row in hours_page.page.rows:
        if not row.closed.isChecked():
            qtbot.mouseClick(row.closed, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(hours_page.page.save, Qt.MouseButton.LeftButton)
    hours_page.settle()
    assert hours_page.page.message.text() == _(
        "The centre must be open at least one day a week. To close it for a while, "
        "add a closure instead."
    )
    assert opening_hours(hours_page.world.store).week == before


def test_holidays_and_closures_are_listed_and_closures_open_their_editor(
    hours_page: Page, qtbot: QtBot
) -> None:
    world = hours_page.world
    info = opening_hours(world.store)
    page = hours_page.page
    assert page.holidays.count() == len(info.holidays) > 5
    assert info.holidays[0].name in page.holidays.item(0).text()
    assert page.closures.item(0).text() == _("No closure planned.")
    qtbot.mouseClick(page.edit_closures, Qt.MouseButton.LeftButton)
    dialog = page.settings_dialog
    assert isinstance(dialog, BookingSettingsDialog) and dialog.isVisible()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == _("Closures")
    hours_page.settle()
    day = next_weekday(3)
    add_closure(world.store, world.manager, paris(day, 0), paris(day, 23, 59), "Inventaire")
    dialog.close()
    hours_page.settle()
    assert "Inventaire" in page.closures.item(0).text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    hours_page.view.grab().save(str(SHOTS / "settings-closures-listed.png"))


def test_a_receptionist_has_no_opening_hours_tab(
    world: World, runner: ServiceRunner, qtbot: QtBot
) -> None:
    view = SettingsView(runner=runner, store=world.store, actor=world.receptionist)
    qtbot.addWidget(view)
    view.set_overview(centre_overview(world.store))
    assert view.show_page(_("Opening hours")) is None


# -- the calendar ------------------------------------------------------------------------------
def test_the_week_view_shades_the_lunch_break_before_opening_after_closing_and_closures(
    world: World, runner: ServiceRunner, qtbot: QtBot
) -> None:
    hours = default_opening_hours()
    hours[WEDNESDAY] = [(time(8, 30), time(12, 0)), (time(13, 30), time(18, 30))]
    set_opening_hours(world.store, world.manager, hours)
    wednesday = next_weekday(WEDNESDAY)
    thursday = wednesday + timedelta(days=1)
    add_closure(world.store, world.manager, paris(thursday, 14), paris(thursday, 16), "Travaux")
    book(world.store, world.manager, world.draft(paris(wednesday, 10), paris(wednesday, 11, 30)))
    book(world.store, world.manager, world.draft(paris(wednesday, 14), paris(wednesday, 15)))
    view = ScheduleView(runner=runner, store=world.store, actor=world.manager)
    apply_theme(view)
    qtbot.addWidget(view)
    view.resize(1500, 900)
    view.show()
    view.set_overview(centre_overview(world.store))
    view.calendar.set_now(paris(wednesday, 9, 40))
    view.set_mode(CalendarMode.WEEK)
    view.go_to(wednesday)
    assert runner.wait_idle()
    calendar = view.calendar
    visio = {column.day: column for column in calendar.columns if column.room_id == world.visio}
    first, last = 8 * 60, 19 * 60  # the axis: from 08:00 to 19:00
    lunch_day = calendar.closed_intervals(visio[wednesday])
    assert lunch_day == [(first, 510), (720, 810), (1110, last)]
    plain_day = calendar.closed_intervals(visio[wednesday - timedelta(days=1)])
    assert plain_day == [(first, 510), (1110, last)]
    assert calendar.closed_intervals(visio[thursday]) == [(first, 510), (840, 960), (1110, last)]
    # The bookings sit in the open parts: the shading is drawn under and apart from them.
    lunch_top = calendar.point_at(world.visio, wednesday, 720).y()
    lunch_bottom = calendar.point_at(world.visio, wednesday, 810).y()
    for booking in calendar.data.bookings if calendar.data else ():
        rect = calendar.block_rect(booking.id)
        assert rect is not None
        assert rect.bottom() <= lunch_top or rect.top() >= lunch_bottom
    image = calendar.grab().toImage()
    lunch = calendar.point_at(world.visio, wednesday, 765).toPoint()
    open_time = calendar.point_at(world.visio, wednesday, 16 * 60 + 45).toPoint()
    assert image.pixelColor(lunch) != image.pixelColor(open_time)
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "week-lunch-break.png"))
    view.set_mode(CalendarMode.DAY)
    view.go_to(wednesday)
    assert runner.wait_idle()
    view.grab().save(str(SHOTS / "day-lunch-break.png"))
    assert calendar.closed_intervals(calendar.columns[0])[1] == (720, 810)


def test_saving_the_hours_reloads_an_open_calendar_with_the_new_lunch_break(
    hours_page: Page, qtbot: QtBot
) -> None:
    world, runner = hours_page.world, hours_page.runner
    schedule = ScheduleView(runner=runner, store=world.store, actor=world.manager)
    qtbot.addWidget(schedule)
    schedule.resize(1300, 800)
    schedule.set_overview(centre_overview(world.store))
    wednesday = next_weekday(WEDNESDAY)
    schedule.set_mode(CalendarMode.WEEK)
    schedule.go_to(wednesday)
    hours_page.settle()
    column = next(c for c in schedule.calendar.columns if c.day == wednesday)
    assert (720, 810) not in schedule.calendar.closed_intervals(column)

    row = hours_page.page.rows[WEDNESDAY]
    qtbot.mouseClick(row.lunch, Qt.MouseButton.LeftButton)  # 12:00 to 13:30 by default
    qtbot.mouseClick(hours_page.page.save, Qt.MouseButton.LeftButton)
    hours_page.settle()
    assert (720, 810) in schedule.calendar.closed_intervals(column)
