"""What the renderer handed to the output but the listener has not heard yet.

A pause takes effect at once: the output drops its queue, the renderer fades out the first
10 ms of what was queued, and keeps the rest to play first on resume. This module holds the
sent audio and cuts it at the audible frame.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from app.audio.clock import Checkpoint
from app.audio.dsp import Frames


class SentAudio:
    """The last ``keep`` frames handed to the output, as float frames with their start."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._blocks: deque[tuple[int, Frames]] = deque()

    def clear(self) -> None:
        """Forget everything (the output stream restarted)."""
        self._blocks.clear()

    def add(self, start: int, frames: Frames) -> None:
        """Record ``frames`` handed over from output frame ``start``."""
        self._blocks.append((start, frames))
        end = start + len(frames)
        while self._blocks and self._blocks[0][0] + len(self._blocks[0][1]) < end - self._keep:
            self._blocks.popleft()

    def since(self, out_frame: int) -> Frames:
        """Return the frames from output frame ``out_frame`` to the last one handed over."""
        parts = []
        for start, frames in self._blocks:
            end = start + len(frames)
            if end > out_frame:
                parts.append(frames[max(0, out_frame - start) :])
        return np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.float32)


@dataclass
class ReplaySegment:
    """Unheard frames of one track, to be played again from ``position`` at ``rate``."""

    frames: Frames
    track_key: int
    position: float
    rate: float


def split_for_replay(
    frames: Frames, first_out_frame: int, points: list[Checkpoint]
) -> list[ReplaySegment]:
    """Cut ``frames`` (output frames from ``first_out_frame``) at the clock's checkpoints."""
    segments = []
    for i, point in enumerate(points):
        start = point.out_frame - first_out_frame
        end = points[i + 1].out_frame - first_out_frame if i + 1 < len(points) else len(frames)
        if end > start:
            chunk = frames[start:end]
            segments.append(ReplaySegment(chunk, point.track_key, point.position, point.rate))
    return segments
