"""The bare cost of this stack: Qt widgets + SQLAlchemy ORM, one count, an empty window.

Run by bench/startup.py as the baseline that Telecentre Desk's start-up is compared to.
Usage: python bench/bare_baseline.py DATABASE_FILE
"""

from __future__ import annotations

import sys

import sqlalchemy.orm  # noqa: F401  (the ORM import is part of the unavoidable cost)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from sqlalchemy import create_engine, text


def main() -> None:
    engine = create_engine(f"sqlite:///{sys.argv[1]}")
    with engine.connect() as connection:
        members = connection.execute(text("SELECT count(*) FROM member")).scalar_one()
    application = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel(f"{members} members"))
    window.resize(1440, 900)
    window.show()

    def ready() -> None:
        print("ready", flush=True)
        application.quit()

    QTimer.singleShot(0, ready)
    application.exec()


if __name__ == "__main__":
    main()
