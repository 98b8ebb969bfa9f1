"""Where the ambient mode's parts go, and how far round the progress ring has come.

Everything follows the window's shorter side, so a 960 x 540 window shows the same picture as
a 1920 x 1080 screen at half the size. The label sits a little above the middle so the label,
the ring and the words beneath them together sit centred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

LABEL_SHARE = 0.31  # the label's diameter as a share of the shorter side
CENTRE_HEIGHT_SHARE = 0.435  # the label's centre, as a share of the height from the top
FULL_CIRCLE_16THS = 360 * 16  # QPainter.drawArc counts sixteenths of a degree
TOP_16THS = 90 * 16  # drawArc's zero is at three o'clock, counting anticlockwise


@dataclass(frozen=True)
class AmbientLayout:
    """The ambient view's geometry at one window size, in logical pixels."""

    width: float
    height: float
    centre: QPointF  # the label's (and the ring's) centre
    label_radius: float
    ring_radius: float
    ring_width: float
    halo_radius: float  # the soft light around the label fades out by here
    text_rect: QRectF  # title, artist and the paused note, centred in this box
    title_px: float
    artist_px: float
    note_px: float  # the small "paused" note
    hint_rect: QRectF  # the "F or Esc to leave" hint, centred in this box
    hint_px: float

    @property
    def label_rect(self) -> QRectF:
        """Return the label's square, around :attr:`centre`."""
        r = self.label_radius
        return QRectF(self.centre.x() - r, self.centre.y() - r, 2 * r, 2 * r)

    @property
    def ring_rect(self) -> QRectF:
        """Return the square the progress ring is drawn in (the stroke's middle line)."""
        r = self.ring_radius
        return QRectF(self.centre.x() - r, self.centre.y() - r, 2 * r, 2 * r)

    @property
    def art_rect(self) -> QRectF:
        """Return the square covering everything round the centre: label, ring and halo."""
        r = self.halo_radius
        return QRectF(self.centre.x() - r, self.centre.y() - r, 2 * r, 2 * r)


def ambient_layout(width: float, height: float) -> AmbientLayout:
    """Return the geometry for a ``width`` x ``height`` window (logical pixels).

    The label's centre and radius and the boxes of the words fall on whole pixels, so the
    still pictures are copied pixel for pixel, never resampled.
    """
    width, height = max(1.0, width), max(1.0, height)
    short = min(width, height)
    label_radius = float(round(LABEL_SHARE * short / 2))
    centre = QPointF(round(width / 2), round(height * CENTRE_HEIGHT_SHARE))
    ring_width = max(1.5, short * 0.0022)
    ring_radius = label_radius + max(5.0, short * 0.0135)
    text_width = round(min(width * 0.86, short * 1.5))
    text_top = round(centre.y() + ring_radius + short * 0.052)
    hint_height = round(max(24.0, short * 0.05))
    return AmbientLayout(
        width=width,
        height=height,
        centre=centre,
        label_radius=label_radius,
        ring_radius=ring_radius,
        ring_width=ring_width,
        halo_radius=float(round(ring_radius * 1.65)),
        text_rect=QRectF(round((width - text_width) / 2), text_top, text_width, round(short * 0.2)),
        title_px=max(13.0, short * 0.037),
        artist_px=max(10.0, short * 0.024),
        note_px=max(11.0, short * 0.021),
        hint_rect=QRectF(0, round(height - short * 0.045 - hint_height), width, hint_height),
        hint_px=max(11.0, short * 0.0165),
    )


def progress_fraction(position_s: float, duration_s: float | None) -> float | None:
    """Return how far through the track ``position_s`` is, 0..1; None without a length."""
    if duration_s is None or not math.isfinite(duration_s) or duration_s <= 0:
        return None
    if not math.isfinite(position_s):
        return 0.0
    return min(1.0, max(0.0, position_s / duration_s))


def ring_arc_16ths(position_s: float, duration_s: float | None) -> tuple[int, int] | None:
    """Return the progress arc as ``(start, span)`` for ``QPainter.drawArc``, or None.

    The arc starts at twelve o'clock and runs clockwise (a negative span in Qt's terms), as
    the record turns; a whole track is one full circle.
    """
    fraction = progress_fraction(position_s, duration_s)
    if fraction is None:
        return None
    return TOP_16THS, -round(fraction * FULL_CIRCLE_16THS)


def ring_head(layout: AmbientLayout, fraction: float) -> QPointF:
    """Return where the progress arc ends after ``fraction`` of a clockwise turn from the top."""
    angle = 2 * math.pi * fraction
    return QPointF(
        layout.centre.x() + layout.ring_radius * math.sin(angle),
        layout.centre.y() - layout.ring_radius * math.cos(angle),
    )
