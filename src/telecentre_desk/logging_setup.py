"""Named loggers to a rotating file in the data directory, warnings also to stderr."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(log_file: Path, *, verbose: bool = False) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger("telecentre_desk")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    to_file = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    to_file.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(to_file)
    to_stderr = logging.StreamHandler(sys.stderr)
    to_stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    to_stderr.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(to_stderr)
    root.propagate = False
