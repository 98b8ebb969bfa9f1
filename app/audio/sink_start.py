"""Open a QAudioSink stream and write its first sound in one step, without letting go of the GIL.

Qt 6.10's PulseAudio sink answers each request of the server from its own buffer and pads
what is missing with silence. The server's first request (about 23 ms) arrives a fraction of a
millisecond after ``QAudioSink.start()`` connects the stream. PySide6 releases the GIL inside
``start()``; taking it back can wait for another Python thread's switch interval (the GUI
painting, the decoder), and while it waits the first request is answered with silence, which
is then heard before the music: measured, a start was either at once or about 20 ms late, at
random. Calling ``start()`` and ``write()`` through :class:`ctypes.PyDLL`, which keeps the GIL,
leaves no gap between them. Where Qt's symbols are not found (another platform or Qt build),
the plain PySide6 calls are used.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import shiboken6
from PySide6.QtCore import QIODevice
from PySide6.QtMultimedia import QAudioSink

__all__ = ["start_with"]

log = logging.getLogger(__name__)

_START = "_ZN10QAudioSink5startEv"  # QIODevice *QAudioSink::start()
_WRITE = "_ZN9QIODevice5writeEPKcx"  # qint64 QIODevice::write(const char *, qint64)

_Start = Callable[[int], int | None]
_Write = Callable[[int, bytes, int], int]
_calls: list[tuple[_Start, _Write] | None] = []  # looked up once, when first needed


def _qt_library(name: str) -> ctypes.PyDLL:
    """Return PySide6's own, already loaded copy of a Qt library, called with the GIL held."""
    import PySide6

    path = Path(PySide6.__file__).parent / "Qt" / "lib" / name
    return ctypes.PyDLL(str(path), mode=os.RTLD_NOLOAD)


def _look_up() -> tuple[_Start, _Write] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        start = getattr(_qt_library("libQt6Multimedia.so.6"), _START)
        write = getattr(_qt_library("libQt6Core.so.6"), _WRITE)
    except (OSError, AttributeError) as exc:
        log.info("the audio stream opens with separate calls (%s)", exc)
        return None
    start.argtypes = [ctypes.c_void_p]
    start.restype = ctypes.c_void_p
    write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_longlong]
    write.restype = ctypes.c_longlong
    return start, write


def _atomic_calls() -> tuple[_Start, _Write] | None:
    if not _calls:
        _calls.append(_look_up())
    return _calls[0]


def start_with(sink: QAudioSink, first: bytes) -> tuple[QIODevice | None, int]:
    """Open ``sink``'s stream in push mode and write ``first`` to it straight away.

    Returns
    -------
    tuple
        The device to write the rest to (None when no stream opened) and the bytes of
        ``first`` it took.

    """
    calls = _atomic_calls()
    if calls is None:
        device = sink.start()
        if device is None:
            return None, 0
        return device, max(device.write(first), 0)
    start, write = calls
    address = start(shiboken6.getCppPointer(sink)[0])
    if not address:
        return None, 0
    taken = write(address, first, len(first))
    # Not owned by Python: the sink deletes its device when the stream stops.
    device = cast(QIODevice, shiboken6.wrapInstance(address, QIODevice))
    return device, max(int(taken), 0)
