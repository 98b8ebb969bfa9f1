"""The demo record: "Jay's Test Pressing", played on a fresh machine while the library is empty.

The record ships in ``resources/demo/``, made by ``tools/make_demo_record.py``: side A (disc 1)
holds test bands, side B (disc 2) two short tunes, and ``cover.png`` is its label. It is never
added to the library's store: :func:`demo_record` builds the :class:`~app.core.record.Record`
straight from the files, the way :class:`~app.library.model.LibraryModel` builds one from rows.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.core.errors import TagReadError
from app.core.record import Record, RecordSummary
from app.core.track import Track
from app.library.covers import folder_cover
from app.library.records import build_record, playing_order, record_artist, record_key
from app.library.stream_info import KIND_BY_SUFFIX
from app.library.tags import read_track

__all__ = ["DEMO_FOLDER", "demo_record", "demo_tracks"]

_log = logging.getLogger(__name__)

#: Where the demo record's files live: ``resources/demo`` in the repository.
DEMO_FOLDER: Path = Path(__file__).resolve().parents[2] / "resources" / "demo"


def demo_tracks(folder: Path = DEMO_FOLDER) -> list[Track]:
    """Return the demo record's tracks in playing order.

    Every audio file in ``folder`` is read with :func:`~app.library.tags.read_track`. A file
    that cannot be read is logged and left out; a missing folder gives an empty list.

    Parameters
    ----------
    folder
        The folder holding the record; the shipped one by default.

    Returns
    -------
    list[Track]
        Side A's tracks, then side B's.

    """
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in KIND_BY_SUFFIX)
    except OSError as exc:
        _log.warning("The demo record is missing: %s (%s)", folder, exc.strerror or exc)
        return []
    tracks = []
    for path in paths:
        try:
            tracks.append(read_track(path))
        except TagReadError as exc:
            _log.warning("Left a demo track out: %s", exc)
    return playing_order(tracks)


def demo_record(folder: Path = DEMO_FOLDER) -> Record | None:
    """Return the demo record with its sides (A and B), or ``None`` when no track is readable.

    The summary is what the library's store would give for the same files: the album artist,
    the newest file time as the time it was added, never played. ``has_cover`` is true when
    a track embeds a picture or the folder holds a cover image.

    Parameters
    ----------
    folder
        The folder holding the record; the shipped one by default.

    """
    tracks = demo_tracks(folder)
    if not tracks:
        return None
    first = tracks[0]
    try:
        added_at = max(t.path.stat().st_mtime for t in tracks)
    except OSError:
        added_at = 0.0
    summary = RecordSummary(
        key=record_key(first),
        title=first.album or first.display_title,
        artist=record_artist(
            first.album_artist,
            len({t.artist for t in tracks}),
            first.artist,
            any(t.compilation for t in tracks),
        ),
        year=max((t.year for t in tracks if t.year is not None), default=None),
        genre=max((t.genre for t in tracks), default=""),
        track_count=len(tracks),
        duration_s=sum(t.duration_s or 0.0 for t in tracks),
        has_cover=any(t.has_cover for t in tracks) or folder_cover(folder) is not None,
        is_single=not first.album,
        added_at=added_at,
        last_played=None,
        play_count=0,
        first_path=min(os.fsdecode(t.path) for t in tracks),
    )
    return build_record(summary, tracks)
