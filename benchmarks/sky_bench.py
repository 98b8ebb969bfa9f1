"""The starlit sky's cost per frame: the model's step plus the painter, in the shop and full screen.

- ``shop_ms``: ``Starfield.step`` + ``SkyPainter.paint_stars`` into the shop window's sky, a
  1460 x 240 ``Format_ARGB32_Premultiplied`` image (its size in a 1600 x 1000 main window),
  stepped at 60 fps with music playing. The sky gradient behind is filled outside the timing.
- ``shop_dpr2_ms``: the same at device pixel ratio 2.
- ``shop_tall_ms``: the same for the 1456 x 373 window the workbench gives a 1600 x 1000 main
  window at its default window share.
- ``ambient_ms``: ``step`` + ``paint_sky`` at 1920 x 1080, stepped at 30 fps, including the
  blit of the cached background and its periodic re-render as the sky turns (spread over the
  frames, as it happens); ``ambient_core_pct`` is that time as a share of one core at 30 fps.
- ``ambient_half_ms``: ``paint_sky`` at 960 x 540.
- ``step_ms``: ``Starfield.step`` alone.

Medians (and 95th percentiles) of several hundred frames after a warm-up; under 15 s in all.
Run ``.venv/bin/python -m benchmarks.sky_bench``.
"""

from __future__ import annotations

import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

from app.ui.sky import SkyPainter
from app.visual.starfield import MusicMood, Starfield

SHOP = (1460, 240)
SHOP_TALL = (1456, 373)
AMBIENT = (1920, 1080)
HALF = (960, 540)
FRAMES = 400
WARM_UP = 30


def _mood(frame: int) -> MusicMood:
    """Return a steady 120 bpm beat over a moving bass, as a playing record gives."""
    beat = max(0.0, 1.0 - (frame % 30) / 8.0)
    return MusicMood(bass=0.5 + 0.3 * ((frame // 7) % 3) / 2, beat=beat, energy=0.6)


def _image(size: tuple[int, int], dpr: float) -> QImage:
    image = QImage(
        round(size[0] * dpr), round(size[1] * dpr), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(dpr)
    return image


def _fill_sky(image: QImage, size: tuple[int, int]) -> None:
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, 0, size[1])
    gradient.setColorAt(0, QColor("#050914"))
    gradient.setColorAt(1, QColor("#172441"))
    painter.fillRect(QRectF(0, 0, *size), gradient)
    painter.end()


def _frames(size: tuple[int, int], dpr: float, fps: float, whole_sky: bool) -> list[float]:
    """Return the milliseconds of each timed frame (step + paint)."""
    field = Starfield(seed=7, aspect=size[0] / size[1])
    sky = SkyPainter(field)
    image = _image(size, dpr)
    rect = QRectF(0, 0, *size)
    times = []
    for frame in range(WARM_UP + FRAMES):
        if not whole_sky:
            _fill_sky(image, size)
        started = time.perf_counter()
        field.step(1.0 / fps, _mood(frame))
        painter = QPainter(image)
        if whole_sky:
            sky.paint_sky(painter, rect)
        else:
            sky.paint_stars(painter, rect)
        painter.end()
        if frame >= WARM_UP:
            times.append((time.perf_counter() - started) * 1000.0)
    return times


def _step_ms() -> float:
    field = Starfield(seed=7, aspect=SHOP[0] / SHOP[1])
    for frame in range(WARM_UP):
        field.step(1 / 60, _mood(frame))
    started = time.perf_counter()
    for frame in range(FRAMES):
        field.step(1 / 60, _mood(frame))
    return (time.perf_counter() - started) * 1000.0 / FRAMES


def _p95(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.95)]


def measure() -> dict[str, float]:
    """Return the sky's costs in milliseconds per frame (and the ambient share of a core)."""
    app = QApplication.instance() or QApplication([])
    assert app is not None
    shop = _frames(SHOP, 1.0, 60.0, whole_sky=False)
    shop2 = _frames(SHOP, 2.0, 60.0, whole_sky=False)
    tall = _frames(SHOP_TALL, 1.0, 60.0, whole_sky=False)
    ambient = _frames(AMBIENT, 1.0, 30.0, whole_sky=True)
    half = _frames(HALF, 1.0, 30.0, whole_sky=True)
    ambient_mean = statistics.fmean(ambient)
    return {
        "shop_ms": statistics.median(shop),
        "shop_p95_ms": _p95(shop),
        "shop_dpr2_ms": statistics.median(shop2),
        "shop_tall_ms": statistics.median(tall),
        "ambient_ms": statistics.median(ambient),
        "ambient_mean_ms": ambient_mean,
        "ambient_p95_ms": _p95(ambient),
        "ambient_core_pct": ambient_mean * 30.0 / 10.0,
        "ambient_half_ms": statistics.median(half),
        "step_ms": _step_ms(),
    }


if __name__ == "__main__":
    results = measure()
    width = max(len(name) for name in results)
    for name, value in results.items():
        print(f"{name:<{width}}  {value:8.3f}")
    print(json.dumps({name: round(value, 4) for name, value in results.items()}))
