"""Every view renders to a PNG offscreen, at the requested size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.ui.main_window import VIEW_NAMES
from telecentre_desk.ui.screenshot import render_view
from telecentre_desk.ui.worker import ServiceRunner


@pytest.mark.parametrize("view_name", VIEW_NAMES)
def test_each_view_renders_to_a_1440_by_900_png(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    tmp_path: Path,
    view_name: str,
) -> None:
    out = render_view(centre_store, runner, manager, view_name, tmp_path / f"{view_name}.png")
    assert out == tmp_path / f"{view_name}.png"
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1440, 900)
    # Not a blank page: the navigation column is dark, the page light.
    assert image.pixelColor(20, 700).lightness() < 100
    assert image.pixelColor(1000, 450).lightness() > 200


def test_an_unknown_view_name_lists_the_choices(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="floorplan, checkin, schedule") as raised:
        render_view(centre_store, runner, manager, "kitchen", tmp_path / "x.png")
    assert "kitchen" in str(raised.value)
    assert not (tmp_path / "x.png").exists()


def test_a_view_the_role_cannot_open_is_refused(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, volunteer: Actor, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="invoices"):
        render_view(centre_store, runner, volunteer, "invoices", tmp_path / "x.png")
