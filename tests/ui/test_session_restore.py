"""Quit, then start again: the window and the deck come back as they were, paused.

Each test builds a window over a session as :func:`app.main.start` does, leaves it in some
state, saves as quitting does, and builds a fresh session and window over the same state
folder and settings file. The engine is the fake one (no sound in this process); the sound
of a restored session is checked end to end in tests/e2e/test_session.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from mutagen.flac import FLAC
from PySide6.QtCore import QEvent, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.core.playback import PlaybackState
from app.core.track import Track
from app.library.tags import read_track
from app.ui import window_geometry
from app.ui.main_window import MainWindow
from app.ui.player_session import PlayerSession
from app.ui.settings import Settings
from app.ui.side_art import SideArt
from app.ui.time_text import format_clock
from app.visual.deck import arm_swing_deg
from app.visual.groove_map import GrooveMapCache
from app.visual.platter import REST_SWING_DEG
from tests.support import media
from tests.support.fake_engine import FakeEngine, FakeOutput

RATE = 44100
TRACK_S = 20


class PausingEngine(FakeEngine):
    """The fake engine with the real one's rule: a seek while stopped leaves it paused."""

    def seek(self, position_s: float) -> None:
        super().seek(position_s)
        if self.state is PlaybackState.STOPPED and self.current_track is not None:
            self._set(PlaybackState.PAUSED)


def write_album(folder: Path, name: str, sides: int = 2, per_side: int = 2) -> list[Track]:
    """Write a small tagged album, one disc a side, ``TRACK_S`` seconds a track."""
    folder.mkdir(parents=True, exist_ok=True)
    tracks = []
    for disc in range(1, sides + 1):
        for number in range(1, per_side + 1):
            path = folder / f"{disc}-{number:02d}.flac"
            media.write_flac(path, np.zeros((TRACK_S * RATE, 2), dtype=np.int16))
            tags = FLAC(path)  # type: ignore[no-untyped-call]
            fields = {"title": f"{name} {disc}.{number}", "artist": "Jay", "album": name,
                      "tracknumber": str(number), "discnumber": str(disc)}  # fmt: skip
            tags.update(fields)  # type: ignore[no-untyped-call]
            tags.save()
            tracks.append(read_track(path))
    return tracks


class Bench:
    """A session and its window, built as ``app.main.start`` builds them."""

    made: list[Bench] = []

    def __init__(self, qtbot: Any, folder: Path, restore: bool = False) -> None:
        Bench.made.append(self)
        self.closed = False
        self.engine = PausingEngine()
        self.settings = Settings(
            QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        )
        self.engine.set_volume(self.settings.volume)
        self.session = PlayerSession(self.engine, None, folder / "state" / "queue.json")  # type: ignore[arg-type]
        self.restored = self.session.restore() if restore else False
        self.art = SideArt(GrooveMapCache(folder / "grooves"))
        self.window = MainWindow(self.engine, FakeOutput(), self.settings, self.session, self.art)  # type: ignore[arg-type]
        self.deck = self.window.deck
        self.controller = self.window.controller

    def show(self, qtbot: Any) -> None:
        self.window.show()
        qtbot.waitExposed(self.window)

    def quit(self) -> None:
        """Save and close as the app's quit does: the session first, then the window."""
        if self.closed:
            return
        self.closed = True
        self.window.placement.save()  # what the application's aboutToQuit does
        self.session.close()
        self.window.hide()
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.art.close()


@pytest.fixture(autouse=True)
def _quit_every_bench() -> Any:
    yield
    while Bench.made:
        Bench.made.pop().quit()


@pytest.fixture
def album(tmp_path: Path) -> list[Track]:
    return write_album(tmp_path / "music" / "Night Market", "Night Market")


def play_and_pause_at(bench: Bench, tracks: list[Track], index: int, position_s: float) -> None:
    bench.window.play_tracks(tracks, index)
    bench.engine.seek(position_s)
    bench.window.actions_.handlers()["play_pause"]()
    assert bench.engine.state is PlaybackState.PAUSED


def groove_swing(bench: Bench, track_in_side: int, position_s: float) -> float:
    side = bench.controller.side
    assert side is not None
    return arm_swing_deg(side.layout.radius_at(track_in_side, position_s))


def test_a_restored_session_is_the_session_paused_there(
    qtbot: Any, tmp_path: Path, album: list[Track]
) -> None:
    first = Bench(qtbot, tmp_path)
    first.show(qtbot)
    first.window.actions_.set_volume(0.6)
    play_and_pause_at(first, album, 3, 12.5)  # side B, its second track
    handlers = first.window.actions_.handlers()
    handlers["speed_45"]()
    for _ in range(3):
        handlers["pitch_up"]()  # +1.5 %
    deck = first.deck
    qtbot.waitUntil(lambda: (deck.arm_height, deck.platter_speed_factor) == (0, 0), timeout=5000)
    paused = (deck.arm_swing_deg, deck.arm_height, deck.platter_speed_factor)
    assert paused[0] == pytest.approx(groove_swing(first, 1, 12.5), abs=1e-6)
    first.quit()

    again = Bench(qtbot, tmp_path, restore=True)
    assert again.restored
    assert [t.path for t in again.session.queue] == [t.path for t in album]
    assert again.session.queue.current_index == 3
    assert again.engine.state is PlaybackState.PAUSED
    assert (
        again.engine.current_track is not None and again.engine.current_track.path == album[3].path
    )
    assert again.engine.position_s == pytest.approx(12.5)
    assert again.engine.volume == pytest.approx(0.6)
    side = again.controller.side
    assert side is not None and (side.label, side.side_index) == ("B", 1)
    assert again.deck.side == side
    assert again.controller.rpm == 45.0 and again.controller.pitch == pytest.approx(0.015)
    assert again.engine.rate == pytest.approx(45.0 / (100.0 / 3.0) * 1.015)
    assert again.deck.controls.pitch.pitch == pytest.approx(0.015)
    # Before a single frame: the arm already rests where the paused one did.
    restored = (again.deck.arm_swing_deg, again.deck.arm_height, again.deck.platter_speed_factor)
    assert restored == pytest.approx(paused, abs=1e-6)
    assert not again.controller.cued
    again.show(qtbot)
    plate = again.window.transport.now_playing
    qtbot.waitUntil(lambda: plate.elapsed_text == format_clock(12.5), timeout=2000)
    assert again.deck.arm_height == 0.0 and again.deck.platter_speed_factor == 0.0
    again.window.actions_.handlers()["play_pause"]()  # Space plays on from there
    assert again.window.playing
    assert ("seek", 0.0) not in again.engine.calls and again.engine.position_s == 12.5
    again.quit()


def test_an_arm_lifted_by_the_cue_comes_back_lifted(
    qtbot: Any, tmp_path: Path, album: list[Track]
) -> None:
    first = Bench(qtbot, tmp_path)
    first.show(qtbot)
    first.window.play_tracks(album, 0)
    first.engine.seek(7.0)
    first.window.actions_.handlers()["arm"]()  # the cue lever: the arm lifts, the sound stops
    assert first.engine.state is PlaybackState.PAUSED and first.controller.cued
    first.quit()

    again = Bench(qtbot, tmp_path, restore=True)
    assert again.controller.cued
    assert again.deck.arm_height == 1.0  # lifted, and already there
    assert again.deck.arm_swing_deg == pytest.approx(groove_swing(again, 0, 7.0), abs=1e-6)
    again.show(qtbot)
    again.window.actions_.handlers()["arm"]()  # lowering it plays
    assert again.engine.state is PlaybackState.PLAYING and not again.controller.cued
    again.quit()


def test_a_speed_chosen_for_another_record_is_not_carried_over(
    qtbot: Any, tmp_path: Path, album: list[Track]
) -> None:
    first = Bench(qtbot, tmp_path)
    play_and_pause_at(first, album, 0, 3.0)
    first.window.actions_.handlers()["speed_78"]()
    first.quit()
    saved = json.loads((tmp_path / "state" / "queue.json").read_text())
    saved["deck"]["record"] = "album\x1fsomeone else\x1fanother record"
    (tmp_path / "state" / "queue.json").write_text(json.dumps(saved))

    again = Bench(qtbot, tmp_path, restore=True)
    assert again.controller.rpm == pytest.approx(100.0 / 3.0)  # the record's own
    again.quit()


def test_an_old_version_1_file_restores_paused_in_the_groove(
    qtbot: Any, tmp_path: Path, album: list[Track]
) -> None:
    state = tmp_path / "state" / "queue.json"
    state.parent.mkdir(parents=True)
    state.write_text(
        json.dumps({
            "version": 1, "items": [str(t.path) for t in album], "current": 2,
            "position_s": 4.25, "shuffle": "off", "repeat": "all", "original": None,
        })
    )  # fmt: skip
    again = Bench(qtbot, tmp_path, restore=True)
    assert again.restored and again.session.queue.current_index == 2
    assert again.engine.state is PlaybackState.PAUSED
    assert again.engine.position_s == pytest.approx(4.25)
    assert again.controller.rpm == pytest.approx(100.0 / 3.0) and again.controller.pitch == 0.0
    assert again.deck.arm_height == 0.0
    assert again.deck.arm_swing_deg == pytest.approx(groove_swing(again, 0, 4.25), abs=1e-6)
    again.quit()
    rewritten = json.loads(state.read_text())
    assert rewritten["version"] == 2 and rewritten["queue"]["position_s"] == pytest.approx(4.25)
    assert rewritten["queue"]["repeat"] == "all"


def test_vanished_files_are_left_out_and_named(
    qtbot: Any, tmp_path: Path, album: list[Track]
) -> None:
    first = Bench(qtbot, tmp_path)
    play_and_pause_at(first, album, 1, 9.0)
    first.quit()
    album[1].path.unlink()  # the current track
    album[3].path.unlink()

    again = Bench(qtbot, tmp_path, restore=True)
    assert [t.path for t in again.session.queue] == [album[0].path, album[2].path]
    assert again.session.queue.current_index == 1  # the next one still there, from its start
    assert again.engine.state is PlaybackState.PAUSED and again.engine.position_s == 0.0
    message = again.session.restore_message()
    assert message.startswith("Left out of the queue, not found: 2 tracks from the last session")
    assert "1-02.flac" in message and "2-02.flac" in message
    assert message in again.window.notice.messages()
    again.show(qtbot)
    qtbot.waitUntil(lambda: again.deck.arm_swing_deg != REST_SWING_DEG, timeout=1000)
    again.quit()


def test_nothing_left_of_the_queue_restores_nothing_and_says_so(
    qtbot: Any, tmp_path: Path, album: list[Track]
) -> None:
    first = Bench(qtbot, tmp_path)
    play_and_pause_at(first, album[:1], 0, 2.0)
    first.quit()
    album[0].path.unlink()
    again = Bench(qtbot, tmp_path, restore=True)
    assert not again.restored and len(again.session.queue) == 0
    assert again.session.restore_message() == (
        "Left out of the queue, not found: 1 track from the last session (1-01.flac)"
    )
    assert again.session.restore_message() in again.window.notice.messages()
    assert again.deck.arm_swing_deg == REST_SWING_DEG
    again.quit()


def two_monitors() -> tuple[list[QRect], QRect]:
    return [QRect(0, 0, 1920, 1080), QRect(1920, 0, 1600, 900)], QRect(0, 0, 1920, 1080)


def test_geometry_maximised_state_and_splitters_come_back(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window_geometry, "_screens", two_monitors)
    first = Bench(qtbot, tmp_path)
    first.window.setGeometry(QRect(2000, 40, 1100, 760))  # on the second monitor
    first.show(qtbot)
    first.window.splitter.setSizes([700, 380])
    sizes = first.window.splitter.sizes()
    first.window.showMaximized()
    qtbot.waitUntil(first.window.isMaximized, timeout=2000)
    first.quit()

    again = Bench(qtbot, tmp_path)
    assert again.window.geometry() == QRect(2000, 40, 1100, 760)  # what it returns to
    assert again.window.windowState() & Qt.WindowState.WindowMaximized
    again.show(qtbot)
    again.window.showNormal()
    qtbot.waitUntil(lambda: again.window.geometry() == QRect(2000, 40, 1100, 760), timeout=2000)
    ratio = again.window.splitter.sizes()[0] / sum(again.window.splitter.sizes())
    assert ratio == pytest.approx(sizes[0] / sum(sizes), abs=0.02)
    again.quit()


def test_a_window_on_an_unplugged_monitor_comes_back_on_screen(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window_geometry, "_screens", two_monitors)
    first = Bench(qtbot, tmp_path)
    first.window.setGeometry(QRect(2400, 100, 1000, 700))
    first.show(qtbot)
    first.quit()
    one = QRect(0, 0, 1366, 768)
    monkeypatch.setattr(window_geometry, "_screens", lambda: ([one], one))

    again = Bench(qtbot, tmp_path)
    assert again.window.geometry() == QRect(183, 34, 1000, 700)  # its size, in the middle
    again.quit()


def test_logout_saves_at_once(qtbot: Any, tmp_path: Path, album: list[Track]) -> None:
    first = Bench(qtbot, tmp_path)
    first.show(qtbot)
    play_and_pause_at(first, album, 2, 5.5)
    first.window.setGeometry(QRect(30, 40, 1000, 700))
    state = tmp_path / "state" / "queue.json"
    state.unlink(missing_ok=True)  # whatever a moment's wait wrote
    QApplication.instance().commitDataRequest.emit(None)  # type: ignore[union-attr]
    saved = json.loads(state.read_text())  # written before the handler returned
    assert saved["queue"]["current"] == 2 and saved["queue"]["position_s"] == 5.5
    stored = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert stored.value("window/geometry") == "30,40,1000,700"
    first.quit()


def test_a_pause_is_saved_a_moment_later(qtbot: Any, tmp_path: Path, album: list[Track]) -> None:
    first = Bench(qtbot, tmp_path)
    first.window.play_tracks(album, 0)
    first.engine.seek(6.0)
    state = tmp_path / "state" / "queue.json"
    first.window.actions_.handlers()["play_pause"]()
    qtbot.waitUntil(state.exists, timeout=4000)
    assert json.loads(state.read_text())["queue"]["position_s"] == 6.0
    first.controller.set_pitch(-0.02)  # the deck alone moved: saved within a few seconds
    qtbot.waitUntil(lambda: json.loads(state.read_text())["deck"]["pitch"] == -0.02, timeout=5000)
    first.quit()


def test_the_ambient_sky_is_not_remembered_as_the_window(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window_geometry, "_screens", two_monitors)
    first = Bench(qtbot, tmp_path)
    first.window.setGeometry(QRect(60, 50, 1000, 700))
    first.show(qtbot)
    first.window.ambient.enter()  # F: the sky, full screen
    qtbot.waitUntil(first.window.isFullScreen, timeout=2000)
    first.quit()
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert settings.window_geometry == (60, 50, 1000, 700)
    assert not settings.window_full_screen and not settings.window_maximised


def test_a_full_screen_window_comes_back_full_screen(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window_geometry, "_screens", two_monitors)
    first = Bench(qtbot, tmp_path)
    first.window.setGeometry(QRect(60, 50, 1000, 700))
    first.show(qtbot)
    first.window.showFullScreen()  # the desktop's own full screen, not the sky
    qtbot.waitUntil(first.window.isFullScreen, timeout=2000)
    first.quit()
    again = Bench(qtbot, tmp_path)
    assert again.window.windowState() & Qt.WindowState.WindowFullScreen
    assert not again.window.ambient.active
    again.show(qtbot)
    again.window.actions_.leave()  # Esc: back to the window it was
    qtbot.waitUntil(lambda: again.window.geometry() == QRect(60, 50, 1000, 700), timeout=2000)
