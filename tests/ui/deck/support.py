"""Sides and deck set-up shared by the deck's tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QImage

from app.core.record import RecordSize
from app.core.track import Track
from app.ui.deck import DeckView
from app.visual.deck_side import DeckSide
from app.visual.groove_map import GrooveMap, groove_map

DURATIONS_S = (200.0, 300.0, 250.0, 180.0)


def make_side(
    label: str = "A", size: RecordSize = RecordSize.LP_12_INCH, durations=DURATIONS_S
) -> DeckSide:
    tracks = tuple(
        Track(Path(f"/music/album/{label}{index}.flac"), title=f"Song {label}{index + 1}",
              duration_s=duration)
        for index, duration in enumerate(durations)
    )  # fmt: skip
    return DeckSide("key", "Starlight", "Nan-young", label, "AB".index(label), 2, size, tracks)


def loud_and_quiet_map(side: DeckSide) -> GrooveMap:
    """Every track loud in its first half and near silent in its second."""
    profiles = []
    for duration in side.durations_s:
        windows = int(duration / 0.25)
        profile = np.full(windows, -55.0, dtype=np.float32)
        profile[: windows // 2] = -3.0
        profiles.append(profile)
    return groove_map(side.layout, profiles)


def solid_image(colour: str, size: int = 64) -> QImage:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return image


def stylus_point(deck: DeckView, swing_deg: float) -> QPoint:
    """Return the widget pixel under the stylus at ``swing_deg``."""
    from app.visual.deck import ARM_LENGTH_MM

    geo = deck.geometry_mm
    return geo.point(*geo.stylus_mm(swing_deg, ARM_LENGTH_MM)).toPoint()


def point_at_radius(deck: DeckView, radius_mm: float, angle_deg: float = 200.0) -> QPoint:
    """Return a widget pixel ``radius_mm`` from the spindle, in a free quarter of the record."""
    import math

    from app.ui.deck.deck_geometry import SPINDLE_MM

    angle = math.radians(angle_deg)
    x = SPINDLE_MM[0] + radius_mm * math.cos(angle)
    y = SPINDLE_MM[1] + radius_mm * math.sin(angle)
    return deck.geometry_mm.point(x, y).toPoint()


def to_f(point: QPoint) -> QPointF:
    return QPointF(point)
