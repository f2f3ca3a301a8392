"""The main window's views, one module each; built lazily, on first display."""

from __future__ import annotations

from telecentre_desk.ui.views.base import View
from telecentre_desk.ui.views.checkin import CheckInView
from telecentre_desk.ui.views.floorplan import FloorPlanView
from telecentre_desk.ui.views.invoices import InvoicesView
from telecentre_desk.ui.views.members import MembersView
from telecentre_desk.ui.views.network import NetworkView
from telecentre_desk.ui.views.schedule import ScheduleView
from telecentre_desk.ui.views.settings import SettingsView

__all__ = [
    "CheckInView",
    "FloorPlanView",
    "InvoicesView",
    "MembersView",
    "NetworkView",
    "ScheduleView",
    "SettingsView",
    "View",
]
