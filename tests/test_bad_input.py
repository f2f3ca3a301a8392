"""Unusable database files and options: a clear message, and nothing changed."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from telecentre_desk import cli, paths
from telecentre_desk.paths import DataDirError, DataPaths, prepare_data_dir
from telecentre_desk.storage.schema import DatabaseFileError, open_database


def _open_and_expect(data_paths: DataPaths, match: str) -> None:
    before = data_paths.database.read_bytes()
    with pytest.raises(DatabaseFileError, match=match):
        open_database(data_paths)
    assert data_paths.database.read_bytes() == before
    assert not data_paths.backups.exists()


def test_a_file_that_is_not_sqlite_is_refused_untouched(data_paths: DataPaths) -> None:
    data_paths.database.write_text("Nom;Prénom\nDupont;Jean\n", encoding="utf-8")
    _open_and_expect(data_paths, "pas une base de données Telecentre Desk")


def test_someone_elses_sqlite_database_is_refused_untouched(data_paths: DataPaths) -> None:
    with sqlite3.connect(data_paths.database) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.close()
    _open_and_expect(data_paths, "pas une base Telecentre Desk")


def test_a_database_from_a_newer_version_is_refused_untouched(data_paths: DataPaths) -> None:
    open_database(data_paths).close()
    with sqlite3.connect(data_paths.database) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    _open_and_expect(data_paths, "version plus récente.*schéma 9999")


def test_a_read_only_database_is_refused_untouched(data_paths: DataPaths) -> None:
    open_database(data_paths).close()
    mode = data_paths.database.stat().st_mode
    data_paths.database.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        _open_and_expect(data_paths, "lecture seule")
    finally:
        data_paths.database.chmod(mode)


def test_a_truncated_database_is_refused_untouched(data_paths: DataPaths) -> None:
    open_database(data_paths).close()
    content = data_paths.database.read_bytes()
    data_paths.database.write_bytes(content[:200])
    _open_and_expect(data_paths, "illisible|pas une base")


def test_a_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "_mount_type", lambda _path: "cifs")
    with pytest.raises(DataDirError, match="partage réseau"):
        prepare_data_dir(tmp_path / "share")
    assert not (tmp_path / "share").exists()


def test_the_mount_table_is_read_for_the_longest_matching_mount_point(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n//nas/centre /mnt/nas cifs rw 0 0\n", encoding="utf-8"
    )
    real_path = Path
    monkeypatch.setattr(
        paths, "Path", lambda p: real_path(mounts) if p == "/proc/mounts" else real_path(p)
    )
    assert paths.is_network_path(real_path("/mnt/nas/telecentre"))
    assert not paths.is_network_path(real_path("/mnt/nasty"))
    assert not paths.is_network_path(real_path("/home/accueil"))


def test_an_unknown_language_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "de", "--version"]) == 2
    error = capsys.readouterr().err
    assert "« de »" in error
    assert "fr, en" in error
