"""An in-process engine playing to the private PulseAudio, for end-to-end tests."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.audio.engine import Engine
from app.audio.qt_output import QtAudioOutput
from app.core.playback import PlaybackState
from app.core.track import Track


class Player:
    """An engine on a real QtAudioOutput that records what it announces."""

    def __init__(self) -> None:
        sys.setswitchinterval(0.001)  # as app.main does
        self.output = QtAudioOutput()
        self.engine = Engine(self.output)
        self.errors: list[tuple[Path | None, str]] = []
        self.started: list[tuple[int, float]] = []
        self.states: list[PlaybackState] = []
        self._lock = threading.Lock()
        self.engine.error.connect(self._on_error)
        self.engine.track_started.connect(
            lambda i, _t: self.started.append((i, time.perf_counter()))
        )
        self.engine.state_changed.connect(self.states.append)

    def _on_error(self, track: Track | None, message: str) -> None:
        with self._lock:
            self.errors.append((track.path if track else None, message))

    def load(self, paths: list[Path], play: bool = True) -> None:
        self.engine.load([Track(Path(p)) for p in paths], play=play)

    def close(self) -> None:
        self.engine.shutdown()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` while letting Qt deliver events; fail with ``what`` on time-out."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.005)
