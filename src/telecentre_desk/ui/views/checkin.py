"""Check-in: today who the members are; checking in and out comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import View, category_table, label, tiles


class CheckInView(View):
    name = "checkin"

    def title(self) -> str:
        return _("Check-in")

    def coming_soon(self) -> str:
        return _(
            "Checking members in and out, by typing a name or scanning a badge, arrives in a "
            "coming version. For now, here are the members the centre knows."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        members, visitors = overview.members, overview.network_visitors
        layout.addWidget(
            tiles(
                [
                    (members, ngettext("member", "members", members)),
                    (
                        visitors,
                        ngettext(
                            "member of another network centre",
                            "members of other network centres",
                            visitors,
                        ),
                    ),
                ]
            )
        )
        layout.addWidget(label(_("Members by category"), "subheading"))
        layout.addWidget(category_table(overview))
