"""The audio thread's side of the output: a QAudioSink in push mode, fed ten times a second.

Everything in :class:`SinkWorker` runs on the output's own thread; :class:`~app.audio.qt_output.
QtAudioOutput` owns it and keeps the counts both threads read. See that module for the design.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QIODevice, QObject, Qt, QTimer, Slot
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from app.audio.pulse_watch import PulseWatch, server_socket
from app.audio.renderer import Block, Renderer, RenderState
from app.audio.sink_start import start_with
from app.audio.stream_watch import RETRY_S, StallWatch

if TYPE_CHECKING:
    from app.audio.qt_output import QtAudioOutput

log = logging.getLogger("app.audio.qt_output")

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


def _guarded(work: Callable[[SinkWorker], None]) -> Callable[[SinkWorker], None]:
    """Catch what ``work`` raises at the audio thread's boundary (see :meth:`SinkWorker.fail`).

    Left to itself, the error would reach the safety net while the timer went on failing ten
    times a second.
    """

    @functools.wraps(work)
    def run(worker: SinkWorker) -> None:
        try:
            work(worker)
        except Exception:  # the thread boundary: stop safely, forward a readable message
            worker.fail()

    return run


class SinkWorker(QObject):
    """Lives on the audio thread; everything here runs there."""

    def __init__(self, owner: QtAudioOutput) -> None:
        super().__init__()
        self._owner = owner
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._pending = b""
        self._stream_opened_at = 0.0
        self._stall = StallWatch()
        self._held: Block | None = None  # rendered, waiting for a stream that would not open
        self._lost = False  # the device or server went away: recovering, not yet heard again
        self._retry_at = 0.0
        self._pulse = PulseWatch(None)  # made on the audio thread, in start()
        self._underrun = False
        self._timer: QTimer | None = None
        self._media: QMediaDevices | None = None
        self._device = QAudioDevice()
        self._failed = False  # after an unexpected error, until the next wake or device change

    @Slot()
    @_guarded
    def start(self) -> None:
        """Begin on the audio thread: watch the devices, start the tick, open the device."""
        self._pulse = PulseWatch(server_socket(os.environ))
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
        """Stop the tick, close the sink, and hand this object back to the GUI thread."""
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
        # The stream itself opens when there is sound to write (a failure then says so);
        # after a loss, the device counts as back only once a stream has opened on it.
        if not self._lost:
            self._owner._set_available(True, device.description())

    @Slot()
    @_guarded
    def apply_volume(self) -> None:
        """Set the volume chosen on the GUI thread at the device."""
        if self._sink is not None:
            self._sink.setVolume(self._owner._volume)

    def _begin_stream(self, first: bytes) -> bool:
        """Open a stream going on from the frames written so far, starting with ``first``.

        Returns False when no stream opens. ``first`` is written in the same step as the
        stream opens: what the server asks for before the first write is heard as silence.
        """
        assert self._sink is not None
        if not self._pulse.may_start():
            return False  # starting a stream now could abort the process (see pulse_watch)
        self._sink.setVolume(self._owner._volume)
        self._owner._stream_started()
        with _pulse_latency():
            self._io, taken = start_with(self._sink, first)
        self._stream_opened_at = time.perf_counter()
        self._stall.restart(self._stream_opened_at)
        self._pending = first[taken:] if self._io is not None else b""
        return self._io is not None

    def _say_it_is_back(self) -> None:
        """After a loss, once a new stream has really taken sound: say the sound is back."""
        self._lost = False
        description = self._device.description()
        log.info("the audio output is back on %s", description)
        self._owner._set_available(True, description)
        self._owner.device_changed.emit(description, True)

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
            moved = self._sink is not None and not self._device.isNull() and not wanted.isNull()
            if self._io is not None:  # the engine goes on from what was heard on the old one
                self._owner._hold_at(self._owner.audible_frames())
            self._owner.stream_lost.emit()
            self._open_device()
            if moved:
                self._owner.device_changed.emit(wanted.description(), False)
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
        self._pulse.poll()
        if renderer.take_restart():
            self._end_stream()
            self._held = None
            owner._reset_frames()
        if sink is None:
            owner._tick_done(None)
            return
        if renderer.rewind_pending:
            self._pause_now(renderer)
        self._end_stream_once_heard(renderer)
        free = self._room(sink, renderer)
        if self._sink is None:  # the stream was found dead and closed
            return
        while not self._pending and free >= 256:
            block, self._held = self._held, None
            if block is None:
                block = renderer.render(free // _BYTES_PER_FRAME)
            if block is None:
                break
            if self._io is None:
                if not self._open_stream_with(block):
                    break
                free = sink.bytesFree()
                continue
            owner._add_written(block.frames)
            free -= self._write(block.data)
        self._come_back_soon(sink, free)
        owner._tick_done(sink.processedUSecs() if self._io is not None else None)

    def _open_stream_with(self, block: Block) -> bool:
        """Open a stream with ``block`` as its first sound; on failure keep it for a retry."""
        if time.perf_counter() < self._retry_at or not self._begin_stream(block.data):
            self._held = block
            if time.perf_counter() >= self._retry_at:  # it failed just now
                self._retry_at = time.perf_counter() + RETRY_S
                if not self._lost:
                    self._lost = True
                    log.warning("no audio stream would open; trying again every %g s", RETRY_S)
                    self._owner._set_available(False, self._owner.lost_message())
            return False
        self._owner._add_written(block.frames)
        return True

    def _come_back_soon(self, sink: QAudioSink, free: int) -> None:
        """Tick again in a moment when short of sound (or to retry a stream that would not open).

        Just after a start or seek the decoder is still filling the ring: rather than wait
        for the next tick, come back in a few milliseconds.
        """
        if not self._owner._expecting_sound() and self._held is None:
            return
        if self._held is not None:
            wait_s = max(self._retry_at - time.perf_counter(), REFILL_MS / 1000)
            QTimer.singleShot(round(wait_s * 1000), self._tick)
        elif self._io is None or free > sink.bufferSize() // 2:
            QTimer.singleShot(REFILL_MS, self._tick)

    def _room(self, sink: QAudioSink, renderer: Renderer) -> int:
        """Return the bytes to render now, after writing what was left pending."""
        owner = self._owner
        if self._io is None:
            free = round(FIRST_BLOCK_S * owner.sample_rate) * _BYTES_PER_FRAME
        else:
            self._watch_state(sink)
            free = sink.bytesFree()
            waiting = sink.bufferSize() - free
            now = time.perf_counter()
            processed = sink.processedUSecs()
            if self._stall.stalled(processed, waiting, owner._expecting_sound(), now):
                self._lose_stream()
                return 0
            if self._lost and processed > 0:
                self._say_it_is_back()
            if self._pending:
                free -= self._write(self._pending)
        starting = owner._written_frames == 0 and not renderer.ring.finished
        if starting and renderer.ring.available < round(PREBUFFER_S * owner.sample_rate):
            free = 0  # a new stream waits for a little sound in hand, so it cannot run dry
        return free

    def _lose_stream(self) -> None:
        """Open it all again: the stream stopped taking sound (server gone, device removed).

        The engine goes on from what was heard; the sink is made anew on the device wanted
        now, and until a stream opens on it the output says it has no sound.
        """
        owner = self._owner
        log.warning("the audio stream stopped taking sound; opening the output again")
        self._pulse.lost()
        owner._hold_at(owner._processed_frames)
        self._close_sink()
        self._held = None
        self._lost = True
        owner._set_available(False, owner.lost_message())
        owner.stream_lost.emit()
        self._retry_at = 0.0
        QTimer.singleShot(0, self._reopen)

    @_guarded
    def _reopen(self) -> None:
        """Make a sink again after a loss; without a device, look again every so often."""
        if not self._lost or self._failed:
            return
        if self._sink is None:
            self._open_device()
        if self._sink is None:
            QTimer.singleShot(round(RETRY_S * 1000), self._reopen)
        else:
            self._tick()

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
        self._held = None
        self._end_stream()
        owner._reset_frames()
        if fade is not None and self._begin_stream(fade.data):
            owner._add_written(fade.frames)

    def _end_stream_once_heard(self, renderer: Renderer) -> None:
        """Close the stream once a pause has faded out audibly; play opens a new one."""
        paused = renderer.state is RenderState.PAUSED
        if paused and self._io is not None and self._owner.played_out:
            self._end_stream()
