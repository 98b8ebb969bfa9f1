"""The whole window: every key, drops on the deck, queue and crate, the arm, speed and flips.

The window runs over a :class:`FakeEngine` (no sound in this process: see
tests/support/fake_engine.py); what is heard is checked end to end in tests/e2e.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app.core.playback import PlaybackState
from app.core.queue import RepeatMode, ShuffleMode
from app.core.track import Track
from app.ui.library_service import LibraryService
from app.ui.main_window import MainWindow
from app.ui.player_session import PlayerSession
from app.ui.settings import Settings
from app.ui.side_art import SideArt
from app.ui.thumbnails import ThumbnailCache
from app.ui.track_mime import TrackMimeData
from app.visual.deck import ARM_LENGTH_MM, arm_swing_deg
from app.visual.groove_map import GrooveMapCache
from tests.support import media
from tests.support.fake_engine import FakeEngine, FakeOutput

RATE = 44100
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def write_album(folder: Path, name: str, sides: int = 2, per_side: int = 2) -> list[Track]:
    """Write a real little album (one second a track), side by side as discs."""
    from mutagen.flac import FLAC

    from app.library.tags import read_track

    folder.mkdir(parents=True, exist_ok=True)
    tracks = []
    for disc in range(1, sides + 1):
        for number in range(1, per_side + 1):
            path = folder / f"{disc}-{number:02d}.flac"
            media.write_flac(path, media.noise_signal(RATE, seed=disc * 10 + number))
            tags = FLAC(path)
            tags.update({"title": f"{name} {disc}.{number}", "artist": "Jay", "album": name,
                         "tracknumber": str(number), "discnumber": str(disc)})  # fmt: skip
            tags.save()
            tracks.append(read_track(path))
    return tracks


class Shop:
    """A window over a fake engine, a real library, queue, settings and deck controller."""

    def __init__(self, qtbot: Any, tmp: Path, library: bool = True) -> None:
        self.engine = FakeEngine()
        self.output = FakeOutput()
        self.settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
        self.library = LibraryService(tmp / "library.db") if library else None
        self.session = PlayerSession(self.engine, self.library, tmp / "queue.json")  # type: ignore[arg-type]
        self.art = SideArt(GrooveMapCache(tmp / "grooves"))
        self.thumbnails = ThumbnailCache(tmp / "covers") if library else None
        self.window = MainWindow(
            self.engine,
            self.output,
            self.settings,
            self.session,
            self.art,
            self.thumbnails,  # type: ignore[arg-type]
        )
        qtbot.addWidget(self.window)
        self.window.resize(1280, 800)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        self.window.deck.setFocus()
        self.qtbot = qtbot

    def key(self, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifier)  # type: ignore[call-overload]
        QApplication.processEvents()

    def close(self) -> None:
        # The window goes first: its timers (the crate's search) must not outlive the library.
        self.window.hide()
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.art.close()
        if self.thumbnails is not None:
            self.thumbnails.close()
        self.session.close()


@pytest.fixture
def shop(qtbot: Any, tmp_path: Path) -> Any:
    made = Shop(qtbot, tmp_path)
    yield made
    made.close()


@pytest.fixture
def playing(shop: Shop, tmp_path: Path) -> tuple[Shop, list[Track]]:
    tracks = write_album(tmp_path / "Night", "Night")
    shop.window.play_tracks(tracks)
    assert shop.engine.state is PlaybackState.PLAYING
    return shop, tracks


def test_the_deck_shows_the_side_being_heard(playing: tuple[Shop, list[Track]]) -> None:
    shop, tracks = playing
    side = shop.window.deck.side
    assert side is not None and side.label == "A" and side.title == "Night"
    assert [t.path for t in side.tracks] == [t.path for t in tracks[:2]]


def test_transport_keys(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    engine = shop.engine
    shop.key(Qt.Key.Key_Space)
    assert engine.state is PlaybackState.PAUSED
    shop.key(Qt.Key.Key_Space)
    assert engine.state is PlaybackState.PLAYING
    engine.position_s = 40.0
    shop.key(Qt.Key.Key_Right)
    shop.key(Qt.Key.Key_Left)
    shop.key(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    shop.key(Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    seeks = [value for name, value in engine.calls if name == "seek"]
    assert seeks == [45.0, 40.0, 70.0, 40.0]
    shop.key(Qt.Key.Key_N)
    assert engine.index == 1
    shop.key(Qt.Key.Key_P)
    assert ("previous", None) in engine.calls


def test_volume_and_mute_keys(shop: Shop) -> None:
    before = shop.engine.volume
    shop.key(Qt.Key.Key_Down)
    lower = shop.engine.volume
    assert lower < before
    assert shop.settings.volume == pytest.approx(lower)
    shop.key(Qt.Key.Key_Up)
    assert shop.engine.volume > lower
    shop.key(Qt.Key.Key_M)
    assert shop.engine.muted
    shop.key(Qt.Key.Key_M)
    assert not shop.engine.muted


def test_shuffle_and_repeat_keys_cycle_and_say_so(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    queue = shop.session.queue
    shop.key(Qt.Key.Key_S)
    assert queue.shuffle is ShuffleMode.TRACKS
    shop.key(Qt.Key.Key_S)
    assert queue.shuffle is ShuffleMode.RECORDS
    shop.key(Qt.Key.Key_S)
    assert queue.shuffle is ShuffleMode.OFF
    shop.key(Qt.Key.Key_R)
    assert queue.repeat is RepeatMode.ALL and shop.engine.repeat is RepeatMode.ALL
    shop.key(Qt.Key.Key_R)
    assert queue.repeat is RepeatMode.ONE
    assert "Repeat: one track" in shop.window.notice.messages()


def test_pitch_and_speed_keys_reach_the_engine_rate(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    shop.key(Qt.Key.Key_2)
    assert shop.engine.rate == pytest.approx(45 / (100 / 3))
    shop.key(Qt.Key.Key_BracketRight)
    shop.key(Qt.Key.Key_BracketRight)
    assert shop.engine.rate == pytest.approx(1.35 * 1.01)
    shop.key(Qt.Key.Key_3)
    assert shop.engine.rate == pytest.approx(78 / (100 / 3) * 1.01)
    shop.key(Qt.Key.Key_BracketLeft)
    shop.key(Qt.Key.Key_BracketLeft)
    shop.key(Qt.Key.Key_1)
    assert shop.engine.rate == pytest.approx(1.0)


def test_the_deck_controls_reach_the_engine_rate(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    controls = shop.window.deck.controls
    controls.speeds[45.0].click()
    assert shop.engine.rate == pytest.approx(1.35)
    shop.window.deck.pitch_changed.emit(-0.04)
    assert shop.engine.rate == pytest.approx(1.35 * 0.96)


def test_l_lifts_and_lowers_the_arm(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    shop.key(Qt.Key.Key_L)
    assert shop.engine.state is PlaybackState.PAUSED
    shop.qtbot.waitUntil(lambda: shop.window.deck.arm_height > 0.9, timeout=3000)
    shop.key(Qt.Key.Key_L)
    assert shop.engine.state is PlaybackState.PLAYING
    shop.qtbot.waitUntil(lambda: shop.window.deck.arm_height < 0.1, timeout=3000)


def test_f_shows_the_ambient_sky_full_screen_and_esc_or_f_leaves(
    playing: tuple[Shop, list[Track]],
) -> None:
    shop, tracks = playing
    window = shop.window
    shop.key(Qt.Key.Key_F)
    shop.qtbot.waitUntil(window.isFullScreen, timeout=3000)
    assert window.ambient.active and window.ambient.view.isVisible()
    assert not window.deck.isVisible()
    assert window.ambient.view.now_playing[0] == tracks[0].display_title
    shop.key(Qt.Key.Key_Space)  # the window's keys still work in ambient mode
    assert shop.engine.state is PlaybackState.PAUSED
    shop.key(Qt.Key.Key_Escape)
    shop.qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert not window.ambient.active and window.deck.isVisible()
    shop.key(Qt.Key.Key_F)
    shop.qtbot.waitUntil(window.isFullScreen, timeout=3000)
    shop.key(Qt.Key.Key_F)
    shop.qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert not window.ambient.active


def test_question_mark_shows_the_keys(shop: Shop) -> None:
    shop.key("?")
    assert shop.window.overlay.isVisible()
    shop.key(Qt.Key.Key_Escape)
    assert not shop.window.overlay.isVisible()


def test_ctrl_f_searches_and_typing_stays_in_the_field(
    playing: tuple[Shop, list[Track]], tmp_path: Path
) -> None:
    shop, _ = playing
    assert shop.library is not None
    with shop.qtbot.waitSignal(shop.library.scan_finished, timeout=20_000):
        shop.library.start_scan([tmp_path / "Night"])
    shop.key(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    crate = shop.window.crate
    assert crate is not None and crate.search.hasFocus()
    QTest.keyClicks(crate.search, "night sky")
    assert crate.search.text() == "night sky"
    assert shop.engine.state is PlaybackState.PLAYING, "Space typed a space, not a pause"
    shop.key(Qt.Key.Key_Escape)  # the first Esc clears the search, the second leaves it
    assert crate.search.text() == "" and crate.search.hasFocus()
    shop.key(Qt.Key.Key_Escape)
    assert not crate.search.hasFocus()


def test_ctrl_o_opens_files_and_plays_them(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracks = write_album(tmp_path / "Opened", "Opened", sides=1)
    chosen = [str(t.path) for t in tracks]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (chosen, ""))
    shop.key(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    shop.qtbot.waitUntil(lambda: len(shop.session.queue) == 2, timeout=5000)
    assert shop.engine.state is PlaybackState.PLAYING
    assert shop.engine.current_track.path == tracks[0].path


def test_f5_rescans_and_ctrl_q_quits(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[object] = []
    assert shop.library is not None
    monkeypatch.setattr(shop.library, "start_scan", lambda *a: asked.append("scan") or True)
    shop.key(Qt.Key.Key_F5)
    assert asked == ["scan"]
    monkeypatch.setattr(QApplication, "quit", lambda: asked.append("quit"))
    shop.key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert asked[-1] == "quit"


def test_media_keys(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    engine = shop.engine
    shop.key(Qt.Key.Key_MediaPause)
    assert engine.state is PlaybackState.PAUSED
    shop.key(Qt.Key.Key_MediaPlay)
    assert engine.state is PlaybackState.PLAYING
    shop.key(Qt.Key.Key_MediaTogglePlayPause)
    assert engine.state is PlaybackState.PAUSED
    shop.key(Qt.Key.Key_MediaNext)
    assert engine.index == 1
    shop.key(Qt.Key.Key_MediaPrevious)
    assert engine.index == 0
    shop.key(Qt.Key.Key_MediaStop)
    assert engine.state is PlaybackState.STOPPED
    volume = engine.volume
    shop.key(Qt.Key.Key_VolumeDown)
    assert engine.volume < volume
    shop.key(Qt.Key.Key_VolumeUp)
    assert engine.volume == pytest.approx(volume)
    shop.key(Qt.Key.Key_VolumeMute)
    assert engine.muted


def _drop(widget: Any, mime: QMimeData, point: QPoint | None = None) -> None:
    """Deliver a drag enter and a drop of ``mime`` on ``widget``."""
    from PySide6.QtGui import QDragEnterEvent

    where = QPointF(point or widget.rect().center())
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, QDropEvent(where, actions, mime, buttons, modifiers))


def test_files_dropped_on_the_deck_play_now_and_bad_ones_are_named(
    playing: tuple[Shop, list[Track]], tmp_path: Path
) -> None:
    shop, tracks = playing
    extra = write_album(tmp_path / "Dropped", "Dropped", sides=1, per_side=1)[0]
    text = tmp_path / "notes.txt"
    text.write_text("not music")
    broken = tmp_path / "broken.flac"
    broken.write_bytes(b"fLaC but not really")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (extra.path, text, broken)])
    _drop(shop.window.deck, mime)
    shop.qtbot.waitUntil(lambda: shop.engine.current_track.path == extra.path, timeout=5000)
    assert [t.path for t in shop.session.queue][:2] == [tracks[0].path, extra.path]
    notice = " ".join(shop.window.notice.messages())
    assert "notes.txt" in notice and "broken.flac" in notice


def test_a_folder_dropped_on_the_queue_is_added_in_the_background(
    playing: tuple[Shop, list[Track]], tmp_path: Path
) -> None:
    shop, tracks = playing
    added = write_album(tmp_path / "Folder", "Folder", sides=1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "Folder"))])
    shop.window.side_tabs.setCurrentWidget(shop.window.queue_panel)
    shop.window.queue_panel.paths_dropped.emit([tmp_path / "Folder"], -1)
    shop.qtbot.waitUntil(lambda: len(shop.session.queue) == 6, timeout=5000)
    assert [t.path for t in shop.session.queue][4:] == [t.path for t in added]
    assert shop.engine.current_track.path == tracks[0].path, "adding never interrupts"


def test_tracks_dragged_from_the_crate_onto_the_deck_play(
    playing: tuple[Shop, list[Track]], tmp_path: Path
) -> None:
    shop, _ = playing
    other = write_album(tmp_path / "Other", "Other", sides=1)
    _drop(shop.window.deck, TrackMimeData(other))
    assert shop.engine.current_track.path == other[0].path
    assert shop.window.deck.side.title == "Other"


def test_dragging_the_arm_over_the_record_seeks_there(playing: tuple[Shop, list[Track]]) -> None:
    shop, tracks = playing
    deck = shop.window.deck
    shop.qtbot.waitUntil(lambda: not deck.is_animating or deck.platter_speed_factor > 0.99)
    side = deck.side
    band = side.layout.bands[1]
    radius = band.outer_mm - 0.5 * (band.outer_mm - band.inner_mm)
    geometry = deck.geometry_mm

    def at(swing: float) -> QPoint:
        point = geometry.point(*geometry.stylus_mm(swing, ARM_LENGTH_MM))
        return QPoint(round(point.x()), round(point.y()))

    start, end = at(deck.arm_swing_deg), at(arm_swing_deg(radius))
    QTest.mousePress(deck, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        x = start.x() + (end.x() - start.x()) * step // 8
        y = start.y() + (end.y() - start.y()) * step // 8
        QTest.mouseMove(deck, QPoint(x, y), 10)
    assert "Night 1.2" in deck.hover_text
    QTest.mouseRelease(deck, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert shop.engine.current_track.path == tracks[1].path
    seek = [value for name, value in shop.engine.calls if name == "seek"][-1]
    assert seek == pytest.approx(0.5 * tracks[1].duration_s, abs=0.08)


def test_the_record_flips_to_side_b_and_the_flip_button_goes_back(
    playing: tuple[Shop, list[Track]], qtbot: Any
) -> None:
    shop, tracks = playing
    shop.engine.next()
    shop.engine.next()  # the engine moves on to side B by itself
    qtbot.waitUntil(lambda: shop.window.deck.side.label == "B", timeout=4000)
    shop.window.deck.flip_clicked.emit()
    assert shop.engine.current_track.path == tracks[0].path
    qtbot.waitUntil(lambda: shop.window.deck.side.label == "A", timeout=4000)


def test_an_empty_library_puts_the_demo_record_on_the_deck(shop: Shop) -> None:
    shop.window.actions_.offer_demo_if_empty()
    side = shop.window.deck.side
    assert side is not None and side.title == "Jay's Test Pressing"
    assert shop.engine.state is PlaybackState.STOPPED, "ready, not blaring a test tone"
    assert any("Test Pressing" in text for text in shop.window.notice.messages())


def test_every_control_has_a_name_and_takes_focus_by_tab(playing: tuple[Shop, list[Track]]) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QComboBox, QLineEdit

    shop, _ = playing
    window = shop.window
    kinds = (QAbstractButton, QAbstractSlider, QComboBox, QLineEdit)
    controls = [
        w for w in window.findChildren(QWidget)
        if isinstance(w, kinds) and w.isVisibleTo(window) and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]  # fmt: skip
    assert len(controls) >= 15
    unnamed = [w for w in controls if not (w.accessibleName() or getattr(w, "text", lambda: "")())]
    assert not unnamed, unnamed
    window.deck.controls.start_stop.setFocus()
    reached = set()
    for _ in range(3 * len(controls)):  # Tab round the window, noting where focus lands
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    # In a radio group (33/45/78) Tab reaches the chosen button and the arrows the others.
    missing = [w for w in controls if w not in reached and not w.autoExclusive()]
    assert not missing, missing
    speeds = window.deck.controls.speeds
    speeds[100 / 3].setFocus()
    QTest.keyClick(speeds[100 / 3], Qt.Key.Key_Right)
    assert speeds[45.0].hasFocus() or speeds[45.0].isChecked()


SCRIPT = textwrap.dedent(
    """
    import sys, time
    from app.main import parse_arguments, start
    started = start(parse_arguments(sys.argv[1:]))
    app, window = started.app, started.window
    end = time.time() + 1.5
    while time.time() < end:
        app.processEvents()
        time.sleep(0.01)
    window.transport.volume_slider.setValue(500)
    print("MESSAGES", " | ".join(window.notice.messages()))
    print("STATE", started.engine.state.value)
    print("SAVED", window.settings.volume)
    started.close()
    """
)


def test_without_any_audio_server_the_window_says_no_audio_output(tmp_path: Path) -> None:
    song = media.write_flac(tmp_path / "a.flac", media.noise_signal(RATE, seed=1))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PULSE_SERVER": f"unix:{tmp_path}/no-such-server",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(song)],
        env=env, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert "No audio output" in lines["MESSAGES"]
    assert lines["STATE"] in {"playing", "paused"}
    # Half-way on the perceptual slider is -30 dB, and the choice is remembered.
    assert abs(float(lines["SAVED"]) - 10 ** (-30 / 20)) < 1e-6


def test_a_focused_fader_or_list_keeps_its_own_keys(playing: tuple[Shop, list[Track]]) -> None:
    shop, _ = playing
    pitch = shop.window.deck.controls.pitch
    pitch.setFocus()
    volume = shop.engine.volume
    shop.key(Qt.Key.Key_Down)  # plus is towards the front, as on an SL-1200
    assert shop.engine.volume == volume, "the fader's arrow went to the volume"
    assert shop.window.controller.pitch > 0
    shop.window.side_tabs.setCurrentWidget(shop.window.queue_panel)
    view = shop.window.queue_panel.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    shop.key(Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    assert not [call for call in shop.engine.calls if call[0] == "seek"]
    shop.key(Qt.Key.Key_Space)  # Space still plays and pauses from a list
    assert shop.engine.state is PlaybackState.PAUSED


def test_space_after_clicking_a_button_still_plays_and_pauses(
    playing: tuple[Shop, list[Track]],
) -> None:
    shop, _ = playing
    assert shop.window.deck.hasFocus(), "the deck takes the first focus"
    QTest.mouseClick(shop.window.transport.next_button, Qt.MouseButton.LeftButton)
    assert shop.engine.index == 1
    shop.key(Qt.Key.Key_Space)
    assert shop.engine.state is PlaybackState.PAUSED, "Space went to the clicked button"
    assert shop.engine.index == 1


def test_clearing_the_queue_takes_the_record_off_the_deck(
    playing: tuple[Shop, list[Track]],
) -> None:
    shop, _ = playing
    assert shop.window.deck.side is not None
    shop.session.queue.clear()
    assert shop.window.deck.side is None
    assert shop.window.transport.now_playing.track is None


def test_the_bench_sits_below_the_shop_window_from_the_first_show(shop: Shop) -> None:
    workbench = shop.window.workbench
    for widget in (shop.window.deck, shop.window.side_tabs):
        top = widget.mapTo(workbench, widget.rect().topLeft()).y()
        assert top >= workbench.sky_rect().bottom(), type(widget).__name__


def test_the_deck_paints_the_bench_under_itself_so_its_frames_leave_the_bench_alone(
    shop: Shop,
) -> None:
    deck, workbench = shop.window.deck, shop.window.workbench
    assert deck.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    shop.qtbot.waitUntil(lambda: workbench.render_count > 0, timeout=3000)
    deck_image, bench_image = deck.grab().toImage(), workbench.grab().toImage()
    matching = 0
    for x in range(0, deck.width(), 7):  # along the top edge, above the plinth
        bench = bench_image.pixelColor(deck.mapTo(workbench, QPoint(x, 0)))
        own = deck_image.pixelColor(x, 0)
        matching += abs(own.red() - bench.red()) <= 3 and abs(own.green() - bench.green()) <= 3
    assert matching > 0.9 * len(range(0, deck.width(), 7)), "the grain of the bench"
