"""Group tracks into records: which album a track belongs to, and how a record is built.

A track's record is decided when the track is stored (:func:`record_key`), so listing every
record is one indexed ``GROUP BY`` in the store rather than a pass over 50,000 tracks.

- Albums are keyed by album artist (or "Various Artists" for a flagged compilation) and album
  title. Without an album artist the album is keyed by title and folder, so an untagged
  compilation stays one record while two same-named albums in different folders stay two; the
  record's artist then becomes "Various Artists" when its tracks name more than one artist.
- Disc folders (``CD1``, ``Disc 2``) count as their parent folder.
- A track with no album is a single of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.core.record import VARIOUS_ARTISTS, Record, RecordSummary
from app.core.track import Track
from app.library.paths import disc_folder_number, natural_key
from app.library.sides import split_sides

_SEP = "\x1f"


def album_folder(path: Path) -> str:
    """Return the folder that holds an album: the parent, or the grandparent of a disc folder."""
    parent = path.parent
    if disc_folder_number(parent.name) is not None:
        parent = parent.parent
    return path_text(parent)


def path_text(path: Path) -> str:
    r"""Return ``path`` as text that can be stored: itself, or with odd bytes as ``\xNN``.

    A name that is not UTF-8 holds lone surrogates once decoded, which SQLite refuses; each
    such byte is written as a backslash escape instead, so the text still tells the paths
    apart.
    """
    text = os.fsdecode(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file system name decodes to
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def record_key(track: Track) -> str:
    """Return the key shared by all tracks of the same record."""
    if not track.album:
        return f"single{_SEP}{path_text(track.path)}"
    album = track.album.casefold()
    artist = track.album_artist or (VARIOUS_ARTISTS if track.compilation else "")
    if artist:
        return f"album{_SEP}{artist.casefold()}{_SEP}{album}"
    return f"album{_SEP}{_SEP}{album}{_SEP}{album_folder(track.path)}"


def playing_order(tracks: Iterable[Track]) -> list[Track]:
    """Sort a record's tracks by disc, track number, then file name in natural order."""
    return sorted(
        tracks,
        key=lambda t: (
            t.disc_number or 1,
            t.track_number if t.track_number is not None else 1_000_000,
            natural_key(t.path.name),
        ),
    )


def record_artist(album_artist: str, artist_count: int, artist: str, compilation: bool) -> str:
    """Return the name a record is filed under.

    The album artist; else "Various Artists" for a flagged compilation or a record whose
    tracks name ``artist_count`` > 1 artists; else its one ``artist``.
    """
    if album_artist:
        return album_artist
    if compilation or artist_count > 1:
        return VARIOUS_ARTISTS
    return artist


def build_record(summary: RecordSummary, tracks: Iterable[Track]) -> Record:
    """Put a record's tracks in order and cut its sides."""
    ordered = tuple(playing_order(tracks))
    return Record(summary, ordered, split_sides(ordered))


def loose_record(tracks: Sequence[Track]) -> Record:
    """Build a record from tracks that are not in the library (files dropped or opened).

    The tracks should share one :func:`record_key`; the summary is made from their tags.
    """
    ordered = playing_order(tracks)
    first = ordered[0]
    artists = {t.artist for t in ordered if t.artist}
    summary = RecordSummary(
        key=record_key(first),
        title=first.album or first.display_title,
        artist=record_artist(first.album_artist, len(artists), first.artist, first.compilation),
        year=first.year,
        genre=first.genre,
        track_count=len(ordered),
        duration_s=sum(t.duration_s or 0.0 for t in ordered),
        has_cover=any(t.has_cover for t in ordered),
        is_single=not first.album,
        added_at=0.0,
        last_played=None,
        play_count=0,
        first_path=os.fsdecode(first.path),
    )
    return build_record(summary, ordered)
