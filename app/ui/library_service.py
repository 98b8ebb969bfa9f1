"""The library for the window: the store, its model and history, and background scans.

Scans run :func:`app.library.scanner.scan` on a Python thread of their own (which opens its
own database connection) and report through Qt signals, which Qt queues to the GUI thread.
The worker processes do the tag reading at a lower priority, so neither the window nor the
audio thread waits on a scan.

Before the first scan of a session the scan thread checks the library file through
(:func:`file_is_whole`: SQLite's quick check, some 30 ms for 50,000 tracks), and again when a
scan meets an SQLite error. A damaged file is set aside on the GUI thread and a new library
started with the same folders (:meth:`~app.library.store.Store.rebuild`), which the scan then
fills; :attr:`LibraryService.message_posted` says so, for the window to tell the user.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.request import pathname2url

from PySide6.QtCore import QObject, Signal

from app.core.errors import StoreError
from app.library.history import PlayHistory
from app.library.model import LibraryModel
from app.library.scanner import ScanProgress, scan
from app.library.store import Store
from app.library.store_file import DamagedFile, check_file, is_damage
from app.ui.i18n import fill

log = logging.getLogger(__name__)


class LibraryService(QObject):
    """Owns the GUI thread's connection to the library and runs scans in the background."""

    scan_progress = Signal(object)  # ScanProgress
    scan_finished = Signal(object)  # ScanProgress
    scan_failed = Signal(str)
    message_posted = Signal(str)  # a damaged library was set aside, being rebuilt: say so
    _damaged = Signal(object)  # queued from the scan thread: the folders it was given

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.store = Store(database)
        self.model = LibraryModel(self.store)
        self.history = PlayHistory(self.store)
        # For the user once the window is up: a damaged file set aside on opening.
        self.notices: list[str] = []
        if self.store.recovered_from is not None:
            self.notices.append(self._damage_message(self.store.recovered_from))
        # Written by the GUI thread only; the scan thread reads _cancel.
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._checked = False  # the file had its quick check this session
        self._damaged.connect(self._on_damaged)

    @property
    def recovered_from(self) -> Path | None:
        """Where a damaged library file was moved when it was opened, if it was."""
        return self.store.recovered_from

    @property
    def scanning(self) -> bool:
        """True while a scan runs."""
        return self._thread is not None and self._thread.is_alive()

    def folders(self) -> list[Path]:
        """Return the library folders the store remembers."""
        return self.store.roots()

    def start_scan(self, folders: Sequence[Path] | None = None) -> bool:
        """Scan ``folders`` (default: the library folders); False when a scan already runs."""
        if self.scanning:
            return False
        chosen = list(folders) if folders is not None else self.folders()
        if not chosen:
            return False
        self._cancel = threading.Event()
        check, self._checked = not self._checked, True
        self._thread = threading.Thread(
            target=self._run, args=(chosen, self._cancel, check), name="starlight-scan",
            daemon=True,
        )  # fmt: skip
        self._thread.start()
        return True

    def cancel_scan(self) -> None:
        """Ask the running scan to stop; it keeps what it has stored so far."""
        self._cancel.set()

    def close(self, timeout_s: float = 5.0) -> None:
        """Cancel any scan, wait for it, and close the store."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self.store.close()

    def _run(self, folders: list[Path], cancel: threading.Event, check: bool) -> None:
        if check and not file_is_whole(self.database):
            self._damaged.emit(folders)
            return
        progress: ScanProgress | None = None
        try:
            for progress in scan(self.database, folders, cancel):
                if not progress.done:
                    self.scan_progress.emit(progress)
        except StoreError as exc:
            self.scan_failed.emit(str(exc))
            return
        except Exception as exc:  # thread boundary: report, never kill the app
            if isinstance(exc, sqlite3.DatabaseError) and not file_is_whole(self.database):
                self._damaged.emit(folders)
                return
            log.exception("the library scan failed")
            self.scan_failed.emit(fill(self.tr("the library scan failed (%1)"), exc))
            return
        if progress is not None:
            self.scan_finished.emit(progress)

    def _on_damaged(self, folders: list[Path]) -> None:
        """Set the damaged library aside, start a new one and scan its folders into it."""
        if self._thread is not None:
            self._thread.join()  # it has returned, or is about to
        try:
            aside = self.store.rebuild()
        except StoreError as exc:
            log.error("%s", exc)
            self.scan_failed.emit(str(exc))
            return
        self.message_posted.emit(self._damage_message(aside))
        self.start_scan(self.store.roots() or folders)

    def _damage_message(self, aside: Path) -> str:
        return fill(
            self.tr("The library file was damaged. It was set aside as %1 and is being rebuilt."),
            aside.name,
        )


def file_is_whole(database: Path) -> bool:
    """Return False when the library file is damaged (True when whole, or out of reach now).

    Reads the file read-only on a connection of its own, from any thread.
    """
    try:
        check_file(database)
    except DamagedFile as exc:
        log.warning("the library %s is damaged (%s)", database, exc)
        return False
    except StoreError:
        return True  # unreadable now (a failing disk): opening says so, nothing is moved
    if not database.exists():
        return True
    uri = f"file:{pathname2url(str(database.absolute()))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=30.0)
        try:
            rows = connection.execute("PRAGMA quick_check(5)").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        log.warning("checking the library %s: %s", database, exc)
        return not is_damage(exc)
    if rows == [("ok",)]:
        return True
    log.warning("the library %s is damaged: %s", database, "; ".join(str(r[0]) for r in rows))
    return False
