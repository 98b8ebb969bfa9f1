"""The analyser's two cached layers: every segment dark, and every segment lit.

Both carry the same window (the display's background, the printed or glowing legends, the
smoked glass and its reflections), so a frame is the dark layer blitted whole, then for each
column the lit stack and its peak cap copied out of the lit layer (see
:class:`~app.ui.amp.analyser_geometry.AnalyserGeometry`). The lit layer's glow is a blur of
its segments; both are painted with numpy (:mod:`~app.ui.amp.segment_pixels`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPen,
    QPixmap,
    QRadialGradient,
)

from app.ui.amp.analyser_geometry import AnalyserGeometry
from app.ui.amp.segment_pixels import add_glow, paint_segments
from app.ui.amp.segments import db_text, scale_values, thin_labels
from app.ui.amp.styles import AnalyserStyle
from app.ui.amp.textures import rgb_of, to_image
from app.ui.theme import Theme

RED_ZONE_DB, AMBER_ZONE_DB = 6.0, 18.0  # below the top: where the LEDs turn red, and amber


@dataclass(frozen=True)
class Lamps:
    """A style's colours: lit and dark segments per zone, the legends, the display's black.

    ``core`` is the hotter light across the middle of a lit segment (a VFD's bright
    phosphor) or over its upper half (an LED's lens); ``glow`` the blur's reach (in segment
    pitches) and strength.
    """

    lit: tuple[QColor, QColor, QColor]  # low, middle, top zone
    dark: tuple[QColor, QColor, QColor]
    legend: QColor
    background: tuple[QColor, QColor]
    core_lighter: int
    core_middle: bool
    glow: tuple[tuple[float, float], ...]


LED = Lamps(
    lit=(QColor("#7ce838"), QColor("#ffab1f"), QColor("#ff3a24")),
    dark=(QColor("#121d0b"), QColor("#241906"), QColor("#280c07")),
    legend=QColor(232, 214, 176, 200),
    background=(QColor("#110c0a"), QColor("#060404")),
    core_lighter=130,
    core_middle=False,
    glow=((0.45, 0.5),),
)
VFD = Lamps(
    lit=(QColor("#22d8be"), QColor("#22d8be"), QColor("#46ead3")),
    dark=(QColor("#0a1817"), QColor("#0a1817"), QColor("#0b1a19")),
    legend=QColor(64, 214, 192, 165),
    background=(QColor("#041010"), QColor("#010404")),
    core_lighter=185,
    core_middle=True,
    glow=((0.3, 0.4), (1.5, 0.35)),
)


@dataclass(frozen=True)
class AnalyserLayers:
    """The analyser's cached pictures and the geometry they were drawn for."""

    geometry: AnalyserGeometry
    dark: QPixmap
    lit: QPixmap


def lamps_for(style: AnalyserStyle) -> Lamps:
    """Return the colours of ``style``."""
    return LED if style is AnalyserStyle.LED else VFD


def zone_of(geo: AnalyserGeometry, segment: int) -> int:
    """Return the colour zone of ``segment``: 0 low (green), 1 middle (amber), 2 top (red)."""
    top_edge_db = geo.floor_db + (segment + 1) * geo.plan.segment_db
    if top_edge_db > geo.top_db - RED_ZONE_DB + 1e-6:
        return 2
    return 1 if top_edge_db > geo.top_db - AMBER_ZONE_DB + 1e-6 else 0


def render_analyser(
    theme: Theme, style: AnalyserStyle, geo: AnalyserGeometry, labels: Sequence[tuple[int, str]]
) -> AnalyserLayers:
    """Return the dark and lit layers; ``labels`` are (column, text) for the frequency legend."""
    lamps = lamps_for(style)
    size = (max(1, round(geo.width * geo.dpr)), max(1, round(geo.height * geo.dpr)))
    height_px, width_px = size[1], size[0]
    shade = np.linspace(0.0, 1.0, height_px, dtype=np.float32)[:, None, None]
    top, bottom = rgb_of(lamps.background[0]), rgb_of(lamps.background[1])
    background = np.broadcast_to(top + (bottom - top) * shade, (height_px, width_px, 3))
    zones = [zone_of(geo, segment) for segment in range(geo.segments)]
    dark = to_image(paint_segments(background, geo, zones, lamps.dark, None))
    lights = paint_segments(np.zeros_like(background), geo, zones, lamps.lit, None)
    lit_rgb = paint_segments(
        background, geo, zones, lamps.lit, (lamps.core_lighter, lamps.core_middle)
    )
    pitch = (geo.y_edges[0] - geo.y_edges[-1]) / geo.segments
    lit = to_image(add_glow(lit_rgb, lights, pitch, lamps.glow, max(1, round(geo.dpr))))
    layers = []
    for image in (dark, lit):
        image.setDevicePixelRatio(geo.dpr)
        painter = QPainter(image)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        if style is AnalyserStyle.VFD:
            _paint_filaments(painter, geo)
        _paint_legends(painter, theme, geo, lamps, labels)
        _paint_glass(painter, theme, style, geo)
        painter.end()
        layers.append(QPixmap.fromImage(image))
    return AnalyserLayers(geo, layers[0], layers[1])


def _paint_filaments(painter: QPainter, geo: AnalyserGeometry) -> None:
    """Draw the vacuum tube's fine filament wires strung across the display."""
    top, bottom = geo.y_edges[-1] / geo.dpr, geo.y_edges[0] / geo.dpr
    painter.setPen(QPen(QColor(150, 170, 165, 40), 0.5))
    for share in (0.2, 0.5, 0.8):
        y = top + (bottom - top) * share
        painter.drawLine(QPointF(geo.gutter * 0.6, y), QPointF(geo.width - 2.0, y))


def _paint_legends(
    painter: QPainter, theme: Theme, geo: AnalyserGeometry, lamps: Lamps,
    labels: Sequence[tuple[int, str]],
) -> None:  # fmt: skip
    """Print the frequencies under their columns and the dB scale at the left."""
    painter.setPen(lamps.legend)
    font = theme.caption_font(geo.label_px)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    centres = [geo.column_centre(column) for column, _ in labels]
    widths = [metrics.horizontalAdvance(text) for _, text in labels]
    anchor = next((index for index, (_, text) in enumerate(labels) if text == "1k"), 0)
    strip = QRectF(0, geo.strip_top, geo.width, geo.height - geo.strip_top)
    for index in thin_labels(centres, widths, geo.label_px * 0.7, anchor):
        half = widths[index] / 2 + 1
        centre = min(max(centres[index], geo.gutter * 0.5 + half), geo.width - 1 - half)
        box = QRectF(centre - half, strip.top(), 2 * half, strip.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, labels[index][1])
    _paint_db_scale(painter, theme, geo, lamps)


def _paint_db_scale(painter: QPainter, theme: Theme, geo: AnalyserGeometry, lamps: Lamps) -> None:
    font = theme.caption_font(geo.scale_px)
    painter.setFont(font)
    right = geo.gutter - max(2.5, geo.height * 0.05) * 0.9
    tick = QColor(lamps.legend)
    tick.setAlpha(110)
    for value in scale_values(geo.floor_db, geo.top_db, geo.plan.label_step_db):
        y = geo.y_of_db(value)
        box = QRectF(0, y - geo.scale_px, right, geo.scale_px * 2)
        painter.setPen(lamps.legend)
        painter.drawText(
            box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, db_text(value)
        )
        painter.setPen(QPen(tick, 0.6))
        painter.drawLine(QPointF(right + 1.5, y), QPointF(geo.gutter - 1.0, y))


def _paint_glass(
    painter: QPainter, theme: Theme, style: AnalyserStyle, geo: AnalyserGeometry
) -> None:
    """Lay the smoked glass: the bezel's shadow at the top, a broad reflection, a lit edge."""
    window = QRectF(0, 0, geo.width, geo.height)
    if style is AnalyserStyle.VFD:
        painter.fillRect(window, QColor(0, 10, 14, 36))  # the smoked filter in front of the tube
    top = QLinearGradient(QPointF(0, 0), QPointF(0, geo.height * 0.2))
    top.setColorAt(0.0, QColor(0, 0, 0, 140))
    top.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.fillRect(window, top)
    sheen = QLinearGradient(QPointF(geo.width * 0.15, 0), QPointF(geo.width * 0.42, geo.height))
    strength = 20 if theme.is_night else 30
    for stop, alpha in ((0.0, 0), (0.35, strength), (0.5, strength // 3), (0.62, 0), (1.0, 0)):
        sheen.setColorAt(stop, QColor(255, 244, 226, alpha))
    painter.fillRect(window, sheen)
    lamp = QRadialGradient(QPointF(0, 0), max(geo.width * 0.5, geo.height))
    lamp.setColorAt(0.0, QColor(255, 210, 150, 16 if theme.is_night else 10))
    lamp.setColorAt(1.0, QColor(255, 210, 150, 0))
    painter.fillRect(window, lamp)  # the work lamp, caught in the glass's top-left corner
    painter.fillRect(
        QRectF(0, 0, geo.width, max(0.7, geo.height * 0.008)), QColor(255, 246, 230, 60)
    )
