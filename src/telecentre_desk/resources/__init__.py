"""Files the application ships: fonts (embedded in PDFs), images.

They live inside the package so that a wheel, an editable install and the
PyInstaller bundle all carry them; read them through this module.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"


def font_path(name: str) -> Path:
    """A real file path for reportlab (which wants a filename, not a stream)."""
    resource = files(__name__) / "fonts" / name
    with as_file(resource) as path:  # a no-op for an installed package on disk
        return Path(path)
