"""Fonts, sizes and colours: one calm, high-contrast look for every screen.

Widgets name their part with a dynamic ``role`` property (``heading``,
``lead``, ``coming``, ``error``, ``figure``...) or an object name, and the
stylesheet below gives each its look. Nothing else in ui/ picks a colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINT_SIZE = 11
BUTTON_MIN_HEIGHT = 40
FIELD_MIN_HEIGHT = 36
LIST_ITEM_HEIGHT = 56

# Text on background colours all reach WCAG AA (4.5:1) or better.
INK = "#1b2733"  # body text on PAGE: 14:1
MUTED = "#4a5866"  # secondary text on PAGE: 7:1
PAGE = "#f5f6f8"
CARD = "#ffffff"
LINE = "#c9d1d9"
ACCENT = "#0b5cad"  # white text on it: 6.6:1
ACCENT_DARK = "#08467f"
NAV = "#1f3b57"  # white text on it: 11:1
NAV_HOVER = "#2d5078"
FOCUS = "#d98e04"
ERROR = "#b00020"  # on PAGE: 6.9:1
NOTE_BG = "#fff5d6"
NOTE_LINE = "#d98e04"

STYLESHEET = f"""
QMainWindow, QWizard, QWizardPage, QWidget#signInScreen, QWidget#viewPage {{
    background: {PAGE};
    color: {INK};
}}
QScrollArea, QScrollArea > QWidget > QWidget {{
    background: transparent;
    border: none;
}}
QLabel {{ color: {INK}; }}
QLabel[role="heading"] {{ font-size: 20pt; font-weight: bold; }}
QLabel[role="subheading"] {{ font-size: 14pt; font-weight: bold; padding-top: 8px; }}
QLabel[role="lead"] {{ font-size: 12pt; color: {MUTED}; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="coming"] {{
    background: {NOTE_BG};
    border-left: 5px solid {NOTE_LINE};
    padding: 10px 14px;
    font-size: 12pt;
}}
QLabel[role="error"] {{ color: {ERROR}; font-weight: bold; }}
QLabel[role="figure"] {{ font-size: 26pt; font-weight: bold; color: {ACCENT}; }}
QLabel[role="figureCaption"] {{ color: {MUTED}; font-size: 12pt; }}
QFrame#tile {{
    background: {CARD};
    border: 1px solid {LINE};
    border-radius: 8px;
}}
QFrame#card {{
    background: {CARD};
    border: 1px solid {LINE};
    border-radius: 8px;
}}
QFrame#tile QLabel, QFrame#card QLabel {{ background: transparent; }}

QPushButton {{
    min-height: {BUTTON_MIN_HEIGHT - 4}px;
    min-width: 90px;
    padding: 2px 22px;
    border: 2px solid #7d8b99;
    border-radius: 6px;
    background: {CARD};
    color: {INK};
}}
QPushButton:hover {{ background: #eaf1f8; }}
QPushButton:default, QPushButton[primary="true"] {{
    background: {ACCENT};
    border-color: {ACCENT_DARK};
    color: white;
}}
QPushButton[primary="true"] {{ font-weight: bold; }}
QPushButton:default:hover, QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton:disabled {{ background: #e3e7eb; color: #6b7784; border-color: {LINE}; }}
QPushButton:focus {{ border-color: {FOCUS}; }}

QLineEdit {{
    min-height: {FIELD_MIN_HEIGHT - 12}px;
    padding: 4px 8px;
    border: 2px solid #8896a4;
    border-radius: 4px;
    background: {CARD};
    color: {INK};
}}
QLineEdit:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"] {{ border-color: {ERROR}; }}

QListWidget#navigation {{
    background: {NAV};
    color: white;
    border: none;
    font-size: 13pt;
    outline: none;
}}
QListWidget#navigation::item {{
    padding: 12px 18px;
    border-left: 5px solid transparent;
}}
QListWidget#navigation::item:hover {{ background: {NAV_HOVER}; }}
QListWidget#navigation::item:selected {{
    background: {PAGE};
    color: {NAV};
    font-weight: bold;
    border-left: 5px solid {FOCUS};
}}
QWidget#navigationColumn {{ background: {NAV}; }}
QLabel#navigationTitle {{ color: white; font-size: 14pt; font-weight: bold; padding: 16px 18px; }}
QWidget#navigationColumn QPushButton {{
    background: {NAV_HOVER};
    color: white;
    border: 1px solid #7f9bb8;
}}
QWidget#navigationColumn QPushButton:focus {{ border: 3px solid {FOCUS}; }}

QListWidget#accounts {{
    background: {CARD};
    border: 1px solid {LINE};
    border-radius: 6px;
    font-size: 13pt;
}}
QListWidget#accounts::item {{ padding: 8px 14px; border-bottom: 1px solid #e6eaee; }}
QListWidget#accounts::item:selected {{ background: {ACCENT}; color: white; }}

QTableView {{  /* QTableWidget too: it is a QTableView */
    background: {CARD};
    border: 1px solid {LINE};
    gridline-color: #e1e6eb;
    selection-background-color: #d7e6f5;
    selection-color: {INK};
}}
QTableView::item {{ padding: 0 10px; }}
QHeaderView::section {{
    background: #e6ebf0;
    color: {INK};
    padding: 6px 8px;
    border: none;
    border-bottom: 1px solid {LINE};
    font-weight: bold;
}}
QStatusBar {{ background: #e6ebf0; color: {INK}; }}
QStatusBar QLabel {{ padding: 2px 10px; }}
"""


def base_font() -> QFont:
    font = QFont()
    font.setPointSize(BASE_POINT_SIZE)
    return font


def apply_theme(target: QApplication | QWidget | None = None) -> None:
    """Give ``target`` (by default the running QApplication) the desk's font and stylesheet."""
    if target is None:
        instance = QApplication.instance()
        if not isinstance(instance, QApplication):
            return
        target = instance
    if target.property("telecentreThemed"):
        return
    target.setFont(base_font())
    target.setStyleSheet(STYLESHEET)
    target.setProperty("telecentreThemed", True)


def set_role(widget: QWidget, role: str) -> None:
    """Tag ``widget`` with a stylesheet role and refresh its look."""
    widget.setProperty("role", role)
    restyle(widget)


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property used in it changed.

    A widget not yet polished (being built, not shown yet) is left alone: Qt polishes it,
    with its properties as they are then, when it is first shown. Polishing it twice
    while a window is built was a good part of the main window's build time.
    """
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
