"""The deck's hands: puts the queue's records on the platter and plays what the user does.

- The side on the platter is the side of the record that holds the track being heard. A
  track of an album brings that album's side; a lone track is a 7-inch single.
- Moving on to the next side of the same record flips the record; another record is put on.
- The platter's speed and the pitch fader set the engine's rate: a side cut at 33 1/3 played
  at 45 runs 1.35 times fast, pitch and tempo together, as on a real deck.
- Start/stop switches the motor: the platter brakes and the sound stops. The cue lever lifts
  the arm: the sound stops, the platter keeps turning.
- At the end of a side the record flips by itself (the default), or in run-out mode the
  engine stops there and the arm rides the lock groove until the user flips or lifts it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from app.audio.engine import Engine
from app.core.playback import PlaybackState
from app.core.record import Record
from app.core.track import Track
from app.library.records import loose_record, record_key
from app.ui.engine_bridge import EngineBridge
from app.ui.settings import EndOfSide, Settings
from app.ui.side_art import SideArt, side_id_of
from app.visual.deck import PITCH_RANGES, RPM_CHOICES
from app.visual.deck_side import DeckSide, side_of_record
from app.visual.platter import CUE_S

log = logging.getLogger(__name__)

PITCH_STEP = 0.005
NEIGHBOURS = 400  # queue items either side of the current one searched for a loose record
_RECORDS_KEPT = 16
_DECK_KEYS = (
    "deck/authentic_motor", "deck/mains_hz", "deck/pitch_range", "deck/end_of_side",
    "vinyl/enabled",
)  # fmt: skip


class DeckLike(Protocol):
    """What the controller needs of the deck view (the widget, or a test double)."""

    def set_side(self, side: DeckSide | None, label: object) -> None: ...  # noqa: D102
    def flip_to(self, side: DeckSide, label: object) -> None: ...  # noqa: D102
    def set_label_image(self, label: object) -> None: ...  # noqa: D102
    def set_groove_map(self, groove: object) -> None: ...  # noqa: D102
    def set_position_source(self, source: object) -> None: ...  # noqa: D102
    def set_motor_running(self, running: bool) -> None: ...  # noqa: D102
    def set_authentic_motor(self, authentic: bool) -> None: ...  # noqa: D102
    def set_speed(self, rpm: float) -> None: ...  # noqa: D102
    def set_pitch(self, pitch: float) -> None: ...  # noqa: D102
    def set_pitch_range(self, reach: float) -> None: ...  # noqa: D102
    def set_mains_hz(self, hz: int) -> None: ...  # noqa: D102
    def set_arm_lowered(self, lowered: bool) -> None: ...  # noqa: D102
    def set_run_out(self, riding: bool) -> None: ...  # noqa: D102
    def refresh(self) -> None: ...  # noqa: D102
    def advance(self, dt_s: float) -> None: ...  # noqa: D102


class SessionLike(Protocol):
    """What the controller needs of the listening session."""

    @property
    def queue(self) -> object: ...  # noqa: D102
    @property
    def player(self) -> object: ...  # noqa: D102


class DeckController(QObject):
    """Keeps the deck view and the engine in step, both ways."""

    rate_changed = Signal(float)  # the playback rate, after a new speed or pitch (keys too)

    def __init__(
        self,
        deck: DeckLike,
        engine: Engine,
        session: SessionLike,
        settings: Settings,
        side_art: SideArt,
        library_model: object | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.deck = deck
        self.engine = engine
        self.session = session
        self.settings = settings
        self.side_art = side_art
        self.library_model = library_model
        self.side: DeckSide | None = None
        self.rpm = RPM_CHOICES[0]
        self.pitch = 0.0
        self._records: dict[str, Record] = {}
        self._index_in_side: dict[object, int] = {}
        # Read by the decoder thread through the halt rule; replaced whole by the GUI thread.
        self._side_paths: frozenset[object] = frozenset()
        self._cued = False  # the arm was lifted by the cue lever (the platter still turns)
        self._motor_on = False
        self._run_out = False
        self.bridge = EngineBridge(engine)
        self.bridge.track_started.connect(self._on_track_started)
        self.bridge.state_changed.connect(self._on_state_changed)
        side_art.label_ready.connect(self._on_label_ready)
        side_art.groove_ready.connect(self._on_groove_ready)
        settings.changed.connect(self._on_setting_changed)
        for key in _DECK_KEYS:
            self._on_setting_changed(key)
        deck.set_position_source(self.stylus_place)
        self.show_current()
        self._on_state_changed(engine.state)

    # ------------------------------------------------------------------ what the deck shows
    def show_current(self) -> None:
        """Put the side of the track being heard (or queued) on the platter."""
        track = self.engine.current_track or getattr(self.session.queue, "current", None)
        self._show(track, flip=False)

    def forget_records(self) -> None:
        """Drop the records kept from earlier lookups (tags or the library changed)."""
        self._records.clear()

    def stylus_place(self) -> tuple[int, float] | None:
        """Return (track within the side, position) under the stylus; None with the arm at rest."""
        if self.side is None or self._run_out:
            return None
        track = self.engine.current_track
        if track is None:
            return None
        index = self._index_in_side.get(track.path)
        if index is None:
            return None
        return index, self.engine.position_s

    def side_for(self, track: Track) -> DeckSide:
        """Return the side that holds ``track``: its album's, or a single of its own."""
        record = self._record_for(track)
        side = side_of_record(record, track)
        if side is None:  # the library's record no longer lists this file
            side = side_of_record(loose_record([track]), track)
        assert side is not None
        return side

    def _record_for(self, track: Track) -> Record:
        key = record_key(track)
        record = self._records.get(key)
        if record is not None and any(t.path == track.path for t in record.tracks):
            return record
        record = None
        if self.library_model is not None:
            record = self.library_model.record(key)  # type: ignore[attr-defined]
            if record is not None and not any(t.path == track.path for t in record.tracks):
                record = None
        if record is None:
            record = loose_record(self._queued_with(track, key))
        if len(self._records) >= _RECORDS_KEPT:
            self._records.pop(next(iter(self._records)))
        self._records[key] = record
        return record

    def _queued_with(self, track: Track, key: str) -> list[Track]:
        """Return the queued tracks near ``track`` that share its record (itself at least)."""
        if not track.album:
            return [track]
        queue: Sequence[Track] = self.session.queue  # type: ignore[assignment]
        here = max(0, getattr(queue, "current_index", 0))
        near = range(max(0, here - NEIGHBOURS), min(len(queue), here + NEIGHBOURS))
        window = (queue[index] for index in near)  # not queue.tracks: a 50,000-item copy
        found = {t.path: t for t in window if t.album and record_key(t) == key}
        found.setdefault(track.path, track)
        return list(found.values())

    def _show(self, track: Track | None, flip: bool) -> None:
        if track is None:
            self._put_on(None, flip=False)
            return
        side = self.side_for(track)
        if self.side is not None and side_id_of(side) == side_id_of(self.side):
            return
        turning_over = (
            flip
            and self.side is not None
            and side.record_key == self.side.record_key
            and side.side_index != self.side.side_index
        )
        self._put_on(side, flip=turning_over)

    def _put_on(self, side: DeckSide | None, flip: bool) -> None:
        new_record = side is None or self.side is None or side.record_key != self.side.record_key
        self.side = side
        self._index_in_side = {t.path: i for i, t in enumerate(side.tracks)} if side else {}
        self._side_paths = frozenset(self._index_in_side)
        if side is None:
            self.deck.set_side(None, None)
            return
        if flip:
            self.deck.flip_to(side, None)
        else:
            self.deck.set_side(side, None)
        if new_record:
            self.rpm = side.rpm  # a record goes on at its own speed
            self.deck.set_speed(self.rpm)
        self._apply_rate()
        self.side_art.request(side_id_of(side), side)

    def _on_label_ready(self, side_id: str, image: object) -> None:
        if self.side is not None and side_id == side_id_of(self.side) and image is not None:
            self.deck.set_label_image(image)

    def _on_groove_ready(self, side_id: str, groove: object) -> None:
        if self.side is not None and side_id == side_id_of(self.side):
            self.deck.set_groove_map(groove)

    # ------------------------------------------------------------------ engine events
    def _on_track_started(self, _index: int, track: Track) -> None:
        self._show(track, flip=True)

    def _on_state_changed(self, state: PlaybackState) -> None:
        if state is PlaybackState.PLAYING:
            self._cued = False
            self._set_run_out(False)
            self._set_motor(True)
            self.deck.set_arm_lowered(True)
        elif state is PlaybackState.PAUSED:
            if not self._cued:
                self._set_motor(False)
        elif self._halted_at_side_end():
            self._set_run_out(True)
        else:
            self._set_motor(False)
            self._set_run_out(False)
        self.deck.refresh()

    def _halted_at_side_end(self) -> bool:
        if self.settings.end_of_side is not EndOfSide.RUN_OUT or self.side is None:
            return False
        waiting = self.engine.current_track
        return waiting is not None and waiting.path not in self._side_paths

    def _set_motor(self, on: bool) -> None:
        self._motor_on = on
        self.deck.set_motor_running(on)

    def _set_run_out(self, riding: bool) -> None:
        self._run_out = riding
        self.deck.set_run_out(riding)

    # ------------------------------------------------------------------ the user's hands
    def start_stop(self) -> None:
        """Switch the motor: stopping stops the sound; starting plays with the arm down."""
        if self._motor_on:
            self._set_motor(False)
            if self.engine.state is PlaybackState.PLAYING:
                self.engine.pause()
        elif self._cued or self._run_out:
            self._set_motor(True)  # the platter turns; the sound waits for the arm
        else:
            self._set_motor(True)
            self.engine.play()

    @property
    def cued(self) -> bool:
        """Whether the cue lever has lifted the arm off the record."""
        return self._cued

    def rest_arm(self, lifted: bool) -> None:
        """Leave the arm resting over the paused groove: on the record, or lifted by the cue.

        For a restored session, which must look as it did when paused: the arm is already
        there and does not lower itself in front of the user. Does nothing while playing.
        """
        if self.engine.current_track is None or self.engine.state is PlaybackState.PLAYING:
            return
        self._cued = lifted
        self.deck.set_arm_lowered(not lifted)
        self.deck.advance(CUE_S)  # the whole cue's travel: the arm is where it rests
        self.deck.refresh()

    def toggle_arm(self) -> None:
        """Work the cue lever: lift the arm (the sound stops) or lower it (the sound plays)."""
        if self._run_out:
            self._set_run_out(False)
            self._cued = True
            self.deck.set_arm_lowered(False)
        elif self.engine.state is PlaybackState.PLAYING:
            self._cued = True
            self.deck.set_arm_lowered(False)
            self.engine.pause()
        else:
            self._cued = False
            self.deck.set_arm_lowered(True)
            self.engine.play()
            self.engine.needle_drop()

    def drop_needle(self, track_index: int, position_s: float) -> None:
        """Play the side's track ``track_index`` from ``position_s`` (the arm was put there)."""
        side = self.side
        if side is None or not 0 <= track_index < len(side.tracks):
            return
        target = side.tracks[track_index]
        self._cued = False
        current = self.engine.current_track
        if current is not None and current.path == target.path:
            self.engine.seek(position_s)
            if self.engine.state is not PlaybackState.PLAYING:
                self.engine.play()
            self.engine.needle_drop()
            return
        queue_index = self._queue_index_of(target)
        player = self.session.player
        if queue_index is None:
            player.play_now(list(side.tracks[track_index:]))  # type: ignore[attr-defined]
        else:
            player.play_index(queue_index)  # type: ignore[attr-defined]
        if position_s > 0:
            self.engine.seek(position_s)
        self.engine.needle_drop()

    def flip(self) -> None:
        """Turn the record over: play the next side (the first after the last) from its start."""
        side = self.side
        if side is None:
            return
        record = self._record_for(side.tracks[0])
        if len(record.sides) < 2:
            self.drop_needle(0, 0.0)
            return
        following = record.sides[(side.side_index + 1) % len(record.sides)]
        first = following.tracks[0]
        self._set_run_out(False)
        self._cued = False
        queue_index = self._queue_index_of(first)
        player = self.session.player
        if queue_index is None:
            player.play_now(list(following.tracks))  # type: ignore[attr-defined]
        else:
            player.play_index(queue_index)  # type: ignore[attr-defined]

    def _queue_index_of(self, track: Track) -> int | None:
        queue: Sequence[Track] = self.session.queue  # type: ignore[assignment]
        here = max(0, getattr(queue, "current_index", 0))
        # Look near the current item first: the side's tracks are normally its neighbours.
        for distance in range(min(len(queue), 2 * NEIGHBOURS)):
            for index in (here + distance, here - distance):
                if 0 <= index < len(queue) and queue[index].path == track.path:
                    return index
        return None

    def choose_speed(self, rpm: float) -> None:
        """Set the platter to 33 1/3, 45 or 78 rpm."""
        self.rpm = min(RPM_CHOICES, key=lambda choice: abs(choice - rpm))
        self.deck.set_speed(self.rpm)
        self._apply_rate()
        log.debug("platter at %.2f rpm: rate %.4f", self.rpm, self.rate)

    def set_pitch(self, pitch: float) -> None:
        """Set the pitch fader (a fraction: 0.05 is +5 %), within its range."""
        reach = self.settings.pitch_range
        self.pitch = round(min(reach, max(-reach, pitch)), 4)
        self.deck.set_pitch(self.pitch)
        self._apply_rate()

    def nudge_pitch(self, steps: int) -> None:
        """Move the pitch fader by ``steps`` of 0.5 %."""
        self.set_pitch(self.pitch + steps * PITCH_STEP)

    def set_pitch_range(self, reach: float) -> None:
        """Switch the fader between +/-8 % and +/-16 %."""
        self.settings.pitch_range = min(PITCH_RANGES, key=lambda choice: abs(choice - reach))

    @property
    def rate(self) -> float:
        """The speed the music plays at, relative to how it was cut."""
        cut_rpm = self.side.rpm if self.side is not None else self.rpm
        return self.rpm / cut_rpm * (1.0 + self.pitch)

    def _apply_rate(self) -> None:
        self.engine.set_rate(self.rate)
        self.engine.set_platter_speed(self.rpm * (1.0 + self.pitch))
        self.rate_changed.emit(self.rate)

    # ------------------------------------------------------------------ settings
    def _on_setting_changed(self, key: str) -> None:
        settings = self.settings
        if key == "deck/authentic_motor":
            # The platter always spins up and brakes as a real one does; the setting chooses
            # whether the sound follows it (pitch gliding up and down) or starts and stops at once.
            self.engine.set_authentic_motor(settings.authentic_motor)
            self.deck.set_authentic_motor(True)
        elif key == "deck/mains_hz":
            self.deck.set_mains_hz(settings.mains_hz)
        elif key == "deck/pitch_range":
            self.deck.set_pitch_range(settings.pitch_range)
            if abs(self.pitch) > settings.pitch_range:
                self.set_pitch(self.pitch)
        elif key == "deck/end_of_side":
            run_out = settings.end_of_side is EndOfSide.RUN_OUT
            self.engine.set_halt_between(self._leaves_side if run_out else None)
        elif key.startswith("vinyl/"):
            self.engine.set_vinyl(settings.vinyl_enabled, settings.vinyl_amount, settings.vinyl_age)

    def _leaves_side(self, _track: Track, following: Track) -> bool:
        """Tell the engine to stop before another side (run-out mode; decoder thread)."""
        return following.path not in self._side_paths
