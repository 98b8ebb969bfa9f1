"""The listening session: the queue that survives restarts, play history, and library scans.

Wired by the composition root once the window is up:

- the session (the queue, the position in the current track, and the deck as the user left
  it: see :mod:`app.ui.session_state`) is saved atomically a moment after each change of the
  queue, of the track, of playing or pausing, a seek or the deck, every 5 s while playing,
  on quit, and when the desktop asks before a logout, so a kill loses at most those 5 s; the
  next start without arguments brings it back paused where it was, the arm resting over
  that groove. Saved files that have vanished are left out, and
  :meth:`PlayerSession.restore_message` says which. A long queue is written whole only when
  its items or modes change; between, only the small place file is (a 50,000-track queue
  is some 4 MB of JSON). Damaged session files are set aside and :attr:`PlayerSession.notices`
  says so; a save or a play count the disk refuses is told once through
  :attr:`PlayerSession.message_posted`;
- the history hears which track plays and how long, and counts plays and skips;
- the library is rescanned in the background a little after start-up (the window rescans
  on F5 and shows the scan's progress).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

from app.audio.engine import Engine
from app.audio.queue_player import QueuePlayer
from app.core.errors import StoreError
from app.core.playback import PlaybackState
from app.core.queue import Queue
from app.core.queue_state import restore_state
from app.core.track import Track
from app.library.history import ListeningTracker
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import counted, fill
from app.ui.library_service import LibraryService
from app.ui.problem_text import problem_text
from app.ui.session_files import SessionFiles, set_aside
from app.ui.session_state import RESTING_DECK, DeckState, decode_session, read_side_tags

if TYPE_CHECKING:
    from app.ui.deck_controller import DeckController

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 1500
SAME_POSITION_S = 0.05  # a saved position this close is the same place
SAVE_WHILE_PLAYING_MS = 5000
HISTORY_POLL_MS = 1000
STARTUP_SCAN_DELAY_MS = 1500
RETAG_DELAY_MS = 150
SIDE_TAGS_AROUND = 24  # queued files either side of the current one whose tags restore reads
MISSING_NAMED = 3  # vanished files named in the message; the rest are counted


class PlayerSession(QObject):
    """Owns the queue, its persistence, the listening tracker and the scan status."""

    queue_replaced = Signal(object)  # the Queue restored from the last session
    message_posted = Signal(str)  # a save or a play count failed: for the user, once a spell
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
        # What the files on disk already hold, so a save with nothing new writes nothing: a
        # restore's own seek and pause, for one, would rewrite the whole queue (and leave its
        # temporaries, 11 MB with 50,000 tracks, in the heap).
        self._queue_saved = False  # the queue file holds these items and modes
        self._saved_contents: object = None  # what _contents() was when it was written
        self._saved_place: tuple[int, float] | None = None  # current index, position_s
        self._files = SessionFiles(queue_file)
        self._file_outdated = False
        self._failing: set[str] = set()  # "save", "history": told once until they work again
        self.notices: list[str] = []  # for the user once the window is up: files set aside
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
        comes back as it was left once :meth:`attach_deck` hands it the controller. A damaged
        session file is set aside (see :attr:`notices`) and nothing is restored.
        """
        loaded = self._files.load()
        self._note_set_aside(loaded.set_aside)
        saved = loaded.state
        queue_part, deck = decode_session(saved)
        self.missing = []
        restored = Queue.from_state(queue_part, self._resolve_noting_missing)
        if self.missing:
            log.warning(
                "left out of the restored queue, not found: %s",
                ", ".join(str(path) for path in self.missing),
            )
        if not len(restored.queue):
            if saved is not None and restore_state(queue_part, lambda _path: None) is None:
                log.warning("the saved session %s is not a session", self.queue_file)
                aside: list[tuple[str, Path]] = []
                set_aside(self.queue_file, "session", aside)
                self._note_set_aside(aside)
            return False
        read_side_tags(restored.queue, SIDE_TAGS_AROUND)
        self.queue = restored.queue
        self.player = QueuePlayer(self.engine, self.queue)
        self.queue.changed.connect(self._on_queue_changed)
        self.player.restore(restored.position_s)
        if self.engine.state is PlaybackState.STOPPED and self.engine.current_track is not None:
            self.engine.seek(restored.position_s)  # paused, not stopped, even at the start
        self._deck_state = deck or RESTING_DECK
        # Written again on quit at the latest: a file still naming vanished files, in the old
        # format (version 1, without the deck), or behind its place file, is made whole then.
        self._queue_saved = not self.missing
        self._saved_contents = self._contents()
        self._file_outdated = isinstance(saved, dict) and "queue" not in saved
        self._saved_place = (self.queue.current_index, restored.position_s)
        self.queue_replaced.emit(self.queue)
        return True

    def _note_set_aside(self, set_aside_files: list[tuple[str, Path]]) -> None:
        for kind, aside in set_aside_files:
            if kind == "place":
                text = self.tr(
                    "The saved place in the queue could not be read. It was set aside as %1; "
                    "the queue resumes from an earlier place."
                )
            else:
                text = self.tr(
                    "The saved session could not be read. It was set aside as %1, and the "
                    "queue starts empty."
                )
            self.notices.append(fill(text, aside.name))

    def _resolve_noting_missing(self, path: Path) -> Track | None:
        track = self.resolve(path)
        if track is None:
            self.missing.append(path)
        return track

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
        """Write what changed (nothing, if nothing did): the whole session, or only the place.

        The place alone is written when only it changed in a queue whose file is larger than
        :data:`~app.ui.session_files.WHOLE_FILE_BYTES`.
        """
        self._save_timer.stop()
        deck = self._current_deck_state()
        place = (self.queue.current_index, self.engine.position_s)
        on_disk = self.queue_file.exists()
        if self._queue_saved and on_disk and deck == self._deck_state and self._same(place):
            return
        self._deck_state = deck
        try:
            self.queue_file.parent.mkdir(parents=True, exist_ok=True)
            queue = functools.partial(self.queue.to_state, place[1])
            if self._files.write(queue, place, deck, whole=not (self._queue_saved and on_disk)):
                self._queue_saved, self._file_outdated = True, False
                self._saved_contents = self._contents()
        except OSError as exc:
            log.warning("the queue could not be saved (%s)", exc)
            text = self.tr("The session could not be saved (%1).")
            self._tell_failure("save", fill(text, exc.strerror or str(exc)))
            return
        self._failing.discard("save")
        self._saved_place = place

    def _same(self, place: tuple[int, float]) -> bool:
        saved = self._saved_place
        return (
            saved is not None
            and saved[0] == place[0]
            and abs(saved[1] - place[1]) < SAME_POSITION_S
        )

    def _contents(self) -> tuple[object, ...]:
        """Return what the queue file holds besides the place: items (by identity), modes."""
        return (self.queue.tracks, self.queue.shuffle, self.queue.repeat)

    def _on_queue_changed(self, *_: object) -> None:
        if self._queue_saved and self._contents() != self._saved_contents:
            self._queue_saved = False  # not only the current item moved
        self._save_timer.start()

    def _save_soon(self, *_: object) -> None:
        self._save_timer.start()

    def _save_if_playing(self) -> None:
        if self.engine.state is PlaybackState.PLAYING:
            self.save()

    def _tell_failure(self, what: str, message: str) -> None:
        """Post ``message`` the first time ``what`` fails since it last worked."""
        if what not in self._failing:
            self._failing.add(what)
            self.message_posted.emit(message)

    # ------------------------------------------------------------------ history
    def _on_track_started(self, index: int, track: Track) -> None:
        self.player.on_track_started(index, track)
        tracker = self.tracker
        if tracker is not None:
            self._write_history(lambda: tracker.start(track))

    def _on_track_finished(self, _index: int, track: Track) -> None:
        tracker = self.tracker
        if tracker is not None:
            self._write_history(lambda: tracker.finish(track))

    def _on_poll(self) -> None:
        deck_moved = self._deck is not None and self._current_deck_state() != self._deck_state
        if deck_moved and not self._save_timer.isActive():
            self._save_timer.start()  # the speed, the pitch or the cue lever moved
        tracker, engine = self.tracker, self.engine
        if tracker is not None:
            playing = engine.state is PlaybackState.PLAYING
            self._write_history(lambda: tracker.position(engine.position_s, playing))

    def _write_history(self, action: Callable[[], None]) -> None:
        """Run a tracker call that may write a play or a skip; a refused write is told once."""
        try:
            action()
        except (StoreError, sqlite3.DatabaseError) as exc:
            log.warning("the play history could not be saved (%s)", exc)
            self._tell_failure("history", problem_text(str(exc)))
            return
        self._failing.discard("history")

    # ------------------------------------------------------------------ library
    def scan_soon(self, folders: Sequence[Path]) -> None:
        """Start a background scan of ``folders`` once start-up has settled."""
        if self.library is not None and folders:
            library = self.library
            QTimer.singleShot(STARTUP_SCAN_DELAY_MS, lambda: library.start_scan(list(folders)))

    def close(self) -> None:
        """Save the session whole and stop the history and the library."""
        if self._file_outdated or self._files.place_ahead:
            self._queue_saved = False
        self.save()
        tracker = self.tracker
        if tracker is not None:
            self._write_history(tracker.stop)
        for timer in (self._save_timer, self._autosave, self._poll, self._retag_timer):
            timer.stop()  # the session is over: nothing is saved or counted after this
        if self.library is not None:
            self.library.close()
