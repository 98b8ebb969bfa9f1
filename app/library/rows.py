"""Convert tracks to database rows and back.

The scanner's worker processes send rows, not :class:`Track` objects, to the main process:
a tuple of plain values pickles in a fraction of the time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.core.track import AudioProperties, MusicBrainzIds, ReplayGain, Track
from app.library.records import record_key
from app.library.schema import TRACK_TAG_COLUMNS

ARTIST_SEPARATOR = "\x1f"
TagRow = tuple[Any, ...]
"""Values for :data:`~app.library.schema.TRACK_TAG_COLUMNS`, in that order."""


def track_to_row(track: Track) -> TagRow:
    """Return the tag columns of ``track``."""
    audio, gain, mb = track.audio, track.replay_gain, track.musicbrainz
    return (
        record_key(track), track.title, track.artist, ARTIST_SEPARATOR.join(track.artists),
        track.album, track.album_artist, track.track_number, track.track_total,
        track.disc_number, track.disc_total, track.date, track.year, track.genre,
        track.composer, int(track.compilation), int(track.has_cover),
        audio.duration_s if audio.duration_s is not None else track.duration_s,
        audio.sample_rate_hz, audio.bit_depth, audio.channels, audio.bitrate_kbps, audio.codec,
        gain.track_gain_db, gain.track_peak, gain.album_gain_db, gain.album_peak,
        mb.track_id, mb.recording_id, mb.album_id, mb.artist_id, mb.album_artist_id,
        mb.release_group_id,
    )  # fmt: skip


SELECT_TRACK = "SELECT path, " + ", ".join(TRACK_TAG_COLUMNS[1:]) + " FROM tracks"
"""Columns :func:`row_to_track` expects, to be followed by a WHERE clause."""


def row_to_track(row: TagRow) -> Track:
    """Build a :class:`Track` from a row selected with :data:`SELECT_TRACK`."""
    (
        path, title, artist, artists, album, album_artist, track_number, track_total,
        disc_number, disc_total, date, year, genre, composer, compilation, has_cover,
        duration_s, sample_rate, bit_depth, channels, bitrate, codec,
        track_gain, track_peak, album_gain, album_peak,
        mb_track, mb_recording, mb_album, mb_artist, mb_album_artist, mb_release_group,
    ) = row  # fmt: skip
    return Track(
        path=Path(os.fsdecode(path)),
        title=title,
        artist=artist,
        album=album,
        duration_s=duration_s,
        replay_gain=ReplayGain(track_gain, track_peak, album_gain, album_peak),
        artists=tuple(artists.split(ARTIST_SEPARATOR)) if artists else (),
        album_artist=album_artist,
        track_number=track_number,
        track_total=track_total,
        disc_number=disc_number,
        disc_total=disc_total,
        date=date,
        year=year,
        genre=genre,
        composer=composer,
        compilation=bool(compilation),
        has_cover=bool(has_cover),
        audio=AudioProperties(duration_s, sample_rate, bit_depth, channels, bitrate, codec),
        musicbrainz=MusicBrainzIds(
            mb_track, mb_recording, mb_album, mb_artist, mb_album_artist, mb_release_group
        ),
    )
