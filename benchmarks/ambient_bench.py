"""The ambient mode's figures: what one frame of its own painting costs at 1920 x 1080.

An :class:`~app.ui.ambient.ambient_view.AmbientView` (offscreen, night theme) showing the demo
record's cover as its label, a track under way and the label turning, is rendered into a
1920 x 1080 image with ``view.render()`` 90 times per case, each frame at a new angle and
position as the deck drives it. The cases: the view's own night sky (a cached picture, so a
frame copies it), a sky painter that paints nothing (the view's part alone, what it adds on
top of the real sky painter), paused, a printed label (no cover), and the same window at
twice the pixel density (a 3840 x 2160 image). The first frame, which
makes every cached picture, is reported apart. The floor: a frame of the view's own part
must stay under about 2 ms (6 % of a core at 30 frames a second).

``python -m benchmarks.ambient_bench`` prints the figures and their JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from app.ui.ambient import AmbientView
from app.ui.theme import NIGHT

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1920, 1080
FRAMES = 90
FPS = 30
FLOOR_MS = 2.0


def _no_sky(painter: QPainter, rect: QRectF) -> None:
    """Paint nothing: the frame then costs only the view's own part."""


def _frames(view: AmbientView, target: QImage, count: int) -> list[float]:
    """Return the times (ms) of ``count`` renders, the label and ring moving as when playing."""
    times = []
    for frame in range(count):
        view.set_label_angle(frame * 200.0 / FPS)  # 33 1/3 rpm
        view.set_progress(61.0 + frame / FPS, 245.0)
        start = time.perf_counter()
        view.render(target)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure() -> dict[str, float]:
    """Return the median milliseconds of one frame in each case, and of the first frame."""
    app = QApplication.instance() or QApplication([])
    assert app is not None
    cover = QImage(str(ROOT / "resources" / "demo" / "cover.png"))
    view = AmbientView(NIGHT)
    view.resize(WIDTH, HEIGHT)
    view.set_now_playing("Solder & Starlight", "Starlight Turntable", cover)
    target = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    results: dict[str, float] = {}
    results["first_frame_ms"] = min(_frames(view, target, 1))  # makes every cached picture
    results["own_sky_ms"] = statistics.median(_frames(view, target, FRAMES))
    view.set_sky_painter(_no_sky)
    results["no_op_sky_ms"] = statistics.median(_frames(view, target, FRAMES))
    view.set_playing(False)
    _frames(view, target, 1)  # the dimmed words are drawn once
    results["no_op_sky_paused_ms"] = statistics.median(_frames(view, target, FRAMES))
    view.set_playing(True)
    view.set_now_playing("Solder & Starlight", "Starlight Turntable", None)
    _frames(view, target, 1)  # the printed label is drawn once
    results["no_op_sky_printed_label_ms"] = statistics.median(_frames(view, target, FRAMES))
    results["own_part_core_share_at_30fps"] = results["no_op_sky_ms"] * FPS / 1000
    dense = QImage(2 * WIDTH, 2 * HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    dense.setDevicePixelRatio(2.0)  # a 4K screen at twice the density
    view.set_now_playing("Solder & Starlight", "Starlight Turntable", cover)
    _frames(view, dense, 1)
    results["no_op_sky_dpr2_ms"] = statistics.median(_frames(view, dense, FRAMES // 3))
    view.deleteLater()
    return results


def main() -> None:
    """Print the figures as a table and as JSON."""
    results = measure()
    print(f"Ambient view at {WIDTH} x {HEIGHT}, median of {FRAMES} frames (floor {FLOOR_MS} ms)")
    for name, value in results.items():
        print(f"  {name:32s} {value:8.3f}")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
