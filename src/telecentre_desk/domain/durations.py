"""Durations as people read them at the desk: "3 h 05 min", "45 min"."""

from __future__ import annotations

from datetime import timedelta

from telecentre_desk.i18n import _


def format_duration(value: timedelta) -> str:
    """Whole minutes, rounded down; negative durations show as zero."""
    minutes = max(0, int(value.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if hours == 0:
        return _("{minutes} min").format(minutes=minutes)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
