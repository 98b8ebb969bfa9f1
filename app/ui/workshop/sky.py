"""Paint the sky seen through the shop window: the still stars or clouds, and Seoul in 2050.

The skyline (with Namsan and its tower) and the still stars come from a seeded random
generator, so the shop looks the same at every start.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPolygonF,
    QRadialGradient,
)

from app.ui.theme import Theme
from app.ui.workshop.pixels import mix, value_noise


def draw_sky(painter: QPainter, theme: Theme, glass: QRectF, stars: bool) -> None:
    """Paint the sky and its haze: still stars by night (if ``stars``), clouds by day."""
    gradient = QLinearGradient(glass.topLeft(), glass.bottomLeft())
    gradient.setColorAt(0, theme.sky_top)
    gradient.setColorAt(0.62, mix(theme.sky_top, theme.sky_bottom, 0.55))
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
            mix(theme.sky_bottom, theme.sky_top, 0.45),
            mix(theme.sky_top, QColor("#000000"), 0.15),
            QColor("#05070d"),
        )
    return (
        mix(theme.sky_bottom, theme.sky_top, 0.35),
        mix(theme.sky_top, QColor("#5d6b7c"), 0.55),
        mix(theme.sky_top, QColor("#3f4a58"), 0.75),
    )


def _ridge(glass: QRectF, rng: np.random.Generator) -> QPainterPath:
    """Return the Bukhansan ridge behind the city as a soft silhouette."""
    path = QPainterPath(QPointF(glass.left(), glass.bottom()))
    steps = 18
    heights = 0.1 + 0.16 * value_noise(rng, (1, steps + 1), (1, 5))[0]
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


def draw_city(painter: QPainter, theme: Theme, glass: QRectF) -> None:
    """Paint the ridge, Namsan and two rows of towers: windows lit by night, sunlit by day."""
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
