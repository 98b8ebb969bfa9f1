"""The library database: SQLite in WAL mode, with foreign keys, migrations and FTS5 search.

One :class:`Store` is one connection, used from one thread; the scanner opens its own. WAL
lets the window read while a scan writes. Writes come in batches, one transaction each, so a
``kill -9`` mid-scan loses at most the batch in flight and the next scan carries on from there.

A damaged library (not a database, a truncated file, pages SQLite finds malformed, a folder
where the file should be) is moved aside to a dated name and a new one started, which keeps
the library folders (from the damaged file if they can still be read, else from the small
``<name>.folders.json`` kept beside it), so the next scan rebuilds it; :attr:`Store.recovered_from`
names the old file so the user can be told. A file that is merely out of reach (locked, on a
full or failing disk, read-only, from a newer release) is left exactly as it is. A write the
disk refuses rolls back whole and raises a :class:`~app.core.errors.StoreError` saying why.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from app.core.atomic import move_aside
from app.core.errors import StoreError
from app.core.track import Track
from app.library.rows import SELECT_TRACK, TagRow, TrackBuilder
from app.library.schema import (
    INDEX_TRACK,
    MIGRATIONS,
    SCHEMA_VERSION,
    SEARCH_FIELDS,
    TRACK_TAG_COLUMNS,
    UPSERT_TRACK,
)
from app.library.schema import statements as _statements
from app.library.search_text import index_text
from app.library.store_file import (
    DamagedFile,
    check_file,
    is_damage,
    open_problem,
    read_folders,
    salvage_folders,
    write_folders,
    write_problem,
)
from app.library.walk import FolderMemo

log = logging.getLogger(__name__)

_SEARCH_COLUMNS = [TRACK_TAG_COLUMNS.index(field) for field in SEARCH_FIELDS]
_COMPANIONS = ("-wal", "-shm")  # SQLite's files beside the database, set aside with it


def search_text_of(row: TagRow) -> tuple[str, ...]:
    """Return the search index's text for a tag row (the scan workers call this)."""
    return tuple(index_text(row[column]) for column in _SEARCH_COLUMNS)


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """A file the scanner read: its tag row, or why it could not be read."""

    path: bytes
    mtime_ns: int
    size: int
    row: TagRow | None
    reason: str = ""
    # The text for the search index (SEARCH_FIELDS, shaped by index_text); worked out by the
    # scan workers so the writing process does less. Derived from ``row`` when empty.
    search: tuple[str, ...] = ()


def _connect(path: Path | str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    return connection


class Store:
    """The library database at ``path`` (created when missing).

    Raises
    ------
    StoreError
        When the library is locked, made by a newer release, or out of reach (a full or
        failing disk, a read-only folder); or damaged and impossible to move aside.

    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.recovered_from: Path | None = None
        self._fresh = False  # the file held no library when opened
        self._on_disk = str(path) != ":memory:"
        self.folders_file = self.path.with_name(f"{self.path.name}.folders.json")
        # Shares names and folders between the tracks this connection hands out.
        self._builder = TrackBuilder()
        if self._on_disk:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            try:
                self._db = self._open()
            except (sqlite3.DatabaseError, DamagedFile) as exc:
                if not is_damage(exc):
                    raise
                log.warning("the library %s is damaged (%s); starting a new one", self.path, exc)
                self._start_afresh([])
        except sqlite3.DatabaseError as exc:
            raise open_problem(self.path, exc) from exc
        if not self._on_disk:
            return
        if self._fresh and not self.roots():  # removed, or emptied: its folders come back
            self._add_roots(read_folders(self.folders_file))
        elif not os.path.lexists(self.folders_file):
            self._remember_folders()  # a library from before the folders were kept beside it

    def _open(self) -> sqlite3.Connection:
        if self._on_disk:
            check_file(self.path)
        connection = _connect(self.path)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            self._fresh = version == 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: made by a newer Starlight (schema {version}, "
                    f"this one knows {SCHEMA_VERSION})"
                )
            # Only now change the file: a newer library must be left exactly as it was.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            for number in range(version, SCHEMA_VERSION):
                with _transaction(connection):
                    for statement in _statements(MIGRATIONS[number]):
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {number + 1}")
            connection.execute("SELECT count(*) FROM roots").fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def _start_afresh(self, folders: list[Path]) -> None:
        """Set the damaged file aside and open a new library with the same folders.

        The folders are ``folders`` when given, else those still readable in the damaged
        file, else those kept beside it.
        """
        try:
            self.recovered_from = move_aside(self.path, _COMPANIONS)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: the library file is damaged and could not be set aside "
                f"({exc.strerror or exc})"
            ) from exc
        self._db = self._open()
        self._add_roots(
            folders or salvage_folders(self.recovered_from) or read_folders(self.folders_file)
        )

    def _add_roots(self, folders: list[Path]) -> None:
        """Give a new library the folders of the one it replaces, and keep them beside it."""
        with _transaction(self._db, self.path.parent):
            self._db.executemany(
                "INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)",
                [(os.fsencode(folder), time.time()) for folder in folders],
            )
        self._remember_folders()

    def rebuild(self) -> Path:
        """Set this damaged library aside and start a new one with the same folders.

        For damage found while running (:meth:`quick_check_ok` failed, or a query said the
        file is malformed). The connection is replaced in place, so every holder of this
        store sees the new, empty library; scanning the folders fills it again. Returns
        where the damaged file went.

        Raises
        ------
        StoreError
            When the damaged file cannot be set aside or a new one cannot be made.

        """
        try:
            folders = self.roots()
        except sqlite3.DatabaseError:
            folders = []
        self._db.close()
        try:
            self._start_afresh(folders)
        except StoreError:
            self._db = _connect(self.path)  # whatever is there: never a closed connection
            raise
        except sqlite3.DatabaseError as exc:
            self._db = _connect(self.path)
            raise open_problem(self.path, exc) from exc
        assert self.recovered_from is not None
        return self.recovered_from

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    # -- library folders ---------------------------------------------------------------

    def add_root(self, folder: Path) -> int:
        """Remember ``folder`` as a library folder; returns its id."""
        key = os.fsencode(folder)
        with _transaction(self._db, self.path.parent):
            added = self._db.execute(
                "INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)", (key, time.time())
            ).rowcount
        if added:
            self._remember_folders()
        return int(self._db.execute("SELECT id FROM roots WHERE path = ?", (key,)).fetchone()[0])

    def roots(self) -> list[Path]:
        """Return the library folders, in the order they were added."""
        rows = self._db.execute("SELECT path FROM roots ORDER BY id")
        return [Path(os.fsdecode(path)) for (path,) in rows]

    def remove_root(self, folder: Path) -> None:
        """Forget a library folder and every track under it."""
        with _transaction(self._db, self.path.parent):
            self._db.execute("DELETE FROM roots WHERE path = ?", (os.fsencode(folder),))
        self._remember_folders()

    def _remember_folders(self) -> None:
        """Keep the folder list beside the database too: a damaged library is rebuilt from it."""
        if self._on_disk:
            write_folders(self.folders_file, self.roots())

    # -- scanning ----------------------------------------------------------------------

    def file_states(self, root_id: int) -> dict[bytes, tuple[bytes, int, int]]:
        """Return every file stored under a root (tracks and unreadable files).

        Keyed by path; each value is the row ``(path, mtime_ns, size)``, which compares equal
        to the walk's :class:`~app.library.walk.FoundFile` for an unchanged file. Built with
        C-level loops: on a rescan of 50,000 files this is a fifth of the time.
        """
        states: dict[bytes, tuple[bytes, int, int]] = {}
        for table in ("tracks", "scan_errors"):
            query = f"SELECT path, mtime_ns, size FROM {table} WHERE root_id = ?"
            rows = self._db.execute(query, (root_id,)).fetchall()
            states.update(zip(map(itemgetter(0), rows), rows, strict=True))
        return states

    def write_scan_batch(
        self, root_id: int, records: Sequence[ScanRecord], removed: Iterable[bytes] = ()
    ) -> None:
        """Store one batch of scan results and removals in a single transaction."""
        now = time.time()
        tracks = [(r.path, root_id, r.mtime_ns, r.size, now, *r.row) for r in records if r.row]
        errors = [(r.path, root_id, r.mtime_ns, r.size, r.reason) for r in records if r.row is None]
        gone = [(path,) for path in removed]
        with _transaction(self._db, self.path.parent):
            if tracks:
                self._db.executemany(
                    "DELETE FROM scan_errors WHERE path = ?", [t[:1] for t in tracks]
                )
                self._db.executemany(UPSERT_TRACK, tracks)
                self._index([r for r in records if r.row])
            if errors:
                self._db.executemany("DELETE FROM tracks WHERE path = ?", [e[:1] for e in errors])
                self._db.executemany(
                    "INSERT OR REPLACE INTO scan_errors VALUES (?, ?, ?, ?, ?)", errors
                )
            if gone:
                self._db.executemany("DELETE FROM tracks WHERE path = ?", gone)
                self._db.executemany("DELETE FROM scan_errors WHERE path = ?", gone)

    def _index(self, records: Sequence[ScanRecord]) -> None:
        """Replace the search rows of freshly written tracks (inside the caller's transaction)."""
        ids: dict[bytes, int] = {}
        for start in range(0, len(records), 500):
            chunk = [r.path for r in records[start : start + 500]]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT path, id FROM tracks WHERE path IN ({marks})"
            ids.update(self._db.execute(query, chunk).fetchall())
        rows = [(ids[r.path], *(r.search or search_text_of(r.row or ()))) for r in records]
        self._db.executemany("DELETE FROM track_search WHERE rowid = ?", [r[:1] for r in rows])
        self._db.executemany(INDEX_TRACK, rows)

    def folder_memos(self, root_id: int) -> dict[bytes, FolderMemo]:
        """Return what the last walk listed in each folder under a root."""
        query = "SELECT path, mtime_ns, listed_ns, audio, subfolders FROM folders WHERE root_id = ?"
        return {
            path: FolderMemo(mtime_ns, listed_ns, audio, subfolders)
            for path, mtime_ns, listed_ns, audio, subfolders in self._db.execute(query, (root_id,))
        }

    def write_folder_memos(
        self, root_id: int, memos: dict[bytes, FolderMemo], gone: Iterable[bytes] = ()
    ) -> None:
        """Keep fresh folder listings and forget folders that are no longer there."""
        rows = [(path, root_id, *memo) for path, memo in memos.items()]
        with _transaction(self._db, self.path.parent):
            self._db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._db.executemany("DELETE FROM folders WHERE path = ?", [(p,) for p in gone])

    def scan_errors(self, limit: int = 1000) -> list[tuple[Path, str]]:
        """Files that could not be read, with the reason."""
        rows = self._db.execute(
            "SELECT path, reason FROM scan_errors ORDER BY path LIMIT ?", (limit,)
        )
        return [(Path(os.fsdecode(path)), reason) for path, reason in rows]

    # -- reading -----------------------------------------------------------------------

    def track_count(self) -> int:
        """How many tracks the library holds."""
        return int(self._db.execute("SELECT count(*) FROM tracks").fetchone()[0])

    def error_count(self) -> int:
        """How many files could not be read."""
        return int(self._db.execute("SELECT count(*) FROM scan_errors").fetchone()[0])

    def track(self, path: Path) -> Track | None:
        """Return the stored track for ``path``, if any."""
        row = self._db.execute(f"{SELECT_TRACK} WHERE path = ?", (os.fsencode(path),)).fetchone()
        return self._builder.track(row) if row else None

    def tracks_of_record(self, key: str) -> list[Track]:
        """Return the tracks of one record, in no particular order."""
        rows = self._db.execute(f"{SELECT_TRACK} WHERE record_key = ?", (key,))
        return [self._builder.track(row) for row in rows]

    def tracks_by_ids(self, ids: Sequence[int]) -> list[Track]:
        """Tracks in the order of ``ids`` (missing ids are skipped)."""
        found: dict[int, Track] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT id, {SELECT_TRACK[len('SELECT ') :]} WHERE id IN ({marks})"
            for row in self._db.execute(query, chunk):
                found[row[0]] = self._builder.track(row[1:])
        return [found[i] for i in ids if i in found]

    def execute(self, query: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        """Run a read-only query (for the library model's views)."""
        return self._db.execute(query, parameters)

    def write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """Open a transaction on this connection, for the history and other small writes."""
        return _transaction(self._db, self.path.parent)

    def integrity_ok(self) -> bool:
        """Run SQLite's full integrity check (False also when SQLite cannot read the file)."""
        return self._check("integrity_check")

    def quick_check_ok(self) -> bool:
        """Run SQLite's quick check: every page, without matching indexes to their tables.

        About 30 ms for 50,000 tracks with the file in the page cache: for a worker thread.
        """
        return self._check("quick_check")

    def _check(self, pragma: str) -> bool:
        try:
            return bool(self._db.execute(f"PRAGMA {pragma}").fetchone()[0] == "ok")
        except sqlite3.DatabaseError as exc:
            log.warning("the library %s cannot be checked (%s)", self.path, exc)
            return False


@contextlib.contextmanager
def _transaction(
    connection: sqlite3.Connection, folder: Path | None = None
) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; a refused write is a StoreError.

    ``folder`` (the database's) lets the error say whether the disk there is full.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError):
            raise StoreError(write_problem(exc, folder)) from exc
        raise
