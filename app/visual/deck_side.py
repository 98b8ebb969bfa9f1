"""The side on the platter: which record, which side, and its tracks (Qt-free).

The deck draws one side at a time. A track of an album brings its album's side; a lone track
is a 7-inch single. :class:`DeckSide` is what the deck view and its controller share.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from app.core.record import Record, RecordSize
from app.core.track import Track
from app.library.sides import UNKNOWN_TRACK_S
from app.visual.deck import SideLayout, geometry_of


@dataclass(frozen=True)
class DeckSide:
    """One side of a record, ready for the platter."""

    record_key: str
    title: str
    artist: str
    label: str  # "A", "B", ...
    side_index: int  # this side's place among the record's sides, from 0
    side_count: int
    size: RecordSize
    tracks: tuple[Track, ...]
    year: int | None = None

    @property
    def rpm(self) -> float:
        """The speed the side is cut for."""
        return self.size.rpm

    @property
    def durations_s(self) -> tuple[float, ...]:
        """Each track's length (a typical length when unknown)."""
        return tuple(t.duration_s if t.duration_s else UNKNOWN_TRACK_S for t in self.tracks)

    @cached_property
    def layout(self) -> SideLayout:
        """The tracks' bands on the disc."""
        return SideLayout(self.durations_s, geometry_of(self.size))

    def index_of(self, track: Track) -> int | None:
        """Return where ``track`` (by path) sits on this side, or None."""
        for index, candidate in enumerate(self.tracks):
            if candidate.path == track.path:
                return index
        return None


def side_of_record(record: Record, track: Track) -> DeckSide | None:
    """Return the side of ``record`` that holds ``track``, or None when it has none."""
    for number, side in enumerate(record.sides):
        if any(t.path == track.path for t in side.tracks):
            summary = record.summary
            return DeckSide(
                record_key=summary.key,
                title=summary.title,
                artist=summary.artist,
                label=side.label,
                side_index=number,
                side_count=len(record.sides),
                size=record.size,
                tracks=side.tracks,
                year=summary.year,
            )
    return None
