"""The track: one playable file and what the player needs to know about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ReplayGain:
    """ReplayGain values from a file's tags; ``None`` where a tag is absent."""

    track_gain_db: float | None = None
    track_peak: float | None = None
    album_gain_db: float | None = None
    album_peak: float | None = None


@dataclass(frozen=True)
class Track:
    """A playable file.

    Only ``path`` is required; the library issue fills in the rest from tags.
    """

    path: Path
    title: str = ""
    artist: str = ""
    album: str = ""
    duration_s: float | None = None
    replay_gain: ReplayGain = field(default_factory=ReplayGain)

    @property
    def display_title(self) -> str:
        """The title, or the file name without its extension when the tags have none."""
        return self.title or self.path.stem
