"""How the check-in screens say times and outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from telecentre_desk.domain.durations import format_duration
from telecentre_desk.i18n import _, format_datetime
from telecentre_desk.services.errors import ServiceError

if TYPE_CHECKING:  # results arrive from the worker; no import at start-up
    from telecentre_desk.services.presence import PresenceResult


def clock(moment: datetime) -> str:
    """ "09:05", in the centre's time zone."""
    return format_datetime(moment, "HH:mm")


def day_and_clock(moment: datetime) -> str:
    """ "ven. 27 nov., 09:05"."""
    return format_datetime(moment, "EEE d MMM, HH:mm")


def outcome_text(result: PresenceResult) -> str:
    info = result.presence
    if result.already_present:
        return _(
            "{name} was already checked in (since {time}): nothing changed. To check them "
            "out, scan again in a moment or use “Check out” in the list."
        ).format(name=info.member_name, time=clock(info.started_at))
    if result.checked_out:
        text = _("{name} is checked out after {duration}.").format(
            name=info.member_name, duration=format_duration(info.duration())
        )
        if result.consumption is not None:
            text += " " + result.consumption.summary()
        return text
    if info.desk_label:
        return _("{name} is checked in at {time}, desk {desk}.").format(
            name=info.member_name, time=clock(info.started_at), desk=info.desk_label
        )
    return _("{name} is checked in at {time}.").format(
        name=info.member_name, time=clock(info.started_at)
    )


def error_text(error: BaseException) -> str:
    if isinstance(error, ServiceError):
        return str(error)
    return _("Something went wrong. Try again; the details are in the log.")
