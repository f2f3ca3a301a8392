"""Settings: today the centre's profile and the accounts, read-only; editing comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.i18n import _
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import View, fields, format_siret, label, postal_city, table


class SettingsView(View):
    name = "settings"

    def title(self) -> str:
        return _("Settings")

    def coming_soon(self) -> str:
        return _(
            "Editing the centre's profile, the opening hours and the accounts arrives in a "
            "coming version. For now, here is what was entered at the first start."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        centre = overview.centre
        layout.addWidget(label(_("The centre"), "subheading"))
        layout.addWidget(
            fields(
                [
                    (_("Centre name"), centre.name),
                    (_("Legal form"), centre.legal_form),
                    (_("Address"), centre.address_line),
                    (_("Postal code and city"), postal_city(centre.postal_code, centre.city)),
                    (_("Phone"), centre.phone),
                    (_("E-mail"), centre.email),
                    (_("SIRET"), format_siret(centre.siret)),
                    (_("VAT mode"), centre.vat_mode.label),
                    (_("VAT number"), centre.vat_number),
                    (_("Network centre code"), centre.network_centre_code),
                ]
            )
        )
        layout.addWidget(label(_("Accounts"), "subheading"))
        rows = [[user.display_name, user.login, user.role.label] for user in overview.users]
        layout.addWidget(table([_("Name"), _("Login"), _("Role")], rows))
