"""The audible clock: which track and which frame of it the listener hears now.

The audio thread records a checkpoint for each block it hands to the output: where the block
starts in the output stream, which track it comes from, that track's frame there, and the
playback rate. The output reports how many frames have become audible (written minus what is
still buffered towards the speaker). Mapping one through the other gives the audible position.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Checkpoint:
    """Output frame ``out_frame`` plays frame ``position`` of track ``track_key`` at ``rate``."""

    out_frame: int
    track_key: int
    position: float
    rate: float


class AudibleClock:
    """Checkpoints from the audio thread, read by any thread. Keeps about ``horizon`` frames."""

    def __init__(self, horizon: int = 10 * 48000) -> None:
        self._lock = threading.Lock()
        # Written by the audio thread, read by any thread (under the lock).
        self._starts: list[int] = []
        self._points: list[Checkpoint] = []
        self._horizon = horizon

    def reset(self) -> None:
        """Forget everything (the output stream restarted at frame 0)."""
        with self._lock:
            self._starts.clear()
            self._points.clear()

    def add(self, point: Checkpoint) -> None:
        """Record a checkpoint; checkpoints come in increasing ``out_frame`` order."""
        with self._lock:
            self._starts.append(point.out_frame)
            self._points.append(point)
            if len(self._starts) > 64 and self._starts[0] < point.out_frame - self._horizon:
                cut = bisect.bisect_left(self._starts, point.out_frame - self._horizon)
                cut = min(cut, len(self._starts) - 1)
                del self._starts[:cut]
                del self._points[:cut]

    def segments(self, start: int, end: int) -> list[Checkpoint]:
        """Checkpoints covering output frames [start, end), the first moved to ``start``."""
        with self._lock:
            i = bisect.bisect_right(self._starts, start) - 1
            if i < 0:
                return []
            points = self._points[i:]
        first = points[0]
        moved = Checkpoint(
            start, first.track_key, first.position + (start - first.out_frame) * first.rate,
            first.rate,
        )  # fmt: skip
        return [moved] + [p for p in points[1:] if p.out_frame < end]

    def locate(self, out_frame: int) -> tuple[int, float] | None:
        """Return (track key, track frame) heard at output frame ``out_frame``, or None."""
        with self._lock:
            i = bisect.bisect_right(self._starts, out_frame) - 1
            if i < 0:
                return None
            p = self._points[i]
        return p.track_key, p.position + (out_frame - p.out_frame) * p.rate
