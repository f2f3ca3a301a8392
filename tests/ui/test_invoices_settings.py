"""Settings › Invoicing as a manager uses it: the missing legal identity is named, a wrong
IBAN gets a message under its field and nothing is saved, good values are saved, the
logo is chosen, and the page is not offered to a receptionist."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from telecentre_desk.i18n import _
from telecentre_desk.services.billing_settings import get_billing_settings
from telecentre_desk.services.context import Actor
from telecentre_desk.services.overview import centre_overview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.settings.billing import BillingSettingsPage
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.views.invoices import InvoicesView
from telecentre_desk.ui.views.settings import SettingsView
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = Path("/tmp/shots-invoices-ui")


def open_page(
    qtbot: QtBot, runner: ServiceRunner, store: Store, actor: Actor
) -> BillingSettingsPage:
    view = SettingsView(runner=runner, store=store, actor=actor)
    qtbot.addWidget(view)
    apply_theme(view)
    view.resize(1300, 1100)
    view.show()
    view.set_overview(centre_overview(store))
    page = view.show_page(_("Invoicing"))
    assert isinstance(page, BillingSettingsPage)
    assert runner.wait_idle()
    return page


@pytest.fixture
def page(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> Iterator[BillingSettingsPage]:
    yield open_page(qtbot, runner, centre_store, manager)
    runner.wait_idle()


def field(page: BillingSettingsPage, name: str) -> QLineEdit:
    widget = page.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def retype(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def save(qtbot: QtBot, page: BillingSettingsPage, runner: ServiceRunner) -> None:
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()


def test_the_missing_legal_identity_is_named(page: BillingSettingsPage) -> None:
    # The test centre has a name, a legal form, a town and a SIRET, but no street address.
    assert page.missing.isVisible()
    assert _("the street address") in page.missing.text()
    assert field(page, "siret").text() == "73282932000074"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.window().grab().save(str(SHOTS / "settings-invoicing.png"))


def test_a_wrong_iban_is_refused_under_its_field_and_nothing_is_saved(
    qtbot: QtBot, page: BillingSettingsPage, runner: ServiceRunner, centre_store: Store
) -> None:
    retype(qtbot, field(page, "address_line"), "2 place du Marche")
    retype(qtbot, field(page, "iban"), "FR76 1234")
    save(qtbot, page, runner)
    assert page.errors["iban"].isVisible()
    assert "IBAN" in page.errors["iban"].text()
    assert "Rien n’a été enregistré" in page.message.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.window().grab().save(str(SHOTS / "settings-invoicing-error.png"))
    stored = get_billing_settings(centre_store)
    assert stored.iban == "" and stored.address_line == ""  # all or nothing


def test_good_values_are_saved_and_the_identity_becomes_complete(
    qtbot: QtBot, page: BillingSettingsPage, runner: ServiceRunner, centre_store: Store
) -> None:
    retype(qtbot, field(page, "address_line"), "2 place du Marche")
    retype(qtbot, field(page, "iban"), "FR76 3000 6000 0112 3456 7890 189")
    retype(qtbot, field(page, "invoice_prefix"), "fac")
    retype(qtbot, field(page, "late_payment_rate"), "10,5")
    page.fields["payment_due_days"].setFocus()
    qtbot.keyClick(page.fields["payment_due_days"], Qt.Key.Key_Down)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert runner.wait_idle()
    stored = get_billing_settings(centre_store)
    assert stored.address_line == "2 place du Marche"
    assert stored.iban == "FR7630006000011234567890189"
    assert stored.invoice_prefix == "FAC"
    assert stored.late_payment_rate == Decimal("10.50")
    assert stored.payment_due_days == 29
    assert "Enregistré." in page.message.text()
    assert not page.missing.isVisible()
    assert field(page, "invoice_prefix").text() == "FAC"  # reloaded from what was stored


def test_a_logo_is_chosen_shown_and_saved(
    qtbot: QtBot,
    page: BillingSettingsPage,
    runner: ServiceRunner,
    centre_store: Store,
    tmp_path: Path,
) -> None:
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    logo = tmp_path / "logo.png"
    assert image.save(str(logo))
    page.ask_logo_path = lambda: logo
    qtbot.mouseClick(page.logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_preview.pixmap() is not None and not page.logo_preview.pixmap().isNull()
    save(qtbot, page, runner)
    assert get_billing_settings(centre_store).logo_png == logo.read_bytes()
    # A file that is not a PNG is refused by the service, with its message.
    other = tmp_path / "logo.png.txt"
    other.write_bytes(b"not an image")
    page.ask_logo_path = lambda: other
    qtbot.mouseClick(page.logo_button, Qt.MouseButton.LeftButton)
    save(qtbot, page, runner)
    assert page.errors["logo_png"].isVisible()
    assert get_billing_settings(centre_store).logo_png == logo.read_bytes()
    assert io.BytesIO(logo.read_bytes()).read(4) == b"\x89PNG"


def test_the_page_is_for_managers_only(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, receptionist: Actor
) -> None:
    view = SettingsView(runner=runner, store=centre_store, actor=receptionist)
    qtbot.addWidget(view)
    view.set_overview(centre_overview(centre_store))
    assert view.show_page(_("Invoicing")) is None


def test_the_invoices_view_leads_to_this_page_when_the_identity_is_incomplete(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> None:
    window = MainWindow(runner, centre_store, manager)
    qtbot.addWidget(window)
    window.show()
    assert runner.wait_idle()
    view = window.show_view("invoices")
    assert runner.wait_idle()
    assert isinstance(view, InvoicesView)
    # The test centre has no street address: the view says so and offers the way there.
    assert view.identity_banner.isVisible()
    qtbot.mouseClick(view.settings_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    settings = window.current_view()
    assert isinstance(settings, SettingsView) and settings.tabs is not None
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == _("Invoicing")
    assert isinstance(settings.tabs.currentWidget(), BillingSettingsPage)
