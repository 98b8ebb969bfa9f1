"""What a drag carries: tracks inside the app, file URLs to and from the file manager.

A drag that starts in the app (a sleeve, a track, queue items) carries a
:class:`TrackMimeData`: the tracks themselves, plus ``text/uri-list`` file URLs so other
programs understand it too. Drops from outside carry only URLs; :func:`dropped_paths` turns
them into local paths and ignores anything that is not a local file URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

from app.core.track import Track

TRACKS_MIME = "application/x-starlight-tracks"


class TrackMimeData(QMimeData):
    """Drag data holding tracks (and, for queue reordering, the queue rows they came from)."""

    def __init__(self, tracks: Sequence[Track], queue_rows: Sequence[int] = ()) -> None:
        super().__init__()
        self.tracks: tuple[Track, ...] = tuple(tracks)
        self.queue_rows: tuple[int, ...] = tuple(queue_rows)
        self.setUrls([QUrl.fromLocalFile(str(track.path)) for track in self.tracks])
        self.setData(TRACKS_MIME, str(len(self.tracks)).encode())


def dragged_tracks(mime: QMimeData) -> tuple[Track, ...] | None:
    """Return the tracks of an in-app drag, or None for a drag from elsewhere."""
    if isinstance(mime, TrackMimeData):
        return mime.tracks
    return None


def dropped_paths(mime: QMimeData) -> list[Path]:
    """Return the local files and folders named by a drop's URLs, in order."""
    paths = []
    for url in mime.urls():
        if url.isLocalFile():
            local = url.toLocalFile()
            if local:
                paths.append(Path(local))
    return paths


def accepts(mime: QMimeData) -> bool:
    """Whether a drag carries anything the app can take."""
    return isinstance(mime, TrackMimeData) or any(url.isLocalFile() for url in mime.urls())
