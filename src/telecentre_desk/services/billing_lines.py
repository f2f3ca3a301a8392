"""Readable invoice lines: "Bureau partagé — 3 demi-journées — novembre 2026".

The parts are joined with an em dash; month names come from babel in the user's
language, the unit counts from the same plural forms the desk shows.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from telecentre_desk.domain.invoice_document import UnitCode
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.tariffs import UsageUnit
from telecentre_desk.domain.vat import STANDARD_RATE, VatTreatment, treatment_for
from telecentre_desk.i18n import _, current_locale, ngettext

SEPARATOR = " — "

UNIT_CODES = {
    UsageUnit.HOUR: UnitCode.HOUR,
    UsageUnit.HALF_DAY: UnitCode.ONE,  # a half-day has no UN/ECE code: counted as units
    UsageUnit.DAY: UnitCode.DAY,
}


def month_label(day: date) -> str:
    """ "novembre 2026" (French), "November 2026" (English)."""
    from babel.dates import format_date

    return format_date(day, "LLLL y", locale=current_locale())


def unit_count(unit: UsageUnit, quantity: int) -> str:
    """ "3 demi-journées", "1 heure", "2 jours"."""
    if unit is UsageUnit.HOUR:
        text = ngettext("{count} hour", "{count} hours", quantity)
    elif unit is UsageUnit.HALF_DAY:
        text = ngettext("{count} half-day", "{count} half-days", quantity)
    else:
        text = ngettext("{count} day", "{count} days", quantity)
    return text.format(count=quantity)


def usage_description(label: str, unit: UsageUnit, quantity: int, month: date, note: str) -> str:
    """A line of time used: what, how much, (why,) when."""
    parts = [label, unit_count(unit, quantity)]
    if note:
        parts.append(note)
    parts.append(month_label(month))
    return SEPARATOR.join(parts)


def subscription_description(tariff_name: str, month: date, first: date, last: date) -> str:
    """ "Abonnement poste flexible — novembre 2026", with the days when the month is partial."""
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    days = (last - first).days + 1
    text = SEPARATOR.join([tariff_name, month_label(month)])
    if days == days_in_month:
        return text
    return SEPARATOR.join(
        [
            text,
            _("from the {first} to the {last}, {days} days out of {total}").format(
                first=first.day, last=last.day, days=days, total=days_in_month
            ),
        ]
    )


def carnet_description(tariff_name: str, purchased_on: date) -> str:
    from babel.dates import format_date

    bought = format_date(purchased_on, "long", locale=current_locale())
    return SEPARATOR.join([tariff_name, _("bought on {date}").format(date=bought)])


def vat_for(mode: VatMode, rate: Decimal) -> VatTreatment:
    """The centre's VAT mode applied to an offer's rate.

    A centre liable to VAT charges the offer's rate; an offer recorded at 0 % (the
    usual setting before the centre became liable) gets the standard rate, since
    renting desks and rooms has no reduced rate in France and EN 16931 refuses a
    standard-rated line at 0 %.
    """
    if mode is VatMode.LIABLE:
        return treatment_for(mode, rate if rate > 0 else STANDARD_RATE)
    return treatment_for(mode)
