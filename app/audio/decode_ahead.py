"""The decoder thread: decodes the play list from a start point into the ring, track after track.

Because it runs ahead of what is heard by the ring's length (about 2 s), the next track is
already decoding while the current one ends, and the ring carries their samples back to back:
no gap, no overlap. A track that cannot be decoded is reported and skipped at once.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from app.audio.decoder import SpawnedDecoder, StreamDecoder, spawn_decoder
from app.audio.dsp import downmix_matrix, to_stereo
from app.audio.resample import RateConverter
from app.audio.ring import FrameRing
from app.core.errors import DecodeError
from app.core.track import Track

log = logging.getLogger(__name__)

BLOCK_FRAMES = 4096


@dataclass(frozen=True)
class OpenedTrack:
    """A track the decoder thread started: its ring key, list index and source format."""

    key: int
    index: int
    source_rate: int
    channels: int


def spawn_first(track: Track, start_s: float) -> SpawnedDecoder | None:
    """Start ffmpeg for the first track of a :class:`DecodeAhead`; None if it cannot start.

    The decoder thread then tries again, and reports why.
    """
    try:
        return spawn_decoder(track.path, start_s)
    except DecodeError:
        return None


class DecodeAhead(threading.Thread):
    """Decode from ``tracks[index]`` at ``start_s`` into ``ring``, track after track.

    Parameters
    ----------
    new_key
        Returns a fresh ring key for each track about to be opened (called on this thread).
    following
        Given the key of the track just decoded, returns the index and track to decode next,
        or ``None`` to stop (called on this thread). The engine answers from the current
        play list and repeat mode, so a queue edited during playback is followed. Without
        it the decoder goes through ``tracks`` in order.
    on_opened, on_error
        Called on this thread when a track starts decoding, or fails.
    on_first_frames
        Called on this thread once, when the first frames are in the ring.
    first
        The first track's ffmpeg, already started by :func:`~app.audio.decoder.spawn_decoder`
        (otherwise :meth:`start` starts it).

    """

    def __init__(
        self,
        tracks: Sequence[Track],
        index: int,
        start_s: float,
        ring: FrameRing,
        output_rate: int,
        new_key: Callable[[int], int],
        on_opened: Callable[[OpenedTrack], None],
        on_error: Callable[[int, DecodeError], None],
        on_first_frames: Callable[[], None] = lambda: None,
        following: Callable[[int], tuple[int, Track] | None] | None = None,
        first: SpawnedDecoder | None = None,
    ) -> None:
        super().__init__(name="starlight-decoder", daemon=True)
        self._tracks = list(tracks)
        self._index = index
        self._start_s = start_s
        self._ring = ring
        self._output_rate = output_rate
        self._new_key = new_key
        self._on_opened = on_opened
        self._on_error = on_error
        self._on_first_frames: Callable[[], None] | None = on_first_frames
        self._following = following
        self._index_of_key: dict[int, int] = {}
        self._cancelled = threading.Event()
        # Written by this thread, read by cancel() on another: the ffmpeg process to kill.
        self._process: subprocess.Popen[bytes] | None = None
        self._first = first  # the first track's ffmpeg, started early

    def start(self) -> None:
        """Start the first track's ffmpeg here and now, then the thread.

        ffmpeg takes about 10 ms to start; begun on the caller's thread it starts up while
        this thread is created and waits for the GIL. A path that fails here is tried again,
        and reported, on the thread.
        """
        if self._first is None:
            self._first = spawn_first(self._tracks[self._index], self._start_s)
        if self._first is not None:
            self._process = self._first.process
        super().start()

    def cancel(self) -> None:
        """Stop decoding, drop the ring's frames; returns once this thread has ended."""
        self.stop()
        self._ring.flush()
        self.wait()

    def stop(self) -> None:
        """Stop decoding and kill the ffmpeg process, leaving the ring's frames alone.

        A writer waiting for room keeps waiting until the ring is flushed or truncated;
        then :meth:`wait`.
        """
        self._cancelled.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def wait(self) -> None:
        """Return once this thread has ended (at most 5 s)."""
        if self is not threading.current_thread() and self.is_alive():
            self.join(timeout=5)

    def run(self) -> None:
        """Decode until the plan ends or :meth:`cancel`; then mark the ring finished."""
        start_s = self._start_s
        step: tuple[int, Track] | None = (self._index, self._tracks[self._index])
        while step is not None and not self._cancelled.is_set():
            index, track = step
            key = self._new_key(index)
            self._index_of_key[key] = index
            try:
                self._decode_one(key, index, track, start_s)
            except DecodeError as exc:
                if not self._cancelled.is_set():
                    self._on_error(index, exc)
            except Exception as exc:  # thread boundary: report, skip the track, go on
                log.exception("decoding track %d failed", index)
                if not self._cancelled.is_set():
                    self._on_error(index, DecodeError(track.path, f"cannot be played ({exc})"))
            start_s = 0.0
            step = self._next_step(key)
        if self._first is not None:  # cancelled before the first track was opened
            self._first.discard()
            self._first = None
        if not self._cancelled.is_set():
            self._ring.mark_finished()

    def _next_step(self, key: int) -> tuple[int, Track] | None:
        if self._cancelled.is_set():
            return None
        if self._following is not None:
            return self._following(key)
        index = self._index_of_key[key] + 1
        return (index, self._tracks[index]) if index < len(self._tracks) else None

    def _decode_one(self, key: int, index: int, track: Track, start_s: float) -> None:
        if self._cancelled.is_set():
            return
        spawned, self._first = self._first, None
        try:
            with StreamDecoder(track.path, start_s, self._spawned, spawned) as decoder:
                self._pump(decoder, key, index, start_s)
        finally:
            self._process = None

    def _spawned(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        if self._cancelled.is_set():
            process.kill()

    def _pump(self, decoder: StreamDecoder, key: int, index: int, start_s: float) -> None:
        fmt = decoder.format
        self._on_opened(OpenedTrack(key, index, fmt.sample_rate, fmt.channels))
        matrix = None if fmt.channels == 2 else downmix_matrix(fmt.channels, fmt.channel_mask)
        converter = None
        if fmt.sample_rate != self._output_rate:
            converter = RateConverter(fmt.sample_rate, self._output_rate, 2)
        position = round(start_s * self._output_rate)
        while not self._cancelled.is_set():
            block = decoder.read(BLOCK_FRAMES)
            if block is None:
                if converter is not None:
                    tail = converter.process(np.zeros((0, 2), np.float32), last=True)
                    position += self._write(tail, key, position)
                break
            stereo = to_stereo(block, matrix)
            if converter is not None:
                stereo = converter.process(stereo)
            position += self._write(stereo, key, position)
        if not self._cancelled.is_set() and position == 0 and start_s == 0:
            raise DecodeError(decoder.path, "contains no audio")

    def _write(self, frames: np.ndarray, key: int, position: int) -> int:
        if len(frames) and not self._ring.write(frames, key, position):
            return 0
        if len(frames) and self._on_first_frames is not None:
            self._on_first_frames()  # once per run: lets the output start without waiting
            self._on_first_frames = None
        return len(frames)
