"""The amplifier panel's frame cost: three setters and a repaint, as the app's frame timer does.

Each frame feeds new analyser levels and peaks (a pink-ish spectrum with falling highs that
moves frame to frame) and a needle level to both meters, then paints the whole panel
(faceplate and the three views) into an image with ``QWidget.render``: more than the app
repaints, where only the three views are updated and the faceplate is left alone. The
figure is the median of the frames' wall-clock time after a warm-up that renders the cached
layers. Sizes: 700x140 (the panel under the deck at 1600x1000) and 1100x180, with 31 and 120
bands, and 700x140 at devicePixelRatio 2. The ``shown`` figures run the app's own path on a
shown offscreen window: the setters, then the event loop repaints only the three views.
"""

from __future__ import annotations

import json
import os
import statistics
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication, QWidget

FRAMES = 300
WARM_UP = 20


def _centres(per_octave: int) -> np.ndarray:
    steps = np.arange(round(np.log2(0.02) * per_octave), round(np.log2(20.0) * per_octave) + 1)
    return 1000.0 * 2.0 ** (steps / per_octave)


def _frames(centres: np.ndarray, count: int) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """Return ``count`` frames of (levels, peaks, left level, right level) that keep moving."""
    rng = np.random.default_rng(60)
    octaves = np.log2(centres / 1000.0)
    shape = (
        -26.0 - 4.5 * np.maximum(0.0, octaves) ** 1.5 - 2.5 * np.maximum(0.0, -octaves - 2.5) ** 2
    )
    peaks = np.full(centres.size, -120.0)
    frames = []
    for index in range(count):
        levels = (
            shape + 6.0 * np.sin(index * 0.21 + octaves * 1.7) + rng.normal(0.0, 2.0, centres.size)
        )
        peaks = np.maximum(levels, peaks - 0.4)
        swing = 3.0 * np.sin(index * 0.13)
        frames.append((levels, peaks.copy(), -19.0 + swing, -17.5 - swing))
    return frames


def _measure_panel(width: int, height: int, per_octave: int, dpr: float = 1.0) -> float:
    from app.ui.amp import AmplifierPanel
    from app.ui.theme import NIGHT

    panel = AmplifierPanel(NIGHT)
    panel.resize(width, height)
    centres = _centres(per_octave)
    panel.spectrum.set_bands(centres.tolist())
    target = QImage(
        round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied
    )
    target.setDevicePixelRatio(dpr)
    times = []
    for index, (levels, peaks, left, right) in enumerate(_frames(centres, FRAMES + WARM_UP)):
        started = time.perf_counter()
        panel.spectrum.set_levels(levels, peaks)
        panel.vu_left.set_level(left)
        panel.vu_right.set_level(right)
        panel.vu_right.set_peak_lamp(index % 20 < 6)
        panel.render(target, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)
        if index >= WARM_UP:
            times.append((time.perf_counter() - started) * 1000.0)
    panel.deleteLater()
    return statistics.median(times)


def _measure_shown(width: int, height: int, per_octave: int) -> float:
    """Return the median ms of a frame as the app runs it: setters, then the event loop paints.

    The panel is a shown (offscreen) window: only the views that asked for a frame repaint,
    into the backing store, which is then flushed.
    """
    from app.ui.amp import AmplifierPanel
    from app.ui.theme import NIGHT

    app = QApplication.instance()
    assert app is not None
    panel = AmplifierPanel(NIGHT)
    panel.resize(width, height)
    panel.show()
    centres = _centres(per_octave)
    panel.spectrum.set_bands(centres.tolist())
    times = []
    for index, (levels, peaks, left, right) in enumerate(_frames(centres, FRAMES + WARM_UP)):
        started = time.perf_counter()
        panel.spectrum.set_levels(levels, peaks)
        panel.vu_left.set_level(left)
        panel.vu_right.set_level(right)
        app.processEvents()
        if index >= WARM_UP:
            times.append((time.perf_counter() - started) * 1000.0)
    panel.close()
    panel.deleteLater()
    return statistics.median(times)


def measure() -> dict[str, float]:
    """Return the median ms per frame (setters and a full repaint of the panel) per case."""
    app = QApplication.instance() or QApplication([])
    results = {
        "amp_frame_700x140_31_bands_ms": _measure_panel(700, 140, 3),
        "amp_frame_700x140_120_bands_ms": _measure_panel(700, 140, 12),
        "amp_frame_700x140_31_bands_dpr2_ms": _measure_panel(700, 140, 3, dpr=2.0),
        "amp_frame_1100x180_31_bands_ms": _measure_panel(1100, 180, 3),
        "amp_frame_1100x180_120_bands_ms": _measure_panel(1100, 180, 12),
        "amp_frame_700x140_31_bands_shown_ms": _measure_shown(700, 140, 3),
        "amp_frame_700x140_120_bands_shown_ms": _measure_shown(700, 140, 12),
    }
    app.processEvents()
    return {name: round(value, 4) for name, value in results.items()}


if __name__ == "__main__":
    started = time.perf_counter()
    figures = measure()
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:8.3f} ms")
    print(f"(measured in {time.perf_counter() - started:.1f} s)")
    print(json.dumps(figures))
