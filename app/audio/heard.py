"""What the listener hears: the last few seconds handed to the output, by output frame.

The analyser and the meters must show the sound being heard now, not the sound just written:
the output buffers tens of milliseconds ahead of the speaker. The audio thread copies every
block it hands over into this ring, numbered by output frame; the picture asks for the frames
that end at the output's audible frame. Output frame numbers start again at 0 whenever the
output stream restarts (seek, pause, new list); :attr:`HeardTap.stream` counts those restarts,
so a reader can tell that its last frame number belongs to an old stream.
"""

from __future__ import annotations

import math
import threading

import numpy as np
import numpy.typing as npt

Frames = npt.NDArray[np.float32]

DEFAULT_CAPACITY_FRAMES = 1 << 17  # about 3 s at 44.1 kHz
KEEP_S = 1.25  # the analyser's longest window (0.74 s) and the output's queue (0.3 s), and more


def capacity_for(sample_rate: int) -> int:
    """Return the ring's length for ``sample_rate``: a power of two holding ``KEEP_S``."""
    return 1 << max(12, math.ceil(math.log2(sample_rate * KEEP_S)))


class HeardTap:
    """A ring of the float frames handed to the output, written by the audio thread."""

    def __init__(self, channels: int = 2, capacity_frames: int = DEFAULT_CAPACITY_FRAMES) -> None:
        self.channels = channels
        self.capacity_frames = capacity_frames
        self._ring: Frames = np.zeros((capacity_frames, channels), dtype=np.float32)
        self._lock = threading.Lock()
        # Guarded by _lock.
        self._end = 0  # output frame after the last one written
        self._stream = 0

    @property
    def stream(self) -> int:
        """How many times the output stream restarted; frame numbers belong to one stream."""
        return self._stream

    @property
    def end_frame(self) -> int:
        """The output frame after the last one written in the current stream."""
        return self._end

    def restart(self) -> None:
        """Start a new output stream at frame 0 (audio thread)."""
        with self._lock:
            self._end = 0
            self._stream += 1

    def write(self, start_frame: int, frames: Frames) -> None:
        """Record ``frames`` handed to the output from output frame ``start_frame`` (audio thread).

        A gap before ``start_frame`` (which the renderer never leaves) would read as silence.
        """
        n = len(frames)
        if n == 0:
            return
        with self._lock:
            if start_frame > self._end:
                self._fill_silence(self._end, start_frame)
            if n > self.capacity_frames:
                frames = frames[-self.capacity_frames :]
                start_frame += n - self.capacity_frames
                n = self.capacity_frames
            self._copy_in(start_frame, frames)
            self._end = start_frame + n

    def read(self, end_frame: int, out: Frames) -> int:
        """Fill ``out`` with the frames that end just before output frame ``end_frame``.

        Frames before the stream began, after the last one written, or too old to be kept
        read as silence. Returns how many frames of ``out`` are real sound. Nothing is allocated.
        """
        want = len(out)
        start = end_frame - want
        with self._lock:
            first = max(start, 0, self._end - self.capacity_frames)
            last = min(end_frame, self._end)
            if last <= first:
                out.fill(0.0)
                return 0
            if first > start:
                out[: first - start].fill(0.0)
            if last < end_frame:
                out[want - (end_frame - last) :].fill(0.0)
            self._copy_out(first, out[first - start : last - start])
            return last - first

    # ------------------------------------------------------------------ ring arithmetic
    def _copy_in(self, start_frame: int, frames: Frames) -> None:
        at = start_frame % self.capacity_frames
        head = min(len(frames), self.capacity_frames - at)
        self._ring[at : at + head] = frames[:head]
        if head < len(frames):
            self._ring[: len(frames) - head] = frames[head:]

    def _copy_out(self, start_frame: int, out: Frames) -> None:
        at = start_frame % self.capacity_frames
        head = min(len(out), self.capacity_frames - at)
        out[:head] = self._ring[at : at + head]
        if head < len(out):
            out[head:] = self._ring[: len(out) - head]

    def _fill_silence(self, start_frame: int, end_frame: int) -> None:
        start_frame = max(start_frame, end_frame - self.capacity_frames)
        at = start_frame % self.capacity_frames
        n = end_frame - start_frame
        head = min(n, self.capacity_frames - at)
        self._ring[at : at + head] = 0.0
        if head < n:
            self._ring[: n - head] = 0.0
