"""Records and their sides: how an album sits in the crate and on the platter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.core.track import Track

VARIOUS_ARTISTS = "Various Artists"


class RecordSize(Enum):
    """The disc a record is pressed on: an LP at 33 1/3 rpm or a single at 45."""

    LP_12_INCH = 12
    SINGLE_7_INCH = 7

    @property
    def rpm(self) -> float:
        """The speed the record is cut for."""
        return 100.0 / 3.0 if self is RecordSize.LP_12_INCH else 45.0


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """One record as the crate lists it, without its tracks (cheap to list by the thousand)."""

    key: str
    title: str
    artist: str
    year: int | None
    genre: str
    track_count: int
    duration_s: float
    has_cover: bool
    is_single: bool
    added_at: float
    last_played: float | None
    play_count: int
    first_path: str

    @property
    def size(self) -> RecordSize:
        """A lone track is a 7-inch single; an album is a 12-inch LP."""
        return RecordSize.SINGLE_7_INCH if self.is_single else RecordSize.LP_12_INCH


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a record: consecutive tracks from one disc, never a split track."""

    label: str
    disc: int
    tracks: tuple[Track, ...]

    @property
    def duration_s(self) -> float:
        """The playing time of the side."""
        return sum(t.duration_s or 0.0 for t in self.tracks)


@dataclass(frozen=True, slots=True)
class Record:
    """A record with its tracks in playing order and its sides."""

    summary: RecordSummary
    tracks: tuple[Track, ...]
    sides: tuple[Side, ...]

    @property
    def size(self) -> RecordSize:
        """The disc size, from the summary."""
        return self.summary.size
