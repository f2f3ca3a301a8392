"""The booking calendar: day and week views, the booking dialog, series, conflicts, lists."""
