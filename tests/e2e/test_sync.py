"""The analyser shows a sound when it is heard: tone bursts after silence, through the null sink.

The real window runs in this process over the real engine. Each paint of the analyser is
timed; the first paint on which the burst's band lights a segment is compared with the moment
the burst reached the sink's monitor (both on the ``time.perf_counter`` clock).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings

from app.ui.main_window import MainWindow
from app.ui.player_session import PlayerSession
from app.ui.settings import Settings
from app.ui.side_art import SideArt
from app.visual.groove_map import GrooveMapCache
from tests.e2e.player import Player, wait_until
from tests.support import media
from tests.support.services import Recorder

pytestmark = pytest.mark.e2e
RATE = 44100
BURST_HZ = 2000.0
BURST_S = 0.4
GAP_S = 1.6
BURSTS = 4
TOLERANCE_S = 0.020


class PaintTimes(QObject):
    """Note the time of every paint of the analyser and whether the burst's band was lit."""

    def __init__(self, window: MainWindow, band: int) -> None:
        super().__init__()
        self.spectrum = window.amp.spectrum
        self.band = band
        self.lit: list[tuple[float, bool]] = []
        self.spectrum.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.spectrum and event.type() == QEvent.Type.Paint:
            floor_db = self.spectrum.range_db[0]
            level = float(self.spectrum.levels_db[self.band])
            self.lit.append((time.perf_counter(), level > floor_db))
        return False

    def first_lit_after(self, t: float) -> float:
        for when, lit in self.lit:
            if when >= t and lit:
                return when
        raise AssertionError(
            f"the analyser never showed the burst after {t:.3f} ({len(self.lit)} paints, "
            f"last {self.lit[-1] if self.lit else None})"
        )


def while_painting(find: Callable[[], int], timeout_s: float = 10.0) -> int:
    """Keep the window painting while the recorder is searched (a blocking wait would stall it)."""
    deadline = time.perf_counter() + timeout_s
    while True:
        QCoreApplication.processEvents()
        try:
            return find()
        except TimeoutError:
            if time.perf_counter() > deadline:
                raise


def bursts() -> np.ndarray:
    period = round((BURST_S + GAP_S) * RATE)
    signal = np.zeros((period * BURSTS + RATE, 2), dtype=np.int16)
    t = np.arange(round(BURST_S * RATE)) / RATE
    tone = (0.5 * 32767 * np.sin(2 * np.pi * BURST_HZ * t)).astype(np.int16)
    for n in range(BURSTS):
        start = round(GAP_S * RATE) + n * period
        signal[start : start + len(tone)] = tone[:, None]
    return signal


def test_the_analyser_shows_a_burst_within_20_ms_of_hearing_it(
    player: Player, recorder: Recorder, qtbot: Any, tmp_path: Path
) -> None:
    song = media.write_flac(tmp_path / "bursts.flac", bursts())
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    session = PlayerSession(player.engine, None, tmp_path / "queue.json")
    art = SideArt(GrooveMapCache(tmp_path / "grooves"))
    window = MainWindow(player.engine, player.output, settings, session, art, None)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    band = int(np.argmin(np.abs(window.ambience.listening.centres - BURST_HZ)))
    paints = PaintTimes(window, band)
    try:
        mark = recorder.mark()
        session.player.play([t for t in [session.resolve(song)] if t is not None])
        errors_ms, early = [], []
        after = mark
        for _ in range(BURSTS):
            onset = while_painting(lambda a=after: recorder.wait_for_sound(a, 0.005, threshold=200))
            heard_at = recorder.time_of_frame(onset)
            wait_until(lambda h=heard_at: time.perf_counter() > h + 0.2, 2, "the burst to be shown")
            shown_at = paints.first_lit_after(heard_at - 0.2)
            errors_ms.append(round((shown_at - heard_at) * 1000, 1))
            # In the quiet before the burst, the band was dark: the picture did not run ahead.
            early += [w for w, lit in paints.lit if heard_at - 0.6 < w < heard_at - 0.05 and lit]
            after = while_painting(lambda o=onset: recorder.wait_for_silence(o, 0.005, RATE // 2))
        assert all(abs(e) <= TOLERANCE_S * 1000 for e in errors_ms), errors_ms
        assert not early, "the analyser lit up before the burst was heard"
    finally:
        window.hide()
        session.close()
        art.close()
