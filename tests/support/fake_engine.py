"""An engine and an output without sound, for widget tests that must not touch QtMultimedia.

The real engine needs an audio back-end, and QtMultimedia decides once per process whether a
PulseAudio server exists; widget tests run in the same process as the end-to-end tests, so
they use these doubles. The engine keeps the real one's state rules (play, pause, stop, the
current index, the rate) and records every call; the end-to-end tests check the real sound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.audio.heard import HeardTap
from app.core.playback import PlaybackState
from app.core.queue import RepeatMode
from app.core.signal import Signal as PlainSignal
from app.core.track import Track


class FakeOutput(QObject):
    """The output's surface the window uses."""

    availability_changed = Signal(bool, str)
    device_changed = Signal(str, bool)

    def __init__(self) -> None:
        super().__init__()
        self.available = True
        self.status = ""
        self.device_id = ""

    def devices(self) -> list[tuple[str, str]]:
        return [("null", "Null output")]

    def choose_device(self, device_id: str) -> None:
        self.device_id = device_id


class FakeEngine:
    """Plays nothing, remembers everything."""

    def __init__(self) -> None:
        self.state_changed: PlainSignal[PlaybackState] = PlainSignal()
        self.track_started: PlainSignal[int, Track] = PlainSignal()
        self.track_finished: PlainSignal[int, Track] = PlainSignal()
        self.error: PlainSignal[Track | None, str] = PlainSignal()
        self.seeked: PlainSignal[float] = PlainSignal()
        self.state = PlaybackState.STOPPED
        self.tracks: list[Track] = []
        self.index = -1
        self.position_s = 0.0
        self.rate = 1.0
        self.volume = 1.0
        self.muted = False
        self.repeat = RepeatMode.OFF
        self.authentic = False
        self.halt_rule: Callable[[Track, Track], bool] | None = None
        self.calls: list[tuple[str, Any]] = []
        # What a test "plays": frames written into the tap, heard up to audible_frame.
        self.sample_rate = 44100
        self.heard = HeardTap(2)
        self.audible_frame = 0

    @property
    def current_track(self) -> Track | None:
        return self.tracks[self.index] if 0 <= self.index < len(self.tracks) else None

    def _set(self, state: PlaybackState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def _start(self, index: int, state: PlaybackState) -> None:
        self.index = index
        self.position_s = 0.0
        self._set(state)
        if 0 <= index < len(self.tracks) and state is PlaybackState.PLAYING:
            self.track_started.emit(index, self.tracks[index])

    def load(self, tracks: Sequence[Track], index: int = 0, play: bool = True) -> None:
        self.calls.append(("load", (len(tracks), index, play)))
        self.tracks = list(tracks)
        self._start(index, PlaybackState.PLAYING if play else PlaybackState.STOPPED)

    def set_tracks(self, tracks: Sequence[Track], index: int) -> None:
        self.tracks, self.index = list(tracks), index

    def set_repeat(self, mode: RepeatMode) -> None:
        self.repeat = mode

    def set_halt_between(self, rule: Callable[[Track, Track], bool] | None) -> None:
        self.halt_rule = rule

    def play(self) -> None:
        self.calls.append(("play", None))
        if self.tracks:
            was_stopped = self.state is PlaybackState.STOPPED
            self._set(PlaybackState.PLAYING)
            if was_stopped:
                self.track_started.emit(max(self.index, 0), self.tracks[max(self.index, 0)])

    def pause(self) -> None:
        self.calls.append(("pause", None))
        if self.state is PlaybackState.PLAYING:
            self._set(PlaybackState.PAUSED)

    def toggle(self) -> None:
        self.pause() if self.state is PlaybackState.PLAYING else self.play()

    def stop(self) -> None:
        self.calls.append(("stop", None))
        self.position_s = 0.0
        self._set(PlaybackState.STOPPED)

    def seek(self, position_s: float) -> None:
        self.calls.append(("seek", round(position_s, 3)))
        self.position_s = max(0.0, position_s)
        self.seeked.emit(self.position_s)

    def next(self) -> None:
        self.calls.append(("next", None))
        if self.index + 1 < len(self.tracks):
            self._start(self.index + 1, self.state)

    def previous(self) -> None:
        self.calls.append(("previous", None))
        if self.index > 0:
            self._start(self.index - 1, self.state)

    def play_index(self, index: int) -> None:
        self._start(index, PlaybackState.PLAYING)

    def update_track(self, index: int, track: Track) -> None:
        if 0 <= index < len(self.tracks) and self.tracks[index].path == track.path:
            self.tracks[index] = track

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_rate(self, rate: float) -> None:
        self.rate = rate

    def set_platter_speed(self, rpm: float) -> None:
        self.platter_rpm = rpm

    def set_vinyl(self, enabled: bool, amount: float = 0.5, age: float = 0.35) -> None:
        self.calls.append(("set_vinyl", (enabled, amount, age)))

    def needle_drop(self) -> None:
        self.calls.append(("needle_drop", None))

    def set_authentic_motor(self, authentic: bool) -> None:
        self.authentic = authentic

    def set_replay_gain(self, *args: object) -> None:
        self.calls.append(("replay_gain", args))

    def shutdown(self) -> None:
        self.calls.append(("shutdown", None))

    def audible_out_frame(self) -> int:
        return self.audible_frame

    @property
    def sounding(self) -> bool:
        return self.state is PlaybackState.PLAYING


class PausingEngine(FakeEngine):
    """The fake engine with the real one's rule: a seek while stopped leaves it paused."""

    def seek(self, position_s: float) -> None:
        super().seek(position_s)
        if self.state is PlaybackState.STOPPED and self.current_track is not None:
            self._set(PlaybackState.PAUSED)
