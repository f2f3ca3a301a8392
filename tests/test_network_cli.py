"""The ``network`` commands, used as a manager would from a terminal."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring.backends.fail
import pytest

from network_support import copy_centre, directory_with_key, fresh_keyring, make_template
from telecentre_desk import cli
from telecentre_desk.network import signing
from telecentre_desk.services.network_demo import DemoNetwork, make_demo_network

PASSPHRASE = "une phrase assez longue"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-template")
    return make_template(folder, presences=(date(2026, 3, 1), date(2026, 3, 31)))


@pytest.fixture
def centre(template: Path, tmp_path: Path) -> Iterator[Path]:
    with fresh_keyring():
        yield copy_centre(template, tmp_path / "centre").root


@pytest.fixture
def network() -> DemoNetwork:
    return make_demo_network("77-ROZ", "La Grange", "Rozay-en-Brie", "77393")


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _join(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    centre: Path,
    network: DemoNetwork,
    tmp_path: Path,
    *passphrase: str,
) -> Path:
    """key, directory import (confirmed), secret: what a manager does once."""
    stdin = f"{PASSPHRASE}\n" if passphrase else ""
    pem = tmp_path / "centre.pem"
    code, out, err = run(
        capsys, monkeypatch, "network", "key", "--public-out", str(pem), "--data-dir",
        str(centre), *passphrase, stdin=stdin,
    )  # fmt: skip
    assert code == 0, err
    public = signing.load_public_pem(pem.read_bytes())
    assert signing.fingerprint(public) in out
    directory = tmp_path / "directory.zip"
    directory.write_bytes(directory_with_key(network, "77-ROZ", public, date(2026, 1, 5)))
    code, _out, err = run(
        capsys, monkeypatch, "network", "directory", "import", str(directory),
        "--data-dir", str(centre),
    )  # fmt: skip
    assert code == 1 and network.coordinator_fingerprint in err
    code, out, err = run(
        capsys, monkeypatch, "network", "directory", "import", str(directory),
        "--coordinator-fingerprint", network.coordinator_fingerprint, "--data-dir", str(centre),
    )  # fmt: skip
    assert code == 0, err
    assert "7 centres" in out
    code, out, err = run(
        capsys, monkeypatch, "network", "secret", "--data-dir", str(centre), *passphrase,
        stdin=f"{network.secret_text}\n{stdin}",
    )  # fmt: skip
    assert code == 0, err
    return pem


def test_export_then_verify(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    centre: Path,
    network: DemoNetwork,
    tmp_path: Path,
) -> None:
    pem = _join(capsys, monkeypatch, centre, network, tmp_path)
    out_file = tmp_path / "rozay-2026-03.zip"
    code, out, err = run(
        capsys, monkeypatch, "network", "export", "--period", "2026-03", "--out", str(out_file),
        "--data-dir", str(centre),
    )  # fmt: skip
    assert code == 0, err
    assert "2026-03" in out and out_file.exists()

    tampered = tmp_path / "tampered.zip"
    data = bytearray(out_file.read_bytes())
    data[len(data) // 2] ^= 0x20
    tampered.write_bytes(bytes(data))
    code, out, _err = run(
        capsys, monkeypatch, "network", "verify", str(out_file), str(tampered),
        "--data-dir", str(centre),
    )  # fmt: skip
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("rozay-2026-03.zip: OK") and "77-ROZ" in lines[0]
    assert lines[1].startswith("tampered.zip: REFUSED (damaged_zip)")

    # A coordinator without the directory can trust the key given on the command line.
    elsewhere = tmp_path / "elsewhere"
    assert cli.main(["demo", "--out", str(elsewhere)]) == 0
    capsys.readouterr()
    args = ["network", "verify", str(out_file), "--data-dir", str(elsewhere)]
    code, out, _err = run(capsys, monkeypatch, *args)
    assert code == 1 and "REFUSED (unknown_centre)" in out
    code, out, _err = run(capsys, monkeypatch, *args, "--key", f"77-ROZ={pem}")
    assert code == 0 and ": OK" in out


def test_a_wrong_period_or_a_missing_setup_is_explained(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    centre: Path,
    tmp_path: Path,
) -> None:
    out_file = tmp_path / "x.zip"
    code, _out, err = run(
        capsys, monkeypatch, "network", "export", "--period", "2026-13", "--out", str(out_file),
        "--data-dir", str(centre),
    )  # fmt: skip
    assert code == 1 and "2026-Q4" in err
    code, _out, err = run(
        capsys, monkeypatch, "network", "export", "--period", "2026-03", "--out", str(out_file),
        "--data-dir", str(centre),
    )  # fmt: skip
    assert code == 1 and "directory" in err and "secret" in err
    assert not out_file.exists()


def test_without_a_keyring_the_passphrase_comes_from_stdin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    centre: Path,
    network: DemoNetwork,
    tmp_path: Path,
) -> None:
    with fresh_keyring(keyring.backends.fail.Keyring()):
        _join(capsys, monkeypatch, centre, network, tmp_path, "--passphrase-stdin")
        assert (centre / "network-keys.json").exists()
        out_file = tmp_path / "march.zip"
        args = ["network", "export", "--period", "2026-03", "--out", str(out_file)]
        code, _out, err = run(capsys, monkeypatch, *args, "--data-dir", str(centre))
        assert code == 1 and "passphrase" in err and not out_file.exists()
        code, _out, err = run(
            capsys, monkeypatch, *args, "--data-dir", str(centre), "--passphrase-stdin",
            stdin="wrong passphrase here\n",
        )  # fmt: skip
        assert code == 1 and not out_file.exists()
        code, _out, err = run(
            capsys, monkeypatch, *args, "--data-dir", str(centre), "--passphrase-stdin",
            stdin=f"{PASSPHRASE}\n",
        )  # fmt: skip
        assert code == 0, err
        assert out_file.exists()
