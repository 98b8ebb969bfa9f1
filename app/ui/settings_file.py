"""The settings file on disk: checked when opened, and never left half-written.

QSettings is lenient: it reads random bytes as keys without complaint, and (Qt 6.10) a write
the disk cuts short (a full disk, a file-size limit) leaves the file truncated and reports
no error, since ``QSaveFile`` takes the short write for a whole one. So:

- :func:`settings_file_problem` looks at the file the way QSettings writes it (UTF-8 text,
  no control characters, every line a ``[section]``, a ``key=value`` or a comment, the last
  one ended) and says what is wrong;
- :func:`salvage` copies the settings of ours still readable in a damaged file into a fresh
  one;
- :func:`write_verified` writes through QSettings while a hard link keeps the last good file,
  reads the result back, and renames the good file back into place when the write was cut
  short: a rename needs no free space, so the old file survives even a full disk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

# A line of an INI file as QSettings writes it: a [section], key=value, a comment, or nothing.
_INI_LINE = re.compile(r"\[[^\]]*\]|[;#].*|[^=\[][^=]*=.*|")
_KEY = re.compile(r"[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*")  # ours; a damaged file yields others
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # QSettings escapes these


def settings_file(store: QSettings) -> Path | None:
    """Return the file ``store`` keeps, or None when it keeps none (the registry, a plist)."""
    native = store.format() is QSettings.Format.NativeFormat
    if native and sys.platform in ("win32", "darwin"):
        return None
    return Path(store.fileName())


def settings_file_problem(store: QSettings) -> str:
    """Return what is wrong with ``store``'s file, or "" when it is whole (or not a file)."""
    if store.status() is QSettings.Status.FormatError:
        return "Qt cannot read its format"
    path = settings_file(store)
    if path is None:
        return ""
    if path.is_dir():
        return "a folder stands where the file should be"
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return "it is not UTF-8 text"
    if data and not data.endswith(b"\n"):
        return "its last line is cut short"
    for number, line in enumerate(text.splitlines(), 1):
        if _CONTROL.search(line):
            return f"line {number} holds control characters"
        if not _INI_LINE.fullmatch(line.strip()):
            return f"line {number} is not a setting"
    return ""


def salvage(damaged: Path, into: QSettings) -> None:
    """Copy the settings of ours still readable in ``damaged`` into ``into``."""
    if not damaged.is_file():
        return
    old = QSettings(str(damaged), QSettings.Format.IniFormat)  # only read: nothing is set
    for key in filter(_KEY.fullmatch, old.allKeys()):
        value = old.value(key)
        texts = value if isinstance(value, list) else [value]
        readable = all(isinstance(t, str) and not _CONTROL.search(t) for t in texts)
        if readable or isinstance(value, int | float | bool):
            into.setValue(key, value)
    write_verified(into)


def write_verified(store: QSettings) -> bool:
    """Write ``store``'s changes to its file now; False (and the old file kept) if cut short.

    The file is read back: a whole one ends its last line and holds every key. A write cut
    short is undone by renaming the last good file (kept by a hard link made before the
    write) back into place.
    """
    path = settings_file(store)
    if path is None:
        store.sync()
        return store.status() is QSettings.Status.NoError
    keep = _keep_a_link(path)
    try:
        store.sync()
        whole = store.status() is QSettings.Status.NoError and _reads_whole(path, store)
        if not whole:
            log.warning("the settings could not be written whole to %s", path)
            if keep is not None:
                os.replace(keep, path)
                keep = None
            else:
                with contextlib.suppress(OSError):  # a first file, cut short: none is better
                    path.unlink()
        return whole
    finally:
        if keep is not None:
            with contextlib.suppress(OSError):
                keep.unlink()


def _keep_a_link(path: Path) -> Path | None:
    """Return a second name for ``path``'s file as it is now (None when there is none)."""
    keep = path.with_name(f".{path.name}.{secrets.token_hex(6)}.kept")
    try:
        os.link(path, keep)
    except OSError:  # no file yet, or a file system without hard links
        return None
    return keep


def _reads_whole(path: Path, store: QSettings) -> bool:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return not store.allKeys()  # nothing to keep, nothing written
    except OSError:
        return False
    if data and not data.endswith(b"\n"):
        return False
    written = QSettings(str(path), QSettings.Format.IniFormat)
    return set(written.allKeys()) == set(store.allKeys())
