"""Shared by the floor plan tests: a demo centre generated once, copied for each test."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.demo import Scale, generate_demo

_TEMPLATES: dict[Scale, Path] = {}


def demo_centre(target: DataPaths, scale: Scale = Scale.SMALL) -> DataPaths:
    """Put a fresh copy of the demo centre (generated once per run) into ``target``."""
    template = _TEMPLATES.get(scale)
    if template is None:
        folder = prepare_data_dir(Path(tempfile.mkdtemp(prefix=f"floorplan-demo-{scale}-")))
        generate_demo(folder, scale)  # closes its store: the WAL is folded into the file
        template = _TEMPLATES[scale] = folder.database
    shutil.copyfile(template, target.database)
    return target
