"""Qt's own messages (qDebug, qWarning...) go to Python's logging, under the ``qt`` logger.

Qt writes them to stderr by default, where no log and no ``--verbose`` reaches them. Routed
here, each keeps its level and category, and a few that are expected and harmless are
demoted to debug so they do not read as faults.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

__all__ = ["EXPECTED", "route_qt_messages"]

log = logging.getLogger("qt")

# Messages that say what the app chose, not what went wrong (matched at their start).
EXPECTED = (
    # The app uses only QAudioSink and QMediaDevices, so it skips the media backends
    # (app.audio.qt_output.skip_media_backends); Qt says so once.
    "No QtMultimedia backends found.",
)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if message.startswith(EXPECTED):
        level = logging.DEBUG
    category = getattr(context, "category", None) or "default"  # not in the type stubs
    log.log(level, "%s: %s", category, message)


def route_qt_messages() -> None:
    """Send every Qt message from now on to the ``qt`` logger (any thread may call it)."""
    qInstallMessageHandler(_handle)
