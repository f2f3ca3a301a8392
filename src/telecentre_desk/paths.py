"""Where the application keeps its files; every path can be injected.

The default data directory comes from platformdirs; ``--data-dir`` or a
temporary directory (demo, tests) replace it. SQLite must never live on a
network share: two PCs writing the same file through SMB or NFS corrupt it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from telecentre_desk.i18n import _

APP_NAME = "telecentre-desk"
DATABASE_FILE = "centre.sqlite3"
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "ncpfs"}
)


class DataDirError(Exception):
    """A data directory that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "telecentre-desk.log"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def prepare_data_dir(root: Path | None) -> DataPaths:
    """Create (if needed) and check the data directory; refuse network shares."""
    root = (root or default_data_dir()).expanduser().resolve()
    if is_network_path(root):
        raise DataDirError(
            _(
                "The folder {path} is on a network share. The centre's database must be "
                "on this computer's own disk: choose a local folder with --data-dir, or use "
                "a PostgreSQL server for several PCs."
            ).format(path=root)
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataDirError(
            _("Cannot create the data folder {path}: {reason}").format(
                path=root, reason=error.strerror or error
            )
        ) from error
    return DataPaths(root)


def is_network_path(path: Path) -> bool:
    text = str(path)
    if sys.platform == "win32":
        return text.startswith("\\\\") or _windows_drive_is_remote(text)
    return _mount_type(path) in NETWORK_FILESYSTEMS


def _windows_drive_is_remote(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return False
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]


def _mount_type(path: Path) -> str:
    """File system type of the mount holding ``path`` (Linux /proc/mounts), or ""."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    best, best_type = "", ""
    target = str(path)
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, best_type = mount_point, fields[2]
    return best_type
