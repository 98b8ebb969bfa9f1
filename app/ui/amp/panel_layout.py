"""Where things sit on the amplifier's faceplate, for any size it is given (pure geometry)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect

METER_ASPECT = 1.5  # a meter window's width over its height, as on a real amplifier
METER_SHARE_MAX = 0.29  # of the faceplate's width, so the analyser always keeps the middle


@dataclass(frozen=True)
class PanelLayout:
    """The faceplate's parts in widget pixels.

    ``meter_left``, ``spectrum`` and ``meter_right`` are the views' own rectangles (the glass
    inside each window); ``bezel_px`` is the width of the chamfered frame round them.
    """

    width: int
    height: int
    cheek_px: int
    bezel_px: int
    plate: QRect
    meter_left: QRect
    spectrum: QRect
    meter_right: QRect
    strip: QRect

    def windows(self) -> tuple[QRect, QRect, QRect]:
        """Return the three windows, left to right."""
        return self.meter_left, self.spectrum, self.meter_right


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def panel_layout(width: int, height: int) -> PanelLayout:
    """Return the faceplate's layout for a panel ``width`` x ``height`` pixels.

    Walnut cheeks at both ends, the two meter windows at the ends of the faceplate, the
    analyser between them, and a strip under the windows for the engraving.
    """
    width, height = max(1, width), max(1, height)
    cheek = _clamp(height * 0.12, 8, 26)
    bezel = _clamp(height * 0.03, 2, 6)
    top = _clamp(height * 0.075, 4, 16)
    strip = _clamp(height * 0.15, 11, 30)
    gap = _clamp(height * 0.075, 5, 16)
    plate = QRect(cheek, 0, max(1, width - 2 * cheek), height)
    outer_h = max(2 * bezel + 1, height - top - strip)
    meter_w = min(round(outer_h * METER_ASPECT), round((plate.width() - 4 * gap) * METER_SHARE_MAX))
    meter_w = max(2 * bezel + 1, meter_w)
    spectrum_w = max(2 * bezel + 1, plate.width() - 4 * gap - 2 * meter_w)
    inner_h = outer_h - 2 * bezel
    left = plate.left() + gap
    centre = left + meter_w + gap
    right = centre + spectrum_w + gap
    return PanelLayout(
        width=width,
        height=height,
        cheek_px=cheek,
        bezel_px=bezel,
        plate=plate,
        meter_left=QRect(left + bezel, top + bezel, meter_w - 2 * bezel, inner_h),
        spectrum=QRect(centre + bezel, top + bezel, spectrum_w - 2 * bezel, inner_h),
        meter_right=QRect(right + bezel, top + bezel, meter_w - 2 * bezel, inner_h),
        strip=QRect(plate.left(), top + outer_h, plate.width(), height - top - outer_h),
    )
