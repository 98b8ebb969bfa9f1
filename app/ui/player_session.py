"""The listening session: the queue that survives restarts, play history, and library scans.

Wired by the composition root once the window is up:

- the queue is saved (atomically) a moment after each change, every 15 s while playing, and
  on quit, with the position in the current track; the next start without arguments brings
  it back paused where it was;
- the history hears which track plays and how long, and counts plays and skips;
- the library is rescanned in the background a little after start-up (the window rescans
  on F5 and shows the scan's progress).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.audio.engine import Engine
from app.audio.queue_player import QueuePlayer
from app.core.playback import PlaybackState
from app.core.queue import Queue
from app.core.track import Track
from app.library.history import ListeningTracker
from app.ui.engine_bridge import EngineBridge
from app.ui.library_service import LibraryService

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 1500
SAVE_WHILE_PLAYING_MS = 15_000
HISTORY_POLL_MS = 1000
STARTUP_SCAN_DELAY_MS = 1500
RETAG_DELAY_MS = 150


class PlayerSession(QObject):
    """Owns the queue, its persistence, the listening tracker and the scan status."""

    queue_replaced = Signal(object)  # the Queue restored from the last session
    tracks_retagged = Signal()  # queued files' tags were read late and are in the queue now
    _tags_read = Signal(int, object)  # queued from the tag-reading thread to the GUI thread

    def __init__(
        self,
        engine: Engine,
        library: LibraryService | None,
        queue_file: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.library = library
        self.queue_file = queue_file
        self.queue = Queue()
        self.player = QueuePlayer(engine, self.queue)
        self.bridge = EngineBridge(engine)
        self.bridge.track_started.connect(self._on_track_started)
        self.bridge.track_finished.connect(self._on_track_finished)
        self.tracker = ListeningTracker(library.history) if library is not None else None
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        self._autosave = QTimer(self, interval=SAVE_WHILE_PLAYING_MS)
        self._autosave.timeout.connect(self._save_if_playing)
        self._autosave.start()
        self._poll = QTimer(self, interval=HISTORY_POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self._poll.start()
        self.queue.changed.connect(self._save_timer.start)
        self._tags_read.connect(self._on_tags_read)
        self._late_tags: list[tuple[int, Track]] = []
        self._retag_timer = QTimer(self, singleShot=True, interval=RETAG_DELAY_MS)
        self._retag_timer.timeout.connect(self._apply_late_tags)

    # ------------------------------------------------------------------ queue
    def tags_read(self, index: int, track: Track) -> None:
        """Take the tags of a queued file read late, from any thread."""
        self._tags_read.emit(index, track)

    def _on_tags_read(self, index: int, track: Track) -> None:
        # Gathered for a moment and applied as one queue change: per-track changes made a
        # 50,000-track command line cost the queue, the engine and the views O(n^2).
        self.engine.update_track(index, track)
        self._late_tags.append((index, track))
        if not self._retag_timer.isActive():
            self._retag_timer.start()

    def _apply_late_tags(self) -> None:
        updates, self._late_tags = self._late_tags, []
        self.queue.retag(updates)
        if updates:
            self.tracks_retagged.emit()

    def resolve(self, path: Path) -> Track | None:
        """Return the library's track for ``path``, a bare one outside it, or None if gone."""
        if self.library is not None:
            known = self.library.store.track(path)
            if known is not None:
                return known
        try:
            return Track(path) if path.is_file() else None
        except OSError:
            return None

    def adopt(self, tracks: Sequence[Track]) -> None:
        """Make the list the engine already plays the queue, with the library's tags."""
        self.queue.replace(tracks)
        updates = []
        for index, track in enumerate(tracks):
            known = self.resolve(track.path)
            if known is not None and known is not track and known.title:
                self.engine.update_track(index, known)
                updates.append((index, known))
        self.queue.retag(updates)

    def restore(self) -> bool:
        """Bring back the saved queue, paused at the saved position; False when none."""
        try:
            restored = Queue.load(self.queue_file, self.resolve)
        except OSError as exc:
            log.warning("the saved queue could not be read (%s)", exc)
            return False
        if not len(restored.queue):
            return False
        self.queue = restored.queue
        self.player = QueuePlayer(self.engine, self.queue)
        self.queue.changed.connect(self._save_timer.start)
        self.player.restore(restored.position_s)
        self.queue_replaced.emit(self.queue)
        return True

    def save(self) -> None:
        """Write the queue and the position now."""
        try:
            self.queue_file.parent.mkdir(parents=True, exist_ok=True)
            self.queue.save(self.queue_file, position_s=self.engine.position_s)
        except OSError as exc:
            log.warning("the queue could not be saved (%s)", exc)

    def _save_if_playing(self) -> None:
        if self.engine.state is PlaybackState.PLAYING:
            self.save()

    # ------------------------------------------------------------------ history
    def _on_track_started(self, index: int, track: Track) -> None:
        self.player.on_track_started(index, track)
        if self.tracker is not None:
            self.tracker.start(track)

    def _on_track_finished(self, _index: int, track: Track) -> None:
        if self.tracker is not None:
            self.tracker.finish(track)

    def _on_poll(self) -> None:
        if self.tracker is not None:
            self.tracker.position(
                self.engine.position_s, self.engine.state is PlaybackState.PLAYING
            )

    # ------------------------------------------------------------------ library
    def recovery_message(self) -> str:
        """Return what to tell the user when the library file was damaged, else ""."""
        if self.library is None or self.library.recovered_from is None:
            return ""
        return (
            "The library file was damaged. It was set aside as "
            f"{self.library.recovered_from.name} and is being rebuilt."
        )

    def scan_soon(self, folders: Sequence[Path]) -> None:
        """Start a background scan of ``folders`` once start-up has settled."""
        if self.library is not None and folders:
            library = self.library
            QTimer.singleShot(STARTUP_SCAN_DELAY_MS, lambda: library.start_scan(list(folders)))

    def close(self) -> None:
        """Save the queue and stop the history and the library."""
        self.save()
        if self.tracker is not None:
            self.tracker.stop()
        if self.library is not None:
            self.library.close()
