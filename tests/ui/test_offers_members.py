"""Contract prices in the organisation form, and a member's carnets and subscriptions in
the member form: used with the keyboard and the mouse, as the front desk would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from presence_world import World, new_centre, populate
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import format_money
from telecentre_desk.services import offers
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk
from telecentre_desk.storage.offer_models import Carnet, ContractPrice, Subscription
from telecentre_desk.ui.members.member_form import MemberDialog
from telecentre_desk.ui.members.organisation_form import OrganisationDialog
from telecentre_desk.ui.offers.member_offers import MemberOffers
from telecentre_desk.ui.offers.offer_dialogs import (
    EndSubscriptionDialog,
    SellCarnetDialog,
    SubscribeDialog,
)
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = "/tmp/shots-offers-ui"


@pytest.fixture
def world(store: Store) -> World:
    manager, _receptionist, _volunteer = new_centre(store)
    return populate(store, manager)


@pytest.fixture
def receptionist(world: World) -> Actor:
    return sign_in(world.store, "karim", "2345")


def rows(store: Store, model: type) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def open_organisation(
    qtbot: QtBot, runner: ServiceRunner, world: World, actor: Actor
) -> OrganisationDialog:
    dialog = OrganisationDialog(runner, world.store, actor, world.organisation_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert runner.wait_idle()
    return dialog


def open_member(
    qtbot: QtBot, runner: ServiceRunner, world: World, actor: Actor, key: str
) -> tuple[MemberDialog, MemberOffers]:
    dialog = MemberDialog(runner, world.store, actor, world.member(key))
    qtbot.addWidget(dialog)
    dialog.show()
    assert runner.wait_idle()
    assert dialog.offers is not None
    return dialog, dialog.offers


def test_a_contract_price_is_set_in_the_organisation_form_and_used_when_selling(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    dialog = open_organisation(qtbot, runner, world, world.manager)
    contract = dialog.contract
    assert "yes" in contract.pays_label.text().lower() or "oui" in contract.pays_label.text()
    assert contract.contract() == {"Journée": Decimal("14.00")}
    # A bad price: a message, nothing stored.
    contract.choose_tariff(world.tariffs[TariffKind.CARNET])
    qtbot.keyClicks(contract.price_field, "beaucoup")
    qtbot.keyClick(contract.price_field, Qt.Key.Key_Return)
    runner.wait_idle()
    assert contract.feedback.outcome() == "problem"
    assert rows(world.store, ContractPrice) == 1
    # A good one, with Enter in the price field: set, and the form stays open.
    contract.price_field.clear()
    qtbot.keyClicks(contract.price_field, "70,00")
    qtbot.keyClick(contract.price_field, Qt.Key.Key_Return)
    runner.wait_idle()
    assert dialog.isVisible()
    assert contract.contract()["Carnet de 10 demi-journées"] == Decimal("70.00")
    assert contract.feedback.outcome() == "done"
    QApplication.sendPostedEvents()  # the layout fits the longer table before the shot
    dialog.grab().save(f"{SHOTS}/organisation-contract.png")
    contract.grab().save(f"{SHOTS}/organisation-contract-card.png")
    # Unticking "pays for its members" says at once that the prices no longer apply.
    dialog.form.check("pays_for_members").setChecked(False)
    assert contract.pays_label.property("role") == "error"
    dialog.reject()

    # Marc is billed to the organisation: his carnet costs the contract price.
    _form, member_offers = open_member(qtbot, runner, world, receptionist, "marc")
    qtbot.mouseClick(member_offers.sell_button, Qt.MouseButton.LeftButton)
    sell = member_offers.dialog
    assert isinstance(sell, SellCarnetDialog)
    runner.wait_idle()
    assert format_money(Decimal("70.00")) in sell.price_label.text()
    assert "Logiciels de la Brie SAS" in sell.price_label.text()
    sell.grab().save(f"{SHOTS}/sell-carnet.png")
    qtbot.keyClick(sell.tariff_combo(), Qt.Key.Key_Return)  # Enter sells
    runner.wait_idle()
    assert not sell.isVisible()
    (carnet,) = offers.member_carnets(world.store, world.member("marc"))
    assert carnet.price == Decimal("70.00")
    assert carnet.payer_organisation_id == world.organisation_id
    assert member_offers.carnets.item(0, 1).text().startswith("10")
    assert "10" in member_offers.balance_label.text()


def test_a_receptionist_sees_contract_prices_but_cannot_change_them(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    dialog = open_organisation(qtbot, runner, world, receptionist)
    assert dialog.contract.contract() == {"Journée": Decimal("14.00")}
    assert not dialog.contract.editor.isVisible()


def test_selling_a_carnet_at_the_member_price_shows_the_balance(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    _form, member_offers = open_member(qtbot, runner, world, receptionist, "helene")
    assert member_offers.carnets.rowCount() == 1  # "No carnet."
    qtbot.mouseClick(member_offers.sell_button, Qt.MouseButton.LeftButton)
    sell = member_offers.dialog
    assert isinstance(sell, SellCarnetDialog)
    runner.wait_idle()
    assert format_money(Decimal("85.00")) in sell.price_label.text()
    qtbot.mouseClick(sell.action_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    balance = offers.member_balance(world.store, world.member("helene"))
    assert balance.carnet_units == 10
    assert member_offers.feedback.outcome() == "done"
    assert "10" in member_offers.balance_label.text()
    member_offers.window().grab().save(f"{SHOTS}/member-form-offers.png")
    member_offers.grab().save(f"{SHOTS}/member-offers-card.png")


def test_escape_closes_the_sale_without_selling(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    _form, member_offers = open_member(qtbot, runner, world, receptionist, "helene")
    qtbot.mouseClick(member_offers.sell_button, Qt.MouseButton.LeftButton)
    sell = member_offers.dialog
    assert isinstance(sell, SellCarnetDialog)
    runner.wait_idle()
    qtbot.keyClick(sell.tariff_combo(), Qt.Key.Key_Escape)
    runner.wait_idle()
    assert not sell.isVisible()
    assert rows(world.store, Carnet) == 0


def test_a_fixed_desk_subscription_needs_a_free_desk_then_keeps_it(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    _form, member_offers = open_member(qtbot, runner, world, receptionist, "helene")
    assert not member_offers.end_button.isEnabled()
    qtbot.mouseClick(member_offers.subscribe_button, Qt.MouseButton.LeftButton)
    dialog = member_offers.dialog
    assert isinstance(dialog, SubscribeDialog)
    runner.wait_idle()
    assert not dialog.desk_combo().isVisible()  # a flexible desk needs none
    combo = dialog.tariff_combo()
    combo.setCurrentIndex(combo.findData(world.tariffs[TariffKind.MONTHLY_FIXED]))
    runner.wait_idle()
    assert dialog.desk_combo().isVisible()
    assert format_money(Decimal("220.00")) in dialog.price_label.text()
    # Enter without a desk: the message is under the desk, nothing is stored.
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    runner.wait_idle()
    assert dialog.isVisible()
    assert dialog.problem_text("desk")
    assert QApplication.focusWidget() is dialog.desk_combo()
    assert rows(world.store, Subscription) == 0
    desk = dialog.desk_combo()
    desk.setCurrentIndex(desk.findData(world.desk("F1")))
    dialog.grab().save(f"{SHOTS}/subscribe-fixed-desk.png")
    qtbot.keyClick(desk, Qt.Key.Key_Return)
    runner.wait_idle()
    assert not dialog.isVisible()
    with world.store.read() as session:
        assert session.get_one(Desk, world.desk("F1")).holder_id == world.member("helene")
    assert member_offers.subscriptions.item(0, 3).text() == "F1"
    assert member_offers.end_button.isEnabled()
    member_offers.grab().save(f"{SHOTS}/member-offers-subscribed.png")

    # End it: the last day is today by default; Enter ends it.
    qtbot.mouseClick(member_offers.end_button, Qt.MouseButton.LeftButton)
    end = member_offers.dialog
    assert isinstance(end, EndSubscriptionDialog)
    assert "F1" in end.price_label.text()
    end.grab().save(f"{SHOTS}/end-subscription.png")
    qtbot.keyClick(end.form.fields["ends_on"], Qt.Key.Key_Return)
    runner.wait_idle()
    assert not end.isVisible()
    (subscription,) = offers.member_subscriptions(world.store, world.member("helene"))
    assert subscription.ends_on == offers.today()


def test_the_offers_follow_a_sale_made_elsewhere(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    _form, member_offers = open_member(qtbot, runner, world, receptionist, "sofia")
    assert member_offers.carnets.item(0, 1).text() == ""  # "No carnet."
    runner.submit(
        offers.sell_carnet,
        world.store,
        receptionist,
        world.member("sofia"),
        world.tariffs[TariffKind.CARNET],
    )
    assert runner.wait_idle()  # the sale, then the reload its change set asks for
    qtbot.waitUntil(lambda: member_offers.carnets.item(0, 1).text().startswith("10"))
