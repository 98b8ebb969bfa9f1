"""The audio output: a QAudioSink in push mode, owned by a thread of its own.

Push mode (writing at most ``bytesFree()`` bytes) is bit-exact from the first frame on
PulseAudio; pull mode silences the first few milliseconds. The sink lives on its own QThread
with a 100 ms precise timer, so a busy GUI thread cannot starve it. This is the only module in
``app/audio`` that imports Qt, with :mod:`app.audio.sink_start`.

A stream is open only while there is sound to write. Qt 6.10's PulseAudio sink answers every
request of the server, padding with silence what its buffer lacks; an open stream with nothing
written queues about 23 ms of that silence at the server, and sound written later waits behind
it. So a start, a seek or a resume renders its first block, then opens the stream and writes
the block in one step (:func:`~app.audio.sink_start.start_with`), and a pause that has been
heard closes the stream instead of suspending it.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtMultimedia import QMediaDevices

from app.audio.renderer import Renderer, RenderState
from app.audio.sink_worker import (
    BUFFER_S,
    PLAYED_OUT_MARGIN_S,
    REWIND_MARGIN_S,
    TICK_MS,
    SinkWorker,
)
from app.core.signal import Signal as CoreSignal

__all__ = ["BUFFER_S", "REWIND_MARGIN_S", "TICK_MS", "QtAudioOutput", "skip_media_backends"]

log = logging.getLogger(__name__)


def skip_media_backends() -> None:
    """Keep Qt from loading a media backend plugin: the output needs only QAudioSink.

    On Linux, QAudioSink and QMediaDevices talk to PulseAudio from QtMultimedia itself; the
    first QMediaDevices call would also load the FFmpeg playback backend, with QtQuick, QML and
    libav* behind it, for nothing: 11 MB of the app's memory. Call it before the first
    QMediaDevices call. A user's own QT_MEDIA_BACKEND still wins; other systems keep Qt's
    default, which is not tested here.
    """
    if sys.platform.startswith("linux"):
        os.environ.setdefault("QT_MEDIA_BACKEND", "none")


def _default_rate() -> int:
    device = QMediaDevices.defaultAudioOutput()
    if device.isNull():
        return 44100
    rate = device.preferredFormat().sampleRate()
    return rate if 8000 <= rate <= 384000 else 44100


class QtAudioOutput(QObject):
    """Feeds a :class:`Renderer` to the system's audio output from a dedicated thread."""

    availability_changed = Signal(bool, str)
    device_changed = Signal(str, bool)
    """The sound went to another device (its description), or came back (True) after a loss."""

    def __init__(self, device_id: str = "") -> None:
        super().__init__()
        skip_media_backends()
        self.sample_rate = _default_rate()
        self.stream_lost: CoreSignal[[]] = CoreSignal()
        self._chosen_device_id = device_id
        self._renderer: Renderer | None = None
        self._on_tick: Callable[[], None] = lambda: None
        self._lock = threading.Lock()
        # Written by the audio thread, read by any thread (under _lock).
        self._written_frames = 0
        self._processed_frames = 0
        self._frame_base = 0  # frames written before the open stream began
        self._processed_at = 0.0
        self._audible_floor = 0
        self._caught_up_at: float | None = None
        # Written by the GUI thread, applied on the audio thread.
        self._volume = 1.0
        self._underruns = 0
        self._available = False
        self._status = "Starting audio"
        self._thread = QThread()
        self._thread.setObjectName("starlight-audio")
        self._worker = SinkWorker(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start, Qt.ConnectionType.QueuedConnection)

    # -------------------------------------------------------------- protocol
    @property
    def available(self) -> bool:
        """False when there is no output device."""
        return self._available

    @property
    def status(self) -> str:
        """The device's description, or why there is no sound."""
        return self._status

    @property
    def underruns(self) -> int:
        """Times the device ran dry while it should have been playing."""
        return self._underruns

    @property
    def frames_written(self) -> int:
        """Frames handed to the device in the current stream."""
        return self._written_frames

    def open(self, renderer: Renderer, on_tick: Callable[[], None]) -> None:
        """Start the audio thread pulling from ``renderer``."""
        self._renderer = renderer
        self._on_tick = on_tick
        self._thread.start(QThread.Priority.TimeCriticalPriority)

    def set_volume(self, volume: float) -> None:
        """Scale the sound at the device, at once (PulseAudio applies it server-side)."""
        self._volume = volume
        QMetaObject.invokeMethod(self._worker, "apply_volume", Qt.ConnectionType.QueuedConnection)

    def wake(self) -> None:
        """Feed the sink now instead of at the next tick (after play, seek or a new list)."""
        QMetaObject.invokeMethod(self._worker, "wake_up", Qt.ConnectionType.QueuedConnection)

    def audible_frames(self) -> int:
        """Frames of the current stream heard so far, interpolated between ticks."""
        with self._lock:
            frames = self._processed_frames
            renderer = self._renderer
            if renderer is not None and renderer.state is not RenderState.PAUSED and frames:
                frames += int((time.perf_counter() - self._processed_at) * self.sample_rate)
            # Never go back: interpolation may run ahead of the next report by a little.
            frames = max(min(frames, self._written_frames), self._audible_floor)
            self._audible_floor = frames
            return frames

    def close(self) -> None:
        """Stop the sink and the audio thread."""
        if self._thread.isRunning():
            QMetaObject.invokeMethod(
                self._worker, "stop", Qt.ConnectionType.BlockingQueuedConnection
            )
            self._thread.quit()
            self._thread.wait(2000)

    # -------------------------------------------------------------- devices
    @staticmethod
    def devices() -> list[tuple[str, str]]:
        """(id, description) of every output device."""
        return [
            (bytes(d.id().data()).decode("utf-8", "replace"), d.description())
            for d in QMediaDevices.audioOutputs()
        ]

    def choose_device(self, device_id: str) -> None:
        """Play to ``device_id``; an empty id follows the system default."""
        self._chosen_device_id = device_id
        QTimer.singleShot(0, self._worker, self._worker._on_outputs_changed)

    @property
    def device_id(self) -> str:
        """The chosen device, or "" for the system default."""
        return self._chosen_device_id

    # -------------------------------------------------------------- audio thread
    def _reset_frames(self) -> None:
        """Count from frame 0 again (the renderer restarted or rewound)."""
        with self._lock:
            self._written_frames = 0
            self._processed_frames = 0
            self._frame_base = 0
            self._audible_floor = 0
            self._caught_up_at = None
            self._processed_at = time.perf_counter()

    def _hold_at(self, frames: int) -> None:
        """Count only the first ``frames`` as written: the rest was never heard (a lost stream)."""
        with self._lock:
            self._written_frames = min(self._written_frames, max(frames, 0))
            self._processed_frames = min(self._processed_frames, self._written_frames)
            self._audible_floor = min(self._audible_floor, self._written_frames)

    def _stream_started(self) -> None:
        """Let a new stream go on from the frames written so far, all of them heard."""
        with self._lock:
            self._frame_base = self._written_frames
            self._processed_frames = self._written_frames
            self._caught_up_at = None
            self._processed_at = time.perf_counter()

    def _add_written(self, frames: int) -> None:
        with self._lock:
            self._written_frames += frames

    def _tick_done(self, processed_usecs: int | None) -> None:
        """After a tick: note what the open stream has processed (None: no stream is open)."""
        with self._lock:
            if processed_usecs is not None:
                frames = self._frame_base + processed_usecs * self.sample_rate // 1_000_000
                if frames > self._processed_frames:
                    self._processed_frames = frames
                    self._processed_at = time.perf_counter()
        if self.audible_frames() < self._written_frames:
            self._caught_up_at = None
        elif self._caught_up_at is None:
            self._caught_up_at = time.perf_counter()
        self._on_tick()

    @property
    def played_out(self) -> bool:
        """Whether everything written has surely been heard.

        The clock reaches the written frames up to ~20 ms before the speaker does, so this
        waits a further margin after it has.
        """
        caught_up = self._caught_up_at
        return caught_up is not None and time.perf_counter() - caught_up >= PLAYED_OUT_MARGIN_S

    def _expecting_sound(self) -> bool:
        renderer = self._renderer
        return (
            renderer is not None
            and renderer.state is RenderState.PLAYING
            and not renderer.ring.finished
        )

    def _count_underrun(self) -> None:
        self._underruns += 1
        log.warning("audio underrun (%d so far)", self._underruns)

    def lost_message(self) -> str:
        """Return what the user reads while the device or the sound server is gone."""
        return self.tr("the sound device stopped answering; trying it again")

    def failure_message(self) -> str:
        """Return what the user reads after an unexpected error on the audio thread."""
        return self.tr(
            "the sound stopped after an internal error (see the log); pause and play to go on"
        )

    def _set_available(self, available: bool, status: str) -> None:
        self._available = available
        self._status = status
        self.availability_changed.emit(available, status)
