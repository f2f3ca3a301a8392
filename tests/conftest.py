"""Test settings shared by every test: offscreen Qt, no real user folders, no real keyring."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# platformdirs resolves the user data folder from these: point them at a throw-away
# folder so no test can touch the real centre of the person running the suite.
_SANDBOX = Path(tempfile.mkdtemp(prefix="telecentre-desk-tests-"))
for _variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_variable] = str(_SANDBOX / _variable.lower())

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from telecentre_desk.i18n import set_language  # noqa: E402
from telecentre_desk.paths import DataPaths, prepare_data_dir  # noqa: E402


class InMemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the tests end."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


keyring.set_keyring(InMemoryKeyring())


@pytest.fixture(autouse=True)
def _french_by_default() -> Iterator[None]:
    """Each test starts in French, the application's default language."""
    set_language("fr")
    yield
    set_language("fr")


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return prepare_data_dir(tmp_path / "centre")
