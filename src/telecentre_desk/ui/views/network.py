"""Network: today the centre's code in the regional network; the signed export comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import View, fields, label, tiles


class NetworkView(View):
    name = "network"

    def title(self) -> str:
        return _("Network")

    def coming_soon(self) -> str:
        return _(
            "The signed export to the regional network, and reading the network passports of "
            "visiting members, arrive in a coming version."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        code = overview.centre.network_centre_code
        visitors = overview.network_visitors
        layout.addWidget(label(_("This centre in the network"), "subheading"))
        layout.addWidget(fields([(_("Network centre code"), code)]))
        if not code:
            layout.addWidget(
                label(
                    _(
                        "The network coordinator gives each centre its code. It is needed "
                        "before the first export."
                    ),
                    "muted",
                )
            )
        layout.addWidget(
            tiles(
                [
                    (
                        visitors,
                        ngettext(
                            "member of another network centre",
                            "members of other network centres",
                            visitors,
                        ),
                    )
                ]
            )
        )
