"""The safety net: an unhandled exception anywhere is logged and shown, and the app goes on.

Three hooks catch what nothing else did:

- ``sys.excepthook``: exceptions raised in Qt slots, timers and virtual overrides
  (``paintEvent``...), which PySide6 hands there on whichever thread ran them, QThreads included;
- ``threading.excepthook``: exceptions ending a Python thread;
- ``sys.unraisablehook``: exceptions Python could not raise (in ``__del__``, in callbacks);
  these are logged only, never shown: they are mostly noise from objects being torn down.

Each is logged at once, on the thread that raised it, with its traceback, under the
``starlight.crash`` logger. Then it crosses to the GUI thread through a queued signal (even from
the GUI thread itself, so a dialog never opens inside a paint event) and is shown in a
:class:`~app.ui.crash_dialog.CrashDialog`. Repeats are gathered rather than stacked:

- one dialog at a time; errors arriving while it is open join it (the same one raises its count);
- an error the user has dismissed is not shown again this session (it is still logged);
- a new dialog waits :data:`DIALOG_GAP_S` after the last one closed;
- the same error is logged with its traceback once, then as a count at 2, 4, 8... times;
- at most :data:`TRACEBACKS_PER_MINUTE` tracebacks are logged a minute; beyond that, one line.

``KeyboardInterrupt`` is not an error: it quits the app. Without a ``QApplication`` (early in
start-up, in the command line), or once its event loop has ended, errors are logged only.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from app.ui.crash_dialog import CrashDialog, Failure
from app.ui.theme import Theme, theme_named

__all__ = [
    "DIALOG_GAP_S",
    "TRACEBACKS_PER_MINUTE",
    "SafetyNet",
    "failure_key",
    "install_safety_net",
    "main_window",
]

log = logging.getLogger("starlight.crash")

DIALOG_GAP_S = 2.0
TRACEBACKS_PER_MINUTE = 20
_MAX_KEYS = 1000  # error kinds remembered for counting; the oldest are forgotten beyond
_PYSIDE_PREFIX = "Error calling Python override of "

ExcInfo = tuple[type[BaseException], BaseException, types.TracebackType | None]


def failure_key(exc_type: type[BaseException], tb: types.TracebackType | None) -> str:
    """Return a key equal for the same error type raised along the same path of code.

    The message is left out on purpose: ``IndexError: 17`` and ``IndexError: 18`` from the same
    line are the same bug.
    """
    frames = traceback.extract_tb(tb)
    where = ";".join(f"{f.filename}:{f.lineno}:{f.name}" for f in frames)
    text = f"{exc_type.__module__}.{exc_type.__qualname__}|{where}"
    return hashlib.sha1(text.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()


def _summary(exc_type: type[BaseException], exc: BaseException) -> str:
    """Return ``"ValueError: message"`` on one line, without PySide's override prefix."""
    message = str(exc)
    if message.startswith(_PYSIDE_PREFIX) and "): " in message:
        message = message.split("): ", 1)[1]  # "Error calling ... QWidget::paintEvent(): boom"
    first = message.strip().splitlines()[0] if message.strip() else ""
    return f"{exc_type.__name__}: {first}" if first else exc_type.__name__


def _thread_name() -> str:
    """Return the current thread's name; a QThread's object name rather than "Dummy-1"."""
    name = threading.current_thread().name
    if name.startswith("Dummy-"):  # started by Qt, not by Python's threading
        return QThread.currentThread().objectName() or name
    return name


class SafetyNet(QObject):
    """Catch unhandled exceptions, log them, and show them without stopping the app.

    Parameters
    ----------
    window
        Returns the window a dialog should belong to (or None); it is asked when a dialog
        opens. Its ``theme`` attribute, when it has one, dresses the dialog. By default, the
        application's main window (its first top-level ``QMainWindow``).
    log_folder
        The folder the dialog's "Open log folder" shows; None disables the button.
    on_interrupt
        Called on the GUI thread for ``KeyboardInterrupt``; quits the app by default.

    """

    _caught = Signal(object)  # a Failure, queued to the GUI thread
    _interrupted = Signal()

    def __init__(
        self,
        window: Callable[[], QWidget | None] | None = None,
        log_folder: Path | None = None,
        on_interrupt: Callable[[], None] = QCoreApplication.quit,
    ) -> None:
        super().__init__()
        self._window = window if window is not None else main_window
        self._log_folder = log_folder
        self.dialog: CrashDialog | None = None
        self._previous: tuple[Any, Any, Any] | None = None
        # Any thread, under _lock: how often each kind was seen, and the traceback budget.
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._budget = float(TRACEBACKS_PER_MINUTE)
        self._budget_at = time.monotonic()
        self._budget_said = False
        # GUI thread only: kinds the user dismissed, failures waiting for the gap to pass.
        self._dismissed: set[str] = set()
        self._waiting: list[Failure] = []
        self._closed_at = -DIALOG_GAP_S
        self._gap_timer = QTimer(self)
        self._gap_timer.setSingleShot(True)
        self._gap_timer.timeout.connect(self._open_waiting)
        self._caught.connect(self._on_caught, Qt.ConnectionType.QueuedConnection)
        self._interrupted.connect(on_interrupt, Qt.ConnectionType.QueuedConnection)

    # ---------------------------------------------------------------- hooks
    def install(self) -> None:
        """Put the hooks in place (the previous ones are kept for :meth:`uninstall`)."""
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook, sys.unraisablehook)
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook
        sys.unraisablehook = self._unraisable_hook

    def uninstall(self) -> None:
        """Give back the hooks that were there before :meth:`install`."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook, sys.unraisablehook = self._previous
            self._previous = None

    def _sys_hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: types.TracebackType | None,
    ) -> None:
        self.catch((exc_type, exc, tb), _thread_name())

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return  # threading's own hook ignores SystemExit too
        thread = args.thread.name if args.thread is not None else "unknown thread"
        self.catch((args.exc_type, args.exc_value, args.exc_traceback), thread)

    def _unraisable_hook(self, unraisable: Any) -> None:
        exc = unraisable.exc_value
        if exc is None:
            return
        where = unraisable.err_msg or "Exception ignored"
        log.warning(
            "%s in %r", where, unraisable.object, exc_info=(type(exc), exc, exc.__traceback__)
        )

    # ---------------------------------------------------------------- any thread
    def catch(self, exc_info: ExcInfo, thread: str) -> None:
        """Log an unhandled exception and queue it for the dialog (any thread).

        Never raises: a failure in here is printed, as Python would have printed the original.
        """
        try:
            self._catch(exc_info, thread)
        except Exception:
            traceback.print_exception(*exc_info)
            traceback.print_exc()

    def _catch(self, exc_info: ExcInfo, thread: str) -> None:
        exc_type, exc, tb = exc_info
        if issubclass(exc_type, KeyboardInterrupt):
            log.info("interrupted (Ctrl+C): quitting")
            self._interrupted.emit()
            return
        key = failure_key(exc_type, tb)
        summary = _summary(exc_type, exc)
        self._log(key, summary, exc_info, thread)
        # Queued even on the GUI thread: never a dialog inside a paint event. Without a running
        # event loop (an error escaping start-up) it is simply never delivered.
        if isinstance(QCoreApplication.instance(), QApplication):
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            self._caught.emit(Failure(key, summary, details, thread))

    def _log(self, key: str, summary: str, exc_info: ExcInfo, thread: str) -> None:
        with self._lock:
            count = self._counts.pop(key, 0) + 1
            self._counts[key] = count  # most recent last, so the oldest go first
            while len(self._counts) > _MAX_KEYS:
                del self._counts[next(iter(self._counts))]
            with_traceback = count == 1 and self._spend_traceback()
        if with_traceback:
            log.error("unhandled error in thread %s: %s", thread, summary, exc_info=exc_info)
        elif count == 1:
            log.error("unhandled error in thread %s: %s (traceback left out)", thread, summary)
        elif count & (count - 1) == 0:  # 2, 4, 8...: a storm leaves a few lines, not thousands
            log.error("the same error again, %d times so far: %s", count, summary)

    def _spend_traceback(self) -> bool:
        """Take one traceback from the per-minute budget (call under ``_lock``)."""
        now = time.monotonic()
        refill = (now - self._budget_at) * TRACEBACKS_PER_MINUTE / 60.0
        self._budget = min(float(TRACEBACKS_PER_MINUTE), self._budget + refill)
        self._budget_at = now
        if self._budget >= 1.0:
            self._budget -= 1.0
            self._budget_said = False
            return True
        if not self._budget_said:
            self._budget_said = True
            log.error("too many errors: tracebacks are left out for a while")
        return False

    # ---------------------------------------------------------------- GUI thread
    def _on_caught(self, failure: Failure) -> None:
        try:
            self._present(failure)
        except Exception:  # the net's own bug must not feed itself: log it and stop showing
            log.exception("the crash dialog failed; errors are logged only from now on")
            self._caught.disconnect(self._on_caught)

    def _present(self, failure: Failure) -> None:
        if self.dialog is not None:
            self.dialog.add(failure)
            return
        if failure.key in self._dismissed:
            return
        self._waiting.append(failure)
        wait_s = self._closed_at + DIALOG_GAP_S - time.monotonic()
        if wait_s <= 0:
            self._open_waiting()
        elif not self._gap_timer.isActive():
            self._gap_timer.start(round(wait_s * 1000))

    def _open_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        if not waiting or self.dialog is not None:
            return
        parent = self._window()
        theme = getattr(parent, "theme", None)
        dialog = CrashDialog(
            theme if isinstance(theme, Theme) else theme_named("night"), self._log_folder, parent
        )
        for failure in waiting:
            dialog.add(failure)
        dialog.finished.connect(lambda _result: self._on_dialog_closed(dialog))
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _on_dialog_closed(self, dialog: CrashDialog) -> None:
        self._dismissed.update(f.key for f in dialog.failures)
        self._closed_at = time.monotonic()
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


def main_window() -> QWidget | None:
    """Return the application's main window: its first top-level ``QMainWindow``, if any."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow):
            return widget
    return None


def install_safety_net(
    window: Callable[[], QWidget | None] | None = None, log_folder: Path | None = None
) -> SafetyNet:
    """Create a :class:`SafetyNet` on this (the GUI) thread and install its hooks.

    Call it early, before the ``QApplication`` exists if you like: until there is one and
    its event loop runs, errors are logged only. ``window`` defaults to :func:`main_window`.
    """
    net = SafetyNet(window, log_folder)
    net.install()
    return net
