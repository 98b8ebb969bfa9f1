"""The running player as the desktop's media widgets see it: snapshots out, requests in.

:class:`NowPlayingSource` listens to the engine (through the deck controller's Qt bridge), the
queue, the transport and the deck, and emits :attr:`~NowPlayingSource.changed` with a fresh
:class:`~app.core.now_playing.NowPlaying` whenever something other than the needle's position
changed, and :attr:`~NowPlayingSource.seeked` whenever the needle jumped. It implements
:class:`~app.core.now_playing.NowPlayingControls` by calling what the keyboard calls
(:meth:`app.ui.window_actions.WindowActions.handlers`), so a media key, a desktop widget and
the Space bar do the same thing.

Threads: everything here runs on the GUI thread, except the workers of
:class:`~app.platform.now_playing.CoverFiles` (covers) and of :meth:`NowPlayingSource.open_uri`
(the tags of an opened file), which hand their results back through queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.errors import TagReadError
from app.core.now_playing import Loop, NowPlaying, changed_fields, path_from_uri
from app.core.playback import PlaybackState
from app.core.queue import RepeatMode, ShuffleMode, index_after
from app.core.track import Track
from app.library.paths import AUDIO_EXTENSIONS
from app.library.tags import read_track
from app.platform.now_playing import CoverFiles

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Safety net for changes nothing signals: the engine moving to another track while paused
#: (Next, Previous) announces nothing until it is heard.
POLL_MS = 1000
_LOOPS = {RepeatMode.OFF: Loop.NONE, RepeatMode.ONE: Loop.TRACK, RepeatMode.ALL: Loop.PLAYLIST}
_REPEATS = {loop: mode for mode, loop in _LOOPS.items()}


class NowPlayingSource(QObject):
    """Snapshots of the running player, and the controls a desktop may use.

    Parameters
    ----------
    window
        The main window: its engine, session, deck controller, transport and actions.
    covers
        Where cover files come from; by default the cache's ``covers`` folder.

    """

    changed = Signal(object)  # NowPlaying: something other than the position changed
    seeked = Signal(float)  # the needle jumped to this position, in seconds

    def __init__(self, window: MainWindow, covers: CoverFiles | None = None) -> None:
        super().__init__(window)
        from app.platform.locations import cache_dir

        self._window = window
        self._engine = window.engine
        self._handlers = window.actions_.handlers()
        self._covers = covers if covers is not None else CoverFiles(cache_dir() / "covers", self)
        self._queue = window.session.queue
        self._last = self._build()
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self.refresh)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._poll.start()
        self._connect()

    def _connect(self) -> None:
        w = self._window
        bridge = w.controller.bridge
        bridge.state_changed.connect(lambda _state: self.refresh_soon())
        bridge.track_started.connect(lambda _i, _t: self._on_track_started())
        bridge.seeked.connect(lambda _s: self._on_seeked())
        self._queue.changed.connect(self.refresh_soon)
        w.session.queue_replaced.connect(self._on_queue_replaced)
        w.session.tracks_retagged.connect(self.refresh_soon)
        w.transport.volume_changed.connect(lambda _v: self.refresh_soon())
        w.controller.rate_changed.connect(lambda _rate: self.refresh_soon())  # keys, fader
        w.settings.changed.connect(lambda _key: self.refresh_soon())
        self._covers.found.connect(self.refresh_soon)

    def close(self) -> None:
        """Stop listening (the queue is a plain object that would otherwise call back)."""
        self._poll.stop()
        self._queue.changed.disconnect(self.refresh_soon)
        self._covers.close()

    # ------------------------------------------------------------------ snapshots
    @property
    def last(self) -> NowPlaying:
        """The latest snapshot: what :attr:`changed` last announced, the position as of then."""
        return self._last

    @property
    def position_s(self) -> float:
        """Where the needle is now, in seconds of the track's time."""
        return self._engine.position_s

    def snapshot(self) -> NowPlaying:
        """Return the player as it is now, the position included."""
        return self._last.at(self._engine.position_s)

    def refresh_soon(self) -> None:
        """Look for changes once the current event is handled (many changes come in bursts)."""
        self._soon.start()

    def refresh(self) -> None:
        """Build a snapshot now and emit :attr:`changed` if anything but the position changed."""
        new = self._build()
        old, self._last = self._last, new
        if changed_fields(old, new):
            self.changed.emit(new)

    def _build(self) -> NowPlaying:
        w, engine, queue_ = self._window, self._engine, self._queue
        # The engine's track: after Next while paused it is already the next one, which the
        # queue only makes current once it is heard.
        track: Track | None = engine.current_track or queue_.current
        index = engine.index if engine.current_track is not None else queue_.current_index
        count = len(queue_) if queue_.current is not None else len(engine.tracks)
        controller = w.controller
        base = controller.rate / (1.0 + controller.pitch)  # the platter's speed over the cut's
        reach = w.settings.pitch_range
        has = track is not None
        following = index_after(index, count, queue_.repeat, user=True) if has else None
        return NowPlaying(
            status=engine.state,
            track_id=str(index) if has and index >= 0 else "",
            title=track.display_title if track else "",
            artists=_artists(track),
            album=track.album if track else "",
            album_artist=track.album_artist if track else "",
            track_number=track.track_number if track else None,
            disc_number=track.disc_number if track else None,
            length_s=track.duration_s if track else None,
            path=track.path if track else None,
            art_path=self._covers.path_for(track.path) if track else None,
            position_s=engine.position_s,
            volume=min(1.0, max(0.0, engine.volume)),
            rate=controller.rate,
            min_rate=min(1.0, base * (1.0 - reach)),
            max_rate=max(1.0, base * (1.0 + reach)),
            loop=_LOOPS[queue_.repeat],
            shuffle=queue_.shuffle is not ShuffleMode.OFF,
            can_next=following is not None,
            can_previous=has,
            can_play=has or len(queue_) > 0,
            can_pause=has,
            can_seek=has,
        )

    def _on_track_started(self) -> None:
        before = self._last.track_id
        self.refresh()
        if self._last.track_id == before:  # the same item again (repeat one): a jump to 0
            self.seeked.emit(self._last.position_s)

    def _on_seeked(self) -> None:
        self.refresh()
        self.seeked.emit(self._engine.position_s)

    def _on_queue_replaced(self, replaced: object) -> None:
        self._queue.changed.disconnect(self.refresh_soon)
        self._queue = self._window.session.queue
        self._queue.changed.connect(self.refresh_soon)
        self.refresh_soon()

    # ------------------------------------------------------------------ controls
    def play(self) -> None:
        """Resume, or start the current track."""
        self._handlers["play"]()

    def pause(self) -> None:
        """Pause."""
        self._handlers["pause"]()

    def play_pause(self) -> None:
        """Pause when playing, otherwise play (Space)."""
        self._handlers["play_pause"]()

    def stop(self) -> None:
        """Stop and return to the start of the track."""
        self._handlers["stop"]()

    def next(self) -> None:
        """Go to the next track (N)."""
        self._handlers["next"]()

    def previous(self) -> None:
        """Go to the previous track, or the start of this one (P)."""
        self._handlers["previous"]()

    def seek_by(self, delta_s: float) -> None:
        """Move the needle ``delta_s`` seconds; past the end goes to the next track."""
        now = self.snapshot()
        if not now.has_track:
            return
        if now.length_s is not None and now.position_s + delta_s >= now.length_s:
            self.next() if now.can_next else self.stop()
            return
        self._window.actions_.seek_by(delta_s)

    def set_position(self, track_id: str, position_s: float) -> None:
        """Move the needle to ``position_s`` in the current track, if ``track_id`` names it.

        A stale id (the track changed since the caller looked) or a position outside the
        track is ignored, as MPRIS asks.
        """
        now = self.snapshot()
        if not now.has_track or track_id != now.track_id or position_s < 0:
            return
        if now.length_s is not None and position_s > now.length_s:
            return
        self._engine.seek(position_s)

    def open_uri(self, uri: str) -> bool:
        """Play the file, folder or playlist at ``uri`` now (``file://`` or a path only).

        A sound file starts at once and its tags follow, as on the command line (unless
        ReplayGain needs them from the first sample); folders and playlists are expanded and
        read in the background first, as a drop on the deck is.
        """
        path = path_from_uri(uri)
        if path is None:
            log.info("not opening %r: only local files can be opened", uri)
            return False
        w = self._window
        if (
            path.suffix.lower() in AUDIO_EXTENSIONS
            and path.is_file()
            and (w.settings.replay_gain == "off")
        ):
            w.play_now([Track(path)])
            _read_tags_later(path, self._queue.current_index, w.session.tags_read)
        else:
            w.read_then([path], w.play_now)
        return True

    def set_volume(self, volume: float) -> None:
        """Set the volume and move the slider, as the volume keys do."""
        volume = min(1.0, max(0.0, volume))
        self._window.actions_.set_volume(volume)
        self._window.transport.show_volume(volume)
        self.refresh_soon()

    def set_rate(self, rate: float) -> None:
        """Set the rate by moving the pitch fader (clamped to its range); 0 pauses."""
        if rate <= 0:
            self.pause()
            return
        controller = self._window.controller
        base = controller.rate / (1.0 + controller.pitch)
        controller.set_pitch(rate / base - 1.0)
        self.refresh_soon()

    def set_loop(self, loop: Loop) -> None:
        """Set the queue's repeat mode."""
        self._window.session.player.set_repeat(_REPEATS[loop])
        self.refresh_soon()

    def set_shuffle(self, shuffle: bool) -> None:
        """Shuffle the rest of the queue by tracks (an order by records is kept), or not."""
        player = self._window.session.player
        if not shuffle:
            player.set_shuffle(ShuffleMode.OFF)
        elif self._queue.shuffle is ShuffleMode.OFF:
            player.set_shuffle(ShuffleMode.TRACKS)
        self.refresh_soon()

    def raise_window(self) -> None:
        """Bring the window to the front (restoring it when minimised or hidden)."""
        w = self._window
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()

    def quit(self) -> None:
        """Quit, as Ctrl+Q does."""
        self._handlers["quit"]()


def _read_tags_later(path: Path, index: int, deliver: Callable[[int, Track], None]) -> None:
    """Read ``path``'s tags on a worker and hand them to ``deliver`` (which queues them)."""

    def work() -> None:
        try:
            deliver(index, read_track(path))
        except TagReadError as exc:
            log.info("%s", exc)  # the engine names a file it cannot play
        except Exception:  # thread boundary
            log.exception("reading the tags of %s failed", path)

    threading.Thread(target=work, name="starlight-open-tags", daemon=True).start()


def _artists(track: Track | None) -> tuple[str, ...]:
    if track is None:
        return ()
    if track.artists:
        return tuple(track.artists)
    return (track.artist,) if track.artist else ()


__all__ = ["CoverFiles", "NowPlayingSource", "PlaybackState"]  # CoverFiles: re-exported
