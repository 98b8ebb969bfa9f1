"""The app's log: the terminal for warnings, and a rotating file in the XDG state folder.

The file (``~/.local/state/starlight/logs/starlight.log`` on Linux) keeps the last few
megabytes of what happened, with times and thread names, so a crash report can carry it: the
safety net points users to its folder. Everything that reaches Python's ``logging`` lands there,
Qt's own messages too (:mod:`app.platform.qt_messages` routes them to the ``qt`` logger).

``--verbose`` lowers both to debug. A log folder that cannot be written never stops the app:
one line on stderr says so, and logging carries on to the terminal only.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from PySide6.QtCore import qVersion

from app import __version__
from app.platform.locations import state_dir

__all__ = [
    "BACKUP_COUNT",
    "LOG_FILE_NAME",
    "MAX_BYTES",
    "STDERR_FORMAT",
    "log_dir",
    "setup_logging",
]

LOG_FILE_NAME = "starlight.log"
MAX_BYTES = 1_000_000  # per file; with the backups the log never passes about 6 MB
BACKUP_COUNT = 5
STDERR_FORMAT = "starlight: %(levelname)s: %(message)s"
FILE_FORMAT = "%(asctime)s.%(msecs)03d %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# The handlers the last setup_logging() call added to the root logger, so a second call (tests,
# a re-configuration) replaces them rather than doubling every line.
_installed: list[logging.Handler] = []


def log_dir() -> Path:
    """Return the folder that holds the log files."""
    return state_dir() / "logs"


class _LogFile(logging.handlers.RotatingFileHandler):
    """A rotating file that reports a failure to write once, on stderr, and then stays quiet.

    The standard handler prints a traceback for every record it cannot write (a full disk,
    a folder removed under it), which would bury the terminal.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        self._failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        """Say once that the file cannot be written; drop later failures silently."""
        if self._failed:
            return
        self._failed = True
        error = sys.exc_info()[1]
        print(f"starlight: cannot write the log file {self.baseFilename}: {error}", file=sys.stderr)


def _open_log_file(folder: Path, verbose: bool) -> _LogFile | None:
    """Return a handler writing to ``folder``/starlight.log, or None (said on stderr)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _LogFile(folder / LOG_FILE_NAME)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(
            f"starlight: cannot keep a log in {folder} ({reason}); logging to the terminal only",
            file=sys.stderr,
        )
        return None
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.setFormatter(logging.Formatter(FILE_FORMAT, DATE_FORMAT))
    return handler


def setup_logging(verbose: bool = False, folder: Path | None = None) -> Path | None:
    """Send the app's log to stderr and to a rotating file; return the file, or None.

    Parameters
    ----------
    verbose
        Log debug detail (``--verbose``): stderr shows debug instead of only warnings and
        errors, and the file takes debug records besides its usual info and up.
    folder
        Where the log files go; :func:`log_dir` by default. Created when missing.

    Returns
    -------
    Path or None
        The current log file, or None when the folder cannot be written (stderr says so
        once, and the app logs to the terminal only).

    """
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    terminal = logging.StreamHandler(sys.stderr)
    terminal.setLevel(logging.DEBUG if verbose else logging.WARNING)
    terminal.setFormatter(logging.Formatter(STDERR_FORMAT))
    log_file = _open_log_file(folder if folder is not None else log_dir(), verbose)
    _installed.extend(h for h in (terminal, log_file) if h is not None)
    for handler in _installed:
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("starlight").info(
        "Starlight Turntable %s started (pid %d, Python %s, Qt %s, %s)",
        __version__,
        os.getpid(),
        sys.version.split()[0],
        qVersion(),
        sys.platform,
    )
    return Path(log_file.baseFilename) if log_file is not None else None
