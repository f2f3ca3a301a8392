"""The layer rules of DESIGN.md, as import-linter contracts in pyproject.toml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        exit_code = lint_imports(no_cache=True, no_logo=True)
    finally:
        os.chdir(previous)
    report = capsys.readouterr().out
    assert exit_code == 0, report
    assert "Contracts: 3 kept, 0 broken." in report
