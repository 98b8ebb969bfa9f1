"""Place the parts of the shop, in logical pixels, for one widget size."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF


def clamp(value: float, low: float, high: float) -> float:
    """Return ``value`` limited to ``low``-``high``."""
    return max(low, min(high, value))


@dataclass(frozen=True)
class Layout:
    """Where the parts of the shop sit, in logical pixels, for one widget size."""

    frame: QRectF  # the window's outer frame
    glass: QRectF  # the sky seen through it
    transom: QRectF  # the upper pane, where the sign is lettered
    sill: QRectF
    bench: QRectF
    frame_px: float

    @classmethod
    def of(cls, width: int, height: int, window_fraction: float) -> Layout:
        """Return the layout for a ``width`` x ``height`` window giving the sky its share."""
        bench_top = round(height * window_fraction)
        frame_px = clamp(min(width, height) * 0.016, 7, 36)
        sill_px = clamp(height * 0.02, 8, 40)
        margin_x, top = width * 0.035, height * 0.035
        frame = QRectF(margin_x, top, width - 2 * margin_x, bench_top - sill_px - top)
        glass = frame.adjusted(frame_px, frame_px, -frame_px, -frame_px)
        transom = QRectF(glass.left(), glass.top(), glass.width(), glass.height() * 0.34)
        sill = QRectF(
            margin_x - frame_px, bench_top - sill_px, frame.width() + 2 * frame_px, sill_px
        )
        bench = QRectF(0, bench_top, width, height - bench_top)
        return cls(frame, glass, transom, sill, bench, frame_px)
