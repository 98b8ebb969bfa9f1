"""A preallocated ring of stereo float frames between the decoder thread and the audio thread.

Each frame carries the key of the track it belongs to and its frame position within that
track, so the reader always knows exactly what it plays, across track joins and seeks.

Threads: one writer (the decoder thread) and one reader (the audio thread). The writer blocks
while the ring is full; the reader never blocks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass
class RingRead:
    """Frames taken from the ring, all from one track."""

    frames: npt.NDArray[np.float32]
    track_key: int
    first_position: int


class FrameRing:
    """A single-producer single-consumer ring of ``capacity`` frames.

    Parameters
    ----------
    capacity
        Frames the ring holds.
    channels
        Channels per frame.

    """

    def __init__(self, capacity: int, channels: int = 2) -> None:
        self.capacity = capacity
        self.channels = channels
        self._samples = np.zeros((capacity, channels), dtype=np.float32)
        self._keys = np.zeros(capacity, dtype=np.int64)
        self._positions = np.zeros(capacity, dtype=np.int64)
        self._cond = threading.Condition()
        # Written by the writer, read by both: total frames ever written.
        self._written = 0
        # Written by the reader (and flush), read by both: total frames ever read.
        self._read = 0
        self._generation = 0
        self._finished = False

    @property
    def available(self) -> int:
        """Frames ready to read."""
        return self._written - self._read

    @property
    def finished(self) -> bool:
        """True when the writer has said nothing more will come and all was read."""
        return self._finished and self.available == 0

    def write(self, frames: npt.NDArray[np.float32], track_key: int, first_position: int) -> bool:
        """Copy ``frames`` in, waiting for room. Return False if a flush interrupted the write."""
        generation = self._generation
        done = 0
        total = len(frames)
        while done < total:
            with self._cond:
                # Wait for a quarter of the ring (or the rest of the block) to be free, so
                # the writer wakes a few times a second instead of after every read.
                wanted = min(total - done, self.capacity // 4)
                while self.capacity - self.available < wanted and generation == self._generation:
                    self._cond.wait(0.5)
                if generation != self._generation:
                    return False
                n = min(total - done, self.capacity - self.available)
                start = self._written % self.capacity
                first = min(n, self.capacity - start)
                parts = ((start, 0, first), (0, first, n - first))
                for dst, src, count in parts:
                    if count:
                        self._samples[dst : dst + count] = frames[done + src : done + src + count]
                        self._keys[dst : dst + count] = track_key
                        positions = np.arange(count, dtype=np.int64)
                        positions += first_position + done + src
                        self._positions[dst : dst + count] = positions
                self._written += n
                done += n
        return True

    def read(self, max_frames: int) -> RingRead | None:
        """Take up to ``max_frames`` frames, stopping at a track change. Never blocks."""
        with self._cond:
            n = min(max_frames, self.available)
            if n <= 0:
                return None
            start = self._read % self.capacity
            n = min(n, self.capacity - start)
            keys = self._keys[start : start + n]
            key = int(keys[0])
            if keys[-1] != key:
                n = int(np.argmax(keys != key))
            out = RingRead(
                frames=self._samples[start : start + n].copy(),
                track_key=key,
                first_position=int(self._positions[start]),
            )
            self._read += n
            if self.capacity - self.available >= self.capacity // 4:
                self._cond.notify_all()
            return out

    def truncate_after(self, track_key: int) -> bool:
        """Drop the unread frames after the last unread frame of ``track_key``.

        Used when the play list changes while the next track is already decoded: what follows
        the current track is cut away, the current track plays on untouched. Returns False
        when no frame of ``track_key`` is unread (then the cut cannot be placed). A waiting
        writer is interrupted, as by :meth:`flush`.
        """
        with self._cond:
            count = self.available
            if count <= 0:
                return False
            slots = (self._read + np.arange(count)) % self.capacity
            hits = np.flatnonzero(self._keys[slots] == track_key)
            if not len(hits):
                return False
            self._written = self._read + int(hits[-1]) + 1
            self._generation += 1
            self._finished = False
            self._cond.notify_all()
            return True

    def mark_finished(self) -> None:
        """Say the writer has no more frames (the end of the play list)."""
        with self._cond:
            self._finished = True

    def flush(self) -> None:
        """Drop everything and interrupt a waiting writer."""
        with self._cond:
            self._generation += 1
            self._read = self._written
            self._finished = False
            self._cond.notify_all()
