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

import contextlib
import functools
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import (
    QCoreApplication,
    QIODevice,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from app.audio.renderer import Renderer, RenderState
from app.audio.sink_start import start_with
from app.core.signal import Signal as CoreSignal

log = logging.getLogger(__name__)

# Each wake-up of the audio thread costs a few hundred microseconds of cold Python,
# whatever it renders, so it wakes 10 times a second and keeps 300 ms queued at the sink.
# Nothing waits for that queue: play, seek and pause wake the thread at once, a pause drops
# the queue (see Renderer.rewind) and the volume is applied at the device.
TICK_MS = 100
BUFFER_S = 0.300
REWIND_MARGIN_S = 0.025
# Qt 6.10 asks PulseAudio for about 12 ms of server-side buffer; the rest waits in Qt's client
# buffer, moved on by a timer of the output thread. A busy moment longer than that on the
# thread was heard as a 10-15 ms gap (one CI run in four; 1 in 6 with a core busy, 0 in 6 with
# this). 30 ms gives the server headroom; a user's own PULSE_LATENCY_MSEC still wins. libpulse
# reads it while the stream is created, so it is set only around that (other programs the
# app or the tests start, mpv or parec, keep their own).
PULSE_LATENCY_MS = "30"
PLAYED_OUT_MARGIN_S = 0.030
REFILL_MS = 5
PREBUFFER_S = 0.050
# The block rendered before a stream opens: more than the ~23 ms the server asks for first, so
# its first request is answered with sound, and small enough to render at once.
FIRST_BLOCK_S = 0.040
# PulseAudio cannot disconnect a stream it is still creating: Qt's stop then leaves it on the
# server for good. A stream is given this long after it opened before it is closed.
STREAM_SETTLE_S = 0.020
_BYTES_PER_FRAME = 4  # stereo int16


@contextlib.contextmanager
def _pulse_latency() -> Iterator[None]:
    """Ask PulseAudio for :data:`PULSE_LATENCY_MS` of server buffer for a stream made now."""
    if "PULSE_LATENCY_MSEC" in os.environ:
        yield
        return
    os.environ["PULSE_LATENCY_MSEC"] = PULSE_LATENCY_MS
    try:
        yield
    finally:
        os.environ.pop("PULSE_LATENCY_MSEC", None)


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


def _guarded(work: Callable[[_SinkWorker], None]) -> Callable[[_SinkWorker], None]:
    """Catch what ``work`` raises at the audio thread's boundary (see :meth:`_SinkWorker.fail`).

    Left to itself, the error would reach the safety net while the timer went on failing ten
    times a second.
    """

    @functools.wraps(work)
    def run(worker: _SinkWorker) -> None:
        try:
            work(worker)
        except Exception:  # the thread boundary: stop safely, forward a readable message
            worker.fail()

    return run


class _SinkWorker(QObject):
    """Lives on the audio thread; everything here runs there."""

    def __init__(self, owner: QtAudioOutput) -> None:
        super().__init__()
        self._owner = owner
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._pending = b""
        self._stream_opened_at = 0.0
        self._underrun = False
        self._timer: QTimer | None = None
        self._media: QMediaDevices | None = None
        self._device = QAudioDevice()
        self._failed = False  # after an unexpected error, until the next wake or device change

    @Slot()
    @_guarded
    def start(self) -> None:
        self._media = QMediaDevices(self)
        self._media.audioOutputsChanged.connect(lambda: self._on_outputs_changed())
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start(TICK_MS)
        self._open_device()

    @Slot()
    @_guarded
    def stop(self) -> None:
        try:
            if self._timer is not None:
                self._timer.stop()
            self._close_sink()
        finally:
            # Hand this object (and its timer) back to the GUI thread, which will destroy it.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())

    def fail(self) -> None:
        """Log the error being handled, fall silent and say so; wait for a wake to go on.

        The sink is closed and the timer stopped, so a persistent fault cannot loop; the next
        play, pause, seek or track change (:meth:`wake_up`), or a device change, re-opens it.
        """
        log.exception("the audio thread failed; the output is stopped until the next play")
        self._failed = True
        if self._timer is not None:
            self._timer.stop()
        try:
            self._close_sink()
        except Exception:  # still the boundary: nothing more can be done for the sink
            log.exception("closing the sink after that failure failed too")
        self._owner._set_available(False, self._owner.failure_message())

    @Slot()
    @_guarded
    def wake_up(self) -> None:
        """Feed the sink now; after a failure, open the device again first."""
        if self._failed:
            log.info("re-opening the audio output after the failure")
            self._failed = False
            self._open_device()
            if self._timer is not None:
                self._timer.start(TICK_MS)
        self._tick()

    def _wanted_device(self) -> QAudioDevice:
        chosen = self._owner._chosen_device_id
        if chosen:
            for device in QMediaDevices.audioOutputs():
                if bytes(device.id().data()).decode("utf-8", "replace") == chosen:
                    return device
        return QMediaDevices.defaultAudioOutput()

    def _open_device(self) -> None:
        self._close_sink()
        device = self._wanted_device()
        self._device = device
        if device.isNull():
            self._owner._set_available(False, "No audio output")
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(self._owner.sample_rate)
        fmt.setChannelCount(2)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        sink.setBufferSize(round(BUFFER_S * self._owner.sample_rate) * _BYTES_PER_FRAME)
        self._sink = sink
        self._owner._reset_frames()
        # The stream itself opens when there is sound to write (a failure then says so).
        self._owner._set_available(True, device.description())

    @Slot()
    @_guarded
    def apply_volume(self) -> None:
        if self._sink is not None:
            self._sink.setVolume(self._owner._volume)

    def _begin_stream(self, first: bytes) -> bool:
        """Open a stream going on from the frames written so far, starting with ``first``.

        Returns False when no stream opens. ``first`` is written in the same step as the
        stream opens: what the server asks for before the first write is heard as silence.
        """
        assert self._sink is not None
        self._sink.setVolume(self._owner._volume)
        self._owner._stream_started()
        with _pulse_latency():
            self._io, taken = start_with(self._sink, first)
        self._stream_opened_at = time.perf_counter()
        self._pending = first[taken:] if self._io is not None else b""
        return self._io is not None

    def _end_stream(self) -> None:
        """Close the stream, dropping whatever it still holds."""
        if self._io is not None and self._sink is not None:
            young_s = STREAM_SETTLE_S - (time.perf_counter() - self._stream_opened_at)
            if young_s > 0:  # rare: a pause or seek within moments of a start
                time.sleep(young_s)
            self._sink.reset()
        self._io = None
        self._pending = b""

    def _close_sink(self) -> None:
        self._end_stream()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = None
        self._io = None

    @_guarded
    def _on_outputs_changed(self) -> None:
        if self._failed:
            self.wake_up()  # a new device is a fresh start
            return
        wanted = self._wanted_device()
        if wanted.id() != self._device.id() or self._sink is None:
            log.info("audio output changed to %s", wanted.description() or "none")
            self._open_device()
            self._owner.stream_lost.emit()
        else:  # same device, but the list changed: let the UI refresh its choices
            self._owner._set_available(self._owner.available, self._owner.status)

    def _watch_state(self, sink: QAudioSink) -> None:
        """Count each fall into an underrun while sound is expected.

        Polled each tick: PySide6 cannot hand ``stateChanged``'s QAudio::State to Python.
        On PulseAudio a starved push-mode sink goes Idle with NoError (measured), so Idle
        after the stream has had data, while the renderer should be playing, is an underrun.
        """
        drained = sink.bytesFree() >= sink.bufferSize()
        underrun = (
            sink.state() == QtAudio.State.IdleState or drained
        ) and self._owner._written_frames > 0
        if underrun and not self._underrun and self._owner._expecting_sound():
            self._owner._count_underrun()
        self._underrun = underrun

    @Slot()
    @_guarded
    def _tick(self) -> None:
        owner = self._owner
        renderer = owner._renderer
        sink = self._sink
        if renderer is None or self._failed:
            return
        if renderer.take_restart():
            self._end_stream()
            owner._reset_frames()
        if sink is None:
            owner._tick_done(None)
            return
        if renderer.rewind_pending:
            self._pause_now(renderer)
        self._end_stream_once_heard(renderer)
        free = self._room(sink, renderer)
        while not self._pending and free >= 256:
            block = renderer.render(free // _BYTES_PER_FRAME)
            if block is None:
                break
            if self._io is None:
                if not self._begin_stream(block.data):
                    owner._set_available(False, "No audio output")
                    break
                owner._add_written(block.frames)
                free = sink.bytesFree()
                continue
            owner._add_written(block.frames)
            free -= self._write(block.data)
        short = self._io is None or free > sink.bufferSize() // 2
        if short and owner._expecting_sound():
            # Short of sound (just after a start or seek, the decoder is still filling the
            # ring): come back in a moment rather than at the next tick.
            QTimer.singleShot(REFILL_MS, self._tick)
        owner._tick_done(sink.processedUSecs() if self._io is not None else None)

    def _room(self, sink: QAudioSink, renderer: Renderer) -> int:
        """Return the bytes to render now, after writing what was left pending."""
        owner = self._owner
        if self._io is None:
            free = round(FIRST_BLOCK_S * owner.sample_rate) * _BYTES_PER_FRAME
        else:
            self._watch_state(sink)
            free = sink.bytesFree()
            if self._pending:
                free -= self._write(self._pending)
        starting = owner._written_frames == 0 and not renderer.ring.finished
        if starting and renderer.ring.available < round(PREBUFFER_S * owner.sample_rate):
            free = 0  # a new stream waits for a little sound in hand, so it cannot run dry
        return free

    def _write(self, data: bytes) -> int:
        """Write what the sink takes now, keep the rest pending; return the bytes taken."""
        assert self._io is not None
        taken = max(self._io.write(data), 0)
        self._pending = data[taken:]
        return taken

    def _pause_now(self, renderer: Renderer) -> None:
        """Drop the queue and fade out from what is audible now, so a pause is heard at once."""
        assert self._sink is not None
        owner = self._owner
        rate = owner.sample_rate
        heard = owner._written_frames
        if self._io is not None:
            heard = owner._frame_base + self._sink.processedUSecs() * rate // 1_000_000
            # PulseAudio counts frames as processed 7-17 ms before the null sink renders them
            # (measured at its monitor); starting the fade a little early repeats a few ms
            # under the fade rather than skipping them.
            heard -= round(REWIND_MARGIN_S * rate)
        fade = renderer.rewind(max(0, min(heard, owner._written_frames)))
        self._end_stream()
        owner._reset_frames()
        if fade is not None and self._begin_stream(fade.data):
            owner._add_written(fade.frames)

    def _end_stream_once_heard(self, renderer: Renderer) -> None:
        """Close the stream once a pause has faded out audibly; play opens a new one."""
        paused = renderer.state is RenderState.PAUSED
        if paused and self._io is not None and self._owner.played_out:
            self._end_stream()


class QtAudioOutput(QObject):
    """Feeds a :class:`Renderer` to the system's audio output from a dedicated thread."""

    availability_changed = Signal(bool, str)

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
        self._worker = _SinkWorker(self)
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

    def failure_message(self) -> str:
        """Return what the user reads after an unexpected error on the audio thread."""
        return self.tr(
            "the sound stopped after an internal error (see the log); pause and play to go on"
        )

    def _set_available(self, available: bool, status: str) -> None:
        self._available = available
        self._status = status
        self.availability_changed.emit(available, status)
