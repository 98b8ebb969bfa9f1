"""Mix colours and make pixels with numpy: value noise, RGBA images, blurs and glows."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen


def mix(first: QColor, second: QColor, t: float) -> QColor:
    """Return the colour ``t`` of the way from ``first`` to ``second``."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * t),
        round(first.green() + (second.green() - first.green()) * t),
        round(first.blue() + (second.blue() - first.blue()) * t),
    )


def value_noise(
    rng: np.random.Generator, shape: tuple[int, int], cells: tuple[int, int]
) -> np.ndarray:
    """Return smooth value noise in [0, 1] with ``cells`` (rows, columns) of variation."""
    grid = rng.random((cells[0] + 2, cells[1] + 2), dtype=np.float32)
    weights = []
    for count, length in zip(cells, shape, strict=True):
        at = np.linspace(0, count, length, dtype=np.float32)
        start = at.astype(np.int32)
        frac = at - start
        weights.append((start, frac * frac * (3 - 2 * frac)))
    (y0, fy), (x0, fx) = weights
    along = grid[:, x0] * (1 - fx) + grid[:, x0 + 1] * fx  # interpolate each grid row first
    noise: np.ndarray = along[y0] * (1 - fy)[:, None] + along[y0 + 1] * fy[:, None]
    return noise


def rgb_array(colour: QColor) -> np.ndarray:
    """Return ``colour``'s red, green and blue as a float32 array."""
    return np.array([colour.red(), colour.green(), colour.blue()], np.float32)


def rgba_image(rgba: np.ndarray, premultiplied: bool = False) -> QImage:
    """Return an (h, w, 4) uint8 RGBA array as a QImage that owns its pixels."""
    height, width = rgba.shape[:2]
    data = np.ascontiguousarray(rgba, dtype=np.uint8)
    fmt = (
        QImage.Format.Format_RGBA8888_Premultiplied
        if premultiplied
        else QImage.Format.Format_RGBA8888
    )
    return QImage(data.data, width, height, 4 * width, fmt).copy()


def _blurred(alpha: np.ndarray, radius: int) -> np.ndarray:
    """Return ``alpha`` blurred by three box passes (close to a Gaussian)."""
    out = alpha.astype(np.float32)
    size = 2 * radius + 1
    for _ in range(3):
        for axis in (0, 1):
            pad = [(0, 0), (0, 0)]
            pad[axis] = (radius + 1, radius)
            summed = np.pad(out, pad).cumsum(axis=axis)
            count = summed.shape[axis]
            upper = np.take(summed, np.arange(size, count), axis=axis)
            out = (upper - np.take(summed, np.arange(0, count - size), axis=axis)) / size
    return out


def draw_glow(
    painter: QPainter, path: QPainterPath, colour: QColor, radius: float, dpr: float
) -> None:
    """Paint a soft blurred halo of ``colour`` around ``path`` (the neon's light in the air)."""
    area = path.boundingRect().adjusted(-3 * radius, -3 * radius, 3 * radius, 3 * radius)
    size = QSize(max(1, round(area.width() * dpr)), max(1, round(area.height() * dpr)))
    mask = QImage(size, QImage.Format.Format_RGBA8888_Premultiplied)
    mask.fill(Qt.GlobalColor.transparent)
    mask_painter = QPainter(mask)
    mask_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    mask_painter.scale(dpr, dpr)
    mask_painter.translate(-area.topLeft())
    mask_painter.fillPath(path, QColor("white"))
    mask_painter.strokePath(path, QPen(QColor("white"), radius * 0.4))
    mask_painter.end()
    buffer = np.frombuffer(mask.constBits(), np.uint8, count=mask.sizeInBytes())
    alpha = buffer.reshape(size.height(), mask.bytesPerLine() // 4, 4)[:, : size.width(), 3]
    strength = (_blurred(alpha, max(1, round(radius * dpr))) / 255.0).clip(0, 1)[..., None]
    rgba = np.append(rgb_array(colour), 255).astype(np.float32) * strength * (colour.alpha() / 255)
    halo = rgba_image(rgba.clip(0, 255).astype(np.uint8), premultiplied=True)
    halo.setDevicePixelRatio(dpr)
    painter.drawImage(area.topLeft(), halo)
