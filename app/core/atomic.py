"""The app's own files: written whole or not at all, and set aside when found damaged.

:func:`write_atomically` writes beside the target, syncs, renames over it and syncs the
folder, so a crash, a kill or a full disk leaves either the old file or the new one, never
half of either. :func:`move_aside` renames a damaged file (or a folder standing where a file
should be) to a dated name beside it, so nothing of the user's is deleted when the app
starts afresh. :func:`remove_stale_temporaries` clears the temporaries a kill mid-write left.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

ASIDE_MARK = "corrupt"  # a file set aside is named "<name>.corrupt-<yyyymmdd-hhmmss>"


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, sync it, then rename it over ``path``.

    The temporary file is created exclusively (never an existing file) with the permissions
    the umask gives any new file. On any error it is removed and ``path`` is left as it was.
    After the rename the folder is synced too (where the system allows), so the new name
    survives a power cut.

    Raises
    ------
    OSError
        When the folder cannot be written or the disk is full.

    """
    folder, name = os.path.split(os.fspath(path))
    temporary = os.path.join(folder, temporary_prefix(name) + f"{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o666)
    try:
        with open(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder or ".")


def temporary_prefix(name: str) -> str:
    """Return how the temporaries :func:`write_atomically` makes for ``name`` begin."""
    return f".{name[:100]}."


def _sync_folder(folder: str) -> None:
    """Sync a folder's entries to disk; a system that cannot (Windows) is left as it is."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def aside_path(path: Path, when: float | None = None) -> Path:
    """Return a free dated name beside ``path`` for setting it aside (not yet used)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    candidate = path.with_name(f"{path.name}.{ASIDE_MARK}-{stamp}")
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.name}.{ASIDE_MARK}-{stamp}-{number}")
    return candidate


def move_aside(path: Path, companions: tuple[str, ...] = ()) -> Path:
    """Rename the damaged ``path`` (a file, or a folder where a file should be) to a dated name.

    Parameters
    ----------
    path
        What to set aside; it stays in its folder under the new name.
    companions
        Suffixes of files that belong with it and go along under the same new name, when
        they exist (a database's ``-wal`` and ``-shm``).

    Returns
    -------
    Path
        The new name of ``path``.

    Raises
    ------
    OSError
        When it cannot be renamed (its folder is read-only, or it vanished meanwhile).

    """
    aside = aside_path(path)
    os.replace(path, aside)
    for suffix in companions:
        source = Path(f"{path}{suffix}")
        if os.path.lexists(source):
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside


def remove_stale_temporaries(path: Path, older_than_s: float = 60.0) -> int:
    """Remove the temporaries an interrupted :func:`write_atomically` of ``path`` left behind.

    Only files named as that function names them, and untouched for ``older_than_s``, go: a
    write under way in another thread is never disturbed. Returns how many were removed.
    """
    prefix = temporary_prefix(path.name)
    return remove_stale_files(
        path.parent, lambda name: name.startswith(prefix) and name.endswith(".tmp"), older_than_s
    )


def remove_stale_files(folder: Path, matches: Callable[[str], bool], older_than_s: float) -> int:
    """Remove the files in ``folder`` whose names ``matches`` and untouched for ``older_than_s``.

    Returns how many were removed; a folder that cannot be listed removes none.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not matches(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > older_than_s:
                os.unlink(entry.path)
                removed += 1
    return removed
