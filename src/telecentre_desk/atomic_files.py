"""Writing a file whole or not at all: a temporary file beside it, fsync, then a rename.

Exports, statements, PDFs and key files are written this way, so that a full disk or
a crash midway never leaves half a file where the user expects the whole one. Errors
are the OS's: each caller says what to do in the user's words.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
