"""The strobe: its lamp by the platter's edge, and the rings of dots on the platter's rim.

The lamp is painted once into the static layer by :func:`paint_strobe_lamp`; each frame
:func:`draw_strobe` turns the dot rings to where the eye sees them under its light.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QConicalGradient,
    QLinearGradient,
    QPainter,
    QPen,
    QRadialGradient,
)

from app.ui.deck.deck_geometry import (
    PLATTER_RADIUS_MM,
    SPINDLE_MM,
    STROBE_LAMP_DEG,
    STROBE_RADII_MM,
    DeckGeometry,
)
from app.ui.theme import Theme
from app.visual.platter import StrobeRow


def paint_strobe_lamp(painter: QPainter, geo: DeckGeometry, theme: Theme) -> None:
    """Draw the strobe illuminator by the platter's edge, its lens glowing neon orange."""
    angle = math.radians(STROBE_LAMP_DEG)
    distance = PLATTER_RADIUS_MM + 9.0
    x = SPINDLE_MM[0] + distance * math.cos(angle)
    y = SPINDLE_MM[1] + distance * math.sin(angle)
    painter.save()
    painter.translate(geo.point(x, y))
    painter.rotate(STROBE_LAMP_DEG + 90)
    scale = geo.scale
    housing = QRectF(-scale * 11, -scale * 5, scale * 22, scale * 10)
    painter.setPen(QPen(theme.brass_dark.darker(150), scale * 0.6))
    gradient = QLinearGradient(housing.topLeft(), housing.bottomLeft())
    gradient.setColorAt(0.0, theme.bakelite_light)
    gradient.setColorAt(1.0, theme.bakelite.darker(130))
    painter.setBrush(gradient)
    painter.drawRoundedRect(housing, scale * 3, scale * 3)
    lens = QRectF(-scale * 7, -scale * 4.4, scale * 14, scale * 3.2)
    painter.setBrush(QColor(255, 120, 60, 230))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(lens, scale * 1.2, scale * 1.2)
    glow = QRadialGradient(QPointF(0, -scale * 6), scale * 22)
    glow.setColorAt(0.0, QColor(255, 110, 50, 90))
    glow.setColorAt(1.0, QColor(255, 110, 50, 0))
    painter.setBrush(glow)
    painter.drawEllipse(QPointF(0, -scale * 8), scale * 22, scale * 16)
    painter.restore()


LAMP_REACH = 0.12  # the share of a turn on each side of the lamp that its light brightens


@lru_cache(maxsize=16)
def _dot_lines(
    dots: int, radius_px: float, length_px: float
) -> tuple[tuple[QLineF, ...], tuple[QLineF, ...]]:
    """Return a strobe ring's dots as short radial strokes about the origin.

    They come in two sets: those the lamp's light reaches (within one dot's spacing of it,
    as the ring turns by less than one spacing) and the rest, which all look alike.
    """
    angles = np.arange(dots) * (2 * math.pi / dots)
    cos, sin = np.cos(angles), np.sin(angles)
    inner, outer = radius_px - length_px / 2, radius_px + length_px / 2
    from_lamp = np.abs((np.degrees(angles) - STROBE_LAMP_DEG + 180.0) % 360.0 - 180.0)
    near = from_lamp <= 360.0 * LAMP_REACH + 360.0 / dots
    lines = [
        QLineF(c * inner, s * inner, c * outer, s * outer)
        for c, s in zip(cos.tolist(), sin.tolist(), strict=True)
    ]
    lit = tuple(line for line, by_lamp in zip(lines, near.tolist(), strict=True) if by_lamp)
    rest = tuple(line for line, by_lamp in zip(lines, near.tolist(), strict=True) if not by_lamp)
    return lit, rest


def strobe_pens(geo: DeckGeometry, lit: bool) -> tuple[QPen, QPen]:
    """Return the dots' pens: neon-lit towards the lamp, and one dim colour round the back.

    The first brightens along the ring towards the lamp; the second is the colour the first
    has beyond :data:`LAMP_REACH`, cheaper to draw with for most of the ring.
    """
    lamp = QConicalGradient(QPointF(0, 0), -STROBE_LAMP_DEG)
    bright = QColor(255, 168, 96) if lit else QColor(196, 188, 176)
    dim = QColor(bright)
    dim.setAlpha(110 if lit else 150)
    for stop, colour in ((0.0, bright), (LAMP_REACH, dim), (1 - LAMP_REACH, dim), (1.0, bright)):
        lamp.setColorAt(stop, colour)
    pens = QPen(QBrush(lamp), geo.scale * 1.1), QPen(dim, geo.scale * 1.1)
    for pen in pens:
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pens


def draw_strobe(
    painter: QPainter, geo: DeckGeometry, rows: tuple[StrobeRow, ...], pens: tuple[QPen, QPen]
) -> None:
    """Draw each strobe row turned to where the eye sees it under the lamp."""
    centre = geo.spindle
    lamp_pen, dim_pen = pens
    for row, radius in zip(rows, STROBE_RADII_MM, strict=False):
        lit, rest = _dot_lines(row.dots, round(radius * geo.scale, 2), geo.scale * 1.6)
        painter.save()
        painter.translate(centre)
        painter.rotate(row.phase_deg)
        painter.setPen(lamp_pen)
        painter.drawLines(lit)
        painter.setPen(dim_pen)
        painter.drawLines(rest)
        painter.restore()
