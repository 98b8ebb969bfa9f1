"""The tray: its menu drives the engine and the window, its tooltip says what plays.

The offscreen platform has no tray, so the menu and tooltip are tested on a tray without an
icon, the icon's own reactions on one forced into being, and closing to the tray on the real
window over a fake engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QRadioButton, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from app.core.playback import PlaybackState
from app.core.track import Track
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.theme import NIGHT
from app.ui.tray import Tray, hides_on_close, play_pause_label, tray_tooltip
from tests.support.fake_engine import FakeEngine
from tests.ui.test_main_window import Shop

SONG = Track(Path("/music/Jay/Starlight/01 Seoul 2050.flac"), title="Seoul 2050", artist="Jay")
Activation = QSystemTrayIcon.ActivationReason


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def engine() -> FakeEngine:
    made = FakeEngine()
    made.tracks = [SONG]
    made.index = 0
    return made


def make_tray(window: QWidget, engine: FakeEngine, available: bool = False) -> Any:
    quits: list[bool] = []
    tray = Tray(
        window,
        engine,
        lambda: engine.current_track,
        available=available,
        quit_app=lambda: quits.append(True),
    )
    tray.quits = quits  # type: ignore[attr-defined]
    return tray


# ------------------------------------------------------------------ words
def test_the_tooltip_names_the_track_and_notes_a_pause() -> None:
    assert tray_tooltip(PlaybackState.PLAYING, SONG) == "Seoul 2050 — Jay"
    assert tray_tooltip(PlaybackState.PAUSED, SONG) == "Seoul 2050 — Jay (paused)"
    assert tray_tooltip(PlaybackState.STOPPED, SONG) == "Starlight Turntable"
    assert tray_tooltip(PlaybackState.PLAYING, None) == "Starlight Turntable"
    untagged = Track(Path("/music/b-side.ogg"))
    assert tray_tooltip(PlaybackState.PLAYING, untagged) == "b-side"
    by_album_artist = Track(Path("/music/x.flac"), title="Intro", album_artist="Yuna")
    assert tray_tooltip(PlaybackState.PLAYING, by_album_artist) == "Intro — Yuna"


def test_the_first_entry_says_what_a_click_will_do() -> None:
    assert play_pause_label(PlaybackState.PLAYING) == "&Pause"
    assert play_pause_label(PlaybackState.PAUSED) == "&Play"
    assert play_pause_label(PlaybackState.STOPPED) == "&Play"


# ------------------------------------------------------------------ the menu
def test_the_menu_plays_pauses_and_skips(window: QWidget, engine: FakeEngine) -> None:
    tray = make_tray(window, engine)
    texts = [action.text() for action in tray.menu.actions() if not action.isSeparator()]
    assert texts == ["&Play", "&Next", "P&revious", "&Hide window", "&Quit"]
    tray.play_pause_action.trigger()
    assert engine.state is PlaybackState.PLAYING
    tray.refresh()
    assert tray.play_pause_action.text() == "&Pause"
    assert tray.tooltip == "Seoul 2050 — Jay"
    tray.play_pause_action.trigger()
    tray.refresh()
    assert tray.play_pause_action.text() == "&Play"
    assert tray.tooltip == "Seoul 2050 — Jay (paused)"
    before = [name for name, _ in engine.calls]
    tray.next_action.trigger()
    tray.previous_action.trigger()
    after = [name for name, _ in engine.calls]
    assert after[len(before) :] == ["next", "previous"]


def test_show_hide_follows_the_window(window: QWidget, engine: FakeEngine, qtbot: QtBot) -> None:
    tray = make_tray(window, engine)
    tray.show_hide_action.trigger()
    assert not window.isVisible()
    tray.menu.aboutToShow.emit()  # the labels are brought up to date as the menu opens
    assert tray.show_hide_action.text() == "&Show window"
    tray.show_hide_action.trigger()
    assert window.isVisible()
    assert tray.show_hide_action.text() == "&Hide window"
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    tray.show_hide_action.trigger()  # a minimised window is brought back, not hidden
    qtbot.waitUntil(lambda: not window.isMinimized())
    assert window.isVisible()


def test_quit_quits(window: QWidget, engine: FakeEngine) -> None:
    tray = make_tray(window, engine)
    tray.quit_action.trigger()
    assert tray.quits == [True]


# ------------------------------------------------------------------ the icon
def test_without_a_tray_there_is_no_icon(window: QWidget, engine: FakeEngine) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: the default is no icon
    tray = Tray(window, engine, lambda: engine.current_track)
    assert tray.icon is None and not tray.shown


def test_the_icon_carries_the_tooltip_and_answers_clicks(
    window: QWidget, engine: FakeEngine
) -> None:
    tray = make_tray(window, engine, available=True)
    assert tray.shown and tray.icon is not None
    assert tray.icon.contextMenu() is tray.menu
    engine.play()
    tray.refresh()
    assert tray.icon.toolTip() == "Seoul 2050 — Jay"
    tray.icon.activated.emit(Activation.Trigger)
    assert not window.isVisible()
    tray.icon.activated.emit(Activation.Trigger)
    assert window.isVisible()
    tray.icon.activated.emit(Activation.MiddleClick)
    assert engine.state is PlaybackState.PAUSED
    tray.hide_icon()
    assert not tray.shown


def test_the_icon_falls_back_to_the_window_icon(window: QWidget, engine: FakeEngine) -> None:
    from PySide6.QtGui import QIcon, QPixmap

    pixmap = QPixmap(16, 16)
    pixmap.fill()
    window.setWindowIcon(QIcon(pixmap))
    tray = make_tray(window, engine, available=True)
    assert tray.icon is not None and not tray.icon.icon().isNull()


# ------------------------------------------------------------------ closing to the tray
class _ShownTray:
    shown = True


def test_closing_hides_only_when_chosen_and_a_tray_is_shown(settings: Settings) -> None:
    assert not settings.close_to_tray  # off by default
    assert not hides_on_close(settings, _ShownTray())  # type: ignore[arg-type]
    settings.close_to_tray = True
    assert hides_on_close(settings, _ShownTray())  # type: ignore[arg-type]
    assert not hides_on_close(settings, None)
    no_icon = _ShownTray()
    no_icon.shown = False
    assert not hides_on_close(settings, no_icon)  # type: ignore[arg-type]


@pytest.fixture
def shop(qtbot: QtBot, tmp_path: Path) -> Iterator[Shop]:
    made = Shop(qtbot, tmp_path, library=False)
    yield made
    made.close()


def test_the_window_goes_to_the_tray_when_chosen(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    window = shop.window
    tray = Tray(window, shop.engine, lambda: shop.engine.current_track, available=True)
    window.tray = tray  # type: ignore[attr-defined]  # as the composition root does
    shop.settings.close_to_tray = True
    assert not window.close()  # refused: it only hides
    assert not window.isVisible() and quits == []
    assert tray.shown
    tray.show_window()
    shop.settings.close_to_tray = False
    assert window.close()
    assert quits == [True]


def test_without_a_tray_closing_quits_even_when_chosen(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    shop.window.tray = Tray(  # type: ignore[attr-defined]
        shop.window, shop.engine, lambda: None, available=False
    )
    shop.settings.close_to_tray = True
    assert shop.window.close()
    assert quits == [True]


# ------------------------------------------------------------------ the settings
def test_the_settings_offer_both_choices_and_say_when_there_is_no_tray(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = SettingsDialog(settings, [], [], NIGHT)
    qtbot.addWidget(dialog)
    assert dialog.radio("close_to_tray", False).isChecked()
    assert not dialog.radio("close_to_tray", True).isEnabled()  # offscreen: no tray
    notes = [label.text() for label in dialog.findChildren(type(dialog.heading))]
    assert "This desktop shows no tray: closing the window quits." in notes
    notify: QRadioButton = dialog.radio("notify_track_change", True)
    assert dialog.radio("notify_track_change", False).isChecked()
    with qtbot.waitSignal(settings.changed) as changed:
        notify.click()
    assert changed.args == ["desktop/notify_track_change"] and settings.notify_track_change
