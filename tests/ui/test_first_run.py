"""The first-run assistant, driven as a new centre's manager would: typing and clicking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from telecentre_desk.i18n import _
from telecentre_desk.services.centre import (
    CentreProfile,
    FirstManager,
    centre_problems,
    create_centre,
    get_centre,
    needs_first_run,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.first_run import FirstRunWizard
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.worker import ServiceRunner

from .conftest import INVALID_SIRET, VALID_SIRET


def _siret_message() -> str:
    return centre_problems(CentreProfile(name="x", siret=INVALID_SIRET))["siret"]


def _wizard(qtbot: QtBot, flow: DeskFlow) -> FirstRunWizard:
    qtbot.waitUntil(lambda: flow.wizard is not None and flow.wizard.isVisible())
    assert flow.wizard is not None
    return flow.wizard


def _type(qtbot: QtBot, field: object, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.clear()
    qtbot.keyClicks(field, text)


def _click(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def test_invalid_siret_is_shown_and_nothing_is_created_then_a_valid_one_opens_the_desk(
    qtbot: QtBot, store: Store, make_flow: Callable[..., DeskFlow]
) -> None:
    flow = make_flow()
    wizard = _wizard(qtbot, flow)
    assert wizard.currentPage() is wizard.welcome_page
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.centre_page

    centre = wizard.centre_page
    _type(qtbot, centre.fields["name"], "Tiers-lieu de la Brie")
    _type(qtbot, centre.fields["city"], "Rozay-en-Brie")
    _type(qtbot, centre.fields["postal_code"], "77540")
    _type(qtbot, centre.fields["siret"], INVALID_SIRET)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    assert wizard.currentPage() is centre  # refused: the user stays on the page
    assert centre.problem_text("siret") == _siret_message()
    assert centre.problem_text("name") == ""
    assert needs_first_run(store)  # nothing was created

    _type(qtbot, centre.fields["siret"], VALID_SIRET)
    assert centre.problem_text("siret") == ""  # typing clears the message
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.manager_page

    manager = wizard.manager_page
    _type(qtbot, manager.fields["display_name"], "Marie Dupont")
    _type(qtbot, manager.fields["login"], "marie")
    _type(qtbot, manager.fields["secret"], "1234")
    _type(qtbot, manager.fields["secret_again"], "1243")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is manager
    assert manager.problem_text("secret_again")

    _type(qtbot, manager.fields["secret_again"], "1234")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.summary_page

    with qtbot.waitSignal(flow.main_window_shown, timeout=10_000):
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    window = flow.main_window
    assert window is not None and window.isVisible()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert not needs_first_run(store)
    assert get_centre(store).siret == VALID_SIRET
    assert window.actor.login == "marie"
    assert "Marie Dupont" in window.user_label.text()


def test_the_whole_assistant_works_from_the_keyboard(
    qtbot: QtBot, store: Store, runner: ServiceRunner
) -> None:
    wizard = FirstRunWizard(runner, store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)

    def enter(field: object) -> None:
        assert isinstance(field, QLineEdit)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.centre_page
    _type(qtbot, wizard.centre_page.fields["name"], "Le Relais du Bocage")
    enter(wizard.centre_page.fields["name"])
    assert wizard.currentPage() is wizard.manager_page
    for key, text in [
        ("display_name", "Paul Lemaire"),
        ("login", "Paul.Lemaire"),  # upper case is folded, as the service wants
        ("secret", "motdepasse"),
        ("secret_again", "motdepasse"),
    ]:
        _type(qtbot, wizard.manager_page.fields[key], text)
    enter(wizard.manager_page.fields["secret_again"])
    assert wizard.currentPage() is wizard.summary_page
    with qtbot.waitSignal(wizard.completed, timeout=10_000) as blocker:
        qtbot.keyClick(wizard.summary_page, Qt.Key.Key_Return)
    assert blocker.args[0].login == "paul.lemaire"
    assert get_centre(store).name == "Le Relais du Bocage"


def test_a_refusal_from_the_service_sends_the_user_back_to_the_field(
    qtbot: QtBot, store: Store, runner: ServiceRunner
) -> None:
    wizard = FirstRunWizard(runner, store)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    _type(qtbot, wizard.centre_page.fields["name"], "Tiers-lieu B")
    wizard.next()
    for key, text in [
        ("display_name", "Ana Silva"),
        ("login", "ana"),
        ("secret", "9876"),
        ("secret_again", "9876"),
    ]:
        _type(qtbot, wizard.manager_page.fields[key], text)
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    # Meanwhile, someone else set the centre up on the same database.
    create_centre(store, CentreProfile(name="Tiers-lieu A"), FirstManager("Léa", "lea", "5555"))

    completed: list[object] = []
    wizard.completed.connect(completed.append)
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert runner.wait_idle()

    assert wizard.isVisible() and not completed
    assert wizard.currentPage() is wizard.centre_page
    assert wizard.centre_page.problem_text("name") == _(
        "This database already has a centre. Sign in instead."
    )
    assert get_centre(store).name == "Tiers-lieu A"  # nothing of ours was written
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def _mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    return None if index < 0 else text.replace("&&", "")[index + 1].lower()


def test_each_page_has_distinct_keyboard_mnemonics(
    qtbot: QtBot, store: Store, runner: ServiceRunner
) -> None:
    wizard = FirstRunWizard(runner, store)
    qtbot.addWidget(wizard)
    buttons = {
        which: wizard.buttonText(which)
        for which in (
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
        )
    }
    for page in (wizard.centre_page, wizard.manager_page):
        texts = [label.text() for label in page.findChildren(QLabel) if label.buddy()]
        texts += [
            buttons[QWizard.WizardButton.NextButton],
            buttons[QWizard.WizardButton.BackButton],
        ]
        letters = [m for m in map(_mnemonic, texts) if m]
        assert len(letters) == len(texts), texts  # every field can be reached with Alt
        assert len(set(letters)) == len(letters), texts
