"""The ambience: the amplifier and the sky follow what is heard, and rest when nothing is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.playback import PlaybackState
from app.ui.ambience import QUIET_FRAME_MS
from app.ui.amp import AnalyserStyle, MeterMode
from tests.ui.test_main_window import Shop, write_album

RATE = 44100


@pytest.fixture
def shop(qtbot: Any, tmp_path: Path) -> Iterator[Shop]:
    made = Shop(qtbot, tmp_path)
    made.window.resize(1600, 1000)
    qtbot.waitUntil(made.window.amp.isVisible, timeout=3000)
    yield made
    made.close()


def play_tone(shop: Shop, tmp_path: Path, hz: float, amplitude: float) -> None:
    """Play a record on the fake engine and put a tone in what it 'hears'."""
    shop.window.play_tracks(write_album(tmp_path / "Night", "Night"))
    t = np.arange(shop.engine.heard.capacity_frames) / RATE  # about 3 s: all the tap keeps
    tone = (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    shop.engine.heard.write(0, np.stack([tone, tone], axis=1))
    shop.engine.audible_frame = RATE // 2


def listening_until(shop: Shop, condition: Any, timeout_ms: int = 4000) -> None:
    """Let the heard position move on in real time while waiting for ``condition``."""
    clock = {"last": None}

    def moved_on() -> bool:
        import time

        now = time.perf_counter()
        if clock["last"] is not None:
            shop.engine.audible_frame += round((now - clock["last"]) * RATE)
        clock["last"] = now
        return bool(condition())

    shop.qtbot.waitUntil(moved_on, timeout=timeout_ms)


def band_of(shop: Shop, hz: float) -> int:
    centres = np.asarray(shop.window.amp.spectrum.bands_hz)
    return int(np.argmin(np.abs(centres - hz)))


def test_the_analyser_and_meters_show_the_tone_being_heard(shop: Shop, tmp_path: Path) -> None:
    play_tone(shop, tmp_path, 1000.0, 0.5)
    amp = shop.window.amp
    band = band_of(shop, 1000.0)
    listening_until(shop, lambda: amp.spectrum.levels_db[band] > -8.0)
    levels = np.asarray(amp.spectrum.levels_db)
    assert levels[band] == pytest.approx(20 * np.log10(0.5), abs=1.5)
    assert levels[band - 2] < levels[band] - 20 and levels[band + 2] < levels[band] - 20
    listening_until(shop, lambda: amp.vu_left.level_dbfs > -7.0)
    assert amp.vu_left.level_dbfs == pytest.approx(amp.vu_right.level_dbfs, abs=0.1)


def test_paused_the_bars_fall_and_the_sky_twinkles_quietly(shop: Shop, tmp_path: Path) -> None:
    play_tone(shop, tmp_path, 1000.0, 0.5)
    amp, ambience = shop.window.amp, shop.window.ambience
    band = band_of(shop, 1000.0)
    listening_until(shop, lambda: amp.spectrum.levels_db[band] > -8.0)
    shop.window.engine.pause()
    assert shop.engine.state is PlaybackState.PAUSED
    shop.qtbot.waitUntil(lambda: amp.spectrum.levels_db[band] < -60.0, timeout=4000)
    shop.qtbot.waitUntil(lambda: ambience._timer.interval() == QUIET_FRAME_MS, timeout=4000)
    sky_time = ambience.starfield.time_s
    shop.qtbot.wait(3 * QUIET_FRAME_MS)
    assert ambience.running and ambience.starfield.time_s > sky_time, "the stars still twinkle"


def test_meters_and_display_follow_the_settings_and_a_click(shop: Shop) -> None:
    settings, amp = shop.settings, shop.window.amp
    settings.meter_mode = "ppm"
    assert amp.meter_mode is MeterMode.PPM and amp.vu_left.mode is MeterMode.PPM
    shop.qtbot.mouseClick(amp.vu_right, Qt.MouseButton.LeftButton)
    assert settings.meter_mode == "vu" and amp.meter_mode is MeterMode.VU
    shop.qtbot.mouseClick(amp.spectrum, Qt.MouseButton.LeftButton)
    assert settings.analyser_style == "vfd" and amp.analyser_style is AnalyserStyle.VFD


def test_finer_bands_reach_the_analyser_and_its_display(shop: Shop) -> None:
    third = len(shop.window.amp.spectrum.bands_hz)
    shop.settings.analyser_bands_per_octave = 12
    listening = shop.window.ambience.listening
    assert len(listening.centres) > 3 * third
    assert len(shop.window.amp.spectrum.bands_hz) == len(listening.centres)


def test_the_amplifier_steps_aside_when_short_or_put_away(shop: Shop) -> None:
    window = shop.window
    window.resize(960, 600)
    shop.qtbot.waitUntil(lambda: not window.amp.isVisible(), timeout=3000)
    assert window.deck.height() >= 320
    window.resize(1600, 1000)
    shop.qtbot.waitUntil(window.amp.isVisible, timeout=3000)
    shop.settings.show_amplifier = False
    assert not window.amp.isVisible()


def test_the_shop_window_shows_the_moving_starfield(shop: Shop, tmp_path: Path) -> None:
    play_tone(shop, tmp_path, 60.0, 0.5)
    ambience = shop.window.ambience
    start = ambience.starfield.time_s
    listening_until(shop, lambda: ambience.starfield.time_s > start + 0.3)
    image = shop.window.workbench.grab(shop.window.workbench.sky_rect()).toImage()
    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(-1, 4)
    assert (pixels[:, :3].max(axis=1) > 200).sum() > 20, "bright stars in the sky"
    QApplication.processEvents()


def test_ambient_mode_turns_the_label_and_follows_the_music(shop: Shop, tmp_path: Path) -> None:
    play_tone(shop, tmp_path, 1000.0, 0.5)
    window, ambience = shop.window, shop.window.ambience
    shop.engine.position_s = 42.0
    window.ambient.enter()
    view = window.ambient.view
    shop.qtbot.waitUntil(lambda: view.progress[0] == 42.0, timeout=3000)
    angle = view.label_angle_deg
    shop.qtbot.waitUntil(lambda: abs(view.label_angle_deg - angle) > 10, timeout=3000)
    assert ambience._timer.interval() == 33, "30 frames a second full screen"
    assert not window.amp.isVisible()
    window.ambient.leave()
    shop.qtbot.waitUntil(window.amp.isVisible, timeout=3000)


def test_the_live_stars_shine_only_in_the_night_shop(shop: Shop) -> None:
    workbench = shop.window.workbench
    assert workbench._sky_layer is not None
    shop.settings.theme = "day"
    assert workbench._sky_layer is None, "no stars in a daylight sky"
    shop.settings.theme = "night"
    assert workbench._sky_layer is not None
