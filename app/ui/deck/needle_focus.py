"""Where the needle would land: the track's band lit, and a caption with the track and time.

While the arm is carried or the cursor hovers over the record, :func:`draw_needle_focus`
shades the band under the stylus or cursor and :func:`draw_bubble` names what is there.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from app.ui.deck.deck_geometry import DeckGeometry
from app.ui.theme import Theme
from app.visual.deck import Band


def draw_needle_focus(
    painter: QPainter, geo: DeckGeometry, band: Band, radius_mm: float, theme: Theme
) -> None:
    """Shade the track's band under the stylus or cursor and light the one groove there."""
    centre, scale = geo.spindle, geo.scale
    path = QPainterPath()
    path.addEllipse(centre, band.outer_mm * scale, band.outer_mm * scale)
    path.addEllipse(centre, band.inner_mm * scale, band.inner_mm * scale)
    path.setFillRule(Qt.FillRule.OddEvenFill)
    wash = QColor(theme.accent)
    wash.setAlpha(34)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(wash)
    painter.drawPath(path)
    ring = QColor(theme.accent)
    ring.setAlpha(220)
    painter.setPen(QPen(ring, max(1.0, scale * 0.7)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius_mm * scale, radius_mm * scale)


def draw_bubble(
    painter: QPainter,
    anchor: QPointF,
    text: str,
    theme: Theme,
    bounds: QRectF,
    size_px: float,
    prefer_left: bool = False,
) -> None:
    """Draw a small caption by ``anchor``, kept inside ``bounds``: the track and time there.

    ``prefer_left`` puts it up and to the left (clear of a carried headshell).
    """
    font = theme.text_font(size_px, bold=True)
    metrics = QFontMetricsF(font)
    text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, bounds.width() * 0.6)
    pad = size_px * 0.6
    box = QRectF(0, 0, metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + pad)
    gap = size_px * 0.8
    box.moveBottomLeft(anchor + QPointF(gap, -gap))
    if prefer_left or box.right() > bounds.right():
        box.moveRight(anchor.x() - gap)
    box.moveTop(max(bounds.top(), min(box.top(), bounds.bottom() - box.height())))
    box.moveLeft(max(bounds.left(), box.left()))
    painter.setPen(QPen(theme.accent, max(1.0, size_px * 0.08)))
    panel = QColor(theme.panel)
    panel.setAlpha(236)
    painter.setBrush(panel)
    painter.drawRoundedRect(box, size_px * 0.45, size_px * 0.45)
    painter.setFont(font)
    painter.setPen(theme.ink)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
