"""Make the workbench's boards: numpy wood grain, cached on disk, laid as butt-jointed planks.

The grain is computed once per theme and kept as a PNG in the cache folder, so later starts
read it back in tens of milliseconds instead of making it again.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QRadialGradient

from app.platform.locations import cache_dir
from app.ui.theme import Theme
from app.ui.workshop.layout import clamp
from app.ui.workshop.pixels import rgb_array, rgba_image, value_noise

_WOOD_SIZE = (768, 2048)  # rows x columns of the generated board texture
WOOD_CACHE: dict[str, QImage] = {}
_WOOD_VERSION = 1  # bump when the grain's recipe changes, so old cached textures are not used


def _wood_texture(theme: Theme) -> QImage:
    """Return the theme's board texture: from memory, from the disk cache, or made afresh.

    The widget drops the in-memory copy once the backdrop is rendered (6 MB it no longer
    needs); the next render reads it back from disk in tens of milliseconds instead of
    making it again (150-300 ms).
    """
    cached = WOOD_CACHE.get(theme.name.value)
    if cached is not None:
        return cached
    path = cache_dir() / "shop" / f"wood-{theme.name.value}-{_WOOD_VERSION}.png"
    image = QImage(str(path)) if path.is_file() else QImage()
    if image.isNull() or (image.height(), image.width()) != _WOOD_SIZE:
        image = _make_wood_texture(theme)
        _store(image, path)
    WOOD_CACHE[theme.name.value] = image
    return image


def _store(image: QImage, path: Path) -> None:
    """Write ``image`` as PNG atomically; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        if image.save(str(temporary), "PNG"):
            os.replace(temporary, path)
        else:
            temporary.unlink(missing_ok=True)
    except OSError:
        pass


def _make_wood_texture(theme: Theme) -> QImage:
    """Return flat-sawn boards' grain: the saw cuts a tapering log's rings into cathedrals.

    A ring's radius at a point of the board is its distance from the pith, which lies a
    slowly varying depth below the surface; rings are unevenly spaced, and fibres, pores and
    colour blotches are stretched along the board.
    """
    rng = np.random.default_rng(1207)
    rows, cols = _WOOD_SIZE
    depth = 160 + 300 * value_noise(rng, (1, cols), (1, 5))[0] ** 1.5  # pith below the surface, px
    across = np.arange(rows, dtype=np.float32)[:, None] - rows * 0.5
    radius = np.sqrt(depth[None, :] ** 2 + across**2)
    radius += 14 * value_noise(rng, (rows, cols), (6, 14))  # rings wander a little
    table = np.cumsum(rng.uniform(0.5, 1.5, 200)).astype(np.float32)  # uneven ring widths
    rings = np.interp(radius / 12.0, np.arange(200, dtype=np.float32), table)
    phase = rings % 1.0
    late = np.clip((phase - 0.62) / 0.3, 0, 1)
    late *= late * np.clip((1 - phase) / 0.07, 0, 1)
    fibres = value_noise(rng, (rows, cols), (rows // 2, 60))
    blotch = value_noise(rng, (rows, cols), (3, 8))
    pores = (rng.random((rows, cols), dtype=np.float32) < 0.01).astype(np.float32).cumsum(axis=1)
    pores = (pores - np.roll(pores, 14, axis=1)).clip(0, 1) * (0.3 + late)
    tone = 0.6 + 0.4 * (blotch - 0.5) + 0.24 * (fibres - 0.5) - 0.3 * late - 0.1 * pores
    tone = tone.clip(0, 1)[..., None]
    dark, light, grain = (
        rgb_array(c) for c in (theme.wood_dark, theme.wood_light, theme.wood_grain)
    )
    rgb = dark + (light - dark) * tone
    rgb += (grain - rgb) * (late[..., None] * 0.3)
    rgba = np.full((rows, cols, 4), 255, np.uint8)
    rgba[..., :3] = rgb.clip(0, 255)
    return rgba_image(rgba)


# ------------------------------------------------------------------ the workbench
def _plank_heights(total: float) -> list[float]:
    """Return plank widths front to back, each a little wider as the bench comes nearer."""
    count = int(clamp(round(total / 105), 3, 7))
    weights = [1.12**index for index in range(count)]
    return [total * weight / sum(weights) for weight in weights]


def _draw_plank(
    painter: QPainter, texture: QImage, rect: QRectF, scale: float, rng: np.random.Generator
) -> None:
    """Lay one row of boards (butt-jointed where a board ends) with its grain and seams."""
    longest = texture.width() / scale
    x = rect.left() - rng.uniform(0.1, 0.6) * longest
    while x < rect.right():
        length = rng.uniform(0.55, 1.0) * longest
        src_h = rect.height() * scale
        source = QRectF(
            rng.uniform(0, texture.width() - length * scale),
            rng.uniform(0, texture.height() - src_h),
            length * scale,
            src_h,
        )
        target = QRectF(x, rect.top(), length, rect.height())
        painter.drawImage(target, texture, source)
        tone = rng.uniform(-1, 1)
        painter.fillRect(
            target,
            QColor(255, 235, 210, int(18 * tone)) if tone > 0 else QColor(0, 0, 0, int(-40 * tone)),
        )
        painter.fillRect(
            QRectF(x + length - 0.6, rect.top(), 1.4, rect.height()), QColor(0, 0, 0, 150)
        )
        x += length
    edges = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    edges.setColorAt(0, QColor(0, 0, 0, 110))
    edges.setColorAt(0.08, QColor(0, 0, 0, 0))
    edges.setColorAt(0.9, QColor(0, 0, 0, 0))
    edges.setColorAt(1, QColor(0, 0, 0, 70))
    painter.fillRect(rect, edges)
    painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), 1.2), QColor(0, 0, 0, 190))
    painter.fillRect(
        QRectF(rect.left(), rect.top() + 1.2, rect.width(), 1), QColor(255, 230, 200, 30)
    )


def draw_bench(painter: QPainter, theme: Theme, bench: QRectF) -> None:
    """Lay the bench's rows of boards across ``bench``, then its worn front edge."""
    rng = np.random.default_rng(77)
    texture = _wood_texture(theme)
    edge_px = clamp(bench.height() * 0.06, 7, 34)
    heights = _plank_heights(bench.height() - edge_px)
    scale = texture.height() / (max(heights) * 3.2)  # texture pixels per logical pixel
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    y = bench.top()
    for height in heights:
        _draw_plank(painter, texture, QRectF(bench.left(), y, bench.width(), height), scale, rng)
        y += height
    _draw_front_edge(
        painter, theme, QRectF(bench.left(), y, bench.width(), bench.bottom() - y), rng
    )


def _draw_front_edge(
    painter: QPainter, theme: Theme, rect: QRectF, rng: np.random.Generator
) -> None:
    """Paint the bench's rounded front edge, worn pale where hands and elbows rest."""
    nosing = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    nosing.setColorAt(0, theme.wood_light.lighter(135))
    nosing.setColorAt(0.12, theme.wood_light)
    nosing.setColorAt(0.5, theme.wood_dark)
    nosing.setColorAt(1, theme.wood_grain.darker(160))
    painter.fillRect(rect, nosing)
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(max(3, int(rect.width() / 260))):
        x, width = (
            rect.left() + rng.uniform(0, rect.width()),
            rect.width() * rng.uniform(0.04, 0.14),
        )
        wear = QRadialGradient(QPointF(0, 0), 1)
        wear.setColorAt(0, QColor(255, 226, 185, int(rng.uniform(12, 30))))
        wear.setColorAt(1, QColor(255, 226, 185, 0))
        painter.save()
        painter.translate(x, rect.top() + rect.height() * 0.15)
        painter.scale(width / 2, rect.height() * 0.45)
        painter.fillRect(QRectF(-1, -1, 2, 2), wear)
        painter.restore()
    painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), 1), QColor(0, 0, 0, 160))
