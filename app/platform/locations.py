"""Where the app keeps its files, by the platform's conventions (QStandardPaths).

On Linux: the library in ``~/.local/share/starlight``, thumbnails in ``~/.cache/starlight``,
session state in ``~/.local/state/starlight``, settings through QSettings in ``~/.config``.
Only QtCore is imported, so the headless command line can use it too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

APP_FOLDER = "starlight"
LIBRARY_FILE = "library.db"


def _location(kind: QStandardPaths.StandardLocation) -> Path:
    return Path(QStandardPaths.writableLocation(kind)) / APP_FOLDER


def data_dir() -> Path:
    """Return the folder for the library database."""
    return _location(QStandardPaths.StandardLocation.GenericDataLocation)


def cache_dir() -> Path:
    """Return the folder for thumbnails and other things that can be made again."""
    return _location(QStandardPaths.StandardLocation.GenericCacheLocation)


def state_dir() -> Path:
    """Return the folder for the saved session and logs."""
    return _location(QStandardPaths.StandardLocation.GenericStateLocation)


def library_path() -> Path:
    """Return the default library database file."""
    return data_dir() / LIBRARY_FILE


def music_dir() -> Path | None:
    """Return the user's Music folder, when there is one."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
    path = Path(found) if found else None
    return path if path is not None and path.is_dir() else None
