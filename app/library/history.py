"""Play history: play counts, skips and when each track was last played.

A track counts as played once it has been *heard* for half its length or four minutes,
whichever comes first (the rule Last.fm made common). Heard time grows only while playing and
only by small steps, so seeking to the end does not count as listening. Moving away from a
track before it counted is a skip, unless less than a few seconds were heard (a quick flick
through the queue is not a verdict on every track).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.core.track import Track
from app.library.store import Store

PLAYED_AFTER_S = 240.0
MIN_SKIP_HEARD_S = 2.0
# A track left this close to its end (by the last position poll) ended by itself.
END_MARGIN_S = 3.0
# Position steps larger than this are seeks, not listening.
MAX_STEP_S = 2.5


class PlayHistory:
    """Writes plays and skips to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record_play(self, path: Path, when: float | None = None) -> None:
        """Count one play of ``path``."""
        when = time.time() if when is None else when
        key = os.fsencode(path)
        with self.store.write() as db:
            db.execute(
                "UPDATE tracks SET play_count = play_count + 1, last_played = ? WHERE path = ?",
                (when, key),
            )
            db.execute(
                "INSERT INTO plays (track_id, played_at) SELECT id, ? FROM tracks WHERE path = ?",
                (when, key),
            )

    def record_skip(self, path: Path) -> None:
        """Count one skip of ``path``."""
        with self.store.write() as db:
            db.execute(
                "UPDATE tracks SET skip_count = skip_count + 1 WHERE path = ?", (os.fsencode(path),)
            )

    def counts(self, path: Path) -> tuple[int, int, float | None]:
        """Return play count, skip count and last played time of ``path``."""
        row = self.store.execute(
            "SELECT play_count, skip_count, last_played FROM tracks WHERE path = ?",
            (os.fsencode(path),),
        ).fetchone()
        return (int(row[0]), int(row[1]), row[2]) if row else (0, 0, None)


def played_threshold_s(duration_s: float | None) -> float:
    """Seconds of listening after which a track counts as played."""
    if not duration_s:
        return PLAYED_AFTER_S
    return min(duration_s / 2.0, PLAYED_AFTER_S)


class ListeningTracker:
    """Follows the current track and its position; tells the history what counted.

    Fed by the composition root from the engine's ``track_started`` signal and a position
    poll. Pure logic: the caller decides where the plays are written.
    """

    def __init__(self, history: PlayHistory) -> None:
        self.history = history
        self.track: Track | None = None
        self.heard_s = 0.0
        self.counted = False
        self._last_position_s: float | None = None

    def start(self, track: Track, natural: bool | None = None) -> None:
        """Note that a new track began.

        ``natural`` says the previous track played to its end; when not given it is inferred
        from the last position heard (within :data:`END_MARGIN_S` of the end).
        """
        if natural is None:
            natural = self._near_end()
        self._leave(skipped=not natural)
        self.track = track
        self.heard_s = 0.0
        self.counted = False
        # A track starts from its beginning, so the time to the first poll counts too.
        self._last_position_s = 0.0

    def _near_end(self) -> bool:
        if self.track is None or not self.track.duration_s or self._last_position_s is None:
            return True
        return self._last_position_s >= self.track.duration_s - END_MARGIN_S

    def position(self, position_s: float, playing: bool) -> None:
        """Take the engine's position now; counts the play once enough has been heard."""
        if self.track is None:
            return
        last, self._last_position_s = self._last_position_s, position_s
        if not playing or last is None:
            return
        step = position_s - last
        if 0.0 < step <= MAX_STEP_S:
            self.heard_s += step
        self._count_if_heard()

    def _count_if_heard(self) -> None:
        if self.track is None or self.counted:
            return
        if self.heard_s >= played_threshold_s(self.track.duration_s):
            self.counted = True
            self.history.record_play(self.track.path)

    def finish(self, track: Track) -> None:
        """Note that ``track`` played to its end: the time since the last poll counts too."""
        if self.track is None or self.track.path != track.path:
            return
        last, duration = self._last_position_s, self.track.duration_s
        if last is not None and duration and 0.0 < duration - last <= END_MARGIN_S:
            self.heard_s += duration - last
        self._count_if_heard()
        self.track = None

    def stop(self, skipped: bool = False) -> None:
        """Playback stopped or the queue ended."""
        self._leave(skipped)
        self.track = None

    def _leave(self, skipped: bool) -> None:
        heard = self.heard_s >= MIN_SKIP_HEARD_S
        if self.track is not None and skipped and not self.counted and heard:
            self.history.record_skip(self.track.path)
