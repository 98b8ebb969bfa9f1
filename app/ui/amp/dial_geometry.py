"""The meter dial's layout: the face, the pivot below it, the scale's arc and figures.

The pivot sits below the visible face, under its cover, as in a real movement; the arc is
as large as the face allows with room for the larger (PPM) figures at both ends of the sweep.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from app.ui.amp.meter_dial import DialMark, angle_of_fraction

PPM_FIGURE_SCALE = 1.18
DETAIL_HEIGHT_PX = 88.0  # from this face height up, the dial has room for the small print


@dataclass(frozen=True)
class DialGeometry:
    """The dial's layout in the view's pixels: the pivot sits below the face, under its cover."""

    width: float
    height: float
    face: QRectF
    pivot: QPointF
    radius: float
    tick: float
    figure_px: float
    needle_px: float
    needle_length: float
    cover_radius: float
    lamp: QPointF
    lamp_radius: float
    detail: bool

    def point(self, angle_deg: float, radius: float) -> QPointF:
        """Return the point ``radius`` from the pivot at ``angle_deg`` from straight up."""
        angle = math.radians(angle_deg)
        return QPointF(
            self.pivot.x() + radius * math.sin(angle), self.pivot.y() - radius * math.cos(angle)
        )


def dial_geometry(width: float, height: float) -> DialGeometry:
    """Return the layout of a dial ``width`` x ``height`` pixels (the view's size)."""
    lip = max(1.0, height * 0.015)
    face = QRectF(lip, lip, max(1.0, width - 2 * lip), max(1.0, height - 2 * lip))
    w, h = face.width(), face.height()
    figure = max(6.0, min(h * 0.105, w * 0.07))
    tick = h * 0.075
    pivot = QPointF(face.center().x(), face.bottom() + h * 0.12)
    big = figure * PPM_FIGURE_SCALE  # room for the larger of the two scales' figures
    room_v = pivot.y() - face.top() - h * 0.05 - tick - big * 1.05
    room_h = (w * 0.47 - big * 0.6) / math.sin(math.radians(42)) - tick - big * 0.62
    radius = max(4.0, min(room_v, room_h))
    return DialGeometry(
        width=width,
        height=height,
        face=face,
        pivot=pivot,
        radius=radius,
        tick=tick,
        figure_px=figure,
        needle_px=max(1.0, h * 0.011),
        needle_length=radius + tick * 1.05,
        cover_radius=h * 0.25,
        lamp=QPointF(face.right() - w * 0.1, face.bottom() - h * 0.2),
        lamp_radius=max(1.6, h * 0.036),
        detail=h >= DETAIL_HEIGHT_PX,
    )


def figure_centre(geo: DialGeometry, mark: DialMark, figure_px: float) -> QPointF:
    """Return where the figure of ``mark`` is centred, just beyond its tick."""
    return geo.point(angle_of_fraction(mark.fraction), geo.radius + geo.tick + figure_px * 0.62)


def ppm_figure_px(geo: DialGeometry) -> float:
    """Return the size of the PPM's figures: larger than the VU's, as on the BBC's dial."""
    return geo.figure_px * PPM_FIGURE_SCALE
