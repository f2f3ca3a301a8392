"""The small dialogs of a member's offers: sell a carnet, start or end a subscription.

Each shows the price the member (or their organisation) will pay before anything is
sold: the contract price when the organisation pays and has one, else the member or
non-member price. Enter does the one action, Esc closes.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import _, format_date
from telecentre_desk.services.context import Actor
from telecentre_desk.services.desk_choice import DeskOption, desk_choices
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.offers import (
    CarnetResult,
    PriceQuote,
    SubscriptionInfo,
    SubscriptionResult,
    TariffInfo,
    end_subscription,
    list_tariffs,
    quote_for_member,
    sell_carnet,
    subscribe,
    today,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.desk_combo import desk_text
from telecentre_desk.ui.checkin.forms import FieldForm
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.offers.money import keyboard_ready, money
from telecentre_desk.ui.theme import apply_theme, set_role
from telecentre_desk.ui.worker import ServiceRunner


def _combo(form: FieldForm, key: str) -> QComboBox:
    widget = form.fields[key]
    assert isinstance(widget, QComboBox)
    return widget


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDate(qdate(day))
    return edit


def quote_text(quote: PriceQuote, *, monthly: bool = False) -> str:
    price = money(quote.price)
    if monthly:
        price = _("{price} a month").format(price=price)
    if quote.contract:
        return _("{price}, the contract price of {payer}, who pays.").format(
            price=price, payer=quote.payer_name
        )
    if quote.payer_organisation_id is not None:
        return _("{price}, paid by {payer}.").format(price=price, payer=quote.payer_name)
    return _("{price}, paid by {payer} themselves.").format(price=price, payer=quote.payer_name)


class _OfferDialog(QDialog):
    """A title, a form, the price line, an error line, Cancel and the one action."""

    completed = Signal(object)

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        member_id: int,
        title: str,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner, self.store, self.actor, self.member_id = runner, store, actor, member_id
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(text_label(title, "heading"))
        self.form = FieldForm()
        layout.addWidget(self.form)
        self.price_label = text_label("", "lead")
        layout.addWidget(self.price_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.action_button = QPushButton(action)
        self.action_button.clicked.connect(self.act)
        buttons.addWidget(cancel)
        buttons.addWidget(self.action_button)
        layout.addLayout(buttons)
        keyboard_ready(self, self.action_button, cancel)

    def act(self) -> None:
        raise NotImplementedError

    def problem_text(self, key: str) -> str:
        return self.form.problem_text(key)

    def _busy(self) -> bool:
        if not self.action_button.isEnabled():
            return True
        self.action_button.setEnabled(False)
        self.form.clear_problems()
        return False

    def _finished(self, result: object) -> None:
        self.completed.emit(result)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.action_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.show_problems(error.problems)
        else:
            self.form.show_general(error_text(error))


class _TariffOfferDialog(_OfferDialog):
    """An offer sold from a tariff: its combo, and the price quoted for this member."""

    kinds: tuple[TariffKind, ...] = ()
    monthly = False

    def _add_tariffs(self, caption: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(caption)
        self.form.add("tariff", caption, combo)
        combo.currentIndexChanged.connect(self._tariff_changed)
        self.tariffs: list[TariffInfo] = []
        self.runner.submit(list_tariffs, self.store, on_done=self._tariffs_loaded)
        self.action_button.setEnabled(False)
        return combo

    def tariff_combo(self) -> QComboBox:
        return _combo(self.form, "tariff")

    def tariff(self) -> TariffInfo | None:
        tariff_id = self.tariff_combo().currentData()
        return next((t for t in self.tariffs if t.id == tariff_id), None)

    def _tariffs_loaded(self, tariffs: list[TariffInfo]) -> None:
        self.tariffs = [t for t in tariffs if t.kind in self.kinds]
        combo = self.tariff_combo()
        combo.blockSignals(True)
        for tariff in self.tariffs:
            combo.addItem(tariff.name, tariff.id)
        combo.blockSignals(False)
        if not self.tariffs:
            self.price_label.setText(
                _("No such tariff is offered. A manager adds one in Settings, Tariffs.")
            )
            set_role(self.price_label, "error")
            return
        self.action_button.setEnabled(True)
        self._tariff_changed()

    def _tariff_changed(self, _index: int = 0) -> None:
        tariff = self.tariff()
        if tariff is None:
            return
        self.runner.submit(
            quote_for_member,
            self.store,
            self.member_id,
            tariff.id,
            on_done=partial(self._quoted, tariff.id),
        )

    def _quoted(self, tariff_id: int, quote: PriceQuote) -> None:
        tariff = self.tariff()
        if tariff is not None and tariff.id == tariff_id:
            self.quote = quote
            self.price_label.setText(quote_text(quote, monthly=self.monthly))
            set_role(self.price_label, "lead")


def _sell(store: Store, actor: Actor, member_id: int, tariff_id: int, day: date) -> CarnetResult:
    return sell_carnet(store, actor, member_id, tariff_id, purchased_on=day)


class SellCarnetDialog(_TariffOfferDialog):
    kinds = (TariffKind.CARNET,)

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        member_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner, store, actor, member_id, _("Sell a carnet"), _("&Sell the carnet"), parent
        )
        self._add_tariffs(_("&Carnet"))
        self.form.add("purchased_on", _("&Bought on"), date_edit(today()))
        self.tariff_combo().setFocus()

    def act(self) -> None:
        tariff = self.tariff()
        if tariff is None or self._busy():
            return
        day = self.form.fields["purchased_on"]
        assert isinstance(day, QDateEdit)
        self.runner.submit(
            _sell,
            self.store,
            self.actor,
            self.member_id,
            tariff.id,
            pydate(day.date()),
            on_done=self._finished,
            on_error=self._refused,
        )


def _subscribe(
    store: Store, actor: Actor, member_id: int, tariff_id: int, day: date, desk_id: int | None
) -> SubscriptionResult:
    return subscribe(store, actor, member_id, tariff_id, day, desk_id=desk_id)


class SubscribeDialog(_TariffOfferDialog):
    kinds = (TariffKind.MONTHLY_FLEX, TariffKind.MONTHLY_FIXED)
    monthly = True

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        member_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            store,
            actor,
            member_id,
            _("Start a subscription"),
            _("&Start the subscription"),
            parent,
        )
        self._add_tariffs(_("&Subscription"))
        self.form.add("starts_on", _("S&tarts on"), date_edit(today()))
        desk = QComboBox()
        desk.setAccessibleName(_("Fixed desk"))
        self.form.add("desk", _("&Fixed desk"), desk, _("A free desk, kept for this member."))
        self.runner.submit(desk_choices, self.store, member_id, on_done=self._desks_loaded)
        self._show_desk(False)
        self.tariff_combo().setFocus()

    def desk_combo(self) -> QComboBox:
        return _combo(self.form, "desk")

    def _desks_loaded(self, choices: object) -> None:
        free: tuple[DeskOption, ...] = getattr(choices, "free", ())
        combo = self.desk_combo()
        combo.clear()
        combo.addItem(_("Choose a desk"), None)
        for desk in free:
            combo.addItem(desk_text(desk), desk.id)

    def _tariff_changed(self, _index: int = 0) -> None:
        tariff = self.tariff()
        self._show_desk(tariff is not None and tariff.kind is TariffKind.MONTHLY_FIXED)
        super()._tariff_changed()

    def _show_desk(self, shown: bool) -> None:
        combo = self.desk_combo()
        holder = combo.parentWidget()
        assert holder is not None
        self.form.form.setRowVisible(holder, shown)

    def act(self) -> None:
        tariff = self.tariff()
        if tariff is None or self._busy():
            return
        day = self.form.fields["starts_on"]
        assert isinstance(day, QDateEdit)
        desk_id = (
            self.desk_combo().currentData() if tariff.kind is TariffKind.MONTHLY_FIXED else None
        )
        self.runner.submit(
            _subscribe,
            self.store,
            self.actor,
            self.member_id,
            tariff.id,
            pydate(day.date()),
            desk_id,
            on_done=self._finished,
            on_error=self._refused,
        )


class EndSubscriptionDialog(_OfferDialog):
    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        subscription: SubscriptionInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            store,
            actor,
            subscription.member_id,
            _("End the subscription"),
            _("&End the subscription"),
            parent,
        )
        self.subscription = subscription
        last_day = max(today(), subscription.starts_on)
        self.form.add(
            "ends_on",
            _("&Last day"),
            date_edit(last_day),
            _("The subscription still covers that whole day."),
        )
        text = _("{tariff}, since {start}.").format(
            tariff=subscription.tariff_name, start=format_date(subscription.starts_on)
        )
        if subscription.desk_label:
            text += " " + _("Desk {desk} is given back after the last day.").format(
                desk=subscription.desk_label
            )
        self.price_label.setText(text)
        self.form.fields["ends_on"].setFocus()

    def act(self) -> None:
        if self._busy():
            return
        day = self.form.fields["ends_on"]
        assert isinstance(day, QDateEdit)
        self.runner.submit(
            end_subscription,
            self.store,
            self.actor,
            self.subscription.id,
            pydate(day.date()),
            on_done=self._finished,
            on_error=self._refused,
        )
