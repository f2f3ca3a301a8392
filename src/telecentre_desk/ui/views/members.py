"""Members: today how many and of which kind; the searchable member list comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import View, category_table, label, tiles


class MembersView(View):
    name = "members"

    def title(self) -> str:
        return _("Members")

    def coming_soon(self) -> str:
        return _(
            "The member list, with search, badges and the companies that pay for their "
            "people, arrives in a coming version. For now, here are the counts."
        )

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        members, organisations = overview.members, overview.organisations
        layout.addWidget(
            tiles(
                [
                    (members, ngettext("member", "members", members)),
                    (
                        organisations,
                        ngettext(
                            "company or administration",
                            "companies and administrations",
                            organisations,
                        ),
                    ),
                ]
            )
        )
        layout.addWidget(label(_("Members by category"), "subheading"))
        layout.addWidget(category_table(overview))
