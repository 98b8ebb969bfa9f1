"""The saved session's file, and the listening session's saving and restoring without a window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRect, QSettings

from app.core.playback import PlaybackState
from app.core.queue import Queue, RepeatMode, ShuffleMode
from app.core.track import Track
from app.ui import player_session
from app.ui.player_session import PlayerSession
from app.ui.session_state import (
    SESSION_VERSION,
    DeckState,
    decode_session,
    encode_session,
    read_session,
    write_session,
)
from app.ui.settings import Settings
from app.ui.window_geometry import fit_on_screens
from tests.support import media
from tests.support.fake_engine import PausingEngine

RATE = 44100
DECK = DeckState(
    rpm=45.0, pitch=-0.025, arm_lifted=True, record_key="album\x1fjay\x1fnight", side_index=1
)


def queue_state(paths: list[Path], current: int = 0, position_s: float = 3.5) -> dict[str, Any]:
    queue = Queue()
    queue.replace([Track(path) for path in paths], current)
    return queue.to_state(position_s)


# ---------------------------------------------------------------- the file
def test_the_session_goes_through_its_file_unchanged(tmp_path: Path) -> None:
    state = encode_session(queue_state([tmp_path / "a.flac", tmp_path / "é.flac"]), DECK)
    write_session(tmp_path / "queue.json", state)
    queue, deck = decode_session(read_session(tmp_path / "queue.json"))
    assert deck == DECK
    assert queue == state["queue"] and state["version"] == SESSION_VERSION


def test_a_version_1_file_is_the_queue_alone() -> None:
    old = {"version": 1, "items": ["/music/a.flac"], "current": 0, "position_s": 2.0}
    assert decode_session(old) == (old, None)


@pytest.mark.parametrize("state", [None, [], "text", {"version": 9, "queue": {}}, {"queue": {}}])
def test_unknown_state_restores_nothing(state: object) -> None:
    assert decode_session(state) == (None, None)


@pytest.mark.parametrize(
    "deck",
    [
        None,
        "45",
        {"rpm": "45"},
        {"rpm": 4500.0},
        {"rpm": float("nan")},
        {"pitch": 3.0},
        {"pitch": True},
        {"arm_lifted": "yes"},
        {"record": 7},
        {"side": -1},
        {"side": 1.5},
    ],
)
def test_a_damaged_deck_part_is_dropped_and_the_queue_kept(deck: object) -> None:
    queue = {"version": 1, "items": [], "current": -1}
    assert decode_session({"version": SESSION_VERSION, "queue": queue, "deck": deck}) == (
        queue,
        None,
    )


def test_missing_deck_fields_take_a_resting_deck() -> None:
    state = {"version": SESSION_VERSION, "queue": {}, "deck": {"rpm": None}}
    assert decode_session(state)[1] == DeckState()


# ---------------------------------------------------------------- the screens
MAIN = QRect(0, 0, 1920, 1050)  # a panel at the bottom
SIDE = QRect(1920, 0, 1280, 1024)


@pytest.mark.parametrize(
    ("saved", "screens", "fitted"),
    [
        (QRect(100, 80, 1200, 800), [MAIN, SIDE], QRect(100, 80, 1200, 800)),  # as it was
        (QRect(2000, 100, 1000, 700), [MAIN, SIDE], QRect(2000, 100, 1000, 700)),
        (QRect(1200, 600, 1000, 800), [MAIN, SIDE], QRect(920, 250, 1000, 800)),  # mostly main
        (QRect(1800, 50, 1200, 800), [MAIN, SIDE], QRect(1920, 50, 1200, 800)),  # mostly side
        (QRect(-300, -40, 1000, 700), [MAIN], QRect(0, 0, 1000, 700)),
        (QRect(100, 100, 2560, 1400), [MAIN], QRect(0, 0, 1920, 1050)),  # shrunk to fit
        (QRect(2500, 100, 1000, 700), [MAIN], QRect(460, 175, 1000, 700)),  # monitor gone
        (QRect(100, 80, 1200, 800), [], QRect(100, 80, 1200, 800)),
    ],
)
def test_a_saved_place_is_fitted_on_the_screens_there_are(
    saved: QRect, screens: list[QRect], fitted: QRect
) -> None:
    assert fit_on_screens(saved, screens, MAIN) == fitted


def test_a_window_off_every_screen_goes_to_the_primary_one() -> None:
    assert fit_on_screens(QRect(9000, 9000, 800, 600), [MAIN, SIDE], SIDE) == QRect(
        2160, 212, 800, 600
    )


# ---------------------------------------------------------------- the settings
def test_window_settings_round_trip_and_defaults(tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.window_geometry is None
    assert not settings.window_maximised and not settings.window_full_screen
    assert settings.splitter_sizes == {}
    settings.window_geometry = (-20, 40, 1100, 700)
    settings.window_maximised = True
    settings.window_full_screen = True
    settings.splitter_sizes = {"benchSplitter": [700, 400], "crateBrowse/1": [300, 200]}
    settings.sync()
    again = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.window_geometry == (-20, 40, 1100, 700)
    assert again.window_maximised and again.window_full_screen
    assert again.splitter_sizes == {"benchSplitter": [700, 400], "crateBrowse/1": [300, 200]}


@pytest.mark.parametrize(
    ("key", "value", "name", "default"),
    [
        ("window/geometry", "1,2,3", "window_geometry", None),
        ("window/geometry", "a,b,c,d", "window_geometry", None),
        ("window/geometry", "0,0,0,500", "window_geometry", None),
        ("window/splitters", "{not json", "splitter_sizes", {}),
        ("window/splitters", "[1, 2]", "splitter_sizes", {}),
    ],
)
def test_hand_edited_window_settings_fall_back(
    tmp_path: Path, key: str, value: str, name: str, default: object
) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    store.setValue(key, value)
    assert getattr(Settings(store), name) == default


def test_splitters_with_odd_sizes_are_left_out(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    store.setValue("window/splitters", json.dumps({"a": [1, 2], "b": ["x"], "c": 3, "d": [True]}))
    assert Settings(store).splitter_sizes == {"a": [1, 2]}


# ---------------------------------------------------------------- the session
@pytest.fixture
def songs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "music"
    folder.mkdir()
    return [
        media.write_flac(folder / f"{n}.flac", np.zeros((RATE, 2), dtype=np.int16))
        for n in range(3)
    ]


def session_over(path: Path) -> tuple[PausingEngine, PlayerSession]:
    engine = PausingEngine()
    return engine, PlayerSession(engine, None, path)  # type: ignore[arg-type]


def test_a_restore_at_the_very_start_is_paused_not_stopped(
    qtbot: Any, tmp_path: Path, songs: list[Path]
) -> None:
    state = tmp_path / "queue.json"
    write_session(state, encode_session(queue_state(songs, 1, 0.0), None))
    engine, session = session_over(state)
    assert session.restore()
    assert engine.state is PlaybackState.PAUSED and engine.index == 1
    assert engine.current_track is not None and engine.current_track.title  # tags read at once
    session.close()


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"version": 2, "queue": 7}', b"[]"])
def test_a_damaged_file_restores_nothing(qtbot: Any, tmp_path: Path, content: bytes) -> None:
    state = tmp_path / "queue.json"
    state.write_bytes(content)
    engine, session = session_over(state)
    assert not session.restore()
    assert len(session.queue) == 0 and engine.state is PlaybackState.STOPPED
    assert session.restore_message() == ""
    session.close()


def test_an_unreadable_or_unwritable_state_folder_never_stops_the_app(
    qtbot: Any, tmp_path: Path, songs: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "state").write_bytes(b"")  # a file where the folder should be
    state = tmp_path / "state" / "queue.json"  # can be neither read, set aside nor written
    _engine, session = session_over(state)
    assert not session.restore()
    session.player.play([Track(path) for path in songs])
    session.save()
    assert "could not be saved" in caplog.text
    session.close()


def test_the_session_is_saved_every_few_seconds_while_playing_only(
    qtbot: Any, tmp_path: Path, songs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(player_session, "SAVE_DELAY_MS", 60_000)  # only the periodic save
    monkeypatch.setattr(player_session, "SAVE_WHILE_PLAYING_MS", 100)
    state = tmp_path / "queue.json"
    engine, session = session_over(state)
    session.player.play([Track(path) for path in songs])
    engine.seek(0.5)
    qtbot.waitUntil(state.exists, timeout=2000)
    engine.pause()
    engine.seek(0.75)
    state.unlink()
    qtbot.wait(400)
    assert not state.exists()  # paused: nothing new to keep (a seek saves after its delay)
    engine.play()
    qtbot.waitUntil(state.exists, timeout=2000)
    saved = json.loads(state.read_text())
    assert saved["queue"]["position_s"] == 0.75 and saved["queue"]["current"] == 0
    session.close()


def test_repeat_and_shuffle_come_back(qtbot: Any, tmp_path: Path, songs: list[Path]) -> None:
    state = tmp_path / "queue.json"
    _engine, session = session_over(state)
    session.player.play([Track(path) for path in songs], 2)
    session.player.set_repeat(RepeatMode.ONE)
    session.player.set_shuffle(ShuffleMode.TRACKS)
    order = [track.path for track in session.queue]
    session.close()
    _engine, again = session_over(state)
    assert again.restore()
    assert again.queue.repeat is RepeatMode.ONE and again.queue.shuffle is ShuffleMode.TRACKS
    assert [track.path for track in again.queue] == order
    assert again.queue.current.path == songs[2]  # type: ignore[union-attr]
    again.player.set_shuffle(ShuffleMode.OFF)  # the order from before shuffling comes back
    assert [track.path for track in again.queue] == songs
    again.close()


def test_many_vanished_files_are_counted(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "music"
    folder.mkdir()
    paths = [folder / f"{name}.flac" for name in "abcdefg"]
    media.write_flac(paths[-1], np.zeros((RATE, 2), dtype=np.int16))
    state = tmp_path / "queue.json"
    write_session(state, encode_session(queue_state(paths, 0, 0.5), None))
    engine, session = session_over(state)
    assert session.restore()
    assert [track.path for track in session.queue] == paths[-1:]
    assert engine.current_track is not None and engine.current_track.path == paths[-1]
    assert session.restore_message() == (
        "Left out of the queue, not found: 6 tracks from the last session "
        "(a.flac, b.flac, c.flac and 3 more)"
    )
    session.close()


def test_a_restore_rewrites_nothing_until_something_changes(
    qtbot: Any, tmp_path: Path, songs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(player_session, "SAVE_DELAY_MS", 50)
    state = tmp_path / "queue.json"
    _engine, first = session_over(state)
    first.player.play([Track(path) for path in songs], 1)
    first.engine.seek(1.25)
    first.engine.pause()
    first.close()
    written = state.read_bytes()
    before = state.stat().st_mtime_ns

    engine, again = session_over(state)
    assert again.restore()
    qtbot.wait(300)  # the restore's own seek and pause have come and gone
    again.save()  # as on quit, with nothing new
    assert state.stat().st_mtime_ns == before and state.read_bytes() == written
    engine.seek(2.5)  # a real change is saved after its delay
    qtbot.waitUntil(lambda: state.stat().st_mtime_ns != before, timeout=2000)
    assert json.loads(state.read_text())["queue"]["position_s"] == 2.5
    again.close()
