"""The side's artwork, made in the background: the label picture and the groove map.

Finding and decoding a cover touches the disk, and a groove map decodes the whole side (up to a
second for 20 minutes), so both run on one worker thread. The newest side asked for wins: a
job for a side that is no longer on the platter is dropped before it starts. Finished groove
maps are kept on disk, so a side seen before gets its map at once.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from app.core.errors import MediaError
from app.library.covers import find_cover, read_cover_bytes
from app.ui.thumbnails import decode_thumbnail
from app.visual.deck_side import DeckSide
from app.visual.groove_map import GrooveMap, GrooveMapCache, groove_map, side_loudness

log = logging.getLogger(__name__)

LABEL_SIZE_PX = 512


class SideArt(QObject):
    """Label pictures and groove maps for sides, delivered on the GUI thread."""

    label_ready = Signal(str, object)  # (side id, QImage or None when the side has no cover)
    groove_ready = Signal(str, object)  # (side id, GrooveMap)

    def __init__(self, groove_cache: GrooveMapCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groove_cache = groove_cache
        # One daemon worker: quitting never waits for a groove map still being decoded.
        self._jobs: queue.SimpleQueue[tuple[str, DeckSide] | None] = queue.SimpleQueue()
        threading.Thread(target=self._run, name="starlight-side-art", daemon=True).start()
        # Written by the GUI thread, read by the worker to drop stale jobs.
        self._latest = ""
        self._lock = threading.Lock()

    def request(self, side_id: str, side: DeckSide) -> None:
        """Make the label and the groove map of ``side``; results name ``side_id``."""
        with self._lock:
            self._latest = side_id
        self._jobs.put((side_id, side))

    def close(self) -> None:
        """Drop queued jobs; the one running finishes in the background and tells no one.

        Once this returns, no signal is emitted any more, so the object may be deleted.
        """
        with self._lock:
            self._latest = ""
        self._jobs.put(None)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            self._work(*job)

    def _deliver(self, signal: object, side_id: str, result: object) -> None:
        """Emit ``result`` unless the side is stale or the object closed (worker thread)."""
        with self._lock:  # close() cannot return while an emit is under way
            if side_id == self._latest:
                signal.emit(side_id, result)  # type: ignore[attr-defined]

    def _work(self, side_id: str, side: DeckSide) -> None:
        try:
            with self._lock:
                if side_id != self._latest:
                    return
            self._deliver(self.label_ready, side_id, label_picture(side))
            with self._lock:
                if side_id != self._latest:
                    return
            self._deliver(self.groove_ready, side_id, self._groove(side))
        except Exception:  # thread boundary: a bad side must not kill the worker
            log.exception("making the artwork of side %s of %s failed", side.label, side.title)

    def _groove(self, side: DeckSide) -> GrooveMap:
        paths = [track.path for track in side.tracks]
        try:
            key: str | None = self.groove_cache.key(paths, side.durations_s)
        except OSError:
            key = None
        if key is not None and (cached := self.groove_cache.load(key)) is not None:
            return cached
        groove = groove_map(side.layout, side_loudness(paths))
        if key is not None:
            try:
                self.groove_cache.save(key, groove)
            except OSError as exc:
                log.info("the groove map could not be cached (%s)", exc)
        return groove


def label_picture(side: DeckSide) -> QImage | None:
    """Return the side's cover as a square picture for the label, or None without one.

    The bytes go through the thumbnails' decoder, which vets the header (no decompression
    bombs, no 20,000-pixel pictures) and decodes straight to the square it needs.
    """
    for track in side.tracks:
        try:
            source = find_cover(track.path)
            if source is None:
                continue
            return decode_thumbnail(read_cover_bytes(source), LABEL_SIZE_PX, source.path)
        except (MediaError, OSError) as exc:
            log.info("%s", exc)
    return None


def side_id_of(side: DeckSide) -> str:
    """Return an id naming one side of one record, as laid out (its tracks and lengths)."""
    first = side.tracks[0].path if side.tracks else Path()
    lengths = ",".join(f"{d:.1f}" for d in side.durations_s)  # tags read late change them
    return f"{side.record_key}\x1f{side.label}\x1f{first}\x1f{lengths}"
