"""Wiring the desktop application: paths, logging, language, Qt, the first screen."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from telecentre_desk.i18n import _, current_language
from telecentre_desk.paths import DataDirError, DataPaths, prepare_data_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from telecentre_desk.services.context import Actor
    from telecentre_desk.services.overview import CentreOverview
    from telecentre_desk.services.store import Store
    from telecentre_desk.ui.flow import DeskFlow
    from telecentre_desk.ui.worker import ServiceRunner

log = logging.getLogger("telecentre_desk.app")
_STARTED = time.perf_counter()
EXIT_CANNOT_OPEN = 1
EXIT_NO_DISPLAY = 3


def run_gui(options: argparse.Namespace) -> int:
    if not _display_available():
        print(_no_display_message(), file=sys.stderr)
        return EXIT_NO_DISPLAY
    # Start-up allocates tens of thousands of long-lived objects (modules, mappers,
    # Qt wrappers); the cyclic collector would scan them again and again for nothing.
    # It is switched back on, with those objects frozen, once the first screen shows.
    gc.disable()
    from telecentre_desk.services.auth import complete_sign_in, prepare_sign_in
    from telecentre_desk.services.overview import centre_overview
    from telecentre_desk.services.store import DatabaseFileError, open_store

    demo_dir = _make_demo() if options.demo else None
    try:
        try:
            paths = prepare_data_dir(demo_dir or options.data_dir)
            _start_logging(paths)
            store = open_store(paths)
        except (DataDirError, DatabaseFileError) as error:
            return _refuse_to_start(error, show_dialog=not options.no_crash_dialog)
        credentials = _credentials(options, demo=demo_dir is not None)
        if credentials is None:
            return _exec_qt(_qt_application(), store, None, paths, options)
        login, secret = credentials
        attempt = prepare_sign_in(store, login)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sign-in") as pool:
            # scrypt releases the GIL: checking the PIN overlaps Qt's start.
            verified = pool.submit(attempt.check, secret)
            application = _qt_application()
            secret_ok = verified.result()
        actor = complete_sign_in(store, attempt, secret_ok)
        return _exec_qt(application, store, (actor, centre_overview(store)), paths, options)
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _refuse_to_start(error: Exception, *, show_dialog: bool) -> int:
    """The centre cannot be opened: say why in the terminal and, for a desktop user, a dialog."""
    log.error("Cannot start: %s", error)
    print(error, file=sys.stderr)
    if show_dialog:
        from PySide6.QtWidgets import QMessageBox

        application = _qt_application()
        QMessageBox.critical(None, _("Telecentre Desk cannot open the centre"), str(error))
        del application
    return EXIT_CANNOT_OPEN


def _credentials(options: argparse.Namespace, *, demo: bool) -> tuple[str, str] | None:
    if demo:
        from telecentre_desk.services.demo import DEMO_ACCOUNTS

        return DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].pin
    if options.user and options.pin_stdin:
        return options.user, sys.stdin.readline().rstrip("\n")
    return None


def take_screenshot(options: argparse.Namespace) -> int:
    """``screenshot``: render one main view offscreen, as the centre's first manager.

    No PIN is asked: whoever can run this can read the database file anyway.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from telecentre_desk.domain.roles import Role
    from telecentre_desk.services.auth import users_for_sign_in
    from telecentre_desk.services.context import Actor
    from telecentre_desk.services.store import open_store

    demo_dir = _make_demo() if options.demo else None
    try:
        store = open_store(prepare_data_dir(demo_dir or options.data_dir))
        try:
            managers = [u for u in users_for_sign_in(store) if u.role is Role.MANAGER]
            if not managers:
                print(
                    _("This folder holds no centre yet. Create one with “demo --out DIR” first."),
                    file=sys.stderr,
                )
                return 1
            first = managers[0]
            application = _qt_application()  # kept referenced while rendering
            from telecentre_desk.ui.screenshot import render_view
            from telecentre_desk.ui.worker import ServiceRunner

            runner = ServiceRunner()
            try:
                actor = Actor(first.id, first.login, first.display_name, first.role)
                print(render_view(store, runner, actor, options.view, options.out))
            finally:
                runner.shutdown()
                del application
        finally:
            store.close()
        return 0
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _exec_qt(
    application: QApplication,
    store: Store,
    signed_in: tuple[Actor, CentreOverview] | None,
    paths: DataPaths,
    options: argparse.Namespace,
) -> int:
    from PySide6.QtCore import QTimer

    from telecentre_desk.ui.crash import install_crash_handler
    from telecentre_desk.ui.flow import DeskFlow
    from telecentre_desk.ui.worker import ServiceRunner

    install_crash_handler(paths.log_file, show_dialog=not options.no_crash_dialog)
    runner = ServiceRunner()
    actor, overview = signed_in if signed_in else (None, None)
    flow = DeskFlow(store, runner, actor, overview=overview)
    if options.quit_when_ready:
        _quit_when_ready(flow, runner, application)
    flow.start()
    QTimer.singleShot(0, _resume_garbage_collection)
    try:
        code = application.exec()
    finally:
        runner.shutdown()
        store.close()
    return int(code)


def _qt_application() -> QApplication:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    from telecentre_desk.ui.crash import route_qt_messages
    from telecentre_desk.ui.theme import apply_theme

    route_qt_messages()
    existing = QApplication.instance()
    application = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    application.setApplicationName("Telecentre Desk")
    application.setOrganizationName("telecentre-desk")
    language = current_language()
    QLocale.setDefault(
        QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English)
    )
    if language != "en":
        translator = QTranslator(application)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            application.installTranslator(translator)
        else:
            log.warning("Qt's own translations (qtbase_%s.qm) not found in %s", language, folder)
    apply_theme(application)
    return application


def _resume_garbage_collection() -> None:
    from telecentre_desk.ui import main_thread_gc

    gc.freeze()
    if not main_thread_gc.is_active():  # with a worker, the GUI thread collects on a timer
        gc.enable()


def _quit_when_ready(flow: DeskFlow, runner: ServiceRunner, application: QApplication) -> None:
    """Print the seconds from process start to a shown, idle main window, then quit."""
    from PySide6.QtCore import QTimer

    def check() -> None:
        if flow.main_window is not None and flow.main_window.isVisible() and not runner.pending():
            print(f"ready {time.perf_counter() - _STARTED:.3f}", flush=True)
            application.quit()
        else:
            QTimer.singleShot(5, check)

    flow.main_window_shown.connect(lambda *_args: QTimer.singleShot(0, check))


def _start_logging(paths: DataPaths) -> None:
    from telecentre_desk.logging_setup import configure_logging

    configure_logging(paths.log_file)
    log.info("Telecentre Desk starting on %s", paths.root)


def _make_demo() -> Path:
    from telecentre_desk.services.demo import default_demo_dir, generate_demo

    folder = default_demo_dir()
    generate_demo(prepare_data_dir(folder))
    return folder


def _display_available() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    )


def _no_display_message() -> str:
    return _(
        "No screen found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot "
        "open. On a desktop, start Telecentre Desk from the graphical session. Without a "
        "screen, use the command-line tools (telecentre-desk --help), or set "
        "QT_QPA_PLATFORM=offscreen to run the interface invisibly."
    )
