"""A member's offers, in their form: subscriptions, carnets with what is left, and the
buttons to sell a carnet or start or end a subscription."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _, format_date, ngettext
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.offers import (
    CarnetInfo,
    CarnetResult,
    MemberBalance,
    SubscriptionInfo,
    SubscriptionResult,
    member_balance,
    member_carnets,
    member_subscriptions,
    today,
)
from telecentre_desk.services.organisations import list_organisations
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.offers.money import money
from telecentre_desk.ui.offers.offer_dialogs import (
    EndSubscriptionDialog,
    SellCarnetDialog,
    SubscribeDialog,
)
from telecentre_desk.ui.worker import ServiceRunner

ROW_HEIGHT = 36


@dataclass(frozen=True)
class MemberOffersData:
    subscriptions: list[SubscriptionInfo]
    carnets: list[CarnetInfo]
    balance: MemberBalance
    organisations: dict[int, str]


def load_offers(store: Store, member_id: int) -> MemberOffersData:
    return MemberOffersData(
        member_subscriptions(store, member_id),
        member_carnets(store, member_id),
        member_balance(store, member_id),
        {o.id: o.name for o in list_organisations(store)},
    )


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], empty: str) -> None:
    if not rows:
        rows = [[empty] + [""] * (table.columnCount() - 1)]
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + len(rows) * ROW_HEIGHT + 6)


class MemberOffers(QFrame):
    """``MemberOffers(runner, store, actor, member_id)``; ``reload()``."""

    changed = Signal()  # something was sold, started or ended

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        member_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        apply_checkin_style(self)
        self.runner, self.store, self.actor, self.member_id = runner, store, actor, member_id
        self.data: MemberOffersData | None = None
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(text_label(_("Offers"), "subheading"))
        self.balance_label = text_label("", "lead")
        layout.addWidget(self.balance_label)
        self.subscriptions = _table(
            [_("Subscription"), _("From"), _("To"), _("Desk"), _("A month"), _("Paid by")],
            _("Subscriptions"),
        )
        layout.addWidget(self.subscriptions)
        self.carnets = _table(
            [_("Carnet"), _("Left"), _("Bought on"), _("Valid until"), _("Price"), _("Paid by")],
            _("Carnets"),
        )
        layout.addWidget(self.carnets)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.sell_button = QPushButton(_("Sell a &carnet…"))
        self.sell_button.clicked.connect(self.sell_carnet)
        self.subscribe_button = QPushButton(_("Start a s&ubscription…"))
        self.subscribe_button.clicked.connect(self.start_subscription)
        self.end_button = QPushButton(_("E&nd the subscription…"))
        self.end_button.clicked.connect(self.end_subscription)
        for button in (self.sell_button, self.subscribe_button, self.end_button):
            button.setAutoDefault(False)  # Enter in the member form saves the member
            button.setVisible(actor.can(Permission.MANAGE_MEMBERS))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.feedback = Feedback()
        layout.addWidget(self.feedback)
        self._update_actions()
        # A check-out elsewhere may take units from a carnet: follow the member's changes.
        runner.changed.connect(self._changes_arrived)
        self.reload()

    def _changes_arrived(self, changes: ChangeSet) -> None:
        if changes.everything or self.member_id in changes.members:
            self.reload()

    def reload(self) -> None:
        self.runner.submit(
            load_offers, self.store, self.member_id, on_done=self._show, on_error=self._failed
        )

    def _show(self, data: MemberOffersData) -> None:
        self.data = data
        payer = self._payer
        _fill(
            self.subscriptions,
            [
                [
                    s.tariff_name,
                    format_date(s.starts_on),
                    format_date(s.ends_on) if s.ends_on else _("open-ended"),
                    s.desk_label or "",
                    money(s.monthly_price),
                    payer(s.payer_organisation_id),
                ]
                for s in data.subscriptions
            ],
            _("No subscription."),
        )
        _fill(
            self.carnets,
            [
                [
                    c.tariff_name,
                    _("{left} of {total}").format(left=c.remaining_units, total=c.units_total),
                    format_date(c.purchased_on),
                    format_date(c.expires_on),
                    money(c.price),
                    payer(c.payer_organisation_id),
                ]
                for c in data.carnets
            ],
            _("No carnet."),
        )
        self.balance_label.setText(balance_text(data.balance))
        self._update_actions()

    def _payer(self, organisation_id: int | None) -> str:
        if organisation_id is None:
            return _("The member")
        names = self.data.organisations if self.data else {}
        return names.get(organisation_id, _("the organisation"))

    def current_subscription(self) -> SubscriptionInfo | None:
        """The subscription to end: today's, or else one that has not started yet."""
        if self.data is None:
            return None
        day = today()
        running = [s for s in self.data.subscriptions if s.ends_on is None or s.ends_on >= day]
        return next((s for s in running if s.active_on(day)), running[0] if running else None)

    def _update_actions(self) -> None:
        self.end_button.setEnabled(self.current_subscription() is not None)

    # -- the dialogs -----------------------------------------------------------------------------
    def sell_carnet(self) -> None:
        dialog = SellCarnetDialog(self.runner, self.store, self.actor, self.member_id, self)
        dialog.completed.connect(self._sold)
        self._open(dialog)

    def start_subscription(self) -> None:
        dialog = SubscribeDialog(self.runner, self.store, self.actor, self.member_id, self)
        dialog.completed.connect(self._subscribed)
        self._open(dialog)

    def end_subscription(self) -> None:
        subscription = self.current_subscription()
        if subscription is None:
            return
        dialog = EndSubscriptionDialog(self.runner, self.store, self.actor, subscription, self)
        dialog.completed.connect(self._ended)
        self._open(dialog)

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.open()  # type: ignore[attr-defined]

    def _sold(self, result: CarnetResult) -> None:
        carnet = result.carnet
        self.feedback.done(
            ngettext(
                "Carnet sold: {count} half-day, valid until {day}.",
                "Carnet sold: {count} half-days, valid until {day}.",
                carnet.units_total,
            ).format(count=carnet.units_total, day=format_date(carnet.expires_on))
        )
        self._after_change()

    def _subscribed(self, result: SubscriptionResult) -> None:
        subscription = result.subscription
        text = _("Subscription “{tariff}” starts on {day}.").format(
            tariff=subscription.tariff_name, day=format_date(subscription.starts_on)
        )
        if subscription.desk_label:
            text += " " + _("Desk {desk} is kept for them.").format(desk=subscription.desk_label)
        self.feedback.done(text)
        self._after_change()

    def _ended(self, result: SubscriptionResult) -> None:
        ends_on = result.subscription.ends_on
        self.feedback.done(
            _("The subscription ends after {day}.").format(
                day=format_date(ends_on) if ends_on else ""
            )
        )
        self._after_change()

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.feedback.problem(error_text(error))


def balance_text(balance: MemberBalance) -> str:
    parts = []
    if balance.subscription:
        parts.append(_("Subscription today: {name}.").format(name=balance.subscription))
    if balance.carnet_units:
        parts.append(
            ngettext(
                "{count} half-day left on carnets (the next one expires on {day}).",
                "{count} half-days left on carnets (the next one expires on {day}).",
                balance.carnet_units,
            ).format(
                count=balance.carnet_units,
                day=format_date(balance.carnet_expires_on) if balance.carnet_expires_on else "",
            )
        )
    if not parts:
        return _("No subscription and no half-day left on a carnet: they pay at use.")
    return " ".join(parts)
