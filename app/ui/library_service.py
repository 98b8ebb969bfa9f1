"""The library for the window: the store, its model and history, and background scans.

Scans run :func:`app.library.scanner.scan` on a Python thread of their own (which opens its
own database connection) and report through Qt signals, which Qt queues to the GUI thread.
The worker processes do the tag reading at a lower priority, so neither the window nor the
audio thread waits on a scan.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.errors import StoreError
from app.library.history import PlayHistory
from app.library.model import LibraryModel
from app.library.scanner import ScanProgress, scan
from app.library.store import Store
from app.ui.i18n import fill

log = logging.getLogger(__name__)


class LibraryService(QObject):
    """Owns the GUI thread's connection to the library and runs scans in the background."""

    scan_progress = Signal(object)  # ScanProgress
    scan_finished = Signal(object)  # ScanProgress
    scan_failed = Signal(str)

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.store = Store(database)
        self.model = LibraryModel(self.store)
        self.history = PlayHistory(self.store)
        # Written by the GUI thread only; the scan thread reads _cancel.
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

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
        self._thread = threading.Thread(
            target=self._run, args=(chosen, self._cancel), name="starlight-scan", daemon=True
        )
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

    def _run(self, folders: list[Path], cancel: threading.Event) -> None:
        progress: ScanProgress | None = None
        try:
            for progress in scan(self.database, folders, cancel):
                if not progress.done:
                    self.scan_progress.emit(progress)
        except StoreError as exc:
            self.scan_failed.emit(str(exc))
            return
        except Exception as exc:  # thread boundary: report, never kill the app
            log.exception("the library scan failed")
            self.scan_failed.emit(fill(self.tr("the library scan failed (%1)"), exc))
            return
        if progress is not None:
            self.scan_finished.emit(progress)
