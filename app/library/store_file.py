"""The library's file on disk: is it damaged, why a write was refused, and what survives.

:class:`~app.library.store.Store` asks here before and after SQLite speaks:

- :func:`check_file` looks at the file before SQLite opens it (a folder in its place, a
  foreign header, a file shorter than its header says) and raises :class:`DamagedFile`;
- :func:`is_damage` tells damage (set the file aside, start again) from a file that is only
  out of reach for now (locked, a full or failing disk, read-only), which is never touched;
- :func:`write_problem` and :func:`open_problem` put a refused write or open into words a
  person can act on ("the disk is full");
- :func:`read_folders` and :func:`write_folders` keep the library folders in a small JSON
  file beside the database, and :func:`salvage_folders` reads them out of a damaged one, so
  a library started afresh still knows what to scan.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
from pathlib import Path
from urllib.request import pathname2url

from app.core.atomic import write_atomically
from app.core.errors import StoreError

log = logging.getLogger(__name__)

_MAGIC = b"SQLite format 3\x00"
# SQLite's primary result codes (the low byte of an extended one).
_READONLY, _IOERR, _CORRUPT, _FULL, _NOTADB = 8, 10, 11, 13, 26
NEARLY_FULL_BYTES = 4 << 20  # a write refused with less than this free met a full disk
FOLDERS_VERSION = 1


class DamagedFile(Exception):
    """The file at the library's path cannot be a whole database (found before SQLite)."""


def check_file(path: Path) -> None:
    """Raise :class:`DamagedFile` when ``path`` cannot be a whole SQLite database.

    Cheap checks only (a stat and the first 100 bytes): a folder in its place, a foreign
    header, an impossible page size, or a file shorter than its header says (truncated), the
    last only when no write-ahead log holds newer pages (after a kill the log is the truth).
    SQLite itself finds the rest as it reads. A missing or empty file is a new library.

    Raises
    ------
    StoreError
        When the file cannot be read at all (permissions, a failing disk).

    """
    if path.is_dir():
        raise DamagedFile("a folder stands where the library file should be")
    try:
        with open(path, "rb") as stream:
            header = stream.read(100)
            size = os.fstat(stream.fileno()).st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(
            f"{path}: the library could not be opened ({exc.strerror or exc})"
        ) from exc
    if not header:
        return
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise DamagedFile("not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedFile(f"an impossible page size ({page_size})")
    pages = int.from_bytes(header[28:32], "big")
    count_is_current = header[24:28] == header[92:96]
    try:
        wal_holds_pages = os.path.getsize(f"{path}-wal") > 32  # more than the log's header
    except OSError:
        wal_holds_pages = False
    if count_is_current and not wal_holds_pages and size < pages * page_size:
        raise DamagedFile(f"truncated: {size} bytes of {pages * page_size}")


def is_damage(exc: BaseException) -> bool:
    """Return True for damage, False for a file merely out of reach (to be left alone)."""
    return isinstance(exc, DamagedFile) or _code(exc) in (_CORRUPT, _NOTADB)


def open_problem(path: Path, exc: BaseException) -> StoreError:
    """Return the error for a library that could not be opened, though not damaged."""
    if isinstance(exc, StoreError):
        return exc
    if "locked" in str(exc):
        return StoreError(f"{path}: the library is locked ({exc})")
    if _disk_full(exc, path.parent):
        return StoreError(f"{path}: the library could not be opened because the disk is full")
    return StoreError(f"{path}: the library could not be opened ({exc})")


def write_problem(exc: sqlite3.OperationalError, folder: Path | None) -> str:
    """Return why SQLite refused a write, in words a person can act on."""
    if _disk_full(exc, folder):
        return "the library could not be saved because the disk is full"
    code = _code(exc)
    limit_mb = file_size_limit_mb()
    if code == _IOERR and limit_mb is not None:
        return (
            "the library could not be saved because this process may not write files "
            f"larger than {limit_mb} MB (ulimit -f)"
        )
    if code == _READONLY:
        return f"the library could not be saved because it is read-only ({exc})"
    return f"the library could not be saved ({exc})"


def file_size_limit_mb() -> int | None:
    """Return this process's file size limit in MB (``ulimit -f``), or None without one."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft >> 20


def _disk_full(exc: BaseException, folder: Path | None) -> bool:
    """SQLite says "full"; or a write failed where hardly any space is left."""
    code = _code(exc)
    return code == _FULL or (code == _IOERR and folder is not None and _nearly_full(folder))


def _code(exc: BaseException) -> int:
    """Return SQLite's primary result code of ``exc`` (0 when it carries none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _nearly_full(folder: Path) -> bool:
    try:
        status = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return status.f_bavail * status.f_frsize < NEARLY_FULL_BYTES


# -- the library folders, kept beside the database --------------------------------------------


def write_folders(path: Path, folders: list[Path]) -> None:
    """Keep ``folders`` in ``path`` (atomically); a failure is logged, never raised."""
    names = [base64.b64encode(os.fsencode(folder)).decode("ascii") for folder in folders]
    data = json.dumps({"version": FOLDERS_VERSION, "folders": names}).encode("ascii")
    try:
        write_atomically(path, data)
    except OSError as exc:
        log.warning("the library folders could not be kept in %s (%s)", path, exc)


def read_folders(path: Path) -> list[Path]:
    """Return the folders kept in ``path``; [] when there is no such file or it is unreadable."""
    try:
        state = json.loads(path.read_bytes())
        if state.get("version") != FOLDERS_VERSION:
            raise ValueError(f"version {state.get('version')!r}")
        names = state["folders"]
        return [Path(os.fsdecode(base64.b64decode(name, validate=True))) for name in names]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("the library folders kept in %s are unreadable (%s)", path, exc)
        return []


def salvage_folders(damaged: Path) -> list[Path]:
    """Return the library folders still readable in a damaged database ([] when none)."""
    if not damaged.is_file():
        return []
    uri = f"file:{pathname2url(os.fspath(damaged.absolute()))}?immutable=1"  # never written
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            rows = connection.execute("SELECT path FROM roots ORDER BY id").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return []
    return [Path(os.fsdecode(path)) for (path,) in rows if isinstance(path, bytes)]
