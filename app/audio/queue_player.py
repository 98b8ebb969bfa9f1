"""Keep the engine playing what the queue holds.

The queue (:class:`app.core.queue.Queue`) is the user's list: play now, play next, add, move,
shuffle, repeat. The engine plays a flat list gaplessly. :class:`QueuePlayer` hands every
change of the queue to the engine: when the track being heard is still the queue's current
one, the engine only swaps its list (no interruption); when the user picked another track,
the engine starts it. Track changes the engine makes on its own (a track ended, the user
pressed next on the engine) come back through :meth:`on_track_started` and move the queue's
current item.

Everything here runs on the GUI thread: the engine's ``track_started`` must be delivered
through the Qt bridge, never called from the audio thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.audio.engine import Engine
from app.core.playback import PlaybackState
from app.core.queue import Queue, RepeatMode, ShuffleMode
from app.core.track import Track


class QueuePlayer:
    """Drives an :class:`Engine` from a :class:`Queue`."""

    def __init__(self, engine: Engine, queue: Queue) -> None:
        self.engine = engine
        self.queue = queue
        # Set while the user asks for a track to start, so the queue change loads and plays.
        self._start_playing = False
        # Set while the queue follows the engine to the track it moved to by itself.
        self._following = False
        engine.set_repeat(queue.repeat)
        queue.changed.connect(self._on_queue_changed)

    # ------------------------------------------------------------------ user actions
    def play(self, tracks: Sequence[Track], start_index: int = 0) -> None:
        """Replace the queue with ``tracks`` and play from ``start_index``."""
        self._start_playing = True
        try:
            self.queue.replace(tracks, start_index)
        finally:
            self._start_playing = False

    def play_now(self, tracks: Sequence[Track]) -> None:
        """Insert ``tracks`` after the current one and play the first at once."""
        self._start_playing = True
        try:
            self.queue.play_now(tracks)
        finally:
            self._start_playing = False

    def play_next(self, tracks: Sequence[Track]) -> None:
        """Queue ``tracks`` right after the current one."""
        self.queue.play_next(tracks)

    def add(self, tracks: Sequence[Track]) -> None:
        """Append ``tracks`` to the queue."""
        self.queue.add(tracks)

    def play_index(self, index: int) -> None:
        """Play queue item ``index`` from its start."""
        if index == self.queue.current_index:
            # The queue would not change, but the engine may be elsewhere (it stopped at the end
            # of a side or of the list): start the item itself.
            self.engine.play_index(index)
            return
        self._start_playing = True
        try:
            self.queue.set_current(index)
        finally:
            self._start_playing = False

    def set_repeat(self, mode: RepeatMode) -> None:
        """Repeat nothing, one track, or the whole queue."""
        self.queue.set_repeat(mode)

    def set_shuffle(self, mode: ShuffleMode) -> None:
        """Shuffle the rest of the queue by track or by record, or restore its order."""
        self.queue.set_shuffle(mode)

    def restore(self, position_s: float) -> None:
        """Get the queue's current track ready, paused at ``position_s`` (after a restart)."""
        if self.queue.current is None:
            return
        self.engine.load(self.queue.tracks, self.queue.current_index, play=False)
        if position_s > 0:
            self.engine.seek(position_s)

    # ------------------------------------------------------------------ engine events
    def on_track_started(self, index: int, track: Track) -> None:
        """Follow the engine to a track it moved to by itself: make it the current item."""
        if not 0 <= index < len(self.queue) or self.queue[index].path != track.path:
            return
        if self.queue.current_index == index:
            return
        self._following = True
        try:
            self.queue.set_current(index)
        finally:
            self._following = False

    # ------------------------------------------------------------------ queue events
    def _on_queue_changed(self) -> None:
        engine, queue = self.engine, self.queue
        engine.set_repeat(queue.repeat)
        if self._following:
            # The engine is there already, with the same list: telling it again would make it
            # check its plan (and decode again what follows) at every track change.
            return
        current = queue.current
        if current is None:
            if engine.state is not PlaybackState.STOPPED or engine.tracks:
                engine.load([], play=False)
            return
        heard = engine.current_track
        if heard is not None and heard.path == current.path and not self._start_playing:
            engine.set_tracks(queue.tracks, queue.current_index)
            return
        play = self._start_playing or engine.state is PlaybackState.PLAYING
        engine.load(queue.tracks, queue.current_index, play=play)
