"""The "Tariffs" settings page, used as a manager would: the catalogue and the usage rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTimeEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from presence_world import World, new_centre, populate
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services import offers
from telecentre_desk.services.context import Actor
from telecentre_desk.services.overview import centre_overview
from telecentre_desk.services.store import Store
from telecentre_desk.storage.offer_models import Tariff
from telecentre_desk.ui.offers.tariff_form import TariffDialog
from telecentre_desk.ui.settings.tariffs import TariffsPage
from telecentre_desk.ui.views.settings import SettingsView
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = "/tmp/shots-offers-ui"


@pytest.fixture
def world(store: Store) -> World:
    manager, _receptionist, _volunteer = new_centre(store)
    return populate(store, manager)


def open_page(qtbot: QtBot, runner: ServiceRunner, store: Store, actor: Actor) -> TariffsPage:
    view = SettingsView(runner=runner, store=store, actor=actor)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.set_overview(centre_overview(store))
    page = view.show_page(_("Tariffs"))
    assert isinstance(page, TariffsPage)
    assert runner.wait_idle()
    return page


@pytest.fixture
def page(qtbot: QtBot, runner: ServiceRunner, store: Store, world: World) -> Iterator[TariffsPage]:
    yield open_page(qtbot, runner, store, world.manager)
    runner.wait_idle()


def count_tariffs(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Tariff)) or 0


def new_tariff_dialog(qtbot: QtBot, page: TariffsPage) -> TariffDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TariffDialog) and dialog.isVisible()
    return dialog


def test_the_catalogue_lists_every_tariff_with_its_prices(page: TariffsPage) -> None:
    assert page.names() == [
        "Heure",
        "Demi-journée",
        "Journée",
        "Carnet de 10 demi-journées",
        "Abonnement poste flexible",
        "Abonnement poste fixe",
    ]
    carnet_row = 3
    texts = [page.table.item(carnet_row, column).text() for column in range(6)]
    assert texts[1].startswith(TariffKind.CARNET.label)
    assert "85" in texts[2] and "100" in texts[3]
    assert texts[1].endswith(
        ", ".join(
            (
                ngettext("{count} half-day", "{count} half-days", 10).format(count=10),
                ngettext("valid {count} day", "valid {count} days", 365).format(count=365),
            )
        )
    )
    page.grab().save(f"{SHOTS}/tariffs-page.png")


def test_a_bad_price_gets_a_message_and_nothing_is_saved(
    qtbot: QtBot, runner: ServiceRunner, store: Store, page: TariffsPage
) -> None:
    before = count_tariffs(store)
    dialog = new_tariff_dialog(qtbot, page)
    qtbot.keyClicks(dialog.form.line("name"), "Soiree")
    qtbot.keyClicks(dialog.form.line("member_price"), "douze")
    qtbot.keyClicks(dialog.form.line("non_member_price"), "-3")
    qtbot.keyClick(dialog.form.line("non_member_price"), Qt.Key.Key_Return)  # Enter saves
    runner.wait_idle()
    assert dialog.isVisible()
    assert "12.50" in dialog.problem_text("member_price")
    assert "12.50" in dialog.problem_text("non_member_price")  # refused by the service
    assert count_tariffs(store) == before
    assert not dialog.form.line("units").isVisible()  # an hour has no carnet units
    dialog.grab().save(f"{SHOTS}/tariff-form-error.png")
    # Corrected, it saves with the decimal comma and appears in the list, selected.
    dialog.form.line("member_price").clear()
    qtbot.keyClicks(dialog.form.line("member_price"), "12,50")
    dialog.form.line("non_member_price").clear()
    qtbot.keyClicks(dialog.form.line("non_member_price"), "15")
    qtbot.keyClick(dialog.form.line("non_member_price"), Qt.Key.Key_Return)
    runner.wait_idle()
    assert not dialog.isVisible()
    assert count_tariffs(store) == before + 1
    assert page.names()[-1] == "Soiree"
    assert page.selected() is not None and page.selected().member_price == Decimal("12.50")  # type: ignore[union-attr]
    assert "Soiree" in page.feedback.text()


def test_escape_closes_the_form_without_saving(
    qtbot: QtBot, runner: ServiceRunner, store: Store, page: TariffsPage
) -> None:
    before = count_tariffs(store)
    dialog = new_tariff_dialog(qtbot, page)
    qtbot.keyClicks(dialog.form.line("name"), "Brouillon")
    qtbot.keyClick(dialog.form.line("name"), Qt.Key.Key_Escape)
    runner.wait_idle()
    assert not dialog.isVisible()
    assert count_tariffs(store) == before


def test_editing_a_carnet_and_stopping_to_offer_a_tariff(
    qtbot: QtBot, runner: ServiceRunner, store: Store, world: World, page: TariffsPage
) -> None:
    page.table.setFocus()
    page.select(world.tariffs[TariffKind.CARNET])
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the selected tariff
    dialog = page.dialog
    assert isinstance(dialog, TariffDialog) and dialog.isVisible()
    assert dialog.form.line("units").isVisible()
    dialog.form.line("units").clear()
    qtbot.keyClicks(dialog.form.line("units"), "5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    carnet = next(t for t in offers.list_tariffs(store) if t.kind is TariffKind.CARNET)
    assert carnet.units == 5
    assert ngettext("{count} half-day", "{count} half-days", 5).format(count=5) in (
        page.table.item(3, 1).text()
    )

    page.select(world.tariffs[TariffKind.HOUR])
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert world.tariffs[TariffKind.HOUR] not in [t.id for t in offers.list_tariffs(store)]
    assert page.table.item(0, 5).text() == _("No")
    assert page.active_button.text() == _("&Offer it again")


def test_the_half_day_limit_is_a_centre_setting_checked_before_saving(
    qtbot: QtBot, runner: ServiceRunner, store: Store, page: TariffsPage
) -> None:
    assert page.half_day_up_to.time().toString("H:mm") == "4:30"
    edit = page.half_day_up_to
    edit.setFocus()
    edit.setCurrentSection(QTimeEdit.Section.HourSection)
    for _step in range(4):  # the arrow keys, hour by hour: 0:30
        qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.time().toString("H:mm") == "0:30"
    qtbot.mouseClick(page.rules_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert not page.rules_error.isHidden()
    assert offers.usage_rules(store).half_day_up_to == timedelta(hours=4, minutes=30)
    edit.setCurrentSection(QTimeEdit.Section.HourSection)
    for _step in range(5):
        qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.mouseClick(page.rules_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert page.rules_error.isHidden()
    assert offers.usage_rules(store).half_day_up_to == timedelta(hours=5, minutes=30)


def test_the_page_is_for_managers_only(
    qtbot: QtBot, runner: ServiceRunner, store: Store, world: World
) -> None:
    _manager, receptionist, _volunteer = (world.manager, *offers_actors(store))
    view = SettingsView(runner=runner, store=store, actor=receptionist)
    qtbot.addWidget(view)
    view.set_overview(centre_overview(store))
    assert view.show_page(_("Tariffs")) is None


def offers_actors(store: Store) -> tuple[Actor, Actor]:
    from telecentre_desk.services.auth import sign_in

    return sign_in(store, "karim", "2345"), sign_in(store, "jeanne", "3456")
