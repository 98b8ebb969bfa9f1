"""The listening session: the queue that survives restarts, play history, and library scans.

Wired by the composition root once the window is up:

- the session (the queue, the position in the current track, and the deck as the user left
  it: see :mod:`app.ui.session_state`) is saved atomically a moment after each change of the
  queue, of playing or pausing, a seek or the deck, every 15 s while playing, on quit, and
  when the desktop asks before a logout; the next start without arguments brings it back
  paused where it was, the arm resting over that groove. Saved files that have vanished are
  left out, and :meth:`PlayerSession.restore_message` says which;
- the history hears which track plays and how long, and counts plays and skips;
- the library is rescanned in the background a little after start-up (the window rescans
  on F5 and shows the scan's progress).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

from app.audio.engine import Engine
from app.audio.queue_player import QueuePlayer
from app.core.playback import PlaybackState
from app.core.queue import Queue
from app.core.track import Track
from app.library.history import ListeningTracker
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import counted, fill
from app.ui.library_service import LibraryService
from app.ui.session_state import (
    RESTING_DECK,
    DeckState,
    decode_session,
    encode_session,
    read_session,
    write_session,
)

if TYPE_CHECKING:
    from app.ui.deck_controller import DeckController

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 1500
SAME_POSITION_S = 0.05  # a saved position this close is the same place
SAVE_WHILE_PLAYING_MS = 15_000
HISTORY_POLL_MS = 1000
STARTUP_SCAN_DELAY_MS = 1500
RETAG_DELAY_MS = 150
SIDE_TAGS_AROUND = 24  # queued files either side of the current one whose tags restore reads
MISSING_NAMED = 3  # vanished files named in the message; the rest are counted


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
        self.queue.changed.connect(self._on_queue_changed)
        # What the file on disk already holds, so a save with nothing new writes nothing: a
        # restore's own seek and pause, for one, would rewrite the whole queue (and leave its
        # temporaries, 11 MB with 50,000 tracks, in the heap).
        self._queue_saved = False
        self._saved_position_s: float | None = None
        self._file_outdated = False
        self._tags_read.connect(self._on_tags_read)
        self._late_tags: list[tuple[int, Track]] = []
        self._retag_timer = QTimer(self, singleShot=True, interval=RETAG_DELAY_MS)
        self._retag_timer.timeout.connect(self._apply_late_tags)
        self.bridge.state_changed.connect(self._save_soon)  # a pause is worth keeping
        self.bridge.seeked.connect(self._save_soon)
        self.missing: list[Path] = []  # saved files the last restore could not find
        self._deck: DeckController | None = None
        self._deck_state: DeckState | None = None  # to restore, then as last saved
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # logout: save now, the app may be killed next
            app.commitDataRequest.connect(self.save)
            app.saveStateRequest.connect(self.save)

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
        """Bring back the saved queue, paused at the saved position; False when none.

        Saved files that have vanished are left out (see :meth:`restore_message`); the deck
        comes back as it was left once :meth:`attach_deck` hands it the controller.
        """
        try:
            saved = read_session(self.queue_file)
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.warning("the saved queue could not be read (%s)", exc)
            return False
        queue_part, deck = decode_session(saved)
        self.missing = []
        restored = Queue.from_state(queue_part, self._resolve_noting_missing)
        if self.missing:
            log.warning(
                "left out of the restored queue, not found: %s",
                ", ".join(str(path) for path in self.missing),
            )
        if not len(restored.queue):
            return False
        self._read_side_tags(restored.queue)
        self.queue = restored.queue
        self.player = QueuePlayer(self.engine, self.queue)
        self.queue.changed.connect(self._on_queue_changed)
        self.player.restore(restored.position_s)
        if self.engine.state is PlaybackState.STOPPED and self.engine.current_track is not None:
            self.engine.seek(restored.position_s)  # paused, not stopped, even at the start
        self._deck_state = deck or RESTING_DECK
        # Written again on quit at the latest: a file still naming vanished files, or in the
        # old format (version 1, without the deck), is brought up to date then.
        self._queue_saved = not self.missing
        self._file_outdated = isinstance(saved, dict) and "queue" not in saved
        self._saved_position_s = restored.position_s
        self.queue_replaced.emit(self.queue)
        return True

    def _resolve_noting_missing(self, path: Path) -> Track | None:
        track = self.resolve(path)
        if track is None:
            self.missing.append(path)
        return track

    def _read_side_tags(self, queue: Queue) -> None:
        """Read the tags of the current track and its folder's neighbours outside the library.

        The side on the platter, and so the groove the arm rests over, is made from them:
        read now, the deck comes back right at once rather than moving when late tags arrive.
        """
        from app.core.errors import TagReadError
        from app.library.tags import read_track

        updates = []
        for index in _same_folder_around(queue, queue.current_index, SIDE_TAGS_AROUND):
            track = queue[index]
            if track.title or track.album:  # the library's, tags and all
                continue
            try:
                updates.append((index, read_track(track.path)))
            except TagReadError as exc:
                log.info("%s", exc)
        queue.retag(updates)

    def restore_message(self) -> str:
        """Return what to tell the user about saved tracks that were not found, else ""."""
        count = len(self.missing)
        if not count:
            return ""
        names = ", ".join(path.name for path in self.missing[:MISSING_NAMED])
        if count > MISSING_NAMED:
            more = count - MISSING_NAMED
            names = fill(counted(self.tr("%1 and %n more", "", more), more), names)
        text = self.tr(
            "Left out of the queue, not found: %n track(s) from the last session (%1)", "", count
        )
        return fill(counted(text, count), names)

    def attach_deck(self, controller: DeckController) -> None:
        """Put the restored deck back as it was left, and keep it in the saved session.

        The speed comes back only with the record it was chosen for; the pitch fader and the
        cue lever come back as they were; the arm rests over the groove of the saved position,
        on the record (lowered, as a deck paused by its start/stop key) unless the cue had
        lifted it.
        """
        self._deck = controller
        controller.destroyed.connect(self._on_deck_destroyed)
        state = self._deck_state
        if state is not None:
            side = controller.side
            if state.rpm is not None and side is not None and side.record_key == state.record_key:
                controller.choose_speed(state.rpm)
            controller.set_pitch(state.pitch)
            controller.rest_arm(state.arm_lifted)
        self._deck_state = self._current_deck_state()

    def _current_deck_state(self) -> DeckState | None:
        controller = self._deck
        if controller is None:
            return self._deck_state
        side = controller.side
        return DeckState(
            rpm=controller.rpm,
            pitch=controller.pitch,
            arm_lifted=controller.cued,
            record_key=side.record_key if side is not None else "",
            side_index=side.side_index if side is not None else 0,
        )

    def _on_deck_destroyed(self) -> None:
        self._deck_state = self._current_deck_state()  # plain attributes: they still answer
        self._deck = None

    @Slot()  # no arguments: the session manager's requests carry one, never used
    def save(self) -> None:
        """Write the queue, the position and the deck now (nothing, if nothing changed)."""
        self._save_timer.stop()
        deck = self._current_deck_state()
        position_s = self.engine.position_s
        if (
            self._queue_saved
            and deck == self._deck_state
            and self._saved_position_s is not None
            and abs(position_s - self._saved_position_s) < SAME_POSITION_S
        ):
            return
        self._deck_state = deck
        state = encode_session(self.queue.to_state(position_s), deck)
        try:
            self.queue_file.parent.mkdir(parents=True, exist_ok=True)
            write_session(self.queue_file, state)
        except OSError as exc:
            log.warning("the queue could not be saved (%s)", exc)
            return
        self._queue_saved = True
        self._file_outdated = False
        self._saved_position_s = position_s

    def _on_queue_changed(self, *_: object) -> None:
        self._queue_saved = False
        self._save_timer.start()

    def _save_soon(self, *_: object) -> None:
        self._save_timer.start()

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
        deck_moved = self._deck is not None and self._current_deck_state() != self._deck_state
        if deck_moved and not self._save_timer.isActive():
            self._save_timer.start()  # the speed, the pitch or the cue lever moved
        if self.tracker is not None:
            self.tracker.position(
                self.engine.position_s, self.engine.state is PlaybackState.PLAYING
            )

    # ------------------------------------------------------------------ library
    def recovery_message(self) -> str:
        """Return what to tell the user when the library file was damaged, else ""."""
        if self.library is None or self.library.recovered_from is None:
            return ""
        return fill(
            self.tr("The library file was damaged. It was set aside as %1 and is being rebuilt."),
            self.library.recovered_from.name,
        )

    def scan_soon(self, folders: Sequence[Path]) -> None:
        """Start a background scan of ``folders`` once start-up has settled."""
        if self.library is not None and folders:
            library = self.library
            QTimer.singleShot(STARTUP_SCAN_DELAY_MS, lambda: library.start_scan(list(folders)))

    def close(self) -> None:
        """Save the queue and stop the history and the library."""
        if self._file_outdated:
            self._queue_saved = False
        self.save()
        if self.tracker is not None:
            self.tracker.stop()
        if self.library is not None:
            self.library.close()


def _same_folder_around(queue: Queue, index: int, reach: int) -> Iterator[int]:
    """Yield ``index`` and the queued items next to it from the same folder, ``reach`` a side."""
    if not 0 <= index < len(queue):
        return
    folder = queue[index].path.parent
    yield index
    for step in (-1, 1):
        other = index + step
        while abs(other - index) <= reach and 0 <= other < len(queue):
            if queue[other].path.parent != folder:
                break
            yield other
            other += step
