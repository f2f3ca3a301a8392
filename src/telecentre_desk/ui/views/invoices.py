"""Invoices: today the legal identity printed on invoices; issuing them comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.i18n import _
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import View, fields, format_siret, label, postal_city


class InvoicesView(View):
    name = "invoices"

    def title(self) -> str:
        return _("Invoices")

    def coming_soon(self) -> str:
        return _(
            "Numbered invoices and credit notes, with their Factur-X data, arrive in a coming "
            "version. For now, check the identity that every invoice will carry."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        centre = overview.centre
        if centre.vat_mode is VatMode.LIABLE:
            vat_number = centre.vat_number
        else:
            vat_number = _("Not needed in this VAT mode")
        layout.addWidget(label(_("On every invoice"), "subheading"))
        layout.addWidget(
            fields(
                [
                    (_("VAT mode"), centre.vat_mode.label),
                    (_("Centre name"), centre.name),
                    (_("Legal form"), centre.legal_form),
                    (_("Address"), centre.address_line),
                    (_("Postal code and city"), postal_city(centre.postal_code, centre.city)),
                    (_("SIRET"), format_siret(centre.siret)),
                    (_("VAT number"), vat_number),
                ]
            )
        )
        if not centre.siret:
            layout.addWidget(
                label(
                    _(
                        "French invoices must show the SIRET: a manager will add it before the "
                        "first invoice."
                    ),
                    "muted",
                )
            )
