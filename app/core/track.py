"""The track: one playable file and what the player knows about it from its tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ReplayGain:
    """ReplayGain values from a file's tags; ``None`` where a tag is absent."""

    track_gain_db: float | None = None
    track_peak: float | None = None
    album_gain_db: float | None = None
    album_peak: float | None = None


@dataclass(frozen=True, slots=True)
class MusicBrainzIds:
    """MusicBrainz identifiers from a file's tags; empty strings where absent."""

    track_id: str = ""
    recording_id: str = ""
    album_id: str = ""
    artist_id: str = ""
    album_artist_id: str = ""
    release_group_id: str = ""


@dataclass(frozen=True, slots=True)
class AudioProperties:
    """What the stream is: length and format, from the file's headers."""

    duration_s: float | None = None
    sample_rate_hz: int | None = None
    bit_depth: int | None = None
    channels: int | None = None
    bitrate_kbps: int | None = None
    codec: str = ""


@dataclass(frozen=True, slots=True)
class Track:
    """A playable file.

    Only ``path`` is required. The library fills in the rest from the tags; where tags are
    missing it falls back to folder and file names (``Artist/Album/01 Title.flac``).

    ``artist`` is the display form of ``artists`` (joined with ``"; "``).
    """

    path: Path
    title: str = ""
    artist: str = ""
    album: str = ""
    duration_s: float | None = None
    replay_gain: ReplayGain = field(default_factory=ReplayGain)
    artists: tuple[str, ...] = ()
    album_artist: str = ""
    track_number: int | None = None
    track_total: int | None = None
    disc_number: int | None = None
    disc_total: int | None = None
    date: str = ""
    year: int | None = None
    genre: str = ""
    composer: str = ""
    compilation: bool = False
    has_cover: bool = False
    audio: AudioProperties = field(default_factory=AudioProperties)
    musicbrainz: MusicBrainzIds = field(default_factory=MusicBrainzIds)

    @property
    def display_title(self) -> str:
        """The title, or the file name without its extension when the tags have none."""
        return self.title or self.path.stem

    @property
    def record_artist(self) -> str:
        """The artist a record is filed under: the album artist, else the track artist."""
        return self.album_artist or self.artist
