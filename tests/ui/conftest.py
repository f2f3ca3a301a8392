"""Fixtures for the interface tests: a database on tmp_path, a runner, a centre with accounts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from telecentre_desk.domain.roles import Role
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services.auth import create_user, sign_in
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.worker import ServiceRunner

CENTRE_NAME = "Tiers-lieu de la Brie"
VALID_SIRET = "73282932000074"
INVALID_SIRET = "12345678901234"
MANAGER = ("marie", "Marie Dupont", "1234")
RECEPTIONIST = ("karim", "Karim Benali", "2345")
VOLUNTEER = ("jeanne", "Jeanne Martin", "3456")


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def log_records() -> Iterator[Callable[[str], list[logging.LogRecord]]]:
    """``records = log_records("telecentre_desk.crash")``: what that logger emits from now.

    caplog alone is not enough here: the application's logging setup stops
    ``telecentre_desk`` records at its own handlers (propagate=False), and a library
    calling ``logging.config.dictConfig`` in the same process (import-linter does)
    disables the loggers that already exist.
    """
    attached: list[tuple[logging.Logger, _ListHandler, int, bool]] = []

    def capture(name: str) -> list[logging.LogRecord]:
        logger = logging.getLogger(name)
        handler = _ListHandler()
        attached.append((logger, handler, logger.level, logger.disabled))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        return handler.records

    yield capture
    for logger, handler, level, disabled in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    handle = open_store(prepare_data_dir(tmp_path / "data"))
    yield handle
    handle.close()


@pytest.fixture
def runner(qapp: object, store: Store) -> Iterator[ServiceRunner]:
    # Depends on ``store`` so that the worker stops before the database closes.
    service_runner = ServiceRunner()
    yield service_runner
    service_runner.shutdown()


@pytest.fixture
def centre_store(store: Store) -> Store:
    """A centre set up through the services: a manager, a receptionist and a volunteer."""
    login, name, pin = MANAGER
    manager = create_centre(
        store,
        CentreProfile(
            name=CENTRE_NAME,
            legal_form="Association loi 1901",
            postal_code="77540",
            city="Rozay-en-Brie",
            siret=VALID_SIRET,
        ),
        FirstManager(name, login, pin),
    )
    for (user_login, user_name, user_pin), role in (
        (RECEPTIONIST, Role.RECEPTIONIST),
        (VOLUNTEER, Role.VOLUNTEER),
    ):
        create_user(store, manager, user_login, user_name, role, user_pin)
    return store


def _actor(store: Store, account: tuple[str, str, str]) -> Actor:
    login, _name, pin = account
    return sign_in(store, login, pin)


@pytest.fixture
def manager(centre_store: Store) -> Actor:
    return _actor(centre_store, MANAGER)


@pytest.fixture
def receptionist(centre_store: Store) -> Actor:
    return _actor(centre_store, RECEPTIONIST)


@pytest.fixture
def volunteer(centre_store: Store) -> Actor:
    return _actor(centre_store, VOLUNTEER)


@pytest.fixture
def make_flow(store: Store, runner: ServiceRunner) -> Iterator[Callable[..., DeskFlow]]:
    """Start a DeskFlow; every screen it showed is closed at the end of the test."""
    flows: list[DeskFlow] = []
    screens: list[QWidget] = []

    def start(actor: Actor | None = None) -> DeskFlow:
        flow = DeskFlow(store, runner, actor)
        flow.screen_changed.connect(screens.append)
        flows.append(flow)
        flow.start()
        return flow

    yield start
    import shiboken6

    for screen in screens:
        if shiboken6.isValid(screen):
            screen.close()
    runner.wait_idle()
