"""The check-in desk: the always-present field, who is here, walk-ins, the paper sheet,
the shift log, the kiosk and badges."""
