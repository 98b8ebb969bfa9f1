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
"""Columns :meth:`TrackBuilder.track` expects, to be followed by a WHERE clause."""


class TrackBuilder:
    """Builds tracks from rows, sharing what tracks have in common.

    50,000 tracks built one by one took 100 MB; most of it was the same artist, album and
    folder names held once per track. Strings that repeat are interned in a per-builder
    table, paths are made from a shared parent path (so their parts are shared), and empty
    ReplayGain and MusicBrainz values are one object.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._folders: dict[bytes, Path] = {}
        self._artists: dict[str, tuple[str, ...]] = {}

    def _share(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def _path(self, raw: bytes) -> Path:
        cut = raw.rfind(b"/")
        if cut <= 0:
            return Path(os.fsdecode(raw))
        folder = raw[:cut]
        parent = self._folders.get(folder)
        if parent is None:
            parent = self._folders[folder] = Path(os.fsdecode(folder))
        return parent / os.fsdecode(raw[cut + 1 :])

    def track(self, row: TagRow) -> Track:
        """Build the track for a row selected with :data:`SELECT_TRACK`."""
        (
            path, title, artist, artists, album, album_artist, track_number, track_total,
            disc_number, disc_total, date, year, genre, composer, compilation, has_cover,
            duration_s, sample_rate, bit_depth, channels, bitrate, codec,
            track_gain, track_peak, album_gain, album_peak,
            mb_track, mb_recording, mb_album, mb_artist, mb_album_artist, mb_release_group,
        ) = row  # fmt: skip
        share = self._share
        gains = (track_gain, track_peak, album_gain, album_peak)
        ids = (mb_track, mb_recording, mb_album, mb_artist, mb_album_artist, mb_release_group)
        artist_names = self._artists.get(artists)
        if artist_names is None:
            names = tuple(map(share, artists.split(ARTIST_SEPARATOR))) if artists else ()
            artist_names = self._artists[artists] = names
        return Track(
            path=self._path(path),
            title=title,
            artist=share(artist),
            album=share(album),
            duration_s=duration_s,
            replay_gain=_NO_GAIN if gains == _NO_GAIN_VALUES else ReplayGain(*gains),
            artists=artist_names,
            album_artist=share(album_artist),
            track_number=track_number,
            track_total=track_total,
            disc_number=disc_number,
            disc_total=disc_total,
            date=share(date),
            year=year,
            genre=share(genre),
            composer=share(composer),
            compilation=bool(compilation),
            has_cover=bool(has_cover),
            audio=AudioProperties(
                duration_s, sample_rate, bit_depth, channels, bitrate, share(codec)
            ),
            musicbrainz=_NO_IDS if ids == _NO_ID_VALUES else MusicBrainzIds(*ids),
        )


_NO_GAIN = ReplayGain()
_NO_GAIN_VALUES = (None, None, None, None)
_NO_IDS = MusicBrainzIds()
_NO_ID_VALUES = ("", "", "", "", "", "")
