"""The few looks the check-in screens add to the theme: outcome messages and the kiosk.

Colours come from ui/theme.py; SUCCESS is the one colour the theme does not have
yet (a green with 5.9:1 contrast on white), kept here until the theme needs it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from telecentre_desk.ui.theme import ACCENT, CARD, ERROR, INK, LINE, MUTED, NOTE_BG, NOTE_LINE

SUCCESS = "#1e6b34"
SUCCESS_BG = "#e6f4ea"
ERROR_BG = "#fdecee"

STYLESHEET = f"""
QFrame#checkinBar {{
    background: {CARD};
    border-bottom: 1px solid {LINE};
}}
QLabel[outcome="done"] {{
    color: {SUCCESS};
    background: {SUCCESS_BG};
    border-left: 5px solid {SUCCESS};
    font-weight: bold;
}}
QLabel[outcome="problem"] {{
    color: {ERROR};
    background: {ERROR_BG};
    border-left: 5px solid {ERROR};
    font-weight: bold;
}}
QLabel[outcome="info"] {{
    color: {INK};
    background: {NOTE_BG};
    border-left: 5px solid {NOTE_LINE};
}}
QListWidget#memberSuggestions {{
    background: {CARD};
    border: 2px solid {ACCENT};
    font-size: 12pt;
}}
QListWidget#memberSuggestions::item {{ padding: 6px 12px; }}
QListWidget#memberSuggestions::item:selected {{ background: {ACCENT}; color: white; }}
QFrame#handover {{
    background: {NOTE_BG};
    border-bottom: 2px solid {NOTE_LINE};
}}
QFrame#handover QLabel {{ background: transparent; }}
QWidget#kiosk {{ background: #10263b; }}
QWidget#kiosk > QLabel {{ color: white; }}
QWidget#kiosk > QLabel[role="kioskTitle"] {{ font-size: 34pt; font-weight: bold; }}
QWidget#kiosk > QLabel[role="kioskLead"] {{ font-size: 18pt; color: #d6e2ee; }}
QWidget#kiosk > QLabel[role="kioskWelcome"] {{ font-size: 28pt; font-weight: bold; }}
QWidget#kiosk > QLabel[role="kioskDetail"] {{ font-size: 18pt; color: #d6e2ee; }}
QWidget#kiosk > QLabel[role="kioskProblem"] {{
    font-size: 20pt;
    font-weight: bold;
    color: #ffd7d7;
}}
QWidget#kiosk > QLineEdit {{ font-size: 22pt; min-height: 56px; padding: 6px 16px; }}
QWidget#kiosk > QPushButton#kioskStaff {{
    background: transparent;
    color: #d6e2ee;
    border: 1px solid #5f7c99;
}}
QLabel[role="panelTitle"] {{ font-size: 13pt; font-weight: bold; color: {INK}; }}
QLabel[role="note"] {{ color: {INK}; }}
QLabel[role="noteMeta"] {{ color: {MUTED}; }}
"""


def apply_checkin_style(widget: QWidget) -> None:
    """Add the check-in looks to ``widget`` and its children (once)."""
    if widget.property("checkinStyled"):
        return
    widget.setStyleSheet(widget.styleSheet() + STYLESHEET)
    widget.setProperty("checkinStyled", True)
