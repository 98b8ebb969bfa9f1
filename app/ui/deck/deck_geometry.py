"""The deck's millimetres: where everything sits, and how that maps onto the widget.

:class:`DeckGeometry` maps the deck's millimetres (origin at the plinth's top-left corner,
y pointing to the front) onto the widget, so drawing and hit-testing share one transform.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from app.visual.deck import PIVOT_TO_SPINDLE_MM

PLINTH_W_MM, PLINTH_H_MM, MARGIN_MM = 460.0, 370.0, 10.0
SPINDLE_MM = (192.0, 182.0)
PIVOT_BEARING_DEG = -25.0  # the arm's pivot seen from the spindle: right and to the back
PLATTER_RADIUS_MM = 166.0
MAT_RADIUS_MM = 150.5
STROBE_RADII_MM = (163.6, 160.2, 156.8, 153.4)  # one ring per strobe row, outside in
ARM_BASE_RADIUS_MM = 31.0
ARM_REST_MM = (112.0, -9.4)  # where the rest holds the tube, in the arm's frame (on its bend)
STROBE_LAMP_DEG = 152.0  # the lamp's place round the platter, screen angle from the spindle
MAT_LOGO_RADIUS_MM = 118.0
LIGHT_AXIS_DEG = -128.0  # screen angle of the work lamp from the spindle

CONTROL_RECTS_MM: dict[str, tuple[float, float, float, float]] = {
    "flip": (12.0, 12.0, 50.0, 22.0),
    "start": (12.0, 332.0, 54.0, 26.0),
    "speed": (72.0, 346.0, 90.0, 18.0),
    "cue": (423.0, 104.0, 27.0, 54.0),
    "pitch": (418.0, 168.0, 34.0, 158.0),
    "range": (376.0, 338.0, 36.0, 20.0),
    "reset": (416.0, 338.0, 36.0, 20.0),
}


@dataclass(frozen=True, slots=True)
class DeckGeometry:
    """The deck's millimetres laid onto the widget: ``scale`` pixels per mm from ``origin``."""

    scale: float
    origin_x: float
    origin_y: float

    @classmethod
    def fit(cls, width: float, height: float) -> DeckGeometry:
        """Return the largest uniform fit of the plinth (with a margin) centred in a widget."""
        scale = max(
            0.05, min(width / (PLINTH_W_MM + 2 * MARGIN_MM), height / (PLINTH_H_MM + 2 * MARGIN_MM))
        )
        return cls(scale, (width - PLINTH_W_MM * scale) / 2, (height - PLINTH_H_MM * scale) / 2)

    def point(self, x_mm: float, y_mm: float) -> QPointF:
        """Return the widget point of a deck point."""
        return QPointF(self.origin_x + x_mm * self.scale, self.origin_y + y_mm * self.scale)

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> QRectF:
        """Return the widget rectangle of a deck rectangle."""
        top_left = self.point(x_mm, y_mm)
        return QRectF(top_left.x(), top_left.y(), w_mm * self.scale, h_mm * self.scale)

    def control_rect(self, name: str) -> QRectF:
        """Return where the control ``name`` (a key of CONTROL_RECTS_MM) sits."""
        return self.rect(*CONTROL_RECTS_MM[name])

    def to_mm(self, point: QPointF) -> tuple[float, float]:
        """Return the deck point under a widget point."""
        return (
            (point.x() - self.origin_x) / self.scale,
            (point.y() - self.origin_y) / self.scale,
        )

    @property
    def spindle(self) -> QPointF:
        """The spindle, in widget pixels."""
        return self.point(*SPINDLE_MM)

    @staticmethod
    def pivot_mm() -> tuple[float, float]:
        """Return the arm's pivot on the deck, in mm."""
        bearing = math.radians(PIVOT_BEARING_DEG)
        return (
            SPINDLE_MM[0] + PIVOT_TO_SPINDLE_MM * math.cos(bearing),
            SPINDLE_MM[1] + PIVOT_TO_SPINDLE_MM * math.sin(bearing),
        )

    @property
    def pivot(self) -> QPointF:
        """The arm's pivot, in widget pixels."""
        return self.point(*self.pivot_mm())

    @staticmethod
    def arm_angle_deg(swing_deg: float) -> float:
        """Return the screen angle (degrees, y down) of the line from the pivot to the stylus."""
        return PIVOT_BEARING_DEG + 180.0 - swing_deg

    def stylus_mm(self, swing_deg: float, length_mm: float) -> tuple[float, float]:
        """Return where the stylus of an arm ``length_mm`` long sits at ``swing_deg``."""
        return self.arm_point_mm(swing_deg, length_mm, 0.0)

    def arm_point_mm(
        self, swing_deg: float, along_mm: float, across_mm: float
    ) -> tuple[float, float]:
        """Return a point of the arm frame (x along the pivot-stylus line) on the deck."""
        angle = math.radians(self.arm_angle_deg(swing_deg))
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = self.pivot_mm()
        return x + along_mm * cos - across_mm * sin, y + along_mm * sin + across_mm * cos

    def swing_towards(self, point: QPointF) -> float:
        """Return the swing that points the arm from the pivot at a widget point."""
        x, y = self.to_mm(point)
        px, py = self.pivot_mm()
        angle = math.degrees(math.atan2(y - py, x - px))
        return (PIVOT_BEARING_DEG + 180.0 - angle + 180.0) % 360.0 - 180.0

    def radius_mm_at(self, point: QPointF) -> float:
        """Return how far a widget point lies from the spindle, in mm."""
        x, y = self.to_mm(point)
        return math.hypot(x - SPINDLE_MM[0], y - SPINDLE_MM[1])
