"""The deck controller: which side goes on the platter, and what the deck's controls do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from app.core.playback import PlaybackState
from app.core.queue import Queue
from app.core.signal import Signal
from app.core.track import Track
from app.ui.deck_controller import DeckController
from app.ui.settings import EndOfSide, Settings
from app.ui.side_art import SideArt
from app.visual.groove_map import GrooveMapCache


class FakeEngine:
    """The engine's surface the controller uses, with recorded calls."""

    def __init__(self) -> None:
        self.state_changed: Signal[PlaybackState] = Signal()
        self.track_started: Signal[int, Track] = Signal()
        self.track_finished: Signal[int, Track] = Signal()
        self.error: Signal[Track | None, str] = Signal()
        self.seeked: Signal[float] = Signal()
        self.state = PlaybackState.STOPPED
        self.current_track: Track | None = None
        self.position_s = 0.0
        self.rate = 1.0
        self.halt_rule: Any = None
        self.calls: list[tuple[str, object]] = []

    def _set(self, state: PlaybackState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def play(self) -> None:
        self.calls.append(("play", None))
        self._set(PlaybackState.PLAYING)

    def pause(self) -> None:
        self.calls.append(("pause", None))
        self._set(PlaybackState.PAUSED)

    def seek(self, position_s: float) -> None:
        self.calls.append(("seek", position_s))
        self.position_s = position_s

    def set_rate(self, rate: float) -> None:
        self.rate = rate

    def set_platter_speed(self, rpm: float) -> None:
        self.platter_rpm = rpm

    def set_authentic_motor(self, authentic: bool) -> None:
        self.calls.append(("authentic", authentic))

    def set_halt_between(self, rule: Any) -> None:
        self.halt_rule = rule

    def set_vinyl(self, enabled: bool, amount: float, age: float) -> None:
        self.vinyl = (enabled, amount, age)

    def needle_drop(self) -> None:
        self.calls.append(("needle_drop", None))


class FakeDeck:
    """Records what the controller tells the deck."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.source: Any = None

    def __getattr__(self, name: str) -> Any:
        def record(*args: object) -> None:
            self.calls.append((name, args[0] if len(args) == 1 else args))

        return record

    def set_position_source(self, source: object) -> None:
        self.source = source

    def last(self, name: str) -> object:
        return [value for called, value in self.calls if called == name][-1]


class FakePlayer:
    def __init__(self, queue: Queue, engine: FakeEngine) -> None:
        self.queue = queue
        self.engine = engine
        self.calls: list[tuple[str, object]] = []

    def play_index(self, index: int) -> None:
        self.calls.append(("play_index", index))
        self.queue.set_current(index)
        self.engine.current_track = self.queue.current
        self.engine.play()

    def play_now(self, tracks: list[Track]) -> None:
        self.calls.append(("play_now", [t.path.name for t in tracks]))
        self.queue.play_now(tracks)
        self.engine.current_track = self.queue.current
        self.engine.play()


class FakeSession:
    def __init__(self, queue: Queue, player: FakePlayer) -> None:
        self.queue = queue
        self.player = player


def album(folder: Path, name: str, sides: int = 2, per_side: int = 3) -> list[Track]:
    tracks = []
    for disc in range(1, sides + 1):
        for number in range(1, per_side + 1):
            path = folder / f"{name}-{disc}-{number}.flac"
            tracks.append(
                Track(path, title=f"{name} {disc}.{number}", artist="Jay", album=name,
                      duration_s=200.0, track_number=number, disc_number=disc)
            )  # fmt: skip
    return tracks


@pytest.fixture
def rig(qtbot: Any, tmp_path: Path) -> Any:
    class Rig:
        pass

    rig = Rig()
    rig.settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    rig.engine = FakeEngine()
    rig.queue = Queue()
    rig.tracks = album(tmp_path, "Night") + album(tmp_path, "Day", sides=1)
    rig.queue.replace(rig.tracks)
    rig.player = FakePlayer(rig.queue, rig.engine)
    rig.engine.current_track = rig.tracks[0]
    rig.deck = FakeDeck()
    rig.art = SideArt(GrooveMapCache(tmp_path / "grooves"))
    rig.controller = DeckController(
        rig.deck, rig.engine, FakeSession(rig.queue, rig.player), rig.settings, rig.art
    )  # type: ignore[arg-type]
    yield rig
    rig.art.close()


def test_the_side_of_the_track_being_heard_goes_on_at_its_own_speed(rig: Any) -> None:
    side = rig.controller.side
    assert side.title == "Night" and side.label == "A" and side.side_count == 2
    assert [t.title for t in side.tracks] == ["Night 1.1", "Night 1.2", "Night 1.3"]
    assert rig.deck.last("set_speed") == pytest.approx(100 / 3)
    assert rig.engine.rate == pytest.approx(1.0)


def test_speed_and_pitch_reach_the_engine_rate(rig: Any) -> None:
    rig.controller.choose_speed(45.0)
    assert rig.engine.rate == pytest.approx(45 / (100 / 3))
    rig.controller.set_pitch(0.05)
    assert rig.engine.rate == pytest.approx(1.35 * 1.05)
    assert rig.engine.platter_rpm == pytest.approx(45 * 1.05), "the brake knows the speed"
    rig.controller.set_pitch(0.3)  # beyond the fader's reach: held at +8 %
    assert rig.controller.pitch == pytest.approx(0.08)
    rig.controller.set_pitch_range(0.16)
    rig.controller.set_pitch(0.3)
    assert rig.controller.pitch == pytest.approx(0.16)
    assert rig.deck.last("set_pitch_range") == pytest.approx(0.16)
    rig.controller.choose_speed(78.0)
    assert rig.engine.rate == pytest.approx(78 / (100 / 3) * 1.16)


def test_the_next_side_of_the_record_flips_and_another_record_is_put_on(rig: Any) -> None:
    rig.controller.choose_speed(45.0)
    rig.engine.track_started.emit(3, rig.tracks[3])
    flipped = rig.deck.last("flip_to")
    assert flipped[0].label == "B" and rig.controller.side.label == "B"
    assert rig.controller.rpm == pytest.approx(45.0), "the speed stays with the record"
    rig.engine.track_started.emit(6, rig.tracks[6])
    put_on = rig.deck.last("set_side")
    assert put_on[0].title == "Day"
    assert rig.controller.rpm == pytest.approx(100 / 3), "a new record goes on at its speed"


def test_dropping_the_needle_plays_that_track_from_that_place(rig: Any) -> None:
    rig.controller.drop_needle(2, 42.0)
    assert rig.player.calls == [("play_index", 2)]
    assert ("seek", 42.0) in rig.engine.calls
    rig.engine.calls.clear()
    rig.controller.drop_needle(2, 10.0)  # the same track: a seek
    assert rig.engine.calls[0] == ("seek", 10.0)
    assert rig.engine.calls[-1] == ("needle_drop", None), "the stylus lands after the seek"


def test_vinyl_settings_reach_the_engine(rig: Any) -> None:
    assert rig.engine.vinyl[0] is False, "off by default"
    rig.settings.vinyl_amount = 0.8
    rig.settings.vinyl_enabled = True
    assert rig.engine.vinyl[:2] == (True, 0.8)


def test_a_needle_drop_on_a_track_not_queued_plays_the_rest_of_the_side(rig: Any) -> None:
    rig.queue.replace(rig.tracks[:1])  # only the first track of side A is queued
    rig.controller.drop_needle(2, 30.0)
    assert rig.player.calls == [("play_now", ["Night-1-3.flac"])]
    assert rig.engine.current_track.path == rig.tracks[2].path
    assert ("seek", 30.0) in rig.engine.calls


def test_flip_after_the_records_were_forgotten_still_turns_the_record(rig: Any) -> None:
    rig.controller.forget_records()  # a scan finished, say
    rig.controller.flip()
    assert rig.player.calls[-1] == ("play_index", 3), "side B's first track"


def test_the_stylus_follows_the_track_within_the_side(rig: Any) -> None:
    rig.engine.current_track = rig.tracks[1]
    rig.engine.position_s = 12.5
    assert rig.deck.source() == (1, 12.5)


def test_start_stop_and_the_cue_lever(rig: Any) -> None:
    rig.controller.start_stop()
    assert rig.engine.state is PlaybackState.PLAYING
    assert rig.deck.last("set_motor_running") is True
    rig.controller.toggle_arm()  # lift: the sound stops, the platter turns on
    assert rig.engine.state is PlaybackState.PAUSED
    assert rig.deck.last("set_arm_lowered") is False
    assert rig.deck.last("set_motor_running") is True
    rig.controller.toggle_arm()  # lower: the sound comes back
    assert rig.engine.state is PlaybackState.PLAYING
    rig.controller.start_stop()  # stop: the platter brakes, the sound stops
    assert rig.engine.state is PlaybackState.PAUSED
    assert rig.deck.last("set_motor_running") is False


def test_run_out_mode_halts_before_another_side_and_flip_plays_it(rig: Any) -> None:
    assert rig.engine.halt_rule is None
    rig.settings.end_of_side = EndOfSide.RUN_OUT
    rule = rig.engine.halt_rule
    assert rule is not None
    assert not rule(rig.tracks[0], rig.tracks[1])
    assert rule(rig.tracks[2], rig.tracks[3]), "side A ends: the engine must stop"
    rig.engine.current_track = rig.tracks[3]  # the engine waits at side B
    rig.engine._set(PlaybackState.STOPPED)
    assert rig.deck.last("set_run_out") is True
    assert rig.deck.source() is None, "the arm rides the lock groove, not the music"
    rig.controller.flip()
    assert rig.player.calls[-1] == ("play_index", 3)


def test_authentic_motor_setting_reaches_engine_and_deck(rig: Any) -> None:
    assert rig.deck.last("set_authentic_motor") is True, "the platter always spins up visibly"
    rig.settings.authentic_motor = True
    assert ("authentic", True) in rig.engine.calls
    rig.settings.authentic_motor = False
    assert ("authentic", False) in rig.engine.calls
    assert rig.deck.last("set_authentic_motor") is True
