"""Scheduling speed on 50,000 generated bookings, each figure against a bare baseline
measured in the same run (medians):

- conflict check: ``check_slot`` for a new booking (the room's settings, the opening
  hours, the closures, the overlapping bookings with their buffers), half of the
  slots free and half taken; the taken ones also with the nearest free slots and the
  other free rooms. Baseline: the bare overlap query with sqlite3 on the same file.
- week view: painting the calendar (CalendarWidget) of a week holding 500 bookings
  across 12 rooms at 1920x1080 into an image. Baseline: a bare QWidget painting 500
  rectangles with one line of text each, same size.
- series expansion: a two-year weekly series with ten skipped dates, into UTC
  occurrences (Recurrence.occurrences). Baseline: a bare ``dateutil.rrule`` list of
  the same dates.

Targets (issue 5): check <= 2 ms, week view <= 50 ms, expansion <= 20 ms (medians).
Usage: QT_QPA_PLATFORM=offscreen python bench/schedule.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dateutil import rrule
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import insert

from telecentre_desk.domain.kinds import Equipment, RoomKind
from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import BookingStatus, Frequency
from telecentre_desk.i18n import PARIS
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services.booking_conflicts import check_slot
from telecentre_desk.services.booking_queries import calendar_data
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import Booking, Floor, Room, RoomBookingSettings
from telecentre_desk.ui.schedule.calendar import CalendarWidget
from telecentre_desk.ui.schedule.layout import CalendarMode, week_start

BOOKINGS = 50_000
ROOMS = 12
VIEW_SIZE = (1920, 1080)
SLOTS = [(clock(h, 30), clock(h + 1, 15)) for h in range(8, 18)]  # ten a day per room


def build_centre(store: Store, rng: random.Random) -> tuple[list[int], date]:
    """12 bookable rooms and 50,000 bookings on working days around today."""
    create_centre(store, CentreProfile(name="Banc d'essai"), FirstManager("Bench", "bench", "1234"))
    with store.write() as session:
        floor = Floor(name="Rez-de-chaussée", level=0)
        floor.rooms = [
            Room(
                name=f"Salle {n + 1}",
                kind=RoomKind.VISIO_ROOM if n % 3 == 0 else RoomKind.MEETING_ROOM,
                capacity=12,
                equipment=[Equipment.SCREEN.value],
            )
            for n in range(ROOMS)
        ]
        session.add(floor)
        session.flush()
        rooms = [room.id for room in floor.rooms]
        for room_id in rooms:
            session.add(
                RoomBookingSettings(
                    room_id=room_id, bookable=True, setup_minutes=10, cleanup_minutes=5
                )
            )
    today = datetime.now(PARIS).date()
    days = [today - timedelta(days=365) + timedelta(days=n) for n in range(730)]
    days = [day for day in days if day.weekday() < 5]
    candidates = [(room, day, slot) for day in days for room in rooms for slot in SLOTS]
    chosen = rng.sample(candidates, BOOKINGS)
    now = datetime.now(UTC)
    rows = []
    for room, day, (start, end) in chosen:
        starts = datetime.combine(day, start, tzinfo=PARIS).astimezone(UTC)
        ends = datetime.combine(day, end, tzinfo=PARIS).astimezone(UTC)
        rows.append(
            {
                "room_id": room,
                "starts_at": starts,
                "ends_at": ends,
                "held_from": starts - timedelta(minutes=10),
                "held_until": ends + timedelta(minutes=5),
                "title": "Réunion",
                "status": BookingStatus.CONFIRMED,
                "contact_name": "Bench",
                "contact_email": "",
                "contact_phone": "",
                "attendees": 4,
                "equipment": [],
                "meeting_link": "",
                "volunteer_help": False,
                "note": "",
                "closed_override": "",
                "detached": False,
                "cancelled_late": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    with store.write() as session:
        session.execute(insert(Booking), rows)
    return rooms, today


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


# -- conflict check ----------------------------------------------------------------------------
def bench_conflicts(
    store: Store, database: Path, rooms: list[int], today: date, rng: random.Random, runs: int
) -> None:
    days = [
        today + timedelta(days=n) for n in range(1, 120) if (today + timedelta(n)).weekday() < 5
    ]
    probes = []
    for _ in range(runs):
        day, room = rng.choice(days), rng.choice(rooms)
        start = datetime.combine(
            day, clock(rng.randrange(8, 17), rng.choice((30, 45))), tzinfo=PARIS
        )
        probes.append((room, start, start + timedelta(minutes=45)))
    bare = sqlite3.connect(database)
    query = (
        "SELECT id FROM booking WHERE room_id = ? AND held_from < ? AND held_from > ? "
        "AND held_until > ? AND status IN ('tentative', 'confirmed', 'no_show')"
    )

    def bare_check(room: int, start: datetime, end: datetime) -> None:
        fmt = "%Y-%m-%d %H:%M:%S.%f"
        s, e = start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)
        bare.execute(
            query, (room, e.strftime(fmt), (s - timedelta(days=15)).strftime(fmt), s.strftime(fmt))
        ).fetchall()

    app_times, bare_times, taken, suggest_times = [], [], 0, []
    for room, start, end in probes:  # alternate: same conditions for both
        t0 = time.perf_counter()
        result = check_slot(store, room, start, end, suggest=False)
        t1 = time.perf_counter()
        bare_check(room, start, end)
        t2 = time.perf_counter()
        app_times.append(t1 - t0)
        bare_times.append(t2 - t1)
        if not result.free:
            taken += 1
            t3 = time.perf_counter()
            check_slot(store, room, start, end, suggest=True)
            suggest_times.append(time.perf_counter() - t3)
    bare.close()
    print(f"conflict check, {len(probes)} new bookings ({taken} taken), 50,000 in the database:")
    print(f"  check_slot             median {median_ms(app_times):6.2f} ms   (target <= 2 ms)")
    print(f"  bare sqlite3 query     median {median_ms(bare_times):6.2f} ms")
    if suggest_times:
        print(
            f"  taken: with free slots median {median_ms(suggest_times):6.2f} ms "
            "(nearest slots and other rooms)"
        )


# -- week view ------------------------------------------------------------------------------------
class BareWeek(QWidget):
    """500 rectangles with a line of text: the least a week view has to paint."""

    def __init__(self, boxes: list[QRectF]) -> None:
        super().__init__()
        self.boxes = boxes

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setBrush(QColor("#dbe8f6"))
        for box in self.boxes:
            painter.drawRect(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignTop, "10:30–11:15 Réunion")
        painter.end()


def bench_week(store: Store, today: date, runs: int) -> None:
    weeks = [week_start(today + timedelta(weeks=n)) for n in range(1, 9)]
    monday = max(weeks, key=lambda first: len(calendar_data(store, first, 7).bookings))
    load_times = timed(lambda: calendar_data(store, monday, 7), 5)
    data = calendar_data(store, monday, 7)
    shown = len(data.bookings)
    widget = CalendarWidget()
    widget.resize(*VIEW_SIZE)
    widget.set_data(data, CalendarMode.WEEK, monday)
    image = QImage(*VIEW_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    boxes = []
    for index in range(shown):
        column, row = index % 60, index // 60
        boxes.append(QRectF(62 + column * 30, 66 + row * 100, 28, 90))
    bare = BareWeek(boxes)
    bare.resize(*VIEW_SIZE)
    app_times, bare_times = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        widget.render(image)
        t1 = time.perf_counter()
        bare.render(image)
        t2 = time.perf_counter()
        app_times.append(t1 - t0)
        bare_times.append(t2 - t1)
    print(
        f"week view, {shown} bookings across {len(data.rooms)} rooms, "
        f"{VIEW_SIZE[0]}x{VIEW_SIZE[1]}:"
    )
    print(f"  CalendarWidget paint   median {median_ms(app_times):6.2f} ms   (target <= 50 ms)")
    print(f"  bare 500 rects + text  median {median_ms(bare_times):6.2f} ms")
    print(
        f"  loading the week (calendar_data) median {median_ms(load_times):6.2f} ms (worker thread)"
    )


# -- series expansion ------------------------------------------------------------------------------
def bench_series(runs: int) -> None:
    first = datetime.now(PARIS).date()
    rule = Recurrence(
        Frequency.WEEKLY, first, clock(9), clock(10), until=first + timedelta(days=2 * 365)
    )
    dates = rule.dates()
    skipped = set(dates[5:105:10])
    app_times = timed(lambda: rule.occurrences(exceptions=skipped), runs)

    def bare() -> list[datetime]:
        start = datetime.combine(first, clock(9))
        until = datetime.combine(first + timedelta(days=2 * 365), clock(9))
        return list(rrule.rrule(rrule.WEEKLY, dtstart=start, until=until))

    bare_times = timed(bare, runs)
    count = len(rule.occurrences(exceptions=skipped))
    print(
        f"series expansion, two years weekly ({len(dates)} dates, {len(skipped)} skipped, "
        f"{count} occurrences):"
    )
    print(f"  Recurrence.occurrences median {median_ms(app_times):6.2f} ms   (target <= 20 ms)")
    print(f"  bare dateutil rrule    median {median_ms(bare_times):6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    options = parser.parse_args()
    application = QApplication.instance() or QApplication([])
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as folder:
        paths = prepare_data_dir(Path(folder))
        store = open_store(paths)
        try:
            started = time.perf_counter()
            rooms, today = build_centre(store, rng)
            print(
                f"generated {BOOKINGS:,} bookings in {ROOMS} rooms "
                f"({time.perf_counter() - started:.1f} s)\n"
            )
            bench_conflicts(store, paths.database, rooms, today, rng, options.runs)
            print()
            bench_week(store, today, max(20, options.runs // 10))
            print()
            bench_series(options.runs)
        finally:
            store.close()
    del application


if __name__ == "__main__":
    main()
