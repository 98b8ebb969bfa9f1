"""Jay's shop around everything else: the shop window, the sign, the workbench and the lamp.

:class:`Workbench` paints the main window's whole background; the main window lays its panels
over it. The backdrop is static, so it is rendered once per size, theme, window share and device
pixel ratio into a pixmap, and a paint only blits the exposed part of it. During a resize storm
the old pixmap is stretched and the real render waits until the size has been still for
``SETTLE_MS``.

The art is drawn in logical pixels on a pixmap that carries the device pixel ratio, so edges and
lettering stay sharp on high-DPI screens. Wood grain and the sign's glow are computed with numpy;
the skyline (Seoul in 2050, with Namsan and its tower) and the still stars come from a seeded
random generator, so the shop looks the same at every start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QRadialGradient,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from app.platform.locations import cache_dir
from app.ui.theme import Theme

__all__ = ["SETTLE_MS", "SkyLayer", "Workbench"]

SETTLE_MS = 100  # the real render waits until the size has been still this long
SkyLayer = Callable[[QPainter, QRect], None]
SIGN_TEXT = "Starlight Repairs"
SIGN_CAPTION = "JAY'S  \u00b7  SEOUL"
_FRACTION_RANGE = (0.25, 0.75)
_WOOD_SIZE = (768, 2048)  # rows x columns of the generated board texture
_WOOD_CACHE: dict[str, QImage] = {}
_WOOD_VERSION = 1  # bump when the grain's recipe changes, so old cached textures are not used
# What a rendered backdrop was drawn for: size, pixel ratio, theme, window share, still stars.
_Key = tuple[tuple[int, int], float, str, float, bool]


def _mix(first: QColor, second: QColor, t: float) -> QColor:
    return QColor(
        round(first.red() + (second.red() - first.red()) * t),
        round(first.green() + (second.green() - first.green()) * t),
        round(first.blue() + (second.blue() - first.blue()) * t),
    )


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class _Layout:
    """Where the parts of the shop sit, in logical pixels, for one widget size."""

    frame: QRectF  # the window's outer frame
    glass: QRectF  # the sky seen through it
    transom: QRectF  # the upper pane, where the sign is lettered
    sill: QRectF
    bench: QRectF
    frame_px: float

    @classmethod
    def of(cls, width: int, height: int, window_fraction: float) -> _Layout:
        """Return the layout for a ``width`` x ``height`` window giving the sky its share."""
        bench_top = round(height * window_fraction)
        frame_px = _clamp(min(width, height) * 0.016, 7, 36)
        sill_px = _clamp(height * 0.02, 8, 40)
        margin_x, top = width * 0.035, height * 0.035
        frame = QRectF(margin_x, top, width - 2 * margin_x, bench_top - sill_px - top)
        glass = frame.adjusted(frame_px, frame_px, -frame_px, -frame_px)
        transom = QRectF(glass.left(), glass.top(), glass.width(), glass.height() * 0.34)
        sill = QRectF(
            margin_x - frame_px, bench_top - sill_px, frame.width() + 2 * frame_px, sill_px
        )
        bench = QRectF(0, bench_top, width, height - bench_top)
        return cls(frame, glass, transom, sill, bench, frame_px)


# ------------------------------------------------------------------ numpy art
def _noise(rng: np.random.Generator, shape: tuple[int, int], cells: tuple[int, int]) -> np.ndarray:
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


def _rgb(colour: QColor) -> np.ndarray:
    return np.array([colour.red(), colour.green(), colour.blue()], np.float32)


def _image(rgba: np.ndarray, premultiplied: bool = False) -> QImage:
    """Return an (h, w, 4) uint8 RGBA array as a QImage that owns its pixels."""
    height, width = rgba.shape[:2]
    data = np.ascontiguousarray(rgba, dtype=np.uint8)
    fmt = (
        QImage.Format.Format_RGBA8888_Premultiplied
        if premultiplied
        else QImage.Format.Format_RGBA8888
    )
    return QImage(data.data, width, height, 4 * width, fmt).copy()


def _wood_texture(theme: Theme) -> QImage:
    """Return the theme's board texture: from memory, from the disk cache, or made afresh.

    The widget drops the in-memory copy once the backdrop is rendered (6 MB it no longer
    needs); the next render reads it back from disk in tens of milliseconds instead of
    making it again (150-300 ms).
    """
    cached = _WOOD_CACHE.get(theme.name.value)
    if cached is not None:
        return cached
    path = cache_dir() / "shop" / f"wood-{theme.name.value}-{_WOOD_VERSION}.png"
    image = QImage(str(path)) if path.is_file() else QImage()
    if image.isNull() or (image.height(), image.width()) != _WOOD_SIZE:
        image = _make_wood_texture(theme)
        _store(image, path)
    _WOOD_CACHE[theme.name.value] = image
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
    depth = 160 + 300 * _noise(rng, (1, cols), (1, 5))[0] ** 1.5  # pith below the surface, px
    across = np.arange(rows, dtype=np.float32)[:, None] - rows * 0.5
    radius = np.sqrt(depth[None, :] ** 2 + across**2)
    radius += 14 * _noise(rng, (rows, cols), (6, 14))  # rings wander a little
    table = np.cumsum(rng.uniform(0.5, 1.5, 200)).astype(np.float32)  # uneven ring widths
    rings = np.interp(radius / 12.0, np.arange(200, dtype=np.float32), table)
    phase = rings % 1.0
    late = np.clip((phase - 0.62) / 0.3, 0, 1)
    late *= late * np.clip((1 - phase) / 0.07, 0, 1)
    fibres = _noise(rng, (rows, cols), (rows // 2, 60))
    blotch = _noise(rng, (rows, cols), (3, 8))
    pores = (rng.random((rows, cols), dtype=np.float32) < 0.01).astype(np.float32).cumsum(axis=1)
    pores = (pores - np.roll(pores, 14, axis=1)).clip(0, 1) * (0.3 + late)
    tone = 0.6 + 0.4 * (blotch - 0.5) + 0.24 * (fibres - 0.5) - 0.3 * late - 0.1 * pores
    tone = tone.clip(0, 1)[..., None]
    dark, light, grain = (_rgb(c) for c in (theme.wood_dark, theme.wood_light, theme.wood_grain))
    rgb = dark + (light - dark) * tone
    rgb += (grain - rgb) * (late[..., None] * 0.3)
    rgba = np.full((rows, cols, 4), 255, np.uint8)
    rgba[..., :3] = rgb.clip(0, 255)
    return _image(rgba)


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


def _glow(painter: QPainter, path: QPainterPath, colour: QColor, radius: float, dpr: float) -> None:
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
    rgba = np.append(_rgb(colour), 255).astype(np.float32) * strength * (colour.alpha() / 255)
    halo = _image(rgba.clip(0, 255).astype(np.uint8), premultiplied=True)
    halo.setDevicePixelRatio(dpr)
    painter.drawImage(area.topLeft(), halo)


# ------------------------------------------------------------------ the wall and the window
def _draw_wall(painter: QPainter, theme: Theme, width: int, bench_top: float) -> None:
    base = theme.plinth_edge if theme.is_night else theme.plinth
    gradient = QLinearGradient(0, 0, 0, bench_top)
    gradient.setColorAt(0, base.darker(150 if theme.is_night else 110))
    gradient.setColorAt(1, base.lighter(125 if theme.is_night else 104))
    painter.fillRect(QRectF(0, 0, width, bench_top), gradient)
    board_px = _clamp(width / 30, 28, 96)
    groove = QColor(0, 0, 0, 90 if theme.is_night else 40)
    edge = QColor(255, 230, 200, 16 if theme.is_night else 40)
    x = board_px / 2
    while x < width:  # tongue-and-groove boarding
        painter.fillRect(QRectF(x, 0, 1.2, bench_top), groove)
        painter.fillRect(QRectF(x + 1.2, 0, 1, bench_top), edge)
        x += board_px


def _draw_sky(painter: QPainter, theme: Theme, glass: QRectF, stars: bool) -> None:
    gradient = QLinearGradient(glass.topLeft(), glass.bottomLeft())
    gradient.setColorAt(0, theme.sky_top)
    gradient.setColorAt(0.62, _mix(theme.sky_top, theme.sky_bottom, 0.55))
    gradient.setColorAt(1, theme.sky_bottom)
    painter.fillRect(glass, gradient)
    haze = QLinearGradient(
        glass.left(), glass.bottom() - glass.height() * 0.45, glass.left(), glass.bottom()
    )
    warm = QColor(255, 150, 90) if theme.is_night else QColor(255, 244, 225)
    haze.setColorAt(0, QColor(warm.red(), warm.green(), warm.blue(), 0))
    haze.setColorAt(1, QColor(warm.red(), warm.green(), warm.blue(), 46 if theme.is_night else 120))
    painter.fillRect(glass, haze)
    if theme.is_night and stars:
        _draw_stars(painter, glass)
    elif not theme.is_night:
        _draw_clouds(painter, glass)


def _draw_stars(painter: QPainter, glass: QRectF) -> None:
    """Still placeholder stars, the same at every start; a later issue lets them twinkle."""
    rng = np.random.default_rng(2050)
    count = int(glass.width() * glass.height() / 1300)
    xs, ys = rng.random(count), rng.random(count) ** 1.5 * 0.8
    radii = 0.35 + rng.random(count) ** 4 * 1.25
    alphas = 50 + rng.random(count) * 190
    tints = ((255, 255, 255), (205, 220, 255), (255, 228, 196))
    painter.setPen(Qt.PenStyle.NoPen)
    for x, y, radius, alpha, tint in zip(
        xs, ys, radii, alphas, rng.integers(0, 3, count), strict=True
    ):
        centre = QPointF(glass.left() + x * glass.width(), glass.top() + y * glass.height())
        colour = QColor(*tints[tint], int(alpha))
        painter.setBrush(colour)
        painter.drawEllipse(centre, radius, radius)
        if radius > 1.25:  # the brightest get a faint cross of light
            colour.setAlpha(int(alpha * 0.35))
            painter.fillRect(
                QRectF(centre.x() - radius * 4, centre.y() - 0.35, radius * 8, 0.7), colour
            )
            painter.fillRect(
                QRectF(centre.x() - 0.35, centre.y() - radius * 4, 0.7, radius * 8), colour
            )


def _draw_clouds(painter: QPainter, glass: QRectF) -> None:
    rng = np.random.default_rng(615)
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(7):
        cx, cy = rng.uniform(0.05, 0.95), rng.uniform(0.12, 0.55)
        for _ in range(6):
            x = glass.left() + (cx + rng.uniform(-0.06, 0.06)) * glass.width()
            y = glass.top() + (cy + rng.uniform(-0.03, 0.03)) * glass.height()
            rx, ry = (
                glass.width() * rng.uniform(0.03, 0.07),
                glass.height() * rng.uniform(0.04, 0.08),
            )
            gradient = QRadialGradient(QPointF(x, y), 1)
            gradient.setColorAt(0, QColor(255, 255, 255, 120))
            gradient.setColorAt(1, QColor(255, 255, 255, 0))
            painter.save()
            painter.translate(x, y)
            painter.scale(rx, ry)
            gradient.setCenter(0, 0)
            gradient.setFocalPoint(0, 0)
            painter.setBrush(gradient)
            painter.drawEllipse(QPointF(0, 0), 1, 1)
            painter.restore()


# ------------------------------------------------------------------ Seoul, 2050
def _skyline_colours(theme: Theme) -> tuple[QColor, QColor, QColor]:
    """Return far (mountains), middle and near silhouette colours."""
    if theme.is_night:
        return (
            _mix(theme.sky_bottom, theme.sky_top, 0.45),
            _mix(theme.sky_top, QColor("#000000"), 0.15),
            QColor("#05070d"),
        )
    return (
        _mix(theme.sky_bottom, theme.sky_top, 0.35),
        _mix(theme.sky_top, QColor("#5d6b7c"), 0.55),
        _mix(theme.sky_top, QColor("#3f4a58"), 0.75),
    )


def _ridge(glass: QRectF, rng: np.random.Generator) -> QPainterPath:
    """Return the Bukhansan ridge behind the city as a soft silhouette."""
    path = QPainterPath(QPointF(glass.left(), glass.bottom()))
    steps = 18
    heights = 0.1 + 0.16 * _noise(rng, (1, steps + 1), (1, 5))[0]
    for index, height in enumerate(heights):
        x = glass.left() + glass.width() * index / steps
        path.lineTo(x, glass.bottom() - glass.height() * height)
    path.lineTo(glass.right(), glass.bottom())
    path.closeSubpath()
    return path


def _tower(
    path: QPainterPath, x: float, width: float, height: float, base: float, kind: int
) -> None:
    """Add one building's outline standing on ``base``: a box, a setback, a spire or a taper."""
    top = base - height
    if kind == 3:  # a tapering supertall, in the manner of the Lotte World Tower
        path.moveTo(x, base)
        path.cubicTo(
            x, top + height * 0.4, x + width * 0.35, top + height * 0.1, x + width / 2, top
        )
        path.cubicTo(
            x + width * 0.65, top + height * 0.1, x + width, top + height * 0.4, x + width, base
        )
        path.closeSubpath()
        return
    path.addRect(QRectF(x, top, width, height))
    if kind == 1:
        path.addRect(QRectF(x + width * 0.2, top - height * 0.12, width * 0.6, height * 0.12))
    elif kind == 2:
        path.addRect(QRectF(x + width * 0.47, top - height * 0.22, width * 0.06, height * 0.22))


def _city_row(glass: QRectF, rng: np.random.Generator, scale: float) -> list[QRectF]:
    """Return building rectangles across the glass, ``scale`` x the glass height tall at most."""
    unit = glass.height()
    buildings, x = [], glass.left() - unit * 0.02
    while x < glass.right():
        width = unit * rng.uniform(0.045, 0.11)
        height = unit * scale * rng.uniform(0.35, 1.0) ** 1.6
        buildings.append(QRectF(x, glass.bottom() - height, width, height))
        x += width + unit * rng.uniform(-0.01, 0.02)
    return buildings


def _draw_city(painter: QPainter, theme: Theme, glass: QRectF) -> None:
    rng = np.random.default_rng(2050_0415)
    far, middle, near = _skyline_colours(theme)
    painter.fillPath(_ridge(glass, rng), far)
    _draw_namsan(painter, theme, glass, middle)
    for colour, scale, lit in ((middle, 0.42, 0.05), (near, 0.2, 0.16)):
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        rows = _city_row(glass, rng, scale)
        kinds = rng.integers(0, 3, len(rows))
        for rect, kind in zip(rows, kinds, strict=True):
            _tower(path, rect.left(), rect.width(), rect.height(), rect.bottom(), int(kind))
        if scale > 0.3:
            tall = glass.height() * 0.62
            _tower(path, glass.left() + glass.width() * 0.27, tall * 0.11, tall, glass.bottom(), 3)
        painter.fillPath(path, colour)
        if theme.is_night:
            _draw_lit_windows(painter, rows, rng, lit)
        else:  # the afternoon sun on the west faces
            for rect in rows:
                painter.fillRect(
                    QRectF(rect.left(), rect.top(), rect.width() * 0.38, rect.height()),
                    QColor(255, 250, 235, 34),
                )
        _draw_haze(painter, theme, glass, scale)


def _draw_haze(painter: QPainter, theme: Theme, glass: QRectF, scale: float) -> None:
    """Veil what stands behind with air, thicker near the ground (depth between layers)."""
    top = glass.bottom() - glass.height() * scale
    haze = QLinearGradient(0, top, 0, glass.bottom())
    air = QColor(theme.sky_bottom)
    air.setAlpha(0)
    haze.setColorAt(0, air)
    air.setAlpha(55 if theme.is_night else 120)
    haze.setColorAt(1, air)
    painter.fillRect(QRectF(glass.left(), top, glass.width(), glass.bottom() - top), haze)


def _draw_lit_windows(
    painter: QPainter, rows: list[QRectF], rng: np.random.Generator, share: float
) -> None:
    for rect in rows:
        cell = max(2.0, rect.width() / 7)
        lights = QColor(255, 205, 140)
        for row_y in np.arange(rect.top() + cell, rect.bottom() - cell, cell * 1.4):
            for col_x in np.arange(rect.left() + cell * 0.7, rect.right() - cell, cell * 1.3):
                if rng.random() < share:
                    lights.setAlpha(int(rng.uniform(70, 170)))
                    painter.fillRect(QRectF(col_x, row_y, cell * 0.6, cell * 0.55), lights)


def _draw_namsan(painter: QPainter, theme: Theme, glass: QRectF, colour: QColor) -> None:
    """Draw Namsan, wooded, with the N Seoul Tower on its crown."""
    unit, base = glass.height(), glass.bottom()
    centre = glass.left() + glass.width() * 0.74
    rng = np.random.default_rng(1975)
    xs = np.linspace(-1, 1, 90)
    crown = unit * (0.19 * (1 - xs**2) ** 1.4 + 0.008 * rng.random(90))  # a tree line
    hill = QPainterPath()
    hill.addPolygon(
        QPolygonF(
            [QPointF(centre + x * unit * 0.85, base - h) for x, h in zip(xs, crown, strict=True)]
        )
    )
    foot = base - unit * 0.185
    tower = QPainterPath()
    tower.addPolygon(
        QPolygonF(
            [
                QPointF(centre + dx * unit, foot - dy * unit)
                for dx, dy in ((-0.012, 0), (-0.006, 0.2), (0.006, 0.2), (0.012, 0))
            ]
        )
    )
    tower.addRoundedRect(
        QRectF(centre - unit * 0.027, foot - unit * 0.232, unit * 0.054, unit * 0.036), 2, 2
    )
    tower.addRect(QRectF(centre - unit * 0.017, foot - unit * 0.247, unit * 0.034, unit * 0.016))
    tower.addRect(QRectF(centre - unit * 0.0025, foot - unit * 0.34, unit * 0.005, unit * 0.1))
    painter.fillPath(hill.united(tower), colour)
    if theme.is_night:  # the tower's lit observatory and the red light on its mast
        painter.fillRect(
            QRectF(centre - unit * 0.025, foot - unit * 0.22, unit * 0.05, unit * 0.008),
            QColor(255, 214, 150, 200),
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 70, 60, 220))
        painter.drawEllipse(QPointF(centre, foot - unit * 0.34), 1.3, 1.3)


def _draw_glass(painter: QPainter, theme: Theme, glass: QRectF) -> None:
    """Reflections on the pane: a faint sheen, and at night the lamp mirrored in the glass."""
    sheen = QLinearGradient(glass.topLeft(), glass.bottomRight())
    for stop, alpha in ((0.0, 0), (0.18, 10), (0.24, 0), (0.55, 0), (0.62, 8), (0.66, 0)):
        sheen.setColorAt(stop, QColor(255, 255, 255, alpha))
    painter.fillRect(glass, sheen)
    if theme.is_night:
        centre = QPointF(
            glass.left() + glass.width() * 0.62, glass.bottom() - glass.height() * 0.05
        )
        glow = QRadialGradient(centre, glass.height() * 0.7)
        glow.setColorAt(0, QColor(255, 190, 120, 34))
        glow.setColorAt(1, QColor(255, 190, 120, 0))
        painter.fillRect(glass, glow)


def _bar(painter: QPainter, theme: Theme, rect: QRectF, vertical: bool) -> None:
    """Paint one wooden glazing bar, rounded by light across its width."""
    end = QPointF(rect.right(), rect.top()) if vertical else QPointF(rect.left(), rect.bottom())
    gradient = QLinearGradient(rect.topLeft(), end)
    frame = theme.window_frame
    gradient.setColorAt(0, frame.darker(130))
    gradient.setColorAt(0.35, frame.lighter(150 if theme.is_night else 125))
    gradient.setColorAt(1, frame.darker(150))
    painter.fillRect(rect, gradient)


def _draw_window(painter: QPainter, theme: Theme, lay: _Layout) -> None:
    frame, glass, px = lay.frame, lay.glass, lay.frame_px
    ring = QPainterPath()
    ring.addRect(frame)
    ring.addRect(glass)
    gradient = QLinearGradient(frame.topLeft(), frame.bottomLeft())
    gradient.setColorAt(0, theme.window_frame.darker(125))
    gradient.setColorAt(1, theme.window_frame.lighter(135))
    painter.fillPath(ring, gradient)
    painter.setPen(QPen(QColor(0, 0, 0, 150), 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(glass.adjusted(-0.75, -0.75, 0.75, 0.75))
    painter.setPen(QPen(QColor(255, 220, 170, 40 if theme.is_night else 90), 1))
    painter.drawRect(frame.adjusted(0.5, 0.5, -0.5, -0.5))
    bar = px * 0.55
    lower = QRectF(
        glass.left(), lay.transom.bottom(), glass.width(), glass.bottom() - lay.transom.bottom()
    )
    _bar(painter, theme, QRectF(glass.left(), lower.top() - bar / 2, glass.width(), bar), False)
    columns = max(2, round(lower.width() / (lower.height() * 1.3)))
    for index in range(1, columns):
        x = lower.left() + lower.width() * index / columns
        _bar(painter, theme, QRectF(x - bar / 2, lower.top(), bar, lower.height()), True)
    _draw_sill(painter, theme, lay.sill)


def _draw_sill(painter: QPainter, theme: Theme, sill: QRectF) -> None:
    shadow = QLinearGradient(0, sill.bottom(), 0, sill.bottom() + sill.height() * 1.6)
    shadow.setColorAt(0, QColor(0, 0, 0, 130 if theme.is_night else 70))
    shadow.setColorAt(1, QColor(0, 0, 0, 0))
    painter.fillRect(
        QRectF(0, sill.bottom(), sill.right() + sill.left(), sill.height() * 1.6), shadow
    )
    face = QLinearGradient(sill.topLeft(), sill.bottomLeft())
    face.setColorAt(0, theme.window_frame.lighter(190 if theme.is_night else 140))
    face.setColorAt(0.18, theme.window_frame.lighter(130))
    face.setColorAt(1, theme.window_frame.darker(140))
    painter.fillRect(sill, face)


# ------------------------------------------------------------------ the sign
def _sign_paths(theme: Theme, rect: QRectF) -> tuple[QPainterPath, QPainterPath, float]:
    """Return the sign's script and caption outlines placed in ``rect``, and the script size."""
    size = rect.height() * 0.5
    script = QPainterPath()
    script.addText(0, 0, theme.sign_font(size), SIGN_TEXT)
    size *= min(1.0, rect.width() * 0.6 / script.boundingRect().width())
    script = QPainterPath()
    script.addText(0, 0, theme.sign_font(size), SIGN_TEXT)
    caption = QPainterPath()
    caption.addText(0, 0, theme.caption_font(max(11.0, size * 0.28)), SIGN_CAPTION)
    script_box, caption_box = script.boundingRect(), caption.boundingRect()
    gap = size * 0.12
    top = rect.center().y() - (script_box.height() + gap + caption_box.height()) / 2
    script.translate(rect.center().x() - script_box.center().x(), top - script_box.top())
    caption_top = top + script_box.height() + gap
    caption.translate(rect.center().x() - caption_box.center().x(), caption_top - caption_box.top())
    return script, caption, size


def _draw_sign(painter: QPainter, theme: Theme, rect: QRectF, dpr: float) -> None:
    """Letter the shop's name on the upper pane: neon by night, gold leaf by day."""
    if rect.height() < 30 or rect.width() < 200:
        return
    script, caption, size = _sign_paths(theme, rect)
    box = caption.boundingRect()
    caption.addRect(
        QRectF(box.left() - size * 0.9, box.center().y() - size * 0.01, size * 0.7, size * 0.02)
    )
    caption.addRect(
        QRectF(box.right() + size * 0.2, box.center().y() - size * 0.01, size * 0.7, size * 0.02)
    )
    if theme.is_night:
        _draw_neon(painter, theme, script, caption, size, dpr)
    else:
        _draw_gold_leaf(painter, theme, script, caption, size)


def _draw_neon(
    painter: QPainter,
    theme: Theme,
    script: QPainterPath,
    caption: QPainterPath,
    size: float,
    dpr: float,
) -> None:
    """Draw the name as lit neon with its halo, the caption as lamp-lit brass."""
    _glow(painter, script, QColor(255, 120, 60, 150), size * 0.32, dpr)
    _glow(painter, script, QColor(255, 170, 100, 210), size * 0.06, dpr)
    painter.fillPath(script, QColor("#fff3e0"))
    painter.strokePath(script, QPen(QColor(255, 150, 84), size * 0.03))
    brass = QColor(theme.brass_light)
    brass.setAlpha(120)
    _glow(painter, caption, brass, size * 0.05, dpr)
    painter.fillPath(caption, theme.brass_light)


def _draw_gold_leaf(
    painter: QPainter, theme: Theme, script: QPainterPath, caption: QPainterPath, size: float
) -> None:
    """Draw the name as sign-painter's gold leaf with a dark keyline and a soft shadow."""
    shadow = QPainterPath(script)
    shadow.translate(size * 0.025, size * 0.035)
    painter.fillPath(shadow, QColor(40, 24, 10, 90))
    gold = QLinearGradient(0, script.boundingRect().top(), 0, script.boundingRect().bottom())
    gold.setColorAt(0, theme.brass_light.lighter(110))
    gold.setColorAt(0.55, theme.brass_dark)
    gold.setColorAt(1, theme.brass_light)
    painter.fillPath(script, gold)
    painter.strokePath(script, QPen(theme.window_frame.darker(140), size * 0.02))
    painter.fillPath(caption, theme.window_frame.darker(120))


# ------------------------------------------------------------------ the workbench
def _plank_heights(total: float) -> list[float]:
    """Return plank widths front to back, each a little wider as the bench comes nearer."""
    count = int(_clamp(round(total / 105), 3, 7))
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


def _draw_bench(painter: QPainter, theme: Theme, bench: QRectF) -> None:
    rng = np.random.default_rng(77)
    texture = _wood_texture(theme)
    edge_px = _clamp(bench.height() * 0.06, 7, 34)
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


def _draw_light(painter: QPainter, theme: Theme, lay: _Layout, width: int, height: int) -> None:
    """Paint the room's shade, then the work lamp's warm pool on the bench and up the wall."""
    modes = QPainter.CompositionMode
    night, black = theme.is_night, QColor(0, 0, 0)
    centre, radii = QPointF(width * 0.56, height * 0.52), (width * 0.78, height * 0.92)
    shade = ((0.5, black, 0), (1.0, black, 175 if night else 50))
    _ellipse(painter, centre, radii, shade, modes.CompositionMode_SourceOver)
    pool = QPointF(width * 0.58, lay.bench.top() + lay.bench.height() * 0.3)
    pool_radii = (width * 0.55, lay.bench.height() * 0.95)
    warm, glow = QColor(255, 168, 80), theme.glow
    if night:  # the lamp's colour soaks into the wood
        soak = ((0.0, warm, 150), (0.5, warm, 70), (1.0, warm, 0))
        _ellipse(painter, pool, pool_radii, soak, modes.CompositionMode_Overlay)
    lift = modes.CompositionMode_Screen if night else modes.CompositionMode_SourceOver
    light = ((0.0, glow, glow.alpha()), (0.45, glow, glow.alpha() // 2), (1.0, glow, 0))
    _ellipse(painter, pool, pool_radii, light, lift)
    if not night:  # daylight through the window falls on the back of the bench
        sun = QLinearGradient(0, lay.bench.top(), 0, lay.bench.bottom())
        sun.setColorAt(0, QColor(255, 250, 235, 70))
        sun.setColorAt(0.45, QColor(255, 250, 235, 0))
        sun.setColorAt(1, QColor(60, 30, 10, 40))
        painter.fillRect(lay.bench, sun)
    wash = ((0.0, glow, glow.alpha() // 2), (1.0, glow, 0))
    _ellipse(
        painter, QPointF(width * 0.58, lay.bench.top()), (width * 0.5, height * 0.5), wash, lift
    )


def _ellipse(
    painter: QPainter,
    centre: QPointF,
    radii: tuple[float, float],
    stops: tuple[tuple[float, QColor, int], ...],
    mode: QPainter.CompositionMode,
) -> None:
    """Fill the window with an elliptical gradient of ``(position, colour, alpha)`` stops."""
    gradient = QRadialGradient(QPointF(0, 0), 1)
    for position, colour, alpha in stops:
        gradient.setColorAt(position, QColor(colour.red(), colour.green(), colour.blue(), alpha))
    painter.save()
    painter.setCompositionMode(mode)
    painter.translate(centre)
    painter.scale(*radii)
    reach = 1.0  # a glow fades to nothing at its rim; a shade keeps its last colour beyond
    if stops[-1][2] > 0:
        reach = max(painter.device().width(), painter.device().height()) / min(radii)
    painter.fillRect(QRectF(-reach, -reach, 2 * reach, 2 * reach), gradient)
    painter.restore()


def _render(theme: Theme, size: QSize, dpr: float, fraction: float, stars: bool) -> QPixmap:
    """Paint the whole backdrop for one widget size into a pixmap carrying ``dpr``."""
    width, height = size.width(), size.height()
    lay = _Layout.of(width, height, fraction)
    pixmap = QPixmap(QSize(max(1, round(width * dpr)), max(1, round(height * dpr))))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(theme.wood_dark)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_wall(painter, theme, width, lay.bench.top())
    _draw_sky(painter, theme, lay.glass, stars)
    _draw_bench(painter, theme, lay.bench)
    _draw_window_front(painter, theme, lay, dpr)
    _draw_light(painter, theme, lay, width, height)
    painter.end()
    return pixmap


def _draw_window_front(painter: QPainter, theme: Theme, lay: _Layout, dpr: float) -> None:
    """Draw what stands in front of the sky: the city, the glass, the frame, sign and sill."""
    painter.save()
    painter.setClipRect(lay.glass)
    _draw_city(painter, theme, lay.glass)
    _draw_glass(painter, theme, lay.glass)
    painter.restore()
    _draw_window(painter, theme, lay)
    _draw_sign(painter, theme, lay.transom, dpr)
    height = _clamp(lay.glass.height() * 0.34, 40, 190)
    left = lay.glass.left() + max(height * 0.3, lay.glass.width() * 0.035)
    _draw_radio(painter, theme, QPointF(left + height * 0.4, lay.sill.top()), height, dpr)
    for offset, scale in ((0.98, 0.46), (1.24, 0.36)):
        _draw_valve(painter, theme, QPointF(left + height * offset, lay.sill.top()), height * scale)


# ------------------------------------------------------------------ on the sill
def _draw_radio(painter: QPainter, theme: Theme, base: QPointF, height: float, dpr: float) -> None:
    """Draw a 1930s cathedral radio waiting for repair, its dial lamp lit at night."""
    width, x, y = height * 0.78, base.x(), base.y()
    left, right = x - width / 2, x + width / 2
    shadow = QPainterPath()
    shadow.addEllipse(QRectF(left - width * 0.1, y - 4, width * 1.3, 8))
    painter.fillPath(shadow, QColor(0, 0, 0, 110))
    body = _arch(left, right, y, y - height * 0.55, y - height)
    wood = QLinearGradient(left, 0, right, 0)
    wood.setColorAt(0, theme.wood_grain)
    wood.setColorAt(0.7, theme.wood_light.lighter(135 if theme.is_night else 115))
    wood.setColorAt(1, theme.wood_dark)
    painter.fillPath(body, wood)
    painter.strokePath(body, QPen(QColor(0, 0, 0, 140), 1))
    inset = width * 0.16
    grille = _arch(
        left + inset, right - inset, y - height * 0.3, y - height * 0.55, y - height * 0.86
    )
    painter.fillPath(grille, _mix(theme.wood_dark, theme.brass_dark, 0.45))
    painter.save()
    painter.setClipPath(grille)
    for index in range(1, 5):  # the fretwork over the speaker cloth
        bar_x = left + inset + (width - 2 * inset) * index / 5
        painter.fillRect(QRectF(bar_x - width * 0.018, y - height, width * 0.036, height), wood)
    painter.restore()
    painter.strokePath(grille, QPen(theme.wood_grain, 1.2))
    _draw_dial(painter, theme, QPointF(x, y - height * 0.17), width, dpr)


def _draw_dial(painter: QPainter, theme: Theme, dial: QPointF, width: float, dpr: float) -> None:
    """Draw the radio's round dial between its two knobs."""
    radius = width * 0.085
    if theme.is_night:
        lamp = QPainterPath()
        lamp.addEllipse(dial, radius, radius)
        _glow(painter, lamp, QColor(255, 170, 80, 190), radius * 0.9, dpr)
    painter.setPen(QPen(theme.brass_light, max(1.0, radius * 0.25)))
    painter.setBrush(QColor("#ffcf7a") if theme.is_night else QColor("#f2e4c4"))
    painter.drawEllipse(dial, radius, radius)
    painter.setPen(QPen(QColor(0, 0, 0, 150), 1))
    painter.setBrush(theme.bakelite)
    for side in (-1, 1):
        knob = QPointF(dial.x() + side * width * 0.3, dial.y() + width * 0.05)
        painter.drawEllipse(knob, width * 0.06, width * 0.06)


def _arch(left: float, right: float, foot: float, spring: float, apex: float) -> QPainterPath:
    """Return a pointed arch from ``foot`` up to ``spring`` height, peaking at ``apex``."""
    centre, half = (left + right) / 2, (right - left) / 2
    path = QPainterPath(QPointF(left, foot))
    path.lineTo(left, spring)
    path.cubicTo(left, spring - (spring - apex) * 0.75, centre - half * 0.45, apex, centre, apex)
    path.cubicTo(centre + half * 0.45, apex, right, spring - (spring - apex) * 0.75, right, spring)
    path.lineTo(right, foot)
    path.closeSubpath()
    return path


def _draw_valve(painter: QPainter, theme: Theme, base: QPointF, height: float) -> None:
    """Draw a vacuum tube standing on its bakelite base; at night its filament glows."""
    width, x, y = height * 0.36, base.x(), base.y()
    envelope = QPainterPath()
    envelope.addRoundedRect(
        QRectF(x - width / 2, y - height, width, height * 0.85), width / 2, width / 2
    )
    painter.fillPath(envelope, QColor(255, 255, 255, 22 if theme.is_night else 60))
    plate = QRectF(x - width * 0.26, y - height * 0.72, width * 0.52, height * 0.42)
    painter.fillRect(plate, QColor(60, 58, 56, 230))
    if theme.is_night:
        glow = QRadialGradient(plate.center(), width * 0.9)
        glow.setColorAt(0, QColor(255, 140, 60, 190))
        glow.setColorAt(1, QColor(255, 140, 60, 0))
        painter.fillPath(envelope, glow)
    getter = QLinearGradient(0, y - height, 0, y - height * 0.8)
    getter.setColorAt(0, QColor(225, 228, 235, 200))
    getter.setColorAt(1, QColor(225, 228, 235, 0))
    painter.save()
    painter.setClipPath(envelope)
    painter.fillRect(QRectF(x - width / 2, y - height, width, height * 0.2), getter)
    painter.restore()
    painter.strokePath(envelope, QPen(QColor(255, 255, 255, 70), 1))
    painter.fillRect(
        QRectF(x - width * 0.1, y - height * 0.92, width * 0.08, height * 0.5),
        QColor(255, 255, 255, 60),
    )
    foot = QPainterPath()
    foot.addRoundedRect(QRectF(x - width * 0.55, y - height * 0.2, width * 1.1, height * 0.2), 2, 2)
    painter.fillPath(foot, theme.bakelite.darker(130))
    painter.strokePath(foot, QPen(QColor(255, 255, 255, 30), 1))


def _render_front(
    theme: Theme, backdrop: QPixmap, size: QSize, fraction: float
) -> tuple[QPixmap, QRect]:
    """Cut from ``backdrop`` what stands in front of the sky, to lay over a live sky.

    The window's foreground is drawn once more on transparency only for its coverage; the
    backdrop's own pixels (with the lamp's light and the room's shade already on them) are kept
    where it covers, so the layered window looks exactly like the plain one.
    """
    dpr = backdrop.devicePixelRatio()
    lay = _Layout.of(size.width(), size.height(), fraction)
    area = lay.frame.toAlignedRect()
    device = QRect(
        round(area.x() * dpr),
        round(area.y() * dpr),
        round(area.width() * dpr),
        round(area.height() * dpr),
    )
    coverage = QImage(device.size(), QImage.Format.Format_ARGB32_Premultiplied)
    coverage.fill(Qt.GlobalColor.transparent)
    coverage.setDevicePixelRatio(dpr)
    painter = QPainter(coverage)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-area.topLeft().toPointF())
    _draw_window_front(painter, theme, lay, dpr)
    painter.end()
    front = (
        backdrop.copy(device).toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    )
    painter = QPainter(front)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(0, 0, coverage)
    painter.end()
    pixmap = QPixmap.fromImage(front)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap, area


# ------------------------------------------------------------------ the widget
class Workbench(QWidget):
    """The whole window's background: Jay's shop window, sign, workbench and lamp.

    The main window lays its panels over it with an ordinary layout. The backdrop is rendered
    once per size, theme, window share and device pixel ratio and then only blitted.

    Parameters
    ----------
    theme
        The look: :data:`~app.ui.theme.NIGHT` or the lighter :data:`~app.ui.theme.DAY`.
    parent
        The owning widget, if any.

    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._fraction = 0.46
        self._sky_layer: SkyLayer | None = None
        self._pixmap: QPixmap | None = None
        self._front: tuple[QPixmap, QRect] | None = None
        self._key: _Key | None = None
        self._render_count = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # ---------------------------------------------------------------- geometry
    def _layout(self) -> _Layout:
        return _Layout.of(self.width(), self.height(), self._fraction)

    def sky_rect(self) -> QRect:
        """Return where the shop window's glass is (the sky), in widget coordinates."""
        return self._layout().glass.toAlignedRect()

    def sign_rect(self) -> QRect:
        """Return the upper pane where the sign is lettered (keep panels off it if you can)."""
        return self._layout().transom.toAlignedRect()

    def bench_top(self) -> int:
        """Return the y where the workbench's surface starts (just below the window sill)."""
        return round(self._layout().bench.top())

    def window_fraction(self) -> float:
        """Return the share of the height given to the wall and the shop window."""
        return self._fraction

    def set_window_fraction(self, fraction: float) -> None:
        """Give the shop window ``fraction`` of the height (clamped to 0.25-0.75)."""
        fraction = _clamp(fraction, *_FRACTION_RANGE)
        if fraction != self._fraction:
            self._fraction = fraction
            self._invalidate()

    def theme(self) -> Theme:
        """Return the current look."""
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        """Switch to ``theme`` and repaint."""
        if theme is not self._theme:
            self._theme = theme
            self._invalidate()

    def set_sky_layer(self, layer: SkyLayer | None) -> None:
        """Paint ``layer(painter, sky_rect)`` between the sky and the window's foreground.

        The layer (a live starfield, for instance) is clipped to :meth:`sky_rect`; the city,
        the glazing bars and the sign are laid over it. The placeholder stars are left out while
        a layer is set. Pass ``None`` to remove it. Call ``update(sky_rect())`` to animate.
        """
        self._sky_layer = layer
        self._invalidate()

    @property
    def render_count(self) -> int:
        """Return how many times the backdrop has been rendered (a paint normally only blits)."""
        return self._render_count

    # ---------------------------------------------------------------- painting
    def _wanted_key(self) -> _Key:
        size = (self.width(), self.height())
        stars = self._sky_layer is None
        return (size, self.devicePixelRatioF(), self._theme.name.value, self._fraction, stars)

    def _invalidate(self) -> None:
        self._key = None
        self._front = None
        self.update()

    def _rerender(self) -> None:
        key = self._wanted_key()
        size, dpr = QSize(self.width(), self.height()), self.devicePixelRatioF()
        self._pixmap = _render(self._theme, size, dpr, self._fraction, self._sky_layer is None)
        if self._sky_layer is not None:
            self._front = _render_front(self._theme, self._pixmap, size, self._fraction)
        _WOOD_CACHE.clear()  # in the backdrop now; the disk cache serves the next render
        self._key = key
        self._render_count += 1

    def _on_settled(self) -> None:
        if self._key != self._wanted_key():
            self._rerender()
            self.update()

    def _only_size_differs(self, wanted: _Key) -> bool:
        return self._key is not None and self._key[0] != wanted[0] and self._key[1:] == wanted[1:]

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Stretch the old backdrop while the size changes; render anew once it settles."""
        super().resizeEvent(event)
        if self._pixmap is not None and self._only_size_differs(self._wanted_key()):
            self._settle.start()  # restarts: the render waits for the storm to pass

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the exposed part of the cached backdrop (and the sky layer, if one is set)."""
        wanted = self._wanted_key()
        storm = self._settle.isActive() and self._only_size_differs(wanted)
        if self._pixmap is None or (self._key != wanted and not storm):
            self._rerender()
        assert self._pixmap is not None and self._key is not None
        painter = QPainter(self)
        if storm:  # stretch what we have; the real render follows when the size settles
            old_width, old_height = self._key[0]
            scale = (self.width() / old_width, self.height() / old_height)
            painter.drawPixmap(self.rect(), self._pixmap)
        else:
            scale = (1.0, 1.0)
            exposed = event.rect()
            ratio = self._pixmap.devicePixelRatio()
            source = QRectF(exposed.topLeft().toPointF() * ratio, exposed.size().toSizeF() * ratio)
            painter.drawPixmap(QRectF(exposed), self._pixmap, source)
        if self._sky_layer is not None and self._front is not None:
            self._paint_sky_layer(painter, self._sky_layer, self._front, scale)
        painter.end()

    def _paint_sky_layer(
        self,
        painter: QPainter,
        layer: SkyLayer,
        front: tuple[QPixmap, QRect],
        scale: tuple[float, float],
    ) -> None:
        sky = self.sky_rect()
        painter.save()
        painter.setClipRect(sky)
        layer(painter, sky)
        painter.restore()
        pixmap, area = front
        target = QRectF(
            area.x() * scale[0],
            area.y() * scale[1],
            area.width() * scale[0],
            area.height() * scale[1],
        )
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
