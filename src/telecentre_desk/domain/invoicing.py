"""The vocabulary of invoicing: kinds of document, their states, units, what a line bills,
how a payment came. Plain enums: the models import them at start-up."""

from __future__ import annotations

from enum import StrEnum

from telecentre_desk.i18n import N_, _


class DocumentKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def type_code(self) -> str:
        """UNTDID 1001 document type (BT-3)."""
        return "380" if self is DocumentKind.INVOICE else "381"


class UnitCode(StrEnum):
    """UN/ECE Recommendation 20 units (BT-130) for what a centre sells."""

    HOUR = "HUR"
    DAY = "DAY"
    MONTH = "MON"
    ONE = "C62"  # a half-day, a carnet, a day pass: counted as units


class InvoiceStatus(StrEnum):
    DRAFT = "draft"  # no number yet; edited freely, deleted freely
    ISSUED = "issued"  # numbered and frozen: database triggers refuse any change


class LineFamily(StrEnum):
    """What a line sells, for the revenue per family (network export, accountant)."""

    DESK_USE = "desk_use"  # presences paid at use: hours, half-days, days, day passes
    ROOM_BOOKING = "room_booking"  # visio and meeting rooms, late cancellations, no-shows
    SUBSCRIPTION = "subscription"  # monthly flexible or fixed desk
    CARNET = "carnet"  # a book of half-days sold
    OTHER = "other"  # a line added by hand

    @property
    def label(self) -> str:
        return _(_FAMILY_LABELS[self])


_FAMILY_LABELS = {
    LineFamily.DESK_USE: N_("Desk use"),
    LineFamily.ROOM_BOOKING: N_("Room booking"),
    LineFamily.SUBSCRIPTION: N_("Subscription"),
    LineFamily.CARNET: N_("Carnet"),
    LineFamily.OTHER: N_("Other"),
}


class PaymentMethod(StrEnum):
    CASH = "cash"
    CHEQUE = "cheque"
    CARD = "card"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return _(_METHOD_LABELS[self])


_METHOD_LABELS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CHEQUE: N_("Cheque"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.TRANSFER: N_("Bank transfer"),
}
